// Package ibkrflex reads Interactive Brokers accounts through the Flex Web
// Service (version 3), institution "ibkr-flex".
//
// The user makes an Activity Flex Query in Client Portal (sections Account
// Information, Cash Report, NAV in Base, Open Positions, Trades, Cash
// Transactions; XML) and generates a Flex Web Service token, then pastes
// the token and the query id (and, optionally, the token's expiry date,
// which becomes Grant.Expiry: the end of that day, UTC). The login fetches
// one statement to validate them; the fingerprint is the sorted account
// numbers the statement covers. Tokens do not refresh.
//
// A statement is fetched in two steps, each a GET with t=TOKEN, q and v=3
// and the User-Agent "Java" the service asks programs to send:
// SendRequest?q=QUERY answers a <FlexStatementResponse> with Status Success,
// a ReferenceCode and the Url of GetStatement (or an ErrorCode); then
// GetStatement?q=REFERENCE answers "Statement generation in progress" (1019)
// until the <FlexQueryResponse> is ready. The client polls with waits that
// double from 3 s up to 20 s, within a budget of 3 minutes, and every wait
// ends with ctx; the waits and the budget are fields tests replace. The Url
// is followed only when it is on the endpoint's own host or an https
// *.interactivebrokers.com host (the token goes with it). Codes 1001,
// 1004-1009, 1019 and 1021 are waited out; 1018 (too many requests: one a
// second, ten a minute per token) waits at least 10 s and ends as a
// RateLimitError when the budget is spent; 1012 (token expired), 1015
// (invalid), 1011, 1013 (IP restriction), 1014 and 1010 (query), 1016 are
// refusals (ErrInvalidCredentials during the login, ErrReauthRequired
// after); other codes, HTTP 5xx and unreadable XML are ErrUnavailable.
//
// One statement holds positions, trades and cash transactions of every
// account of the query: Accounts always fetches a fresh one, and Balances,
// Positions and Activities read the one Accounts fetched while it is less
// than five minutes old (a sync costs one statement). From each
// <FlexStatement>: accounts from AccountInformation (accountId, acctAlias,
// currency, accountType; IRA types are retirement), their Latchkey id a hash
// of the number; balances per currency from CashReport/CashReportCurrency
// endingCash plus the value of the positions in that currency (the
// BASE_SUMMARY row is skipped); positions from OpenPositions/OpenPosition
// summary rows (STK, with subCategory ETF as etf; OPT and FOP option; BOND
// and BILL bond; FUND; CASH; CRYPTO; others other); activities from
// Trades/Trade execution rows (BUY, SELL, cancellations OTHER; amount
// netCash, fee |ibCommission|+|taxes|, settlement settleDateTarget) and
// CashTransactions/CashTransaction detail rows (Dividends and Payment In
// Lieu → DIVIDEND, Withholding Tax → TAX, Broker/Bond Interest Received and
// Paid → INTEREST, Other Fees, Commission Adjustments and Advisor Fees →
// FEE, Deposits & Withdrawals (or Deposits/Withdrawals) → CONTRIBUTION or
// WITHDRAWAL by sign, others OTHER). Numbers are attribute text parsed into
// decimals; dates are yyyyMMdd by default, and the other date formats a
// query can be set to are read too.
//
// # Sources
//
// Verified against: the Flex Web Service guide
// (https://www.interactivebrokers.com/campus/ibkr-api-page/flex-web-service/:
// endpoints, v=3, the User-Agent requirement, the error code table);
// csingley/ibflex (ibflex/client.py and tests/test_client.py: request and
// answer shapes, Status Success/Warn/Fail, the 1001 and 1012 examples;
// ibflex/Types.py and enums.py: the attributes of AccountInformation,
// CashReportCurrency, OpenPosition, Trade, CashTransaction and the
// CashAction texts); ib-api-reloaded/ib_async ib_async/flexreport.py (poll
// until "Statement generation in progress" ends); public clients quoting
// the error table (1018: one request a second, ten a minute per token).
//
// Not verified: whether IBKR honours fd/td date parameters (the client does
// not send them: the query's period applies), the exact attributes of
// EquitySummaryByReportDateInBase, and which HTTP status, if any, the
// service uses besides 200.
package ibkrflex
