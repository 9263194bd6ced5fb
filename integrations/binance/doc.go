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
// for prices in USDT (Binance) or USD (Binance.US); deposits
// (/sapi/v1/capital/deposit/hisrec) and withdrawals
// (/sapi/v1/capital/withdraw/history) in 90-day windows with offset/limit;
// trades with /api/v3/myTrades, which needs a symbol: every market whose base
// is a coin held, deposited or withdrawn and whose quote is one of those or a
// common quote (USDT, USDC, FDUSD, BUSD, BTC, ETH, BNB, USD, EUR), each read
// from fromId 0 a thousand at a time. Only credited deposits (status 1, 6) and
// completed withdrawals (status 6) are activities.
//
// # Sources
//
//   - https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security
//     (SIGNED endpoints, the worked HMAC example tested in binance_test.go:
//     secret NhqPtmdSJYdK…, symbol=LTCBTC&side=BUY&…&timestamp=1499827319559
//     → c8db5682…6b71; the same example is in binance's own docs repository)
//   - GET /api/v3/account documented response with uid (testdata/account.json),
//     general info (HTTP 429/418/403, Retry-After, X-MBX-USED-WEIGHT-1M)
//   - public clients for field names: python-binance, ccxt binance.py
//     (myTrades, deposit hisrec, withdraw history, applyTime format, statuses)
//
// Not verified: Binance.US's deposit and withdrawal endpoints are taken to be
// the same /sapi/v1/capital/... paths (fiat transfers of either site are not
// read); whether Binance.US's account has a uid; the exact text of -1127; the
// status codes of every error (-1022 is taken as HTTP 400, -2015 as 401).
// Trades in markets of coins the user neither holds nor moved are not found
// (Binance offers no "all my trades" call).
package binance
