// Package gemini connects Gemini ("gemini") and its sandbox
// ("gemini-sandbox", play money, marked Paper) with an Auditor API key.
//
// # Requests
//
// Private calls are POSTs with an empty body (Content-Type: text/plain,
// Content-Length: 0, Cache-Control: no-cache): the request path and its
// parameters travel in X-GEMINI-PAYLOAD, base64 of a JSON object
// {"request": path, "nonce": ...}, signed in X-GEMINI-SIGNATURE as hex
// HMAC-SHA384(API secret, that base64 text); the key goes in
// X-GEMINI-APIKEY. The nonce depends on how the key was made, which the
// login form asks: "Uses a time based nonce" keys take the clock in seconds
// (accepted within 30 s of Gemini's clock); other keys take the clock in
// milliseconds kept strictly increasing per key. Private calls are never
// retried by the transport (a repeat would reuse its nonce). Errors are
// {"result":"error","reason":...} (mapError): InvalidSignature /
// InvalidApiKey / MissingRole → invalid credentials at login,
// reauthorisation afterwards; AccountFrozen/Closed → locked; InvalidNonce →
// unavailable; 429 / RateLimited → rate limited; Maintenance, System and 5xx
// → unavailable.
//
// # Data
//
// /v1/balances (the account check), /v1/notionalbalances/usd (each
// currency's amount with its USD value: positions need no separate price
// call, so a failing call costs nothing apart — issue 11.17 does not apply;
// a row without a notional value is PriceUnknown), /v1/account (its
// memo_reference_code names the account for the fingerprint, else its
// creation time and short name), /v1/transfers (deposits, withdrawals,
// rewards; 50 a call) and /v1/mytrades per symbol (500 a call) for every
// symbol of GET /v1/symbols whose base currency is held or moved. No
// documented answer puts details under a key named after a type (issue
// 11.19): transfers and trades are flat rows.
//
// # History (issue 11.20)
//
// The client is an integrations.HistoryWalker: WalkActivities reads the
// transfers list, then each market's trades, in pages, and hands the app
// every page with the cursor to resume from (a small JSON object: the phase,
// the next page's timestamp, the currencies moved so far or the markets
// left), so a walk stopped by a rate limit or a failure resumes where it
// stopped, across retries and syncs. Each page starts at the newest
// timestamp of the page before, in milliseconds, as the reference's "how to
// retrieve your trade history" walks them (with the timestamp itself rather
// than X+1, so rows sharing the last millisecond are not skipped; rows read
// twice are dropped); a short page ends a list. The transfers list may be
// read "1 request per 5 seconds per subaccount" (developer.gemini.com List
// Past Transfers): the client waits out the rest of the 5 seconds between
// its reads of it (TestTransfersPaced, against a fake that refuses faster
// reads; TestWalkResumes). Gemini's history has no documented start before
// which nothing can exist that would save a call: the first page of each
// list is the oldest rows on or after since.
//
// # Rate limits (issue 18.2)
//
// docs.gemini.com/rate-limit: 600 requests a minute for private endpoints,
// 120 for public ones, with a 5-request burst queue and then 429; the
// transfers list once per 5 seconds per subaccount. The docs do not say
// what the minute limits count against, so the institution keeps the
// default per-grant scope (integrations.RateScopeGrant) and paces at the
// recommended 5 requests a second with a burst of 5 (RatePerSecond,
// RateBurst); the fake counts
// private calls per key, public ones per client address (fakekit.PerIP) and
// the transfers list per account.
//
// # Checked against (issue 12)
//
// Gemini publishes no official SDK; the reference is its API documentation
// (docs.gemini.com and developer.gemini.com, 2026: authentication/api-key,
// rest/fund-management — Get Available Balances, Get Notional Balances, List
// Past Transfers —, rest/orders — List Past Trades —, rest/~schemas —
// TimestampType, ErrorResponse —, rate-limit). Agrees: base URLs, POST with
// the payload and signature headers, nonce rules, paths and parameters
// (limit_trades ≤ 500, limit_transfers ≤ 50, timestamp), field names,
// error envelope. Differed, fixed here:
//
//   - timestamps were sent in seconds; the reference "strongly recommends"
//     milliseconds and pages by the newest row's millisecond. The client
//     sends milliseconds; the fake takes both, as Gemini does.
//   - the transfers list was read page after page without pause; Gemini
//     allows one read per 5 seconds per subaccount (paced now; the fake
//     enforces it).
//   - amounts appear as JSON numbers in the current reference's examples
//     (10.5), as strings in older ones: both read (TestBalancesAsNumbers,
//     fixture testdata/balances_numbers.json from the reference's example).
//   - a balance without a notional value was valued at 0; it is
//     PriceUnknown now.
//
// Not verified: Gemini publishes no worked signature example, so Sign is
// tested against a value computed independently (Python hmac); the exact
// order in which mytrades and transfers return rows past a page (read here,
// as the reference's walk implies, as the oldest rows on or after the
// timestamp, sent newest first); the exact reason strings for an unknown
// key and for a frozen account; whether /v1/account needs a role beyond
// Auditor; whether mytrades may omit symbol (the reference's example sends
// one, so every market is read apart). Fiat-only markets and earn/staking
// balances outside the exchange account are not read.
package gemini
