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
//     inflation_reward, earn_payout, incentives_rewards_payout and interest
//     → INTEREST; subscription → FEE; intx_deposit and intx_withdrawal (to
//     and from the user's international account) by the sign of the amount;
//     every other type (staking_transfer, derivatives_settlement, clawback,
//     retail_simple_dust, tx, ...) → OTHER with the raw type kept. Crypto
//     movements carry units and no cash amount.
//
// The spot-price calls price the positions apart from the wallets (issue
// 11.17): when one fails, Positions returns every coin's units marked
// PriceUnknown with an error matching ErrPartial, and Balances — whose
// native total needs the prices — fails with ErrPartial, so the app keeps
// the last balances; a pair Coinbase does not price (404) is PriceUnknown
// without an error (it used to be valued at 0). Issue 11.19: Coinbase does
// put a transaction's linked resource under a key named after its type
// ("buy": {"id", "resource", "resource_path"}, as the transactions page
// documents) and an Advanced Trade fill's details under
// "advanced_trade_fill"; the decoder reads that one (fill_price,
// product_id, commission, order_side) and takes descriptions from details
// (title, subtitle), as the docs recommend, so nothing is lost to the
// assumption (TestDocumentedSend, TestFixtureTransactions).
//
// The v2 wire types (the currency as an object or a bare code), their
// decoders with pagination.next_uri, and the mapping of every type but
// trades (Types: movements, rewards, fees; buy and sell priced from
// native_amount) are integrations/coinbase/appapi, shared with the
// coinbase-advanced integration, which reads the same endpoints with a CDP
// key; the fill and convert handling above is this package's own (the
// other product reads fills from Advanced Trade and keeps converts OTHER).
// A malformed answer is integrations.Malformed("Coinbase") in both (this
// package's message was "malformed answer from Coinbase").
//
// Every amount is read from the API's decimal strings (JSON numbers too)
// without float64. Requests carry CB-VERSION: 2022-01-06. History is a few
// cursor pages per wallet against 10,000 requests an hour: no
// HistoryWalker is needed.
//
// # Rate limits (issue 18.2)
//
// "Each API key or OAuth-authenticated Coinbase user is rate limited to
// 10,000 requests per hour" (docs.cdp.coinbase.com coinbase-app
// api-architecture rate-limiting): the default per-grant scope
// (integrations.RateScopeGrant). No per-second pace is documented, so the
// shared default pace applies (5 a second: a sync's few dozen requests stay
// far inside the hour's budget). The fake counts each user's requests in an
// hourly window (fakekit.Rate) and answers 429 rate_limit_exceeded past it.
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
// Checked (issue 12) against the official client library
// coinbase/coinbase-python (commit 497c281, 2019-01-06, the last; archived):
// coinbase/wallet/client.py (CB-VERSION header, _get following
// pagination.next_uri to the end, get_spot_price /v2/prices/:pair/spot,
// OAuthClient.refresh replacing both tokens), coinbase/wallet/error.py
// (the errors[0].id envelope and the OAuth {"error","error_description"}
// one, ids expired_token, revoked_token, invalid_token, invalid_scope,
// not_found, rate_limit_exceeded by status). Agrees: paths, the envelope
// ({"pagination", "data"}; "data" missing means an error), error ids, the
// rotated pair. Differs, on purpose: the library follows next_uri's
// starting_after only; Latchkey follows the whole next_uri, checked to be a
// path under the list so the token never leaves for another host. It sends
// CB-VERSION 2016-02-18 by default; Latchkey pins 2022-01-06, the version
// whose currency object and advanced_trade_fill it reads. The OAuth rules
// (issue 12, point 5) were checked against the current docs: access tokens
// last an hour, a refresh token 1.5 years and "can only be exchanged once
// for a new set of access and refresh tokens", and an expired access or
// refresh token is a 401 — the client refreshes on 401 expired_token (or
// just before the expiry it recorded), saves the new pair before using it,
// and reads any refused refresh as ErrReauthRequired (conformance
// Refresh/SavedBeforeUse, Revoked; TestRefreshTokenRotation). Fixed here:
// an unpriced pair (see above), the documented types incentives_rewards_
// payout, subscription, intx_deposit and intx_withdrawal (were OTHER;
// TestDocumentedTypes). Also verified against: the Coinbase App OAuth2 reference and token pages
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
