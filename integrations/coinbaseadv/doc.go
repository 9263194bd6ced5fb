// Package coinbaseadv connects Coinbase Advanced Trade ("coinbase-advanced")
// with a View-only CDP API key (the key's name and its ECDSA or Ed25519
// private key).
//
// # Requests
//
// Each request carries Authorization: Bearer <JWT>, built as the official
// SDK builds it: ES256 for an ECDSA P-256 key, EdDSA for an Ed25519 key;
// header kid = the key name and nonce = 32 random bytes in hex; claims sub =
// the key name, iss "cdp", nbf = now, exp = now + 120 s and uri =
// "<METHOD> <host><path>" (no query), binding the token to that one request
// (signed with github.com/golang-jwt/jwt/v5). A private key is read as the
// SDK reads it: PEM "EC PRIVATE KEY" (SEC 1), PEM "PRIVATE KEY" (PKCS #8,
// ECDSA or Ed25519), or the base64 text of an Ed25519 key as the CDP portal
// shows it (a 32-byte seed, or seed and public key, 64 bytes); literal "\n"
// in a pasted JSON key file are newlines.
//
// Refusals (statusMapper): 401 is a refused key, 403 (PERMISSION_DENIED,
// "Missing required scopes") a key without the View permission — invalid
// credentials at login, reauthorisation afterwards; 429 a rate limit
// (Retry-After, else 5 s); 5xx and other refusals unavailable.
//
// # Data
//
// key_permissions (can_view checked; portfolio_uuid names the login for the
// fingerprint), accounts (one wallet per currency, available + hold, paged
// by cursor while has_next), products?product_ids=… (repeated) for USD
// prices, and orders/historical/fills (cursor paging until the cursor is
// empty, start_sequence_timestamp) as BUY and SELL; REVERSAL, CORRECTION and
// SYNTHETIC fills are OTHER. The products call prices the positions apart
// from the wallets (issue 11.17): when it fails, Positions returns every
// coin's units marked PriceUnknown with an error matching ErrPartial
// (integrations.PricesUnknown), and Balances — whose USD total needs the
// prices — fails with ErrPartial, so the app keeps the last balances. A coin
// Coinbase does not price (no BASE-USD product, or an empty price) is
// PriceUnknown without an error. No decoder expects details under a key
// named after a type (issue 11.19): fills carry their fields flat.
//
// # Rate limits (issue 18.2)
//
// Private endpoints: 30 requests a second per user; public ones 10 a second
// per IP (docs.cdp.coinbase.com advanced-trade REST rate limits, as
// recorded by rate-limits.apis.io — secondary). Every call here is private,
// so the institution keeps the default per-grant scope
// (integrations.RateScopeGrant) and paces at 30 a second (RatePerSecond);
// the fake counts every key of its demo user
// in one per-second window (fakekit.Rate, Scope perUser) with
// X-RateLimit-Limit, -Remaining and -Reset, the headers the SDK reads
// (constants.py RATE_LIMIT_HEADERS). History is a few cursor pages at 30 a
// second: no HistoryWalker is needed.
//
// # Checked against the official SDK (issue 12)
//
// coinbase/coinbase-advanced-py v1.8.4 (commit 54fb8ed, 2026-06-19):
// jwt_generator.py (build_jwt, _load_private_key, format_jwt_uri),
// constants.py (BASE_URL api.coinbase.com, API_PREFIX /api/v3/brokerage,
// rate-limit headers), rest/rest_base.py (headers, 403 "Missing required
// scopes"), rest/accounts.py, orders.py get_fills, products.py get_products,
// data_api.py get_api_key_permissions, rest/types (Account, Amount, Fill,
// Product, GetAPIKeyPermissionsResponse), tests/constants.py and
// tests/test_jwt_generator.py (test keys and JWT assertions). Agrees: base
// path and version, Bearer JWT per request with kid/nonce/sub/iss/nbf/uri,
// uri without the query, the four paths and their parameters (limit, cursor;
// product_ids repeated; start_sequence_timestamp), envelopes (accounts +
// has_next + cursor + size; fills + cursor; products + num_products) and
// field names, decimals as strings. Differed, fixed here with tests whose
// fixtures are the SDK's:
//
//   - exp was nbf + 60 s; the SDK writes nbf + 120 (TestToken).
//   - the JWT nonce was 16 random bytes; the SDK's secrets.token_hex() is 32
//     (TestToken).
//   - Ed25519 keys were refused; SDK 1.8.3 added them (EdDSA) and Coinbase
//     now recommends them: raw base64 (seed or seed+public key) and PKCS #8
//     PEM are read (TestToken with the SDK's three Ed25519 test secrets,
//     TestParseKeyRefusals with the SDK's refused lengths; the fake's
//     EdKeyName login in the conformance run).
//   - size_in_quote is typed str in the SDK's Fill but boolean in the API
//     reference: both decode (TestFillKinds); a string used to fail the page.
//   - an unpriced coin was valued at 0; it is PriceUnknown now
//     (TestAccountsAndProducts), and a failing products call no longer
//     costs the holdings (the conformance rule Partial/PriceUnknown,
//     TestBalancesWithoutPrices).
//
// Not verified: the format of X-RateLimit-Reset (the SDK passes it through
// unread; a 429 waits for Retry-After or 5 s); the exact error body of a
// refused JWT (read by status only); deposits, withdrawals and simple buys,
// which are not in Advanced Trade's API (the v2 transactions API is the
// coinbase package's), so activities are fills only.
package coinbaseadv
