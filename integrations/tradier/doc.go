// Package tradier connects Latchkey to Tradier's Brokerage API: production
// ("tradier", https://api.tradier.com) and the paper-trading sandbox
// ("tradier-sandbox", https://sandbox.tradier.com), each with its own
// accounts and tokens.
//
// # Logins
//
//   - Personal access token (both variants): the token from the dashboard's
//     API Access settings, checked with one GET /v1/user/profile. It does not
//     expire (Grant.Expiry is zero).
//   - OAuth 2.0 authorization code (production only): the user's own Tradier
//     app (client id and secret in Settings), callback
//     http://127.0.0.1:<port>/callback registered with the app; authorize at
//     /v1/oauth/authorize with comma-separated scopes (Latchkey asks for
//     "read"), the code traded at /v1/oauth/accesstoken with HTTP Basic
//     client authentication. Access tokens last 24 hours (expires_in 86399):
//     without a refresh token the grant's Expiry is then, and the client asks
//     for a new login after it. Approved partners also get a refresh token,
//     which does not expire; the client refreshes at /v1/oauth/refreshtoken
//     (Basic auth, grant_type=refresh_token) before the access token's end or
//     when a request is refused, and saves the new grant before using it.
//
// # Data
//
// Every request sends Accept: application/json (Tradier answers XML
// otherwise) and is read for Tradier's list quirks: a list of one is the
// object itself, an empty list is the string "null"; numbers are JSON
// numbers with long tails of zeros, read as text into decimals. Accounts
// come from the profile; their ids are hashes of the account number, which
// is shown masked and used only to build request paths. Balances are USD
// (total_cash, total_equity, and the stock buying power of the margin or
// PDT block, or cash_available). Positions carry no price: one
// GET /v1/markets/quotes call prices them (last, else prevclose) and gives
// their type (stock, etf, option with its contract size, mutual_fund). When
// the quotes call fails, Positions still returns the positions with their
// units, marked PriceUnknown, and an error matching ErrPartial (issue 11.17;
// the conformance rule Partial/PriceUnknown proves it against the fake).
// History is read with start=<since>, limit=100 and page=1, 2, … until a
// short page. An event's details sit in an object beside amount, date and
// type: under the type's own name ("trade", "option", "journal"), except
// that Tradier's documented example (docs.tradier.com/docs/history) puts a
// dividend's under "adjustment" — its description is the only record of
// what paid, so the decoder takes the type's key, else "adjustment", else
// the one object there is (issue 11.19). Events have no id, so each gets a hash of its fields and of
// how many identical events precede it in the read. Trades map by the sign
// of the quantity, ach/wire/check by the amount's sign to contributions and
// withdrawals, journal/transfer to transfers in or out, dividend, interest,
// fee and tax to their types, option events and adjustments to OTHER.
//
// # Errors
//
// 401 is a refused token (ErrInvalidCredentials while logging in,
// ErrReauthRequired afterwards, after one refresh attempt for partner
// grants); 429 is a *integrations.RateLimitError whose wait comes from
// Retry-After or X-Ratelimit-Expiry (Unix milliseconds); 5xx, XML or HTML
// answers and unreadable bodies are ErrUnavailable. Error texts never hold a
// token, a body or an account number (request paths do, so transport
// errors are replaced by a fixed text).
//
// # Sources
//
// Verified against shared/reference/brokerages.md §2, which cites
// docs.tradier.com (account-details, profile, balances, positions, history)
// and documentation.tradier.com (oauth/authorization-code, access-token,
// refresh-token, overview/authentication, overview/rate-limiting): base
// URLs, Bearer + Accept headers, the profile/balances/positions/history
// shapes and samples (testdata/ follows them), the token answer
// (expires_in 86399, issued_at, status, refresh_token for partners), 24-hour
// tokens, Basic client auth, 120/60 requests a minute; the history fields
// in ctrl-alt-p/odin app/routes/accounts/history.js; the quote fields of
// the markets/quotes sample; the X-Ratelimit-Allowed/Used/Available/Expiry
// header names (api-evangelist/tradier rate-limits.yml, secondary); the
// dashboard token page (dash.tradier.com/settings/api).
//
// The history example (a dividend under "adjustment", an option expiry
// under "option" with option_type OPTEXP) was checked against
// docs.tradier.com/docs/history on this round; testdata/history.json
// follows it. Tradier's own Ruby SDK (tradier/tradier.rb, lib/tradier/
// event.rb) maps events without naming the detail keys; the third-party
// .NET client (vitali-karmanov/tradier-dotnet-client Models/Account/
// History.cs) models exactly trade, adjustment, option and journal.
//
// Not verified: the body of a 401 (the fake sends "Invalid Access Token" as
// text) and of a 429; whether X-Ratelimit-Expiry is in milliseconds (the
// client falls back to a minute when it cannot use it); whether OAuth apps
// accept loopback callback URLs and whether the sandbox offers OAuth (so the
// sandbox offers the token only); whether refresh tokens rotate (the client
// saves whatever refresh token comes back); the history's sort order and
// its exact event type list beyond those documented.
package tradier
