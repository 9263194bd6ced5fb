// Package webull connects Webull US through its official OpenAPI
// (https://api.webull.com): the user's own App Key and App Secret sign every
// request, and when the API's two-factor authentication is on, an access
// token the user approves in the Webull app rides along in x-access-token.
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
//   - The SDK files and commits above; testdata/orders.json has the
//     NOrderItem and v2.OrderHistory fields with the example values of the
//     order-history reference page (developer.webull.co.jp
//     api-doc/trade/order/query-history-orders).
package webull
