// Package coinbaseadv connects Coinbase Advanced Trade ("coinbase-advanced")
// with a View-only CDP API key (key name + ECDSA private key).
//
// Each request carries Authorization: Bearer <JWT>: ES256, header kid = the
// key name and a random nonce, claims sub = the key name, iss "cdp", nbf =
// now, exp = now + 60 s and uri = "<METHOD> <host><path>", binding the token
// to that one request (signed with github.com/golang-jwt/jwt/v5). 401 is a
// refused key (invalid credentials at login, reauthorisation afterwards), 403
// / PERMISSION_DENIED a missing permission, 429 a rate limit, 5xx unavailable.
//
// Data: key_permissions (can_view checked; portfolio_uuid names the login for
// the fingerprint), accounts (one wallet per currency, available + hold,
// paged by cursor), products?product_ids= for USD prices, and
// orders/historical/fills (cursor paging, start_sequence_timestamp) as BUY and
// SELL; REVERSAL/CORRECTION fills are OTHER.
//
// # Sources
//
//   - coinbase/coinbase-advanced-py: coinbase/jwt_generator.py and
//     constants.py (JWT header and claims), rest/ types (accounts, fills,
//     key_permissions, products fields); brokerages.md §8a
//   - https://docs.cdp.coinbase.com/coinbase-app/authentication-authorization/api-key-authentication
//
// Not verified: the iss claim ("cdp" in the current SDK, "coinbase-cloud" in
// older ones); Ed25519 CDP keys (refused with a clear message); deposits,
// withdrawals and simple buys are not in Advanced Trade's API (the v2
// transactions API is not read), so activities are fills only.
package coinbaseadv
