// Package saxo connects Saxo Bank accounts through Saxo's OpenAPI, read-only:
// "saxo" (live) and "saxo-sim" (the simulation environment, a paper
// institution).
//
// # Login
//
// OAuth 2.0 authorization code with PKCE (S256) for a native app: the user's
// own app registration (its AppKey is the client id; there is no secret) with
// the redirect URL http://127.0.0.1:3000/callback, or the port entered in
// Settings. Access tokens last 20 minutes and refresh tokens 1 hour; every
// refresh returns a new refresh token and the old one is spent, so every
// rotation goes through an integrations.TokenSource: saved through SaveFunc
// before the new tokens are used, kept and saved again when the save
// failed. Grant.Expiry is the current refresh token's end (a connection not
// synced within the hour must be repaired). Saxo's PKCE sample sends the
// login's code_verifier and redirect_uri with every refresh: the grant
// keeps both (oauthflow.Flow.Verifier) and the client does the same.
//
// # Data
//
// The client key comes from GET /port/v1/clients/me, the accounts from
// GET /port/v1/accounts/me (account ids shown masked; the opaque AccountKey
// is the Latchkey account id), balances from GET /port/v1/balances, positions
// from GET /port/v1/positions (FieldGroups PositionBase, PositionView,
// DisplayAndFormat; priced by the same call, so no separate price call can
// fail) and activities from the client-services bookings report
// GET /cs/v1/reports/bookings/{ClientKey}; lists are read page by page by
// following __next, only on the API's own host. Bookings are flat cash
// rows (no details under a key named after the type: issue 11.19 does not
// apply): a trade appears as its "Share Amount" plus separate commission
// and fee rows, without units or price. Every amount is a JSON number read
// as decimal text. Bookings page with $top=1000 under a budget of 120
// requests a minute: ten years fit in a few calls, so the client reads
// them whole (no HistoryWalker).
//
// # Rate limits
//
// 120 requests a minute per session (one login's tokens) and service group,
// and 10,000,000 a day per app; headers X-RateLimit-Session-*,
// X-RateLimit-AppDay-* and X-RateLimit-<Group>Minute-* with -Limit,
// -Remaining and -Reset (seconds); 429 without Retry-After
// (developer.saxo/openapi/learn/rate-limiting). The scope is per grant
// (RateScope default); the fake keeps a window per session for each of the
// portfolio and client-services groups (TestRateLimitPerServiceGroup) and
// the client waits out the reset of the limit with nothing remaining
// (TestRetryAfterHeaders).
//
// # Sources
//
// Saxo's official samples, SaxoBank/openapi-samples-js @9c49118
// (2026-01-15), checked point by point:
//
//   - authentication/oauth2-pkce-flow/example_nodejs/server.js: the code
//     exchange (grant_type, code, redirect_uri, client_id, code_verifier) and
//     the refresh (grant_type, refresh_token, redirect_uri, code_verifier),
//     form-encoded, no client secret: match, except that Latchkey also
//     sends client_id on a refresh (RFC 6749 §3.2.1 asks it of public
//     clients; Saxo ignores it), and authentication/README.md for the 20
//     minute and 1 hour lifetimes.
//   - basics/user-info/demo.js: /port/v1/clients/me (ClientKey,
//     DefaultAccountKey), /port/v1/accounts/me (Data[] with AccountId,
//     AccountKey, AccountType, Currency, DisplayName),
//     /port/v1/balances?ClientKey=&AccountKey= (TotalValue, Currency,
//     CurrencyDecimals): match.
//   - basics/query-options/demo.js: paging by __next until it is absent:
//     match.
//   - assets/js/boilerplate.js: errors {"ErrorCode","Message"} (order errors
//     wrapped in ErrorInfo); the client reads refusals by status only, so
//     neither is quoted.
//   - error-handling/demo.js: 429 and the X-RateLimit-AppDay-* and
//     per-group minute headers: the client read only Session headers in
//     spirit but any exhausted *-Reset in fact; now tested on the samples'
//     names (TestRetryAfterHeaders).
//
// Deviation found and fixed: the fake counted one window per session for
// every endpoint, but Saxo counts per service group; it now keeps one per
// group (port, cs). Field lists of positions and balances follow
// systematic-trader/saxobank-client (src/types/records/*.ts) and of bookings
// CBorum/go-saxo (service-groups/clientservices), both secondary: the
// samples do not show them.
//
// Not verified: whether Saxo's token endpoint requires code_verifier on a
// refresh (its sample sends it; so do we) or checks it; the full list of
// BkAmountType values (unknown ones map to OTHER); the largest $top the
// positions and bookings endpoints accept; whether a loopback redirect URL
// may use any port (we assume the exact registered one).
package saxo
