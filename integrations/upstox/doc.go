// Package upstox is the Upstox integration ("upstox"): an Indian investor's
// Upstox demat and trading account through the Upstox API v2, after an OAuth
// 2.0 login in the browser.
//
// # Login
//
// Authorization code at https://api.upstox.com/v2/login/authorization/dialog
// with the user's own app (API key as client id and API secret from
// Settings; Latchkey ships none), the exact registered redirect URL
// http://127.0.0.1:8711/callback (the port can be changed in Settings) and a
// state, which Upstox echoes. The single-use code is exchanged at
// /v2/login/authorization/token (form: code, client_id, client_secret,
// redirect_uri, grant_type=authorization_code); the answer is the user's
// profile (user_id, exchanges, ...) with the access_token, no envelope, no
// expires_in and no refresh token.
//
// # Daily expiry
//
// An access token works until 03:30 India time the next morning, whenever it
// was issued (a token issued at 02:30 ends an hour later). Grant.Expiry is
// that instant (SessionEnd): the connection shows "expiring" in its last 3
// hours (Institution.ExpiringWithin, from 00:30 India time — "daily tokens
// expiring in their last hours"; the 12 hours it had before showed a login
// made after the market's close as expiring at once) and is disabled after
// it; the client refuses locally once it has passed and maps Upstox's 401
// UDAPI100050 to ErrReauthRequired. There is nothing to refresh: the user
// logs in again each day they sync.
//
// # Data
//
// One account per segment: "<user id>-equity" (funds segment SEC; the
// long-term holdings, non-MCX positions, and EQ, FO, CD and MF trades) and,
// when MCX is among the user's exchanges, "<user id>-commodity" (segment
// COM; MCX positions and trades). Numbers are masked to the last four
// characters of the user id (UCC).
//
//   - Balances: GET /v2/user/get-funds-and-margin?segment=SEC|COM; the
//     available margin is the cash and buying power; the equity total adds
//     the holdings at their last price.
//   - Positions: GET /v2/portfolio/long-term-holdings (ETFs told apart by
//     their INF ISIN) and GET /v2/portfolio/short-term-positions (closed
//     ones, quantity 0, left out; options told by their CE/PE symbol,
//     futures are "other"; average_price may be null; value = quantity ×
//     last price × multiplier).
//   - Activities: GET /v2/charges/historical-trades, all segments at once,
//     page_number from 1 and page_size 100 until meta_data.page.total_pages,
//     from since (clamped to 1 April of the financial year two before the
//     current one: "the last three financial years") to today in India.
//     BUY and SELL map to BUY and SELL (units negative for a sell, amount
//     negative for a buy); anything else is OTHER. Upstox's API exposes
//     trades only: no dividends, charges or fund transfers.
//
// Amounts arrive as JSON numbers and are read from their text, never through
// float64. Requests carry Accept: application/json and Api-Version: 2.0.
//
// # Errors
//
// Upstox's envelope is {"status":"error","errors":[{"errorCode":...,
// "message":...}]}. 401 or UDAPI100050 → ErrReauthRequired; 429 or
// UDAPI10005 → *integrations.RateLimitError (one minute without
// Retry-After); 5xx → ErrUnavailable; other codes → an error naming only the
// code. A refused client id, secret or code at the token endpoint →
// ErrInvalidCredentials (a fresh browser step); Deny → ErrApprovalDenied.
//
// # Rate limits
//
// Upstox's rate-limiting page: "enforced on a per-API, per-user basis",
// 50 requests a second, 500 a minute and 2000 per 30 minutes for the
// standard APIs. The institution's RateScope is the default, per grant (a
// user's token); the fake counts Options.RateLimit requests a minute per
// token and path (500 by default; lifted for the conformance suite, whose
// clock stands still). A sync makes about ten calls. Holdings and positions
// carry their own last prices: there is no separate price call to fail
// (issue 11.17), and every record is flat (no details under a key named
// after a type, issue 11.19).
//
// # Sources
//
// Official SDK: upstox/upstox-python @bd21c54 (2.28.0, generated from
// Upstox's OpenAPI spec v2), checked point by point against the client:
//
//   - paths (api/portfolio_api.py, user_api.py, post_trade_api.py,
//     login_api.py): /v2/portfolio/long-term-holdings,
//     /v2/portfolio/short-term-positions, /v2/user/profile,
//     /v2/user/get-funds-and-margin?segment=, /v2/charges/historical-trades
//     (segment, start_date, end_date, page_number, page_size),
//     /v2/login/authorization/dialog (client_id, redirect_uri, state,
//     scope) and /v2/login/authorization/token (form code, client_id,
//     client_secret, redirect_uri, grant_type): match.
//   - headers: the SDK sends Api-Version (a required parameter) on the
//     profile, funds, holdings, positions, dialog and token calls, not on
//     the trade history; Latchkey sends Api-Version: 2.0 on every call
//     (harmless where not asked for).
//   - models: HoldingsData (quantity and t1_quantity ints, prices floats,
//     trading_symbol and tradingsymbol), PositionData (multiplier, value,
//     average_price float, may be null in the docs' example), ProfileData
//     (exchanges, is_active), UserFundMarginData (available_margin float),
//     TokenResponse (the profile plus access_token and extended_token),
//     TradeHistoryResponse (data of TradeHistoryResponseTradeData: quantity
//     int, amount and price floats, trade_date string; "metaData" with
//     page_number, page_size, total_records, total_pages): match; numbers
//     are read from their text, never through float64. The docs' example
//     writes the page object under meta_data and the SDK maps "metaData":
//     both are read.
//
// Also verified against Upstox's API documentation
// (https://upstox.com/developer/api-documentation/): authorize (dialog URL,
// parameters, state echoed, UDAPI100068), get-token (form fields, the
// profile-plus-token answer, single-use code, 03:30 expiry with examples),
// get-profile, get-user-fund-margin (segment SEC/COM, fields),
// get-holdings, get-positions (average_price null), get-historical-trades
// (three financial years), error-codes (UDAPI100050, UDAPI10005,
// UDAPI100016, UDAPI100036, UDAPI100500), rate-limiting; recorded 401
// answers in public code (the full UDAPI100050 envelope with both
// errorCode and error_code). No deviation from the SDK was found.
//
// Not verified: whether Upstox accepts an http://127.0.0.1 redirect URL for
// every app type; what the dialog returns when the user cancels (the fake
// sends error=access_denied); the error code for an invalid or reused
// authorization code (the fake uses UDAPI100057 "Invalid Auth code") and for
// a start_date outside the three financial years (the fake's UDAPI1088 is
// invented; the client never sends one); the trade history's largest
// page_size (100 is the documented example); the order of its rows; whether
// a holding's quantity includes t1_quantity (Units are quantity); Retry-After
// on 429 and the exact rate limits.
package upstox
