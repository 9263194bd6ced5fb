// Package coinbase is the Coinbase App integration ("coinbase"): a user's
// Coinbase (retail) wallets read through the Coinbase App v2 API after an
// OAuth 2.0 login in the browser. The Advanced Trade API-key integration
// ("coinbase-advanced") is another package.
//
// # Login
//
// Authorization code with PKCE S256 at https://login.coinbase.com/oauth2/auth,
// the user's own OAuth client (client id and secret from Settings; Latchkey
// ships none), the exact registered redirect URI
// http://127.0.0.1:8710/callback (the port can be changed in Settings), the
// read scopes wallet:user:read, wallet:accounts:read, wallet:transactions:read
// as one comma-separated scope parameter, plus offline_access for a refresh
// token. The code is exchanged at /oauth2/token with the client secret in the
// form body. GET /v2/user then gives the user id of the grant's fingerprint.
//
// # Tokens
//
// Access tokens last one hour. Refresh tokens last 1.5 years and are
// single-use: every refresh returns a new pair and the old refresh token
// stops working. The client refreshes when Coinbase answers 401 expired_token
// (or just before the recorded expiry), hands the new pair to SaveFunc, and
// only then uses it (oauthflow.TokenSource); a refused refresh
// (invalid_grant) is ErrReauthRequired. Grant.Expiry is the refresh token's
// end and moves on with every rotation.
//
// # Data
//
// Coinbase calls each per-currency wallet an "account"; Latchkey shows one
// account per login (id: the Coinbase user id) holding them all, valued in
// the user's native currency:
//
//   - Balances: one per fiat wallet (cash); the native currency's total adds
//     the crypto at spot.
//   - Positions: each crypto wallet with a balance, priced with
//     GET /v2/prices/BASE-NATIVE/spot (a pair Coinbase does not price is
//     listed at zero).
//   - Activities: GET /v2/accounts/:id/transactions of every wallet the user
//     has used, newest first, following pagination.next_uri (checked to be a
//     path under the list, so the token never leaves for another host) and
//     stopping at the first page older than since. Only completed
//     transactions count. buy, sell, trade (converts) and
//     advanced_trade_fill map to BUY or SELL by the sign of the amount (a
//     fill is priced at fill_price in its quote currency, with its
//     commission as the fee; its quote-currency leg, and the fiat leg of a
//     buy or sell, are not separate activities); fiat_deposit →
//     CONTRIBUTION, fiat_withdrawal → WITHDRAWAL, receive → TRANSFER_IN,
//     send → TRANSFER_OUT (TRANSFER_IN when positive), staking_reward,
//     inflation_reward, earn_payout and interest → INTEREST; every other type
//     (staking_transfer, derivatives_settlement, clawback, ...) → OTHER with
//     the raw type kept. Crypto movements carry units and no cash amount.
//
// Every amount is read from the API's decimal strings (JSON numbers too)
// without float64. Requests carry CB-VERSION: 2022-01-06.
//
// # Errors
//
// 401 expired_token → refresh; other 401s (invalid_token, revoked_token) and
// 403 invalid_scope → ErrReauthRequired; 429 (rate_limit_exceeded; 10,000
// requests an hour per user) → *integrations.RateLimitError, one minute when
// there is no Retry-After; 5xx, maintenance, malformed and truncated answers
// → ErrUnavailable; a refused client id or secret at the token endpoint →
// ErrInvalidCredentials; Deny in the browser → ErrApprovalDenied.
//
// # Sources
//
// Verified against: the Coinbase App OAuth2 reference and token pages
// (https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/reference,
// .../access-and-refresh-tokens: 1 h access tokens, single-use refresh tokens
// valid 1.5 years, 401 on expiry, state ≥ 8 characters, PKCE with S256 or
// plain, default plain), .../oauth2-integration/available-apis (endpoints and
// scopes), .../api-architecture/pagination (next_uri, limit ≤ 100, newest
// first), .../api-architecture/versioning (CB-VERSION),
// .../api-architecture/rate-limiting and .../error-messages (error envelope
// and ids), .../track-apis/accounts, .../track-apis/transactions (transaction
// types), .../track-apis/prices (spot price); client libraries
// coinbase/coinbase-python (coinbase/wallet/error.py: error ids and status
// codes) and ccxt/ccxt (ts/src/coinbase.ts: a recorded /v2/accounts answer
// with the currency object and pagination fields, CB-VERSION, exception
// ids); recorded v2 answers in public issue and test material (mnin/
// coinbase-moneymoney's log of /v2/accounts, advanced_trade_fill legs with
// fill_price, product_id, commission and order_side).
//
// Not verified: whether Coinbase accepts http://127.0.0.1 redirect URIs for
// every client (the docs only require an exact registered URI); whether a
// simple buy paid from the USD wallet also lists a leg in that wallet (the
// client ignores such a leg either way); the exact error body when a used
// refresh token is replayed (any refusal of a refresh is ErrReauthRequired);
// whether wallets Coinbase lists with no created_at can have history (they
// are skipped when empty); Retry-After on 429.
package coinbase
