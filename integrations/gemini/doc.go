// Package gemini connects Gemini ("gemini") and its sandbox
// ("gemini-sandbox", play money, marked Paper) with an Auditor API key.
//
// Private calls are POSTs with an empty body (Content-Type: text/plain,
// Content-Length: 0): the request path and its parameters travel in
// X-GEMINI-PAYLOAD, base64 of a JSON object {"request": path, "nonce": ...},
// signed in X-GEMINI-SIGNATURE as hex HMAC-SHA384(API secret, that base64
// text); the key goes in X-GEMINI-APIKEY. The nonce depends on how the key was
// made, which the login form asks: "Uses a time based nonce" keys take the
// clock in seconds (accepted within 30 s of Gemini's clock); other keys take
// the clock in milliseconds kept strictly increasing per key (so across
// restarts too). Private calls are not retried by the transport (a repeat
// would reuse its nonce). Errors are {"result":"error","reason":...}:
// InvalidSignature / MissingRole / InvalidApiKey → invalid credentials at
// login, reauthorisation afterwards; AccountFrozen/Closed → locked;
// InvalidNonce → unavailable; 429 / RateLimited → rate limited; Maintenance,
// System and 5xx → unavailable.
//
// Data: /v1/balances (cheap account check), /v1/notionalbalances/usd (each
// currency's amount with its USD value: positions need no ticker), /v1/account
// (its memo_reference_code names the account for the fingerprint, else its
// creation time and short name), /v1/transfers (deposits, withdrawals,
// rewards; 50 a call from a timestamp) and /v1/mytrades per symbol (500 a
// call) for every symbol of GET /v1/symbols whose base currency is held or
// moved. A full page moves the timestamp on to its newest row and rows are
// deduplicated by tid / eid.
//
// # Sources
//
//   - https://docs.gemini.com/authentication/api-key (payload, headers,
//     HMAC-SHA384, nonce rules for time-based and other keys)
//   - https://docs.gemini.com/rest/fund-management (balances, notional
//     balances, transfers), …/rest/orders (mytrades), …/rest/market-data
//     (symbols); brokerages.md §22
//   - public clients: ccxt gemini.py (seconds nonce for time-based keys,
//     error reasons), the Gemini python examples (mytrades parameters)
//
// Not verified: Gemini publishes no worked signature example, so Sign is
// tested against a value computed independently (Python hmac); the order in
// which mytrades and transfers return rows when more than a page follows the
// timestamp (read here as the oldest rows after it, sent newest first); the
// exact reason strings for an unknown key and for a frozen account; whether
// /v1/account needs a role beyond Auditor. Fiat-only markets and earn/staking
// balances outside the exchange account are not read.
package gemini
