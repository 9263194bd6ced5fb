// Package etoro connects an eToro portfolio, real (etoro) or virtual
// (etoro-demo), through eToro's public API, read-only.
//
// # Login
//
// Two keys on every request, with a fresh UUID in x-request-id: x-api-key,
// the public API key that identifies the application (eToro's API portal),
// and x-user-key, the user key the investor generates on etoro.com under
// Settings → Trading → API Key Management: a name, the environment (Real or
// Virtual — a key answers only in its own), the permission (Read suffices:
// Latchkey asks for it), optionally an IP whitelist and an expiration
// date, confirmed by a code sent to the phone. The form asks for both keys
// and, optionally, that expiration date; one snapshot call checks them.
// The key does not refresh. Its expiration date, when given, is
// Grant.Expiry (the end of that day), so the connection shows as expiring
// in its last 7 days; without one the key has no known end. The OAuth
// "Login with eToro" flow is for partner applications ("contact the eToro
// partnerships team"), not an individual's own keys.
//
// # Data
//
// One account per environment: the customer (cid) of GET
// /api/v1/trading/info/aggregate-portfolio (demo: …/info/demo/aggregate-
// portfolio), kept as integrations.AccountHash of the cid, shown masked.
// Its accountTotals give the balance: accountAvailableCash, and
// accountTotalValue as the total, in accountCurrency. Its
// instrumentAggregates are the holdings, one per instrument: netUnits,
// liquidationValueAccountCurrency as the value (margin plus P&L, the cash
// the holding would bring back), the price as the net current exposure
// over the units, netAvgOpenRate × avgConversionRate as the average cost,
// totalMarginAccountCurrency as the cost basis; a leveraged or short
// holding (a CFD) is typed "other". Each copy-trading mirror is one
// holding (type fund) valued at its mirrorLiquidationValue. Names come
// from GET /api/v1/market-data/instruments?instrumentIds= (symbolFull,
// instrumentDisplayName, instrumentTypeID: 5 Stocks, 6 ETF, 7 Bonds, 8
// TrustFunds, 9 Options, 10 Crypto, the rest "other"); when that call fails
// the holdings keep their values under the names read before (or
// "eToro:<id>") with a partial-read error.
//
// Activities are positions opened and closed: GET
// /api/v1/trading/info/trade/history (demo: …/trade/demo/history) with
// minDate, page and pageSize — closed positions, each an opening leg (a
// BUY, at openRate, the investment out) and a closing leg (a SELL, at
// closeRate, investment plus netProfit back, fees) — and the openings of
// the positions still open (GET …/trading/info/portfolio). A short or
// leveraged position's legs are OTHER ("open short", "close leveraged"),
// their amounts the margin out and back. The document asks each history
// request to look back less than a year ("maximum 1 year minus 1 day"):
// minDate is at most 364 days back. The API lists no deposits, withdrawals,
// dividends or interest.
//
// # Errors and rate limits
//
// Errors are {"errorCode","errorMessage"}; 401 Unauthorized (and 403) is a
// dead key (at login, a refused one, with a hint about the environment);
// 429 TooManyRequests waits its Retry-After, else RateLimit-Reset
// (seconds), else a minute; 5xx (UnhandledException) is transient. The
// message is never shown. The default shared quota is 60 requests per 60
// seconds for every endpoint without its own; answers carry
// RateLimit-Limit, -Remaining, -Reset and -Policy ("60;w=60"). The
// institution paces at one request a second (burst 5), per key.
//
// # Sources
//
// eToro publishes no SDK; its reference is the API portal
// (api-portal.etoro.com): getting-started/authentication (the two keys,
// Settings → Trading → API Key Management, Read or Write, IP whitelist,
// expiration date, SMS verification, the three headers); the OpenAPI
// document ("eToro Api" v1.375.0, as pinned in Luke-Bradford/eBull
// tests/fixtures/etoro, and v1.206.0 on the portal's pages): the paths
// above, the aggregated snapshot's schema and example
// (testdata/aggregate_portfolio.json, the mirror's last field left out as
// the copy read was cut), the portfolio example (testdata/portfolio.json),
// the instruments schema, the error examples (Unauthorized,
// TooManyRequests with Retry-After, UnhandledException), the RateLimit-*
// headers, the shared 60-per-60-seconds quota, the history's lookback
// sentence; builders.etoro.com "Authentication & API Keys" (OAuth for
// partners). The trade history answer in testdata/history.json is a demo
// account's capture (eBull tests/fixtures/etoro/trade_history_demo.json);
// testdata/instruments.json is the instruments answer for AAPL captured
// there (docs/research/etoro-instrument-samples), and the instrument types
// its lookup_instrument-types.json.
//
// Not verified (no source settles them): which endpoints have their own
// quota rather than the shared one; whether a key of the other environment
// answers 401 or 403 (both refuse); whether a history request past a year
// is refused (the document asks not to make one; one was observed
// answered); whether the demo trade history is served for every account
// (one capture); the aggregated snapshot's mirror field parentUsername
// (read when present); how an expired key answers (taken as 401).
package etoro
