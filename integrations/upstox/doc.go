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
// that instant (SessionEnd): the connection shows "expiring" in its last 12
// hours (Institution.ExpiringWithin) and is disabled after it; the client refuses locally once it has passed and
// maps Upstox's 401 UDAPI100050 to ErrReauthRequired. There is nothing to
// refresh: the user logs in again each day they sync.
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
// # Sources
//
// Verified against Upstox's API documentation
// (https://upstox.com/developer/api-documentation/): authorize (dialog URL,
// parameters, state echoed, UDAPI100068), get-token (form fields, the
// profile-plus-token answer, single-use code, 03:30 expiry with examples),
// get-profile, get-user-fund-margin (segment SEC/COM, fields),
// get-holdings, get-positions (average_price null), get-historical-trades
// (path /v2/charges/historical-trades, parameters, meta_data.page, three
// financial years), error-codes (UDAPI100050, UDAPI10005, UDAPI100016,
// UDAPI100036, UDAPI100500); the official SDK upstox/upstox-python
// (upstox_client/api/post_trade_api.py: the trade-history path and query;
// models trade_history_response*.py: field names, and "metaData" as the SDK's
// key for the page object); recorded 401 answers in public code (the full
// UDAPI100050 envelope with both errorCode and error_code).
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
