// Package questrade connects Latchkey to Questrade's API: live accounts
// ("questrade", login server https://login.questrade.com) and practice
// accounts ("questrade-practice", https://practicelogin.questrade.com).
//
// # Logins
//
//   - Manually generated token: the user generates a token for their
//     personal app in the API Centre and pastes it. It is a refresh token:
//     the login redeems it at once (POST /oauth2/token?grant_type=refresh_token&refresh_token=…,
//     parameters in the query as Questrade documents), which uses it up.
//   - OAuth 2.0 authorization code: the user's own app (its consumer key as
//     the client id in Settings; Questrade issues no client secret), callback
//     http://127.0.0.1:<port>/callback registered with the app; the code is
//     traded at /oauth2/token?client_id=…&code=…&grant_type=authorization_code&redirect_uri=….
//
// Every token answer names the API server the calls that follow must use
// (api_server, e.g. https://api01.iq.questrade.com/); it is kept in the
// grant with the tokens and must be https on *.questrade.com (any URL is
// accepted only when the login server itself is on this machine, a fake or a
// proxy). Access tokens last 30 minutes (expires_in 1800). Refresh tokens
// are single-use: every refresh returns a new one and kills the old, so the
// client saves the new grant (through SaveFunc) before it uses the new
// access token, and when that save fails it keeps the new grant and saves it
// again first thing on the next call (the old refresh token is already
// dead). Grant.Expiry is 7 days after the latest refresh: an unused refresh
// token's life; a connection that syncs at least weekly never reaches it.
//
// # Data
//
// GET v1/accounts (the userId is the fingerprint; account numbers are
// hashed into ids, shown masked, and used only in request paths),
// accounts/:id/balances (perCurrencyBalances: one balance per currency, CAD
// and USD), accounts/:id/positions joined with one symbols?ids= call for
// each position's currency, type (Stock, Option, Bond, MutualFund),
// description and exchange (a missing symbol falls back to the listing
// suffix: .TO, .V, .CN, .NE are CAD). A position carries its own price
// (currentPrice, currentMarketValue: questrade.com/api/documentation/
// rest-operations/account-calls/accounts-id-positions), so when the symbols
// call fails the positions are still returned, priced, typed OTHER with the
// currency guessed from the suffix, and with an error matching ErrPartial
// (issue 11.17; the conformance rule Partial/PriceUnknown, with the symbols
// path as its endpoint, proves the units and prices are kept). Then
// accounts/:id/activities read in
// back-to-back windows of 30 calendar days starting at midnight in Toronto
// (Questrade answers at most 31 days a call; windows never overlap, so no
// row is read twice). Numbers are JSON numbers read as text. Activities
// have no id: each gets a hash of its fields and of how many identical rows
// precede it in the read. Types map by Questrade's type and action: Trades
// (Buy/Sell), Dividends (DIV; NRT withholding → TAX; REI → REI), Deposits,
// Withdrawals, Interest, Fees and rebates, Transfers (by sign), Corporate
// actions (SPLIT when the description says so), FX conversion and Other →
// OTHER.
//
// # Errors
//
// The login server refuses a bad, used or expired token with 400
// (ErrInvalidCredentials while logging in, ErrReauthRequired on refresh).
// The API refuses an access token with 401 (code 1017): the client
// refreshes once and tries again, then gives ErrReauthRequired. 429 is a
// *integrations.RateLimitError whose wait comes from Retry-After or
// X-RateLimit-Reset (a Unix time); 5xx and unreadable answers are
// ErrUnavailable. Error texts never hold a token, a body or an account
// number (token URLs carry the refresh token, data paths the account
// number, so transport errors get a fixed text).
//
// # Sources
//
// Verified against: questrade.com/api/documentation/rest-operations/account-calls/accounts-id-activities
// (fields, startTime/endTime, "Maximum 31 days of data can be requested at
// a time", the sample request and row); shared/reference/brokerages.md §3
// citing questrade.com/api/documentation (authorization, security,
// rate-limiting, error-handling, the accounts/balances/positions samples in
// testdata/, with the positions sample's typos); the token answer with
// api_server in dk1027/questrade.js examples/portfolio_check/config.js and
// qtrade on PyPI; single-use refresh tokens and the 400 on reuse in
// jborchma/qtrade issues #23 and #66 and tgardiner/questrade_api issue #11;
// 401 on a bad access token in jborchma/qtrade issue #86; the activity
// fields of docs.rs questrade::AccountActivity and the questrade-client
// fixture (a Trades/Buy row); the 7-day life of manual tokens in
// awilner/QuestradeApiWrapper's README (secondary).
//
// Questrade publishes no official SDK; the positions and symbols shapes were
// checked on this round against the documentation pages named above.
//
// Not verified: the 401 body code (1017) and the 429 body; the error code
// for a range over 31 days (the fake answers 400 code 1003); whether the
// token endpoint takes its parameters in a form body too (Latchkey uses the
// documented query); the life of a rotated refresh token (assumed 7 days,
// like manual ones); whether app callbacks may be http://127.0.0.1; the
// authorize scopes (Latchkey sends none) and the exact type/action strings
// beyond those above (ETFs come as securityType Stock, so they are equity);
// whether the practice environment still serves API logins.
package questrade
