// Package webull connects Webull US through its official OpenAPI
// (https://api.webull.com): the user's own App Key and App Secret sign every
// request, and when the API's two-factor authentication is on, an access
// token the user approves in the Webull app rides along in x-access-token.
//
// # Login
//
// The user enters the App Key and App Secret. The login creates an access
// token (POST /openapi/auth/token/create, x-version: v2): a wrong key pair is
// refused with HTTP 401 (ErrInvalidCredentials, the form is handed back). A
// PENDING token becomes an ApproveStep: Webull sends an SMS code the user
// enters in the Webull app; Next polls Check Token
// (POST /openapi/auth/token/check) every 5 seconds (the SDK's pace; the
// documented limit is 10 calls per 30 seconds) until NORMAL, EXPIRED
// (ErrLoginTimeout: not verified within 5 minutes), INVALID
// (ErrApprovalDenied), the step's timeout or the context's end. One account
// read then proves the grant. A NORMAL token (2FA off, or the test
// environment) skips the approval.
//
// The grant's secret holds the key pair and the token; Grant.Expiry is the
// token's "expires" (tokens unused for 15 days turn INVALID), so the app
// shows the connection as expiring in its last 7 days. Tokens do not
// refresh: a dead token is ErrReauthRequired and the user repairs the
// connection (a new token, approved again). The fingerprint hashes the
// Webull user id of the App Key's subscriptions.
//
// # Signing
//
// Every request carries x-app-key, x-timestamp (UTC, second precision),
// x-signature-algorithm HMAC-SHA1, x-signature-version 1.0, a fresh
// x-signature-nonce and x-signature: base64(HMAC-SHA1(secret + "&",
// urlencode(path & sorted(headers + host + query) [& MD5(body)]))), tested
// against the worked example of the Signature page. Bodies are compact JSON
// without HTML escaping, and the bytes signed are the bytes sent.
//
// # Data
//
// Accounts: GET /app/subscriptions/list (subscription_id cursor, 100 a page)
// and GET /account/profile per account; balances: GET /account/balance (one
// balance per account_currency_assets entry; buying power is margin_power
// for margin accounts, cash_power otherwise); positions: GET
// /account/positions (last_instrument_id cursor, has_next); activities: GET
// /openapi/account/orders/history (last_client_order_id cursor, start_date):
// filled order items become BUY or SELL (SHORT → SELL), other sides OTHER,
// unfilled items are skipped. Amounts are decimal strings (qty may be a JSON
// number), parsed from their text. HTTP 401/403 on data is
// ErrReauthRequired, 429 a RateLimitError with Retry-After, 5xx
// ErrUnavailable.
//
// # Sources
//
//   - https://developer.webull.com/apis/docs/authentication/signature
//     (algorithm and the worked example, signature kvlS6opdZDhEBo5jq40nHYXaLvM=)
//   - https://developer.webull.com/apis/docs/authentication/token (PENDING →
//     NORMAL after SMS verification in the app; EXPIRED after 5 minutes;
//     INVALID after 15 days unused; x-access-token header)
//   - https://developer.webull.hk/apis/docs/reference/check-token (Check
//     Token request and {token, expires (ms), status} answer; x-version v2;
//     {error_code, message} error bodies; 10 calls per 30 s)
//   - https://developer.webull.com/api-doc/trade/account/app_subscription,
//     .../account-detail, .../account-balance, .../account-positions and
//     .../trade/order/query-order-detail (paths, parameters, field names and
//     example values; the testdata fixtures are these examples)
//   - webull-inc/openapi-python-sdk: webullsdkcore/auth/composer/
//     default_signature_composer.py (signing), webullsdktrade/request/v2/
//     get_order_history_request.py (order history path and parameters)
//
// # Not verified
//
//   - The order history answer's envelope ({"has_next", "orders"}) is assumed
//     from the positions page; its items follow the documented Order Detail.
//   - The exact error_code values for a bad signature or a dead token, and
//     whether Webull US answers 429 with Retry-After (the client handles both
//     ways). Fees are not in the order history: activities carry no fee.
//   - Newer documentation also lists /openapi/account/list,
//     /openapi/assets/balance and /openapi/assets/positions (v2, for Webull
//     Japan first); this package uses the documented v1 paths.
package webull
