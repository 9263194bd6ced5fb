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
// positions 1 per s, each history list 20 per minute in the current spec).
// Every answer carries x-ratelimit-limit, -period, -remaining, -reset (Unix
// time) and -used; the client remembers them per endpoint and, when an
// endpoint's window is used up, waits for its reset (up to 90 s, ctx-aware)
// before the next request; a 429 that says when the window resets is sat
// out the same way twice at most, then returned as a
// *integrations.RateLimitError with the wait.
//
// Errors: 401 is a refused key (ErrInvalidCredentials during the login,
// ErrReauthRequired after); 403 a missing permission (the same, naming it);
// 429 a RateLimitError; 408 and 5xx ErrUnavailable; malformed or truncated
// bodies ErrUnavailable.
//
// # Sources
//
// Verified against: https://docs.trading212.com/api (environments, HTTP
// Basic auth and the legacy key header, rate-limit headers, Invest and
// Stocks ISA only, values in the primary currency); the key help page
// https://helpcentre.trading212.com/hc/en-us/articles/14584770928157-Trading-212-API-key;
// cyrbil/go-trading212 (pkg/trading212/models/*.go,
// internal/pkg/trading212/endpoints.go and the example payloads in
// pkg/trading212/operations_*_test.go: /equity/account/summary,
// /equity/positions, /equity/history/{orders,dividends,transactions} and
// their field names); a public project's notes of the OpenAPI bundle
// (docs.trading212.com/_bundle/api.yaml) checked against a real account
// (limits, newest-first paging, signed transaction amounts, fills with
// corporate-action types, netValue including fees, GBX quotes, split pairs);
// third-party clients quoting nextPagePath values, one of them a bare query
// string for transactions.
//
// Not verified: the bodies of error answers (undocumented; the client reads
// only the status), whether every history limit is 20 or 6 a minute (older
// docs say 6), the meaning of the transactions' time parameter on its own,
// and corporate-action fill types other than splits.
package trading212
