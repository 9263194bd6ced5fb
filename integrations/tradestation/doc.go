// Package tradestation connects TradeStation brokerage accounts, live and
// simulated, through TradeStation's API (v3), read-only.
//
// # Login
//
// OAuth 2.0 authorization code (an Auth0 tenant at signin.tradestation.com)
// with the user's own API key: the key's client id and secret, sent in the
// token request's form; no PKCE (a key's default type is "Regular Web
// App"); the required audience=https://api.tradestation.com; the scopes
// openid, offline_access (for a refresh token) and ReadAccount — read-only,
// neither Trade nor MarketData. Every key comes registered with a fixed
// list of callback URLs on localhost; Latchkey uses http://localhost:31022
// exactly as registered (no path: oauthflow's RedirectHost and
// BareRedirect), listening on 127.0.0.1, or another listed port the user
// enters in Settings. When the browser cannot come back, the user pastes
// the final address.
//
// Access tokens last 20 minutes and are refreshed by an
// integrations.TokenSource (saved before use). A default key's refresh
// token is "valid indefinitely": Grant.Expiry is zero and the connection
// never shows as expiring. A key the user had set to rotating refresh
// tokens answers each refresh with a new one; the client then knows the
// key rotates, and since TradeStation imposes "a 24-hour absolute lifetime"
// on rotating tokens, Grant.Expiry becomes the sign-in time plus 24 hours
// (expiring in its last 6), after which the client asks for a repair
// without calling.
//
// One sign-in reads both environments: the live variant (tradestation)
// calls https://api.tradestation.com/v3, the simulator (tradestation-sim,
// paper) https://sim-api.tradestation.com/v3, whose accounts are SIM….
//
// # Data
//
// Accounts: GET /brokerage/accounts (Cash, Margin, Futures, DVP; Crypto
// accounts, whose holdings are wallets on another endpoint, are left out).
// The account id is the account number, so Latchkey keeps
// integrations.AccountHash of it and the number only masked. Balances: GET
// /brokerage/accounts/{id}/balances (CashBalance, BuyingPower, Equity in
// the account's currency). Positions: GET …/positions, priced by
// TradeStation (Last, MarketValue, AveragePrice, TotalCost): no separate
// price call to fail. Activities: the account's filled orders — GET
// …/historicalorders?since= (every order but today's open ones, at most 90
// days back) and GET …/orders (today's and open ones), both paged by
// pageSize (600, the maximum) and the single-use NextToken, merged by order
// id; one activity per leg that executed, Buy…/Sell… by its BuyOrSell,
// amounts with the option multiplier of 100, the commission on the first
// leg. The API offers no deposits, dividends, interest or fees, and nothing
// older than 90 days. An answer's Errors (an account the request named that
// could not be read) fail that account's call with the error code, never
// the message.
//
// # Rate limits
//
// Quotas are per user and API key and per resource category: Accounts,
// Balances, Positions and Order Details 250 requests per 5-minute window
// each; past them 429. The institution paces at 250/300 requests a second
// (burst 30); a 429 without Retry-After waits the 5-minute window. The
// fake counts each category apart.
//
// # Sources
//
// TradeStation ships no SDK for v3; its documented reference is the API
// documentation at api.tradestation.com/docs and the specification
// (OpenAPI 3) at api.tradestation.com/docs/specification, checked point by
// point:
//
//   - fundamentals/authentication/auth-code: the authorize URL and its
//     parameters (response_type, client_id, audience, redirect_uri that
//     "must be included in the list of Callback URLs that your API Key is
//     configured with", scope with openid always and offline_access for
//     refresh tokens, state), the token URL, the code exchange in the form;
//     access tokens "expire 20 minutes from the time they are issued".
//   - fundamentals/authentication/auth-overview: default key configuration
//     (Regular Web App, Auth Code Flow without PKCE; non-expiring refresh
//     tokens; scopes MarketData, ReadAccount, Trade (Crypto); access limited
//     to the accounts of the user's own login — the API is open to
//     individuals).
//   - fundamentals/authentication/refresh-tokens: refresh_token grant with
//     client_id and client_secret in the form; the example answer without a
//     refresh_token; refresh tokens "valid indefinitely" by default, or
//     rotating every 30 minutes (an earlier revision: 40) with "a 24-hour
//     absolute lifetime"; a rotating key's refresh answers with a new one.
//   - The default callback URLs (http://localhost, :80, :3000, :3001, :8080,
//     :31022): the auth-code page's "Allowed Callback URLs" (its list was cut
//     in the copy read), matched by the logout page's default allowed logout
//     URLs on the same hosts and ports and by clients built on TradeStation's
//     own sample (tastyware/tradestation oauth.py: http://localhost:3001, no
//     path).
//   - fundamentals/rate-limiting: per-user quotas, the categories and their
//     250 requests per 5 minutes, 429 Too Many Requests.
//   - The specification: the paths above; 1–25 comma-separated account ids;
//     since "Limited to 90 days prior to the current date" in the formats
//     2006-01-13, 01-13-2006, 2006/01/13, 01/13/2006; pageSize (without it
//     at most 600 orders) and nextToken ("a lifetime of 1 hour", "used in
//     only the subsequent request"); the ErrorResponse {"Error","Message"}
//     for 400, 401, 403, 404, 429, 503, 504; the Accounts sample
//     (testdata/accounts.json, field for field); the field names of Balance
//     (BalanceDetail, CurrencyDetails), Position (LongShort, MarketValue,
//     TotalCost, MarkToMarketPrice) and Order/Leg (BuyOrSell,
//     ExecQuantity, ExecutionPrice, CommissionFee, ClosedDateTime); every
//     number a string. The simulator's base URL: the specification's
//     "SIM vs LIVE" note (tradestation/api-docs, swagger.yaml).
//
// Not verified (no source settles them): the balances, positions and
// historical-orders samples in testdata are shaped as the specification's
// response samples but not copied byte for byte (the specification page
// could not be read whole); the names of the rate-limit headers the newer
// rate-limiting page mentions, and whether a 429 carries Retry-After;
// whether a short position's Quantity is negative (the units follow
// LongShort either way); whether historicalorders includes today's closed
// orders (both endpoints are read and merged); the vocabulary of Errors
// entries' codes (only "Unauthorized" is read as a dead login); Auth0's
// 403 for a refused code or refresh token (the fake answers so; any
// refusal is handled); whether the 24-hour limit of rotating tokens counts
// from the sign-in (assumed); the full list of AssetType values (STOCK is
// read as equity: ETFs are not told apart; futures are "other" and their
// fills carry no amount, their point value unknown to the order).
package tradestation
