// Package etrade connects E*TRADE accounts through the E*TRADE API:
// "etrade" (https://api.etrade.com) and "etrade-sandbox"
// (https://apisb.etrade.com, sample data, marked paper). The authorize page
// is on https://us.etrade.com ("auth" endpoint).
//
// The user registers their own consumer key at developer.etrade.com and
// enters it (as the client id) with its secret in Settings; without it the
// login fails with ErrNoApp. The login is OAuth 1.0a with an out-of-band
// verifier: a request token (oauth_callback=oob), a BrowserStep to
// /e/t/etws/authorize?key=CONSUMER_KEY&token=REQUEST_TOKEN that the user
// accepts, the 5-character verification code E*TRADE then shows, pasted
// back (Login.Paste or Answer.Redirect; a pasted URL or query carrying
// oauth_verifier works too), and the access token. Every request is signed
// with HMAC-SHA1 in the Authorization header by github.com/dghubble/oauth1
// (its request-token and access-token calls run under the step's context
// through Env.HTTP; their errors are mapped from the status and the
// oauth_problem the answer names, never from the library's text, which
// quotes the body). A wrong code returns the same step with
// ErrInvalidMFACode; a declined request (oauth_problem=permission_denied)
// ErrApprovalDenied; a refused consumer key ErrInvalidCredentials; a request
// token that expired ErrLoginTimeout.
//
// E*TRADE ends access tokens at midnight US Eastern time: Grant.Expiry is
// that midnight, and past it the client answers ErrReauthRequired without a
// request. A token unused for two hours goes inactive: the client renews it
// (GET /oauth/renew_access_token) before using it when it knows it has been
// idle, and after any 401 renews once and tries again; a renewal refused
// (oauth_problem=token_expired or token_rejected) ends in ErrReauthRequired.
// Renewing keeps the same token, so nothing is saved. US Eastern time is
// computed from the US rule (second Sunday of March to first Sunday of
// November), so no time zone database is needed.
//
// Data (JSON, by the .json suffix): GET /v1/accounts/list (accountIdKey is
// the Latchkey id, accountId the number, shown masked; IRA types are
// retirement); /v1/accounts/{key}/balance?instType=BROKERAGE&realTimeNAV=true
// (Computed.cashBalance, buying power cashBuyingPower or, on margin
// accounts, marginBuyingPower, total RealTimeValues.totalAccountValue);
// /v1/accounts/{key}/portfolio?count=50&pageNumber=N up to totalPages
// (Product.securityType EQ, OPTN, MF, MMF, BOND; price Quick.lastTrade;
// SHORT positions negative); /v1/accounts/{key}/transactions?startDate=
// &endDate= (MMDDYYYY, US Eastern; at most two years back) &count=50, then
// &marker= while moreTransactions, 204 when there are none. Transaction
// types are mapped by their words (Bought, Sold, Reinvest, Dividend,
// Interest, Tax, Fee, Deposit, Withdrawal, Transfer by sign, Split; others
// OTHER), dates are epoch milliseconds read as US Eastern days, amounts JSON
// numbers decoded from their text.
//
// Errors: 401 as above; 429, and the 400 page "Number of requests exceeded
// the rate limit set", a RateLimitError; 5xx, malformed or truncated answers
// ErrUnavailable. Requests go through an httpx.API (client.go) whose
// client signs them; its status mapper keeps a 401's oauth_problem.
//
// Rate limits: the Accounts API allows 2 requests a second and 7,000 an
// hour per user (the v0 rate-limit guide,
// us.etrade.com/ctnt/dev-portal/getContent?contentUri=V0_Documentation-DeveloperGuides-RateLimits):
// per grant, the RateScope default. The fake keeps both windows per access
// token (TestRateWindowPerUser).
//
// Positions come priced (the Quick block) by the portfolio call itself, so
// no separate price call can fail. A transaction's details sit under
// "brokerage" whatever its type, as the documented
// TransactionListResponse example has them (issue 11.19's assumption does
// not arise).
//
// The login is an integrations.StepLogin whose Start gets the request token
// and returns the BrowserStep of the authorize page (an OAuth 1.0a
// out-of-band login has no form), and whose Browse takes the verification
// code, pasted as the answer or while Next waits.
//
// # Sources
//
// E*TRADE publishes no SDK on GitHub (its sample clients are downloads
// from developer.etrade.com); its documented reference is the API docs.
// Verified against: the E*TRADE API docs
// (https://apisb.etrade.com/docs/api/authorization/request_token.html,
// get_access_token.html, renew_access_token.html, revoke_access_token.html;
// account/api-account-v1.html, api-balance-v1.html, api-portfolio-v1.html,
// api-transaction-v1.html; the v0 rate-limit guide); jessecooper/pyetrade
// (pyetrade/authorization.py: oob callback, the key= and token= authorize
// URL, requests-oauthlib POSTing the token requests, renew and revoke by
// GET; accounts.py: paths, instType); daironmichel/toolsbackbone
// (trader/tests/data/etrade/transactions.py and portfolio.py: real answers
// with their field names and types); RFC 5849 §1.2 and §3.4.1.1 for the
// signature (the fake's verifier passes the RFC's examples; the first
// example's printed signature is corrected as in the RFC errata).
//
// Not verified: the exact list of transactionType values (the mapping goes
// by words), which oauth_problem an idle token and a wrong verifier get
// (the client renews on any 401, and takes any other refusal of the access
// token request as a wrong code), whether E*TRADE refuses a nonce the
// plumbing's retry sends twice (see the package's report), and
// EDT/EST outside the post-2007 US rule.
package etrade
