// Package trading212 connects Trading 212 Invest and Stocks ISA accounts
// through the Trading 212 Public API (v0, beta): "trading212" (live,
// https://live.trading212.com/api/v0) and "trading212-practice" (demo,
// https://demo.trading212.com/api/v0).
//
// The user pastes an API key and its secret, made in the app under Settings →
// API (Beta) with read permissions only. Every request carries them as HTTP
// Basic credentials (key as user name, secret as password); an older key
// without a secret is sent raw in the Authorization header, the spec's
// legacyApiKeyHeader scheme. Keys do not expire: the grant has no expiry and
// never refreshes. The login reads the account summary and one row of
// positions and of each history list, so a key missing a permission (403) is
// refused at once with the permission named.
//
// One key is one account: Accounts returns it from GET
// /equity/account/summary (id, currency, totalValue, cash{availableToTrade,
// inPies, reservedForOrders}); its Latchkey id is a hash of the environment
// and the account number, and the number is shown masked. Balances: one, in
// the account currency (cash = available + reserved + in pies, buying power
// = available, total = totalValue). Positions: GET /equity/positions, prices
// in the instrument's currency; GBX (pence) quotes are converted to GBP;
// tickers such as AAPL_US_EQ, BRK_B_US_EQ, VUSAl_EQ and SAPd_EQ become AAPL,
// BRK.B, VUSA (LSE) and SAP (XETRA). Activities come from three lists, each
// newest first and paged by following nextPagePath (as a root path, or as a
// bare query string as observed for transactions; never to another host),
// stopping at the first page that reaches before since:
//
//   - GET /equity/history/orders: filled orders (orders without a fill are
//     skipped); TRADE fills are BUY or SELL by order side, STOCK_SPLIT fills
//     SPLIT, other corporate-action fills OTHER. The amount is the fill's
//     walletImpact.netValue (account currency, fees included), the fee the
//     sum of its taxes (sent negative).
//   - GET /equity/history/dividends: DIVIDEND; INTEREST* types INTEREST;
//     RETURN_OF_CAPITAL, DEMERGER and INTERIM_LIQUIDATION types OTHER.
//   - GET /equity/history/transactions: DEPOSIT → CONTRIBUTION, WITHDRAW →
//     WITHDRAWAL, FEE → FEE, TRANSFER → TRANSFER_IN or _OUT by sign,
//     INTEREST_ON_FREE_CASH and LENDING_INTEREST → INTEREST, others OTHER.
//
// Amounts are JSON numbers, decoded from their text into decimals (never
// through float64).
//
// Rate limits are per account and per endpoint (summary 1 per 5 s,
// positions 1 per s, each history list 6 per minute). The reference says
// they apply "on a per-account basis, regardless of which API key is used or
// which IP address the request originates from": a key is one account, so
// the Institution's RateScope is per grant (the default); the fake counts
// each endpoint's window per account. Every answer carries
// x-ratelimit-limit, -period, -remaining, -reset (Unix time) and -used; the
// client reads them per endpoint (an observing transport under httpx's
// call, which hands back only bodies) and, when an endpoint's window is used
// up, waits for its reset (up to 90 s, ctx-aware, on an injected sleep the
// tests and the fake's harness move a clock with) before the next request;
// a 429 that says when the window resets is sat out the same way twice at
// most, then returned as a *integrations.RateLimitError with the wait.
//
// At six pages of 50 a minute per list, a long history takes minutes: the
// client is an integrations.HistoryWalker whose cursor is "<list>
// <nextPagePath>", handed to the app after every page, so a walk cut short
// by a cancelled sync or an error resumes at that page in the next sync
// instead of starting over.
//
// Errors: 401 is a refused key (ErrInvalidCredentials during the login,
// ErrReauthRequired after); 403 a missing permission (the same, naming it);
// 429 a RateLimitError; 408 and 5xx ErrUnavailable; malformed or truncated
// bodies ErrUnavailable.
//
// # Sources
//
// Trading 212 publishes no SDK: the reference is its API documentation,
// https://docs.trading212.com/api (the OpenAPI bundle _bundle/api.json and
// its per-endpoint pages, as exported to Markdown in the current "Get
// account summary", "Fetch all open positions", "Get historical orders
// data" and "Get transactions" pages: path, rate limit, security schemes
// authWithSecretKey and legacyApiKeyHeader, query parameters, every field
// with its type, the fill types and tax names, the transaction types, and
// the statuses 400/401/403/408/429 with no documented body). Checked point
// by point against the client and the fake: base paths and version
// (/api/v0, live and demo hosts), the two auth schemes, the five paths (all
// under /equity — older pages put dividends and transactions under
// /api/v0/history, which the current reference and cyrbil/go-trading212
// internal/pkg/trading212/endpoints.go no longer do), field names and types
// (numbers, not strings; id an integer; nextPagePath a string or null),
// paging (limit at most 50, cursor integer for orders and dividends, string
// plus time for transactions), and the rate limits.
//
// Deviation found and fixed: the history lists allow 6 requests a minute,
// not 20 (the fake served 20, so the client's pacing was never tested at
// the real budget). The fake now enforces 6 per list per account, and
// TestWalkPacesEachList and TestWalkResumesAcrossBudgets prove the client
// paces to it and resumes a walk across budgets. The field names of the
// decoders matched the reference (decode_test fixtures in testdata/ follow
// the reference's field lists and cyrbil/go-trading212
// pkg/trading212/models/historical_events.go at 667479853bc4: taxes carry
// name, quantity, currency and chargedAt; dividends amount, amountInEuro,
// grossAmountPerShare, quantity, reference, ticker, tickerCurrency, type).
// No decoder assumes details under a key named after a type: the lists are
// flat objects.
//
// Also used: the key help page
// https://helpcentre.trading212.com/hc/en-us/articles/14584770928157-Trading-212-API-key;
// public projects' notes checked against a real account (newest-first
// paging, signed transaction amounts, netValue including fees, GBX quotes,
// split pairs) and third-party clients quoting nextPagePath values, one of
// them a bare query string for transactions.
//
// Not verified: the bodies of error answers (undocumented; the client reads
// only the status), the meaning of the transactions' time parameter on its
// own, transaction types beyond the four documented ones (INTEREST_ON_FREE_CASH
// and LENDING_INTEREST are read as interest, others OTHER), and
// corporate-action fill types other than splits.
package trading212
