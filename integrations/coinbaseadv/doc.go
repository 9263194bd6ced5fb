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
// SYNTHETIC fills are OTHER; and, with the same key, the Coinbase App v2
// API's deposits, withdrawals, transfers and rewards (see Cash flows). The
// products call prices the positions apart
// from the wallets (issue 11.17): when it fails, Positions returns every
// coin's units marked PriceUnknown with an error matching ErrPartial
// (integrations.PricesUnknown), and Balances — whose USD total needs the
// prices — fails with ErrPartial, so the app keeps the last balances. A coin
// Coinbase does not price (no BASE-USD product, or an empty price) is
// PriceUnknown without an error. No decoder expects details under a key
// named after a type (issue 11.19): fills carry their fields flat.
//
// # Cash flows (the Coinbase App v2 API)
//
// Advanced Trade's API lists fills only (coinbase-advanced-py@54fb8ed
// coinbase/rest/*: no deposit, withdrawal or transfer history). The
// Coinbase App API's List Accounts (GET /v2/accounts) and List
// Transactions (GET /v2/accounts/:account_id/transactions) take the same
// CDP key: both pages give "CDP API Key Scope: view"
// (https://docs.cdp.coinbase.com/coinbase-app/track-apis/accounts,
// .../track-apis/transactions), and the Coinbase App API key authentication
// page (.../coinbase-app/authentication-authorization/api-key-authentication)
// signs them with the same JWT, its uri the v2 path with its ids
// ("/v2/accounts/f603f97c-…/addresses"), no query — what Token builds and
// what the SDK's format_jwt_uri (f"{method} {BASE_URL}{path}") and generic
// RESTClient.get(path) give for any path, though the SDK wraps no v2
// endpoint itself. Each v2 call sends CB-VERSION 2022-01-06.
//
// Activities reads every v2 wallet (next_uri paging, limit 100), then each
// wallet's transactions newest first, following pagination.next_uri (only
// its query is used, and only when its path is the list's own: the signed
// token never goes elsewhere) and stopping at the first page that reaches
// before since; a wallet listed without created_at and with nothing in it
// is not read. Only completed transactions count. The v2 wire types, their
// decoders and the mapping of the types both products read alike are the
// kit part integrations/coinbase/appapi, which the coinbase (OAuth) package
// reads through too; what Advanced Trade's fills make different (the fill
// rows, converts) is this package's flowActivity. Mapping (the types of the
// transactions page):
//
//   - fiat_deposit → CONTRIBUTION, fiat_withdrawal → WITHDRAWAL (the cash
//     amount, signed, in the wallet's currency);
//   - receive → TRANSFER_IN, send → TRANSFER_OUT (TRANSFER_IN when its
//     amount is positive), intx_deposit and intx_withdrawal (to and from
//     the user's international account) by the amount's sign, with the
//     coin and its units and no cash amount;
//   - staking_reward, inflation_reward, interest, earn_payout,
//     incentives_rewards_payout → INTEREST (units of the coin, or cash in a
//     fiat wallet); subscription → FEE;
//   - advanced_trade_fill: skipped, the fills are read from Advanced Trade
//     itself and would count twice;
//   - buy and sell (simple trades in the Coinbase app): BUY or SELL of the
//     coin by the amount's sign, the cash side from native_amount; their
//     fiat-wallet leg is skipped. Advanced Trade's fills do not hold them:
//     the v2 type table tells "advanced_trade_fill: Fills for an advanced
//     trade order" from "buy: Buy a digital asset", and ccxt's Coinbase
//     maintainer says the Advanced endpoints return Advanced trades only,
//     simple ones being in v2 (github.com/ccxt/ccxt/issues/18394, 2023 —
//     secondary, not Coinbase's word);
//   - trade (a convert): OTHER with its units. Whether Advanced Trade's
//     fills also list converts is documented nowhere found, so it is not
//     made a trade: OTHER never counts one twice;
//   - anything else (transfer, staking_transfer, clawback, tx, ...) OTHER
//     with the raw type.
//
// Ids are the transaction ids (fills keep "fill:" + entry_id), dates the
// created_at in UTC, amounts integrations.Number decimals.
//
// Where this package and the coinbase package read the v2 API differently
// for no reason of their products, they were made to agree when appapi
// took their code (HistoryRevision 2): intx_deposit and intx_withdrawal
// were OTHER here (coinbase mapped the documented types); a currency code
// in lower case or with spaces (a wallet's, native_amount's) is read as
// its code here too, where it used to refuse the page or drop the price; a
// wallet without a balance amount is malformed here too (the Account
// resource always has one).
//
// The fills are the read; the v2 calls complete it (the Partial rule). When
// they fail the fills are returned with an error matching ErrPartial
// (integrations.KeepPartial): app/sync.go keeps those rows, marks the
// transactions partly synced with the reason, and reads everything again
// next time. A v2 401 or 403 is no dead grant (errAppRefused: the key
// works for Advanced Trade); its reason tells the user in plain words that
// Coinbase's App API refused the key and that Coinbase says Ed25519 keys may
// fail there, so a View key made with the ECDSA algorithm reads deposits,
// withdrawals, transfers and rewards. The docs' warning ("When using
// Coinbase App SDKs, Ed25519 (EdDSA) keys are NOT supported … If you select
// Ed25519, your authentication attempts may fail") speaks of the SDKs;
// whether raw calls with an Ed25519 JWT fail is not verified, so the client
// tries them and the fake refuses them (SetAppEdDSA lifts that). A dead
// grant or an ended context still fails the read.
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
// The v2 side was checked against the docs pages above; its fixtures are
// the v2 reference's List Transactions example (testdata/v2_transactions.json,
// as the classic reference published it and client libraries copy it:
// a pending buy and request, a completed transfer and send) and the
// accounts page's Account resource example (testdata/v2_account.json, as
// published — it is not JSON, a comma is missing after "currency": the test
// repairs it). The fake serves them (the BTC wallet is the docs' account
// 2bbf394c-…) beside deposits, a withdrawal, sends, receives, rewards, a
// subscription, simple trades with their cash legs and v2 rows of ten
// fills, paged as the pagination page documents.
//
// Not verified: the format of X-RateLimit-Reset (the SDK passes it through
// unread; a 429 waits for Retry-After or 5 s); the exact error body of a
// refused JWT (read by status only); whether the v2 API refuses Ed25519
// JWTs outside the SDKs; whether converts (trade) also appear among
// Advanced Trade's fills; that v2 wallet ids equal Advanced Trade account
// uuids (nothing relies on it); the exact bytes of the current docs'
// examples (the stored copies read were rendered pages, not the raw page:
// the fixtures keep their content and field order). A user who also
// connects the coinbase (OAuth) institution for the same Coinbase login
// gets the same flows from both.
package coinbaseadv
