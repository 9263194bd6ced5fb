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
//     last price × multiplier). A delivery row (product D on an NSE_EQ or
//     BSE_EQ instrument) counts only the day's net, quantity −
//     overnight_quantity, at day_buy_price for a net buy (day_sell_price
//     for a net sale): its overnight shares were bought on an earlier day,
//     and the holdings' quantity is "the total holding qty" (HoldingsData),
//     T1 included — Upstox's help: delivery buys show under Positions "till
//     the end of the day" and "from the next day ... under the 'Holdings'
//     tab with a 'T1 Holdings' tag" (help.upstox.com article 248545). So the
//     documented answers carry no overnight delivery row and nothing
//     changes for them; were one sent, the holdings' YESBANK 36 and a
//     delivery row carrying them with 1 bought today would make 73 shares,
//     not 37. D on a derivatives segment (the example's BANKNIFTY option,
//     15 overnight) is a carried F&O position, none of it in the holdings:
//     its whole quantity counts. A sale today of held shares is a negative
//     delivery row beside the holding (Dhan's documented rule).
//   - Activities: GET /v2/charges/historical-trades, all segments at once,
//     page_number from 1 and page_size 100 until meta_data.page.total_pages,
//     from since (clamped to 1 April of the financial year two before the
//     current one: "the last three financial years") to today in India.
//     BUY and SELL map to BUY and SELL (units negative for a sell, amount
//     negative for a buy); anything else is OTHER. And, for the equity
//     account only (since 19 July 2025 Upstox keeps equity and commodity
//     funds as one pool, shown under equity: Fund and Margin announcement),
//     the deposits and withdrawals (below). The lists are merged through
//     the kit: Dedupe, OnOrAfter(since), SortByDateID. Upstox's API has no
//     dividends; its charges are totals per segment and financial year
//     (Get Trade Charges), not read.
//
// # Deposits and withdrawals
//
// GET /v2/user/payments/payin (Get Payins) and GET /v2/user/payments/payout
// (Get Payouts), one call each, with the same token: no parameters, no
// paging and no dates; "the response includes the most recent 20
// transactions", in no documented order. Each row has amount (rupees, a
// JSON number), mode, status, bank_name and transaction_id, and one of two
// field sets the page has shown: created_at and currency (and eta for a
// pay-out), or last_updated_at, reason, total_charges and charges_category
// (BASIC or PLUS). Both are read; a row is dated by created_at, else
// last_updated_at ("yyyy-MM-dd HH:mm:ss", taken as India time; an RFC 3339
// instant is moved to India time), its date in India the TradeDate.
//
// Status words, compared in upper case (the Payout Request answer writes
// "received"):
//
//   - pay-ins: SUCCESS → CONTRIBUTION; PENDING, FAILED, CANCELLED left out.
//   - pay-outs: COMPLETED and DEEMED_SUCCESS (documented only as a status
//     that, like a rejection, comes with a reason; taken as money that has
//     left the account, as a bank transfer "deemed" successful has; a later
//     reversal is only seen while the row is among the 20) → WITHDRAWAL;
//     RECEIVED, VALIDATING, APPROVED and TRANSFER_IN_PROGRESS (not moved
//     yet), REJECTED and REVERSED (money back) left out.
//   - any other word: left out, as money not known to have moved.
//
// A pay-in's Amount is +amount, a pay-out's −amount (the type then by
// integrations.BySign: a zero row is OTHER); total_charges, when given, is
// the Fee, not taken from the Amount (performance counts the amount as the
// external flow and the charge as the account's loss). The id is
// "payin:" or "payout:" and the transaction_id (the documented samples use
// one id in both lists), or integrations.RowIDs of the row's time, amount,
// mode and bank when there is none. RawType is PAYIN or PAYOUT and the
// status word; Description the mode and bank.
//
// Only the latest 20 of each list can be read: the app keeps what earlier
// syncs read, so a deposit or withdrawal older than the 20 newest is kept
// only if a sync saw it while it was among them. A list of 20 rows whose
// oldest row is not before since's date may have lost rows of the window:
// the read then comes with an error matching ErrPartial ("Upstox lists only
// the latest 20 deposits: those before <date> are the ones earlier syncs
// read"), so the app adds the rows to those it keeps instead of taking the
// read as the whole window (app/sync.go upserts a partial read; a whole
// one replaces the window from since). The institution's HistoryRevision is
// 1 since the lists are read: a connection synced before reads its whole
// history once more (since zero), so the 20 latest of each list reach back
// past its last since.
//
// A payment list that cannot be read (refused for the account, a 4xx code,
// 5xx, a 429, a malformed answer) does not fail the read: the trades and
// the other list come with integrations.Partial's error ("the deposits
// could not be read (...)"), the kit's rule for a secondary call, and the
// app keeps them the same way; a refused token (401, UDAPI100050) or an
// ended context still fails it. The trade history is read first, so a
// failed trade page fails the read as before.
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
// standard APIs; the Payout Request page says "The Payout APIs are subject
// to a separate rate limit", which a summary of the rate-limiting page
// (api-evangelist/upstox@004684f rate-limits/upstox-rate-limits.yml, a
// secondary source) gives as 10 a second, 500 a minute and 2000 per 30
// minutes for Get Payins, Get Payouts and Get Payout Modes. The
// institution's RateScope is the default, per grant (a user's token); the
// fake counts Options.RateLimit requests a minute per token and path (500
// by default; lifted for the conformance suite, whose clock stands still).
// A sync makes about ten calls, of which two payment calls (the equity
// account's, once each), far below either limit. Holdings and positions
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
//     /v2/user/get-funds-and-margin?segment=, /v2/user/payments/payin and
//     /v2/user/payments/payout (get_payin_history, get_payout_history: GET,
//     no parameters, not even Api-Version), /v2/charges/historical-trades
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
//     page_number, page_size, total_records, total_pages),
//     PaymentHistoryResponse (status, data) of PaymentHistoryData (amount,
//     mode, status, reason, currency, eta, last_updated_at, bank_name,
//     transaction_id, total_charges, charges_category, created_at, each
//     typed object: the union of both documented field sets; the model came
//     on 2026-05-04, commit 8e0e28c, with the launch's fields only, and
//     currency, eta and created_at were added at bd21c54): match; numbers
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
// (three financial years), get-user-payins and get-user-payouts (two
// versions of each page, their samples in testdata/ as payins_created.json,
// payouts_created.json (created_at, currency, eta) and payins_updated.json,
// payouts_updated.json (last_updated_at, reason, total_charges,
// charges_category), byte for byte but for the indentation, which the
// stored pages lose), payout-request and modify-payout (the lower-case
// "received", the separate payout rate limit), announcements/payments-api
// (launched 4 May 2026) and announcements/fund-margin-api-change (one pool
// of funds under equity from 19 July 2025), error-codes (UDAPI100050,
// UDAPI10005, UDAPI100016, UDAPI100036, UDAPI100500), rate-limiting;
// recorded 401 answers in public code (the full UDAPI100050 envelope with
// both errorCode and error_code). Divergences: the two page versions
// disagree on the fields (both read) and on the pay-out statuses (REVERSED
// in one, DEEMED_SUCCESS in the other: both handled) and modes; the SDK's
// own smoke test (test/sdk_tests/sanity.py) writes last_updated_at as
// "2026-05-04T10:00:00Z" and charges_category "PAYIN", unlike the pages (an
// RFC 3339 time is read; charges_category is not used). No other deviation
// from the SDK was found.
//
// Not verified: whether Upstox accepts an http://127.0.0.1 redirect URL for
// every app type; what the dialog returns when the user cancels (the fake
// sends error=access_denied); the error code for an invalid or reused
// authorization code (the fake uses UDAPI100057 "Invalid Auth code") and for
// a start_date outside the three financial years (the fake's UDAPI1088 is
// invented; the client never sends one); the trade history's largest
// page_size (100 is the documented example); the order of its rows; whether
// a holding's quantity includes t1_quantity (Units are quantity: the SDK
// calls it "the total holding qty"), and whether it drops on the day a
// holding is sold (the delivery rule above assumes Dhan's: it does not);
// testdata/positions_carried.json is built, not Upstox's (the example's
// equity row made a YESBANK delivery carrying the holdings example's 36);
// Retry-After
// on 429 and the exact rate limits (the payment lists' own limit comes from
// a secondary summary of the rate-limiting page). Of the payment lists:
// the timezone of created_at and last_updated_at (taken as India time, as
// Upstox's other times); their order (sorted here); whether a list holds
// exactly 20 rows when there are more (a list of 20 is taken as possibly
// cut); whether total_charges is taken from the amount or debited apart;
// what DEEMED_SUCCESS becomes later (counted as a withdrawal); which
// answer Upstox gives an account it does not serve the lists for (any
// refusal is partial; the fake answers 404 UDAPI10000, its answer to a
// request it does not serve); whether an account with no transactions
// gets an empty list or a null data (both read as empty); and whether a
// pay-in can land in the commodity pool apart from equity before July
// 2025 (all are shown under equity).
package upstox
