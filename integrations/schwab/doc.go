// Package schwab connects Charles Schwab brokerage accounts through the
// Schwab Trader API (Accounts and Trading Production), read-only.
//
// # Login
//
// OAuth 2.0 authorization code with the user's own app registration (app key
// and secret, sent with HTTP Basic at the token endpoint; no PKCE). Schwab
// wants the callback URL exactly as registered and prefers https, so the
// loopback listener serves https://127.0.0.1:8182/ with a certificate made
// for the login (the browser warns once; proceeding is safe, it is this
// computer) on the port from the app registration in Settings (default
// 8182). When the browser cannot come back, the user pastes the final
// address. Access tokens last 30 minutes and are refreshed by an
// integrations.TokenSource (saved before use); the refresh token dies 7
// days after the browser login whatever happens in between, so
// Grant.Expiry is the login time plus 7 days and the connection must be
// repaired weekly.
//
// # Data
//
// Accounts are addressed by their hashValue (GET /accounts/accountNumbers);
// the account number itself never leaves this package except masked
// ("••••5926"). Balances and positions come from GET /accounts/{hash}
// (?fields=positions); activities from GET /accounts/{hash}/transactions,
// which needs startDate, endDate and types, refuses ranges over a year and
// returns at most 3000 rows. The client is an integrations.HistoryWalker:
// ten years of back-to-back 364-day windows (eleven calls), a window that
// comes back full halved, and after each window the cursor of the next (its
// start, RFC 3339), so the app resumes a walk cut short by the rate limit
// where it stopped. Every amount is a JSON number read as decimal text.
// Transactions carry their security in transferItems (no details under a
// key named after the type, the assumption issue 11.19 found in Tradier);
// positions come priced, so there is no separate price call to fail.
//
// # Rate limits
//
// Schwab counts its request limits per app and user token (Trader API:
// 120 requests a minute for reads, as shown in the developer portal behind
// its login; rate-limits.apis.io/charles-schwab, secondary), so the
// institution's RateScope is the default, per grant; the fake counts per
// access token. Schwab publishes no rate-limit headers and no Retry-After:
// a 429 waits a minute.
//
// # Sources
//
// Schwab ships no SDK; its documented reference is the Trader API's
// specification on developer.schwab.com ("Trader API - Individual",
// Accounts and Trading Production, OpenAPI 3, version 1.0.0; the Swagger
// page's schema examples are dated 2025-01-19), checked point by point:
//
//   - base path https://api.schwabapi.com/trader/v1, paths
//     /accounts/accountNumbers, /accounts, /accounts/{accountNumber} (the
//     encrypted hashValue) with fields=positions, /accounts/{accountNumber}/
//     transactions with startDate, endDate (yyyy-MM-dd'T'HH:mm:ss.SSSZ) and
//     the required types list (the spec's fifteen values, all sent): match.
//   - "Maximum number of transactions in response is 3000. Maximum date range
//     is 1 year": match (364-day windows, halving full ones).
//   - Schemas AccountNumberHash, SecuritiesAccount (MarginAccount /
//     CashAccount), Position, AccountsInstrument, Transaction, TransferItem,
//     TransactionInstrument, UserPreference: field names and types (every
//     amount a double, ids int64, times date-time) match the wire types in
//     decode.go. Deviations found and fixed: (1) the current balances of both
//     account types (MarginBalance, CashBalance) hold no cashBalance and no
//     liquidationValue, so the total was the day's opening
//     initialBalances.liquidationValue: it is now aggregatedBalance's
//     currentLiquidationValue, else the current equity
//     (TestDecodeSpecShapes, testdata/account_*_spec.json); (2) an option's
//     contract size was fixed at 100: it is AccountOption.optionMultiplier
//     when given (mini options are 10); (3) the fake answered errors as
//     {"errors":[{id,status,title,detail}]} and balances with one invented
//     shape for every account: it now answers the spec's ServiceError
//     {"message","errors":[...]} and its four balance schemas, and
//     UserPreference as a list. The client reads refusals by status only,
//     so both error bodies work.
//   - Transaction.status is VALID, INVALID, PENDING or UNKNOWN: INVALID rows
//     are dropped, the others kept.
//   - Token endpoint https://api.schwabapi.com/v1/oauth/token, Basic client
//     auth, 30-minute access tokens, the 7-day refresh token and the 400
//     {"error":"unsupported_token_type"} answer to a dead one: alexgolec/
//     schwab-py @a55cb29 (schwab/auth.py, docs/auth.rst), tylerebowers/
//     Schwabdev issue #40.
//
// Not verified: the read limit's exact figure and window (the portal is
// behind a login); whether ETFs always come as
// COLLECTIVE_INVESTMENT/EXCHANGE_TRADED_FUND; the exact wording of
// transaction descriptions used to tell interest from dividends, taxes and
// fees (unknown ones fall back to the type's default mapping, then OTHER);
// how far back transactions reach (the walk asks ten years).
package schwab
