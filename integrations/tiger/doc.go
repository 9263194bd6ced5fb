// Package tiger connects Tiger Brokers accounts through Tiger's Open API,
// read-only: tiger for the licences whose requests are signed with the RSA
// key alone (Singapore TBSG, New Zealand TBNZ, Australia TBAU), tiger-hk
// for Tiger Brokers Hong Kong (TBHK), whose requests also carry a token.
//
// # Login
//
// Tiger's OAuth 2.0 is for third-party companies: an app is registered
// with the company's name, business scope, user scale and contact, and
// approved by Tiger (developer.itigerup.com, oauth2 "App Registration").
// An individual gets the developer route instead: with a funded account,
// sign the API agreement on developer.itigerup.com/profile, register an
// RSA public key and receive a Tiger ID. Latchkey's form asks for the
// Tiger ID and the private key (the private_key_pk1 body of
// tiger_openapi_config.properties, a PKCS#8 body, or a PEM block; a
// multi-line secret), and for tiger-hk the token (tiger_openapi_token.
// properties). One accounts call checks them. Tiger offers no read-only
// key; Latchkey calls only reading methods.
//
// Every request is a POST of JSON to the gateway with the common
// parameters tiger_id, method, charset (UTF-8), sign_type (RSA), version
// (2.0), timestamp ("yyyy-MM-dd HH:mm:ss", the machine's local time as the
// SDK sends it), device_id (the SDK sends the MAC address; Latchkey a random
// id kept with the grant) and biz_content (the method's parameters as
// compact JSON with sorted keys), and sign: SHA1withRSA (PKCS #1 v1.5,
// base64) of every parameter sorted by name as name=value joined by "&".
// TBHK requests put the token in the Authorization header.
//
// The key never expires (Grant.Expiry zero). A TBHK token holds its own
// times — base64 of "<made ms>,<expires ms>" and a signature — and lasts
// 15 days; the client renews it once it is a day old (user_token_refresh),
// saves the grant with the new end before using it, and Grant.Expiry is
// the current token's end (expiring in its last 3 days). A token past its
// end is not sent: the connection asks for a repair with a new token.
//
// # Data
//
// accounts lists the developer's accounts; the standard (prime) accounts
// are read; paper accounts (17 digits, accountType PAPER) and legacy
// global accounts (U…, GLOBAL) are left out. Account numbers are kept as
// integrations.AccountHash and shown masked. prime_assets gives the
// balances: a balance per segment currency (securities S, futures C and F
// added up; the buying power the securities segment's), the first
// segment's currency the account's base. positions reads one security type
// per call (STK, OPT, FUT); quantities come as position and positionScale
// beside the decimal positionQty; positions come priced (latestPrice,
// marketValue, averageCost, multiplier). Activities are fills:
// order_transactions by start_date and end_date (milliseconds) in 90-day
// windows from since (a year back at most), limit 100 a page, page_token
// to nextPageToken; action BUY/SELL, filledQuantity and its scale,
// filledPrice, filledAmount, transactionTime. Deposits, dividends and fees
// are not read (the SDK's funding and fund-details methods are not used).
//
// # Errors and rate limits
//
// Answers are {"code","message","timestamp","data"} (data may be an object
// as a JSON string). Documented codes: 0 success; 1 server error and 2
// network timeout (transient); 4 access forbidden (IP whitelist,
// blacklist) — and "code=4 msg=rate limit error" on the rate-limit page;
// 5 rate limit with HTTP 429; 1000 common parameter error, which includes
// "failed to verify signature". A refused signature, developer id or
// token is a dead login (at login, invalid credentials); a rate limit
// waits the 60-second rolling window; anything else is transient. The
// message is never shown: it may quote the request. Limits count per
// tigerId and method in a rolling minute: 60 for accounts, assets,
// prime_assets and positions (medium tier); the institution paces at one
// request a second (burst 5).
//
// # Sources
//
// The official Python SDK, tigerfintech/openapi-python-sdk @4785441
// (tigeropen/tiger_open_client.py: the common parameters, the request and
// its signing; common/util/signature_utils.py: get_sign_content,
// sign_with_rsa with SHA1 and PKCS1v15, the key formats; tiger_open_config.
// py: the default gateway https://openapi.tigerfintech.com/gateway, the
// licences TBNZ, TBSG, TBHK, TBAU, TBUS, the token file and its
// "<made>,<expires>" prefix; common/consts/service_types.py: the method
// names; trade/trade_client.py and trade/request/model.py: the methods'
// parameters; trade/response/*.py: the answers' field names;
// common/util/account_util.py: paper accounts; tests/test_trade_client.py:
// the positions, prime_assets and order_transactions answers in testdata,
// converted to JSON value for value). The docs: docs-en.itigerup.com
// error-codes and ratelimit, quant.itigerup.com "Preparation" (developer
// registration, account kinds), developer.itigerup.com oauth2
// registration (companies only). The token's 15 days: the example token
// in tiger-mcp's authentication guide decodes to a 15-day span, as the
// issue's note says.
//
// Not verified (no source settles them): the accounts answer's sample
// (testdata/accounts.json follows the SDK's parser: items of account,
// capability, status, accountType); whether the default gateway serves
// every licence (the SDK looks the licence's domain up, and falls back to
// it); whether the server checks the timestamp's time zone; whether
// user_token_refresh may renew a token indefinitely, and how long a
// renewed token lasts (taken as 15 days); the code and message of a
// refused or expired token (any refusal naming the token is a dead login);
// whether order_transactions limits its range (90-day windows are asked);
// the rate tier of order_transactions and user_token_refresh; whether
// positions accepts sec_type ALL (three calls are made instead); warrants
// (WAR, IOPT) and funds held by a standard account are not read; TradeUP
// (licence TBUS, openapi.tradeup.com) is not offered.
package tiger
