// Package bitvavo connects Bitvavo ("bitvavo") with a View-only API key.
//
// Every request carries Bitvavo-Access-Key, Bitvavo-Access-Timestamp (ms),
// Bitvavo-Access-Window (10000) and Bitvavo-Access-Signature = hex
// HMAC-SHA256(secret, timestamp ‖ method ‖ path from /v2 with its query ‖
// body). Errors are {"errorCode":N,"error":"..."}: 103 (rate limited) and
// 105 (banned for ignoring 103) are rate limits waiting until
// Bitvavo-Ratelimit-ResetAt / -AllowAt; 301, 305–309 (unknown, unconfirmed
// or IP-restricted key, bad signature) and 311 (no View permission) are
// invalid credentials at login and reauthorisation afterwards; 302/304
// (timestamp) are unavailable (check the clock); 101 and 5xx unavailable.
//
// Data: GET /v2/balance (available + inOrder), GET /v2/ticker/price for
// prices in EUR, GET /v2/deposit?symbol=EUR (its description is the user's
// personal bank-transfer reference: it names the account for the
// fingerprint, the key when absent), GET /v2/depositHistory and
// /v2/withdrawalHistory (500 a page) and GET /v2/trades?market= (1000 a page)
// for every market whose base is held or moved. Histories come newest first:
// a full page moves end back to its oldest row and rows are deduplicated.
// Deposits and withdrawals have no id: their txId, else a hash of the row.
//
// # Sources
//
//   - https://docs.bitvavo.com/docs/authentication (headers, signature
//     string, window), https://docs.bitvavo.com/docs/errors (error body and
//     codes), brokerages.md §21 (103/105, Bitvavo-Ratelimit-AllowAt)
//   - public clients: bitvavo/python-bitvavo-api and ccxt bitvavo.py (paths,
//     parameters, field names of balance, trades, depositHistory,
//     withdrawalHistory, ticker/price, deposit)
//
// Caution: Bitvavo's 429 (103) carries no Retry-After, only
// Bitvavo-Ratelimit-ResetAt, and the shared transport retries a GET that got
// a 429 after a short backoff; Bitvavo bans (105) a client that sends again
// before the reset. The fake reproduces this. httpx would need a way to opt a
// request out of its retries, or to honour a vendor reset header.
//
// Not verified: Bitvavo publishes no worked signature example (Sign is
// tested against Python's hmac); the HTTP status of each error code (the
// mapping reads the errorCode); the withdrawal statuses beyond completed and
// canceled; that /v2/deposit's description is stable per account; the newer
// GET /account/history (not used: trades, deposits and withdrawals are read
// instead, so staking rewards are not).
package bitvavo
