// Package tastytrade connects tastytrade accounts through the tastytrade
// Open API, read-only: "tastytrade" (production) and "tastytrade-sandbox"
// (the "cert" environment, reset every day, a paper institution).
//
// # Login
//
// Two ways, both ending in a refresh token that never expires:
//   - OAuth 2.0 authorization code with the user's own OAuth application
//     (client id and secret; the secret goes in the token request's body),
//     redirect URL http://127.0.0.1:8000/callback or the port in Settings.
//   - A pasted refresh grant (an integrations.FormLogin): in the OAuth
//     application's settings tastytrade offers "Create Grant", which shows a
//     refresh token; the user pastes it with the application's client
//     secret (or leaves it to Settings). It is validated by one refresh and
//     one read before the connection is saved.
//
// Access tokens last 15 minutes; an integrations.TokenSource refreshes them
// with the JSON body of tastytrade's SDK and saves the grant holding the new
// access token before using it. Grant.Expiry is zero: the grant lasts until
// the user deletes it.
//
// # Data
//
// Every request carries a User-Agent of the form <product>/<version>
// (tastytrade's nginx refuses others with an HTML 401) and, in production,
// Accept-Version. Answers are {"data":{...}} or {"data":{"items":[...]}}
// with kebab-case keys; amounts are decimal strings (numbers are accepted
// too: integrations.Number), money has a separate effect ("Debit"/"Credit")
// that gives its sign. Accounts come from GET /customers/me/accounts; the
// account number is only ever shown masked, and the Latchkey account id is a
// hash of it (the client maps it back). Balances, positions
// (include-marks=true: priced by the same call, so no separate price call
// can fail) and transactions come from /accounts/{number}/...;
// transactions page with per-page and page-offset until the pagination
// block's total-pages. Transactions are flat rows (no details under a key
// named after the type: issue 11.19 does not apply).
//
// # Rate limits
//
// tastytrade publishes none; repeated failed logins block an IP for hours
// (secondary). The scope is per grant (RateScope default) and the fake
// counts per login; a 429 is read with its Retry-After.
//
// # Sources
//
// tastytrade's official SDKs, checked point by point:
//
//   - tastytrade/tastytrade-api-js @efc9ede (2026-02-19):
//     lib/services/tastytrade-http-client.ts (refresh: POST /oauth/token,
//     JSON {refresh_token, client_secret, scope, grant_type}; Bearer
//     tokens; Accept: application/json; Accept-Version only when pinned,
//     YYYYMMDD; array query params with brackets),
//     lib/models/access-token.ts (expires_in; refresh 30 s early),
//     lib/utils/response-util.ts (data.items, else data),
//     lib/services/accounts-and-customers-service.ts,
//     balances-and-positions-service.ts, transactions-service.ts (paths),
//     lib/tastytrade-api.ts (api.tastyworks.com, api.cert.tastyworks.com).
//   - tastytrade/tastytrade-sdk-python @c315087 (2025-10-16): api.py (the
//     {"error":{"code","message"}} error body; refresh through
//     requests-oauthlib with client_secret, form-encoded — the fake takes
//     both bodies).
//   - tastyware/tastytrade @02bb764 (community SDK; its field lists are the
//     fullest): account.py CurrentPosition, AccountBalance, Transaction,
//     get_positions(include_marks), get_history's paging; session.py's
//     refresh and 15-minute default.
//
// Deviations found and fixed: (1) the refresh body lacked the scope the
// official SDK sends: it now sends "read" (TestRefreshBodyAsTheSDK); (2)
// positions were read without include-marks, so the price was the previous
// close: the client asks for the marks and prices at today's mark,
// "mark" or "mark-price" (TestPositionsAtTodaysMark; the fake sends marks
// only when asked). The SDKs send User-Agent "tastytrade-sdk-js" and
// "tastytrade-sdk-python", not <product>/<version>: Latchkey keeps the FAQ's
// form, which both satisfy.
//
// Not verified: the token endpoint's error body (an OAuth-style
// {"error","error_description"} is assumed; any 400/401/403 refusal of a
// refresh is taken as a dead grant); whether a refresh ever rotates the
// refresh token (the client keeps whichever comes back); tastytrade's rate
// limits; the full list of transaction sub-types (unknown ones map to
// OTHER).
package tastytrade
