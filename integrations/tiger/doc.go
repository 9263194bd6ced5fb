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
// marketValue, averageCost, multiplier).
//
// Activities come from three methods, walked (integrations.HistoryWalker)
// from since's day, a year back at most, so that a walk stopped by a rate
// limit resumes at its cursor:
//
//   - transfer_fund (the SDK's get_funding_history): every deposit and
//     withdrawal, one list in one answer (no range, no paging), asked with
//     lang en_US and no seg_type, as the Python SDK (seg_type None) and the
//     Go SDK (seg_type omitempty) ask it by default (the Java SDK sends
//     SEC). Rows are id, refId, type, typeDesc, currency, amount,
//     businessDate ("2024/11/15"), completedStatus, createdAt, updatedAt.
//     Types: 1 deposit (CONTRIBUTION), 3 withdrawal (WITHDRAWAL), 20
//     withdrawal fee (FEE), 21 withdrawal refund and 22 failed withdrawal
//     refunded (CONTRIBUTION: the cash comes back), 23 withdrawal fee
//     refunded (FEE, positive); any other OTHER with its typeDesc kept. The
//     type gives the direction, the amount's size the sum. A row not
//     completed (completedStatus false) is left out until it is. Read are
//     the rows of since's day on and those updated (updatedAt) since: a
//     deposit or withdrawal completed after the app's overlap of a week
//     comes then, dated by its business day (before since), rather than
//     never.
//   - order_transactions: the fills, by start_date and end_date
//     (milliseconds) in 90-day windows, limit 100 a page, page_token to
//     nextPageToken; action BUY/SELL, filledQuantity and its scale,
//     filledPrice, filledAmount, transactionTime.
//   - fund_details (the SDK's get_fund_details): the account's cash
//     entries, asked kind by kind (fund_type FEE, CORPORATE_ACTION,
//     ACTIVITY_AWARD, OTHER) for seg_types SEC, and FUT too when
//     prime_assets shows a futures segment (category C or F), in the same
//     90-day windows (start_date and end_date as "yyyy-MM-dd", both
//     included), paged by start (an offset) and limit (at most 100) against
//     itemCount; lang en_US. Entries are id (a string), currency, type (the
//     kind in words), desc, contractName, segType, amount (signed),
//     businessDate, updatedAt. The words decide the type, the type's before
//     the desc's (a dividend whose desc names a fee is a dividend), in this
//     order: a tax or withholding TAX ("Interest Withholding Tax" too),
//     interest (Tiger's own sample spells it "Tnterest") INTEREST, a fee,
//     commission or charge FEE, a dividend DIVIDEND; else a FEE kind is a
//     FEE and the rest OTHER with the words kept. The amount's sign is the
//     direction. Withdrawal fees come from transfer_fund alone: a FEE entry
//     with the business day, currency and signed amount of a type 20 or 23
//     row is left out (one per row), so a fee Tiger lists in both is not
//     counted twice — but only when the walk handed transfer_fund's rows
//     over. When it did not (transfer_fund unreadable at the walk's start,
//     and so a cursor carrying "funding", whichever client resumes it: the
//     app builds a new one each sync) the FEE entries are kept whole and
//     transfer_fund is not read again, so the fee comes from fund_details
//     rather than nowhere. A walk resumed by a new client after the rows
//     were handed over reads transfer_fund again for its fees; when that
//     read fails, the window's FEE entries are missed (ErrPartial) rather
//     than the fee counted twice. Not asked: TRADE (the fills
//     order_transactions gives, so they are not counted twice),
//     DEPOSIT_WITHDRAW (transfer_fund's rows), FUNDS_TRANSFER (moves
//     between the account's own segments, whose balances are added up) and
//     FOREX (conversions within the account).
//
// The cash-flow reads are best effort: the fills come whatever
// transfer_fund and fund_details answer. A refusal, a server error, an
// answer that cannot be read or pages that never end skip that part (the
// whole list, or one kind of one window) and the walk goes on; it ends
// with an error matching ErrPartial that names in plain words what could
// not be read ("the deposits and withdrawals", "some of the dividends,
// interest, fees and other cash entries") and why, and the app records the
// sync as partial. The cursor keeps the parts missed, so a walk resumed
// after a rate limit still says so at its end. A rate limit (the walk
// resumes at that step), a dead grant and an ended context stop the walk
// as before. Institution().HistoryRevision is 1 (both variants): a
// connection synced before these reads walks its whole history once more.
//
// Ids are the fills' own, "funding-<id>" and "detail-<id>"; a row without
// an id gets integrations.RowIDs.
//
// # Errors and rate limits
//
// Answers are {"code","message","timestamp","data"} (data may be an object
// as a JSON string). Documented codes: 0 success; 1 server error and 2
// network timeout (transient); 4 access forbidden (IP whitelist,
// blacklist) — and "code=4 msg=rate limit error" on the rate-limit page;
// 5 rate limit with HTTP 429; 1000 common parameter error, which includes
// "failed to verify signature"; the Go SDK's ClassifyErrorCode
// (client/errors.go) files 1000–1009 as common parameter errors and
// 1010–1099 as business parameter errors ("biz param error"). A refused
// signature or developer id is a dead login (at login, invalid
// credentials), and so is a refusal naming the token to a TBHK client (the
// only one that sends a token) unless it is a business parameter's
// (1010–1099: a page_token, a method's own parameter, never the login); a
// rate limit waits the 60-second rolling window; anything else is
// transient. The message is never shown: it may quote the request. Limits
// count per tigerId and method in a rolling minute: 60 for accounts, assets,
// prime_assets and positions (medium tier), 10 for the low tier, 120 for
// the high; the institution paces at one request a second (burst 5), and
// the history walk resumes after a rate limit where it stopped.
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
// converted to JSON value for value; common/consts/service_types.py:
// TRANSFER_FUND "transfer_fund" and FUND_DETAILS "fund_details"; trade/
// trade_client.py get_funding_history (account, secret_key, lang, and
// seg_type only when given: None by default) and get_fund_details
// (account, secret_key, seg_types as a list,
// fund_type, currency, start, limit, start_date, end_date, lang);
// trade/request/model.py FundingHistoryParams and FundDetailsParams;
// trade/response/funding_history_response.py (data a list, or one record)
// and fund_details_response.py (data.items with page, limit, itemCount,
// pageCount, timestamp); common/consts/__init__.py SegmentType SEC, FUT,
// FUND and Language en_US). The Java SDK, tigerfintech/openapi-java-sdk
// @d2d6d96 (https/request/trade/DepositWithdrawRequest.java: method
// TRANSFER_FUND, seg_type SEC by default; domain/trade/item/
// DepositWithdrawItem.java: id long, refId, type Integer, typeDesc,
// currency, amount, businessDate, completedStatus, updatedAt, createdAt;
// response/trade/DepositWithdrawResponse.java: data is the list), and, in
// a later version the store keeps, domain/trade/item/FundDetailsItem.java
// @4ee3b98 (id String, currency, type, desc, contractName, segType,
// amount, businessDate, updatedAt), FundDetailsPageItem.java @531e1d7 and
// domain/trade/model/FundDetailsModel.java @d62a27b (seg_types,
// fund_type, start_date and end_date as strings, start, limit). Tiger's
// own reference in tigerfintech/tigeropen-skill @9c47b5c
// (skills/tigeropen-java/references/account.md, "Deposit & Withdrawal
// Records" and "Fund Details"): the funding types 1, 3, 20–23, the
// fund_type kinds ALL, DEPOSIT_WITHDRAW, TRADE, FEE, FUNDS_TRANSFER, FOREX,
// CORPORATE_ACTION, ACTIVITY_AWARD, OTHER, limit default 50 and at most
// 100, start an offset, dates yyyy-MM-dd, "standard accounts only", and
// the two sample answers in testdata/transfer_fund.json and
// testdata/fund_details.json byte for byte. The Go SDK,
// tigerfintech/openapi-go-sdk @7c9c2ff: CHANGELOG.md 0.3.3 (FundingHistory:
// the server answers a bare list), 0.3.4 (FundingHistoryItem rewritten:
// ID string → int64, refId, type, typeDesc, businessDate,
// completedStatus), and the FundDetails.ID fix of commit 36112da ("add
// FundDetails.ID fix to v0.4.3", printed under 0.4.4): the server sends
// fund_details' id as a string where the model had a number, read since by
// FlexInt64 as either (older stored versions of the CHANGELOG, such as
// 07b45e1 and def8269, predate it; their 0.3.2 entry is SegmentFund's
// number-or-string id, another method's); model/trade_requests.go
// FundingHistoryRequest (seg_type omitempty, so none by default);
// client/errors.go ClassifyErrorCode. The docs: docs-en.itigerup.com
// error-codes and ratelimit, quant.itigerup.com "Preparation" (developer
// registration, account kinds), developer.itigerup.com oauth2
// registration (companies only), docs-en.itigerup.com/docs/ratelimit (the
// three tiers). The token's 15 days: the example token
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
// refused or expired token (a refusal naming the token outside the
// business parameter codes is a dead login for a TBHK client);
// whether order_transactions limits its range (90-day windows are asked);
// the rate tier of order_transactions, user_token_refresh, transfer_fund
// and fund_details (the pages seen list the high and medium tiers only);
// whether fund_details limits its range (90-day windows are asked, as the
// reference's example spans) and whether it accepts seg_types FUT for an
// account without futures (FUT is asked only of an account with a futures
// segment; a refusal would cost only those entries); whether transfer_fund
// without seg_type answers every segment's records or the securities
// segment's (the Java SDK's default), and whether updatedAt moves when a
// row completes (a row completed late is found by it); the sign of a
// withdrawal's amount in transfer_fund (the type decides; the sample shows
// a deposit only); whether transfer_fund's withdrawal fee (20) also
// appears among fund_details' FEE entries, and if so with the same
// business day and amount (the fake files it there; a fee matched so is
// left out, one that differs would count twice); whether
// order_transactions' filledAmount includes the commission and whether
// fund_details files commissions under FEE or TRADE (fills carry no fee);
// the words of entries other than the sample's two (the types are read
// from English words; a kind's words Tiger changes fall back to OTHER or
// FEE); the Go SDK's FundDetails model (segType, fundType, balance,
// occurTime, remark, externalId) differs from the Java SDK's and the
// reference's fields, which are followed; the Python skill reference's
// get_funding_history(start_time, end_time, currency) is not the SDK's
// signature at @4785441 (seg_type only), which is followed; whether
// positions accepts sec_type ALL (three calls are made instead); warrants
// (WAR, IOPT) and funds held by a standard account are not read; TradeUP
// (licence TBUS, openapi.tradeup.com) is not offered.
package tiger
