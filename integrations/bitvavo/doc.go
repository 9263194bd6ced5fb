// Package bitvavo connects Bitvavo ("bitvavo") with a View-only API key.
//
// # Requests
//
// Every request is signed as the official SDKs sign it:
// Bitvavo-Access-Key, Bitvavo-Access-Timestamp (ms), Bitvavo-Access-Window
// (10000, the SDKs' default) and Bitvavo-Access-Signature = hex
// HMAC-SHA256(secret, timestamp ‖ method ‖ path from /v2 with its query ‖
// body). Public calls (the ticker) are signed too, as the SDKs do when a key
// is set, so they count against the key. Errors are
// {"errorCode":N,"error":"..."} (mapError): 103 (rate limited) and 105
// (banned for ignoring 103) are rate limits waiting until
// Bitvavo-Ratelimit-ResetAt, or the ban's end read from the message (" at
// <ms>.", as the SDKs read it) or Bitvavo-Ratelimit-AllowAt; 301, 305–309
// (a malformed, unknown, unconfirmed or IP-restricted key, a bad signature)
// and 311 (no View permission) are invalid credentials at login and
// reauthorisation afterwards; 302/304 (timestamp) are unavailable (check the
// clock); 101, 107–109 and 5xx unavailable.
//
// # Data
//
// GET /v2/balance (available + inOrder), GET /v2/ticker/price for prices in
// EUR, GET /v2/deposit?symbol=EUR (its description is the user's personal
// bank-transfer reference: it names the account for the fingerprint, the key
// when absent), GET /v2/depositHistory and /v2/withdrawalHistory (500 a
// page) and GET /v2/trades?market= (1000 a page) for every market whose base
// is held or moved. Histories come newest first: a full page moves end back
// to its oldest row and rows are deduplicated. Deposits and withdrawals
// have no id: their txId, else a hash of the row.
//
// The ticker prices the positions apart from the balance (issue 11.17):
// when it fails, Positions returns the coins' units marked PriceUnknown with
// an error matching ErrPartial, and Balances — whose total needs the prices
// — fails with ErrPartial, so the app keeps the last balance. A coin without
// a EUR market is PriceUnknown without an error. No documented answer puts
// details under a key named after a type (issue 11.19): every row is flat.
//
// # Rate limits (issue 18.2)
//
// 1000 weight points a minute "per IP or API key" (python-bitvavo-api
// README "Rate limit", node-bitvavo-api README): a signed request counts
// against its key, an unsigned one against the address. Every request here
// is signed, so the institution keeps the default per-grant scope
// (integrations.RateScopeGrant). The fake weighs each call (balance,
// trades, histories 5; ticker, deposit 1 — the docs' per-endpoint weights,
// not re-verified) per key, or per address when unsigned, answers 103 past
// the limit and bans (105) a key that calls again within the minute. The
// client reads Bitvavo-Ratelimit-Remaining and -ResetAt from every answer
// and, when fewer than 10 points are left, sits out the rest of the minute
// (at most 65 s; longer is a RateLimitError) rather than meet a 103 and a
// ban (TestPacing). A 429 has no Retry-After, and the app's transport does
// not retry a 429 without one. History is a few pages per market at 200
// calls a minute: no HistoryWalker is needed. No per-second pace is stated
// apart from the weights, so the shared default pace applies and the
// header-driven pause above keeps the weight budget.
//
// # Checked against the official SDKs (issue 12)
//
// bitvavo/python-bitvavo-api (commit 27c0640, 2025-05-06; its README's
// documented answers at bf1af9a, 2023-08-24) and bitvavo/node-bitvavo-api
// v1.5.0 (commit 644f2d1, 2025-06-24): createSignature and its test
// vectors (test/utils.spec.js), privateRequest/publicRequest headers and
// access window, updateRateLimit (headers, 105 message), the paths and
// options of balance, tickerPrice, trades (limit, start, end), depositHistory
// and withdrawalHistory (symbol, limit, start, end) and depositAssets
// (symbol), and the answers' fields. Agrees: base https://api.bitvavo.com/v2,
// headers and the string to sign, the query in the signed path, field names
// and string decimals. Differs, and why:
//
//   - the ban's end: the SDKs read it from the 105 message; Latchkey read
//     only Bitvavo-Ratelimit-AllowAt. Both are read now (TestErrorMapping,
//     fixture testdata/error_ban.json in the SDKs' message shape).
//   - the rate window: the fake counted one window for everyone; it counts
//     per key (or address when unsigned), as documented (TestPacing).
//   - an unpriced coin was valued at 0; it is PriceUnknown now
//     (TestSDKSamples with the README's balance and ticker answers), and a
//     failing ticker no longer costs the holdings (conformance rule
//     Partial/PriceUnknown).
//   - the deposit-details path: node-bitvavo-api (and docs.bitvavo.com) call
//     GET /deposit; python-bitvavo-api calls /depositAssets. Latchkey keeps
//     /deposit, the documented path.
//
// The signature matches the SDKs' own vectors (TestSign), and the README's
// balance, trades, depositHistory, withdrawalHistory and tickerPrice answers
// decode field by field (TestSDKSamples).
//
// Not verified: the HTTP status of each error code (the mapping reads the
// errorCode); the withdrawal statuses beyond completed, canceled and
// awaiting_processing; that /v2/deposit's description is stable per
// account; the per-endpoint weights; the newer GET /account/history (not
// used: trades, deposits and withdrawals are read instead, so staking
// rewards are not).
package bitvavo
