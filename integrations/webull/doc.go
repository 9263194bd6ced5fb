// Package webull connects Webull US through its official OpenAPI
// (https://api.webull.com): the user's own App Key and App Secret sign every
// request, and when the API's two-factor authentication is on, an access
// token the user approves in the Webull app rides along in x-access-token.
// The same package connects Webull Hong Kong (webull-hk,
// https://api.webull.hk) and Webull Japan (webull-jp,
// https://api.webull.co.jp): one institution, a distinct OpenAPI per
// region; see "Hong Kong and Japan" below. Everything else here is said of
// Webull US and holds in every region unless that section says otherwise.
//
// # Login
//
// The user enters the App Key and App Secret. As the SDKs' ClientInitializer
// does, the login first reads GET /openapi/config: a wrong key pair is
// refused there (HTTP 401: ErrInvalidCredentials, the form is handed back),
// and token_check_enabled says whether a token is needed. Without one the
// login ends with an account read and a grant that does not expire. With
// one it creates a token (POST /openapi/auth/token/create, body {}): a
// PENDING token becomes an ApproveStep (the user enters Webull's SMS code in
// the Webull app) and Next polls Check Token (POST /openapi/auth/token/check,
// {"token"}) every 5 seconds until NORMAL, EXPIRED (ErrLoginTimeout: not
// verified within 5 minutes), INVALID (ErrApprovalDenied), the step's timeout
// or the context's end. One account read then proves the grant. A refusal of
// the key pair or of the new token at any step — the config read, the poll,
// the first account read — ends the attempt with ErrInvalidCredentials and
// the form again, never the approval step (which the CLI would poll for
// ever). A server without /openapi/config (HTTP 404) is taken to need a
// token.
//
// The grant's secret holds the key pair and the token. Grant.Expiry is the
// token's expires; a token turns INVALID only after 15 consecutive days
// without an API call, so each sync that reads data with it saves the same
// secret with the expiry moved to 15 days on (at most once a client, when it
// moves by a day or more): a connection synced daily never shows as
// expiring, one left alone for over a week does. A dead token is
// ErrReauthRequired; the user repairs the connection (a new token, approved
// again). The fingerprint hashes the Webull user id of the App Key's
// subscriptions.
//
// # Signing
//
// Every request carries x-app-key, x-timestamp (UTC, second precision),
// x-signature-algorithm HMAC-SHA1, x-signature-version 1.0, a fresh
// x-signature-nonce, x-version v2 (not signed) and x-signature:
// base64(HMAC-SHA1(secret + "&", urlencode(path & sorted(headers + host +
// query) [& MD5(body)]))), tested against the worked example of the
// Signature page. Bodies are compact JSON without HTML escaping, and the
// bytes signed are the bytes sent. SignInput.Algorithm also signs
// HMAC-SHA256 (SHA-256 body digest), as the Java SDK does; the fake accepts
// both.
//
// # Data
//
// Accounts: GET /app/subscriptions/list (subscription_id cursor, 100 a page)
// and GET /account/profile per account; balances: GET /account/balance (one
// balance per account_currency_assets entry; buying power is margin_power
// for margin accounts, cash_power otherwise); positions: GET
// /account/positions (last_instrument_id cursor, has_next as a boolean or
// its text); activities: GET /openapi/trade/order/history (account_id,
// page_size 100, start_date — a year back on the first sync, since the API
// reads only the last 7 days without it — and last_client_order_id). Its
// reply is a bare JSON array of order-history entries; a page shorter than
// page_size is the last. Each entry's orders (or the deprecated items) with
// a filled_quantity become BUY or SELL (SHORT → SELL; other sides OTHER)
// dated in New York time from filled_time_at, filled_time (Unix ms), then
// the place times; options count option_contract_multiplier (100 by
// default); commission and fees are the activity's Fee and come off the
// amount. Unfilled orders are skipped. Amounts are decimal strings (a JSON
// number is read from its text). HTTP 401/403 on data is
// ErrReauthRequired, 429 or TOO_MANY_REQUESTS a RateLimitError with
// Retry-After, 5xx and the SDKs' retryable codes (SERVICE_NOT_AVAILABLE,
// GATEWAY_TIMEOUT, INTERNAL_ERROR) ErrUnavailable.
//
// # Checked against the official SDKs
//
// webull-inc/webull-openapi-python-sdk 2.0.12 (commit
// c85a32a28d78a4804e71a7eca1808943a6f77ca8, 2026-06-24) and
// webull-inc/webull-openapi-java-sdk 1.1.19 (commit
// fa8dfc4955756a0842bd263e4a7a388b40af61b0, 2026-08-08); both READMEs name
// Webull US. The older
// webull-inc/openapi-python-sdk 0.1.18 and webull-inc/openapi-java-sdk
// (archived "Java SDK v1", 2026-06-22) were the source of the deviations
// fixed here.
//
//   - Base URL: api.webull.com for "us" (Python webull/core/data/endpoints.json;
//     Java core/common/DefaultHost.API_US); test host
//     us-openapi-alb.uat.webullbroker.com (developer.webull.com). Same.
//   - x-version: both SDKs send v2 on every request (Python
//     webull/core/request.py adds hd.VERSION from each request's
//     version='v2'; Java HttpRequest(uri, Versions.V2, ...)). Latchkey sent it
//     on the two token calls only. Fixed: (*api).call always sends it; the
//     fake refuses a request without it (401 MISSING_VERSION).
//   - Signing: headers, string to sign, key secret + "&", base64 and the
//     x-timestamp format yyyy-MM-dd'T'HH:mm:ss'Z' (Python
//     auth/composer/default_signature_composer.py, utils/common.py; Java
//     core/auth/composer/DefaultSignatureComposer.java, utils/DateUtils.java).
//     Same, with two notes: the Python SDK signs HMAC-SHA1 + MD5 for
//     api.webull.com (common.is_not_upgrade_api_host) while the Java SDK
//     signs every request HMAC-SHA256 + SHA-256 since commit 6cac941
//     ("Add support for Webull JP"), so the server takes both; the nonce is
//     any unique string (uuid5 in Python, a 26-character GUID in Java; 32 hex
//     here).
//   - Token flow (Python core/http/initializer/token/token_manager.py,
//     client_initializer.py; Java core/http/initializer/ClientInitializer.java,
//     token/TokenManager.java, TokenService.java): GET /openapi/config first,
//     a token only when token_check_enabled; create with body {} (or
//     {"token": stored}); check every 5 s (token_check_interval_seconds, at
//     least 5) for up to 300 s; INVALID or EXPIRED end it; answers
//     {token, expires (Long, ms), status} with statuses PENDING, NORMAL,
//     INVALID, EXPIRED (Java TokenStatus). Latchkey skipped the config read
//     and sent no body to create. Fixed. The SDKs also have
//     POST /openapi/auth/token/refresh, which their TokenManager never calls:
//     not used.
//   - Order history: GET /openapi/trade/order/history, x-version v2 (Python
//     webull/trade/request/v2/get_order_history_request.py and
//     v3/get_order_history_request.py; Java trade/TradeClientV2.listOrders,
//     TradeClientV3.listOrders), parameters account_id, page_size (default
//     10), start_date, end_date (yyyy-MM-dd; the last 7 days when empty),
//     last_client_order_id (v2 also last_order_id); the reply parsed as
//     List<v2.OrderHistory> (client_order_id, client_combo_order_id,
//     combo_order_id, combo_type, orders: List<NOrderItem>; items and the
//     single-order fields deprecated). Latchkey called the old SDKs'
//     /openapi/account/orders/history and expected {"has_next","orders"}
//     with the day-orders item names (filled_qty, last_filled_time, qty,
//     category, order_status). Fixed: path, bare array, paging by page
//     length, and the NOrderItem names (trade/response/NOrderItem.java):
//     client_order_id, order_id, symbol, side, status, order_type,
//     instrument_type, total_quantity (quantity deprecated),
//     filled_quantity, filled_price, place_time, place_time_at, filled_time,
//     filled_time_at, legs (NOrderItemLeg: option_contract_multiplier, ...),
//     commission (OrderCommissionItem.actual_commission) and fees
//     (OrderFeeItem.type, actual_value), every one a String.
//   - Accounts, balance, positions: the SDKs keep the v1 endpoints with
//     x-version v2 (Python webull/trade/trade/account_info.py; Java
//     trade/TradeClient.getAccountList, getAccountDetail, getAccountBalance,
//     getAccountPositions) and their shapes (Java trade/response/Account,
//     AccountDetail, AccountBalance, AccountAsset, AccountPositions,
//     HoldingInfo). Same names; every amount a String, and has_next a String
//     in AccountPositions, now read as text or boolean. The subscriptions row
//     also has account_type, now read when the profile has none.
//   - Errors: {"error_code", "message"} (Python core/client.py
//     _parse_error_info_from_response_body; Java core/http/HttpResponse.java).
//     Same. Retryable codes from Python core/data/retry_config.json and Java
//     core/http/retry/RetryOnExceptionCondition.java: TOO_MANY_REQUESTS
//     (throttling), SERVICE_NOT_AVAILABLE, GATEWAY_TIMEOUT, INTERNAL_ERROR —
//     the last three now ErrUnavailable whatever the HTTP status.
//   - Rate limits are not in the SDKs; the documented ones are 10 calls per
//     30 s for the token calls, the balance and the profile, 20 per 30 s
//     for the subscriptions list, and 2 per 2 s for order queries
//     (developer.webull.com pages; webull-inc/webull-openapi-skills
//     references/llms_us.md). The client does not pace itself: a 429 is a
//     RateLimitError the app waits out.
//
// # Not verified
//
//   - The wire form of place_time and filled_time: the SDKs type them as
//     String; Webull's own skill (webull-inc/webull-openapi-skills
//     webull_skill/formatters.py) labels place_time a timestamp and
//     place_time_at a time. Both Unix milliseconds and RFC 3339 are read.
//   - How far back start_date may reach, and the largest page_size of the
//     order history (100 is the documented maximum of the other lists).
//   - The HTTP status of MISSING_VERSION (the fake answers 401, as
//     developer.webull.hk's error list does for every missing signing
//     header).
//   - The account id from /app/subscriptions/list is taken to be the one the
//     v2 order history wants (both are "account_id" of the same user; the
//     SDK's V2 client pairs the history with /openapi/account/list).
//   - The SDKs and today's US pages also offer v2 account endpoints:
//     GET /openapi/account/list (v2.Account: user_id, account_id,
//     account_number, account_type, account_label, account_class),
//     GET /openapi/assets/balance (v2.AccountBalanceInfo: total_* and
//     account_currency_assets[] with cash_balance, buying_power,
//     net_liquidation_value, ...) and GET /openapi/assets/positions (a bare
//     array of v2.AccountPositionsInfo: symbol, quantity, cost_price,
//     last_price, market_value, instrument_type EQUITY/OPTION/..., legs),
//     and the Java SDK marks TradeClient.getAccountBalance deprecated. This
//     package stays on the v1 trio, which both SDKs still ship and which
//     types ETFs apart from stocks (instrument_type STOCK/ETF, where v2 says
//     EQUITY) and pages positions.
//
// # Hong Kong and Japan
//
// Both regions are open to individual clients: developer.webull.hk and
// developer.webull.co.jp document the individual application (App Key and
// App Secret from API Management after Webull's review), and both official
// SDKs list the regions (Python webull/core/data/endpoints.json regions
// "hk" and "jp"; Java core/common/Region hk, jp and DefaultHost API_HK
// "api.webull.hk", API_JP "api.webull.co.jp"). What differs from the US,
// and where it was read:
//
//   - Signing: the Python SDK (2.0.12, c85a32a) signs HMAC-SHA1 with an MD5
//     body digest on api.webull.com and api.webull.hk and HMAC-SHA256 with a
//     SHA-256 digest on every other host, api.webull.co.jp included
//     (webull/core/utils/common.py is_not_upgrade_api_host,
//     auth/composer/default_signature_composer.py); the Java SDK signs
//     HMAC-SHA256 everywhere. Hong Kong signs HMAC-SHA1, Japan HMAC-SHA256;
//     the fake refuses HMAC-SHA1 in Japan so the choice is tested.
//   - Token: Hong Kong requires one of every client "to comply with Hong
//     Kong's regulatory standards" (developer.webull.hk
//     apis/docs/authentication/token): created PENDING, approved in the
//     Webull app with the SMS code within 5 minutes (else EXPIRED), NORMAL
//     until 15 consecutive days without an API call make it INVALID (the
//     zh-hant page states the 15-day rule as the US page does); Create and
//     Check Token allow 10 calls per 30 seconds and answer 401, 417 or 500
//     on failure (apis/docs/reference/create-token, check-token). The login
//     is the US one (GET /openapi/config first, as the SDKs'
//     ClientInitializer does in every region), so the grant's expiry rolls
//     forward with use exactly as in the US: the default ExpiringWithin
//     (7 days) shows a connection as expiring only when it has not synced
//     for over a week. Japan's pages say nothing of a token; the config
//     read decides.
//   - Accounts: /app/subscriptions/list and /account/profile as in the US
//     (the SDKs call them in every region; developer.webull.hk and
//     developer.webull.co.jp document /account/profile with account numbers
//     such as 10000029 and CJP0024207). Accounts are in HKD (Hong Kong) or
//     JPY (Japan).
//   - Balance: Hong Kong answers the US shape (AccountBalance) with
//     total_asset_currency defaulting to HKD (sent as HKD) and one asset per
//     currency (developer.webull.hk api-doc/trade/account/account-balance).
//     Japan answers the Java SDK's JPAccountBalance (TradeClient reads it
//     when the region is jp): per currency total_cash, settled and
//     unsettled cash, stock_power and, for a margin account, the
//     collateralised positions' value; top-level USD margin totals and the
//     one-day and indefinite margin powers, which developer.webull.co.jp
//     writes in camelCase (oneDayMarginPower) and the SDK's Gson reads as
//     snake_case — both are read. It has no account value: a currency's
//     Total is its cash plus the market value of its positions, read in the
//     same call and reused by the sync's Positions call (within a minute).
//     Buying power: stock_power; a margin account's indefinite margin power
//     in its margin currency.
//   - Positions: Hong Kong as the US (qty a String there). Japan pages by
//     the position's own id (last_id, developer.webull.co.jp
//     account-positions) where the SDKs send last_instrument_id: both are
//     sent. Japan's holdings carry id and account_tax_type (SPECIFIC,
//     GENERAL; Java HoldingInfo), so one instrument may be held twice;
//     instrument_type is the Category (US_STOCK, US_ETF, JP_STOCK...), read
//     by its last word.
//   - Orders: GET /openapi/trade/order/history in both (Python v3
//     get_order_history names Webull HK and JP among its regions; v2 names
//     HK and US). developer.webull.co.jp still documents
//     /openapi/account/orders/history with a top-level order and items; on
//     a 404 of the SDKs' path Japan and Hong Kong read that one. Order items
//     carry no currency (NOrderItem): a digit-only symbol trades at home —
//     in Hong Kong six digits are a Stock Connect A-share (CNY, Shanghai
//     time), fewer a Hong Kong stock (HKD, Hong Kong time); in Japan a Tokyo
//     listing (JPY, Tokyo time) — and any other symbol in the US (USD, New
//     York time).
//   - Rate limits, per App Key (RateScopeGrant): balance, positions and the
//     order queries 2 calls in 2 seconds in Hong Kong; balance and
//     positions 2 in 2 seconds and the order history 2 a second in Japan;
//     the profile 10 in 30 seconds in both (the reference pages). Both
//     declare 1 request a second with no burst, and a 429 without
//     Retry-After waits out the 2-second window.
//
// Not verified for Hong Kong and Japan: that /app/subscriptions/list is
// served there (the SDKs call it in every region; no HK or JP page was
// read for it); whether Japan requires the token; the meaning of Japan's
// balance and available_to_exchange fields and whether its cash account
// has other fields than the JPAccountAsset ones; that order items carry no
// currency in either region (the digit rule above stands in); whether the
// fallback order path answers the same bare array; the largest page_size
// of the order history; Hong Kong's and Japan's Retry-After or rate-limit
// headers (none documented).
//
// # Sources
//
//   - https://developer.webull.com/apis/docs/authentication/signature
//     (algorithm and the worked example, signature kvlS6opdZDhEBo5jq40nHYXaLvM=)
//   - https://developer.webull.com/apis/docs/authentication/token (PENDING →
//     NORMAL after SMS verification in the app; EXPIRED after 5 minutes;
//     INVALID after 15 consecutive days without API calls)
//   - https://developer.webull.com/api-doc/develop/error (error codes,
//     MISSING_VERSION); https://developer.webull.hk/apis/docs/error-codes
//     (HTTP statuses and messages)
//   - https://developer.webull.com/api-doc/trade/account/app_subscription,
//     .../account-detail, .../account-balance, .../account-positions
//     (example values of the testdata fixtures)
//   - developer.webull.hk: apis/docs/authentication/token (and zh-hant),
//     apis/docs/reference/create-token, check-token, api-doc/trade/account/
//     account-balance, account-positions, account-detail; the
//     testdata/hk_*.json fixtures carry their example values.
//   - developer.webull.co.jp: api-doc/trade/account/account-balance,
//     account-balance-v2, account-positions, account-detail,
//     api-doc/trade/order/query-history-orders; testdata/jp_*.json.
//   - webull-inc/webull-openapi-skills @e9566cc (references/llms_hk.md,
//     llms_jp.md: the regions' hosts, markets and rate limits).
//   - The SDK files and commits above; testdata/orders.json has the
//     NOrderItem and v2.OrderHistory fields with the example values of the
//     order-history reference page (developer.webull.co.jp
//     api-doc/trade/order/query-history-orders).
package webull
