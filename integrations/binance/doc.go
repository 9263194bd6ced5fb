// Package binance connects Binance ("binance", binance.com) and Binance.US
// ("binance-us") with a read-only API key.
//
// SIGNED requests carry the key in X-MBX-APIKEY and timestamp (ms),
// recvWindow (10000) and signature = hex HMAC-SHA256(secret key, the query
// string) in the query. Errors are {"code":-2015,"msg":"..."}: -2014/-2015
// (bad key, IP or permissions) and -1022 (bad signature) are invalid
// credentials at login and reauthorisation afterwards; -1021 (timestamp
// outside recvWindow) is unavailable (check the clock); 429 and 418 (IP
// banned after ignoring 429s) are rate limits with their Retry-After;
// -1003 too. Reads are GETs, so the transport retries 5xx and honours
// Retry-After.
//
// Data: GET /api/v3/account (balances free + locked; its uid names the login
// for the fingerprint — Binance.US, whose account may have no uid, falls back
// to the API key); /api/v3/exchangeInfo and /api/v3/ticker/price?symbols=
// for prices in USDT (Binance) or USD (Binance.US) — when either fails the
// balances and positions are kept, positions with their units marked
// PriceUnknown, both with an error matching integrations.ErrPartial (issue
// 11.17), and a coin without a market in the quote currency is PriceUnknown,
// never worth zero; deposits (/sapi/v1/capital/deposit/hisrec) and
// withdrawals (/sapi/v1/capital/withdraw/history) in 90-day windows with
// offset/limit; trades with /api/v3/myTrades, which needs a symbol: every
// market whose base is a coin held, deposited or withdrawn and whose quote
// is one of those or a common quote (USDT, USDC, FDUSD, BUSD, BTC, ETH, BNB,
// USD, EUR), each read from fromId 0 a thousand at a time. Only credited
// deposits (status 1, 6) and completed withdrawals (status 6) are
// activities. Every record is flat (no details under a key named after a
// type: issue 11.19 checked against the SDK's models).
//
// # History walk and pacing
//
// The client is an integrations.HistoryWalker (issue 11.20): a page per
// 90-day window of deposits and withdrawals from since — on a first sync
// from Binance's launch (2017-07-14: the API tells nothing of where an
// account's own history starts; /sapi/v1/account/apiRestrictions' createTime
// is the key's, and a key sees the account's whole history), about 37
// windows — then a page per thousand trades of each market; the cursor
// (JSON: phase, window start or market and trade id, and the coins moved so
// far) lets the app resume a walk cut short by a rate limit where it
// stopped, across retries and syncs. Calls are paced to each endpoint's
// documented weight against the usage Binance reports in its answers'
// headers: a call that would pass a window's limit waits for the next
// window (TestWithdrawHistoryPacedPerMinute, PerSecond: ~37 withdraw-history
// calls, none refused). Weights and windows: account, myTrades and
// exchangeInfo 20, ticker/price with symbols 4, against /api's 6000 a minute
// per IP (X-MBX-USED-WEIGHT-1M); the deposit history 1 against /sapi's 12000
// a minute per IP (X-SAPI-USED-IP-WEIGHT-1M); the withdraw history 18000,
// which its page counts against a per-second IP window of 180000
// (X-SAPI-USED-IP-WEIGHT-1S: ten calls a second) and the SDK's docstring as
// "Weight(UID): 18000" against /sapi's 180000 a minute per account
// (X-SAPI-USED-UID-WEIGHT-1M: ten calls a minute, the reading issue 11.20
// quotes). The pacer paces whichever windows Binance reports; the fake
// serves the page's reading by default and the UID reading with
// Options.UIDMinute. The usage lives with the institution's HTTP client,
// across syncs.
//
// # Rate limits
//
// "The limits on the API are based on the IPs, not the API keys"
// (binance-spot-api-docs rest-api.md, LIMITS; /sapi endpoints say per
// endpoint whether they count per IP or per account): the institution's
// RateScope is integrations.RateScopeIP, one limiter for all connections.
// The fake counts /api and /sapi weight per client IP and the UID window
// per account.
//
// # Sources
//
// Official SDK: binance/binance-connector-python @29da329 (clients/wallet
// 13.3.0, clients/spot 11.2.0, common 4.3.0), and the official spot API
// reference binance/binance-spot-api-docs @a5e0bc3 (rest-api.md,
// errors.md), checked point by point:
//
//   - signing (common utils.py send_signed_request): the payload
//     url-encoded with timestamp added last, signature = HMAC-SHA256 of that
//     query, X-MBX-APIKEY header: match (TestSignDocExample, the docs'
//     worked example).
//   - account (rest-api.md "Account information", weight 20,
//     omitZeroBalances, the example with uid): match (testdata/account.json).
//   - myTrades (weight 20 without orderId, fromId, limit ≤ 1000, the
//     example row): match (testdata/mytrades.json).
//   - exchangeInfo (weight 20, permissions=SPOT) and ticker/price (symbols
//     array, weight 4): match.
//   - deposit history (wallet capital_api.py deposit_history: Weight(IP) 1;
//     statuses 0 pending, 1 success, 2 rejected, 6 credited but cannot
//     withdraw, 7 wrong deposit, 8 waiting user confirm; model
//     DepositHistoryResponseInner: id, amount, coin, network, status (int),
//     insertTime (int ms), completeTime...) and withdraw history
//     (withdraw_history: Weight 18000; "time between startTime and endTime
//     must be less than 90 days"; WithdrawHistoryResponseInner: amount and
//     transactionFee strings, applyTime "2019-10-12 11:12:02" UTC): match
//     (testdata/deposits.json and withdrawals.json are the SDK unit tests'
//     test_deposit_history_success / test_withdraw_history_success answers).
//     Deviations fixed: the windows asked for exactly 90 days less 1 ms (the
//     fake now refuses 90 days or more, as documented); no pacing to the
//     withdraw history's weight (a first sync was refused after ten windows
//     and restarted from the beginning: issue 11.20).
//   - errors (errors.md: -1003 TOO_MANY_REQUESTS, -1021 INVALID_TIMESTAMP,
//     -1022 INVALID_SIGNATURE, -2014 BAD_API_KEY_FMT, -2015 REJECTED_MBX_KEY;
//     HTTP 429 / 418 with Retry-After): match (TestErrorMapping).
//
// Not verified: Binance.US's deposit and withdrawal endpoints are taken to be
// the same /sapi/v1/capital/... paths and weights (fiat transfers of either
// site are not read); whether Binance.US's account has a uid; which of the
// two published readings of the withdraw history's weight Binance enforces
// (both are paced); the status codes of every error (-1022 is taken as HTTP
// 400, -2015 as 401). Trades in markets of coins the user neither holds nor
// moved are not found (Binance offers no "all my trades" call).
package binance
