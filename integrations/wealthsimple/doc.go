// Package wealthsimple connects Wealthsimple through the private API of its
// web app: the OAuth server api.production.wealthsimple.com ("auth") and
// my.wealthsimple.com ("api": the login page and GraphQL). Wealthsimple
// publishes no API: the integration is marked Unofficial and its help says
// the API may change or break.
//
// # Login
//
// First the login does what the web app does on load: GET /app/login gives
// the device id (the wssdi cookie) and the path of the app's JS bundle, in
// which the production OAuth clientId is read. Then the password grant:
// POST /v1/oauth/v2/token with {"grant_type": "password", "username",
// "password", "skip_provision": "true", "scope": "invest.read trade.read
// tax.read", "client_id", "otp_claim": null} and the headers
// x-wealthsimple-client: @wealthsimple/wealthsimple, x-ws-profile: undefined,
// x-ws-device-id, x-ws-session-id.
//
// The quirk: when two-step verification is on, Wealthsimple answers 401
// {"error": "invalid_grant"} with x-wealthsimple-otp-required: true,
// x-wealthsimple-otp: "required; method=sms|app|email" and
// x-wealthsimple-otp-authenticated-claim. That becomes a CodeStep (its
// destination from the method); the code is sent back as x-wealthsimple-otp:
// "<code>;remember=true" with the claim. A 401 invalid_grant without those
// headers is a wrong e-mail or password (ErrInvalidCredentials); asked
// again for a code after one was sent, the code was wrong
// (ErrInvalidMFACode, the step is handed back); an error text about a locked
// or suspended account is ErrAccountLocked.
//
// The grant keeps the access token (30 minutes), the refresh token, the
// client and device ids and the identity_canonical_id of the token answer
// (or of GET /v1/oauth/v2/token/info), never the password. The fingerprint
// hashes the identity id. The refresh token's lifetime is not published, so
// Grant.Expiry is zero.
//
// # Refresh
//
// Before an access token's expiry (or when GraphQL answers "Not
// Authorized."), the client posts {"grant_type": "refresh_token",
// "refresh_token", "client_id"} without an Authorization header. The refresh
// token rotates: the new grant goes to SaveFunc before the new token is used;
// if the save fails the call fails and the unsaved tokens wait, unused, for
// the next save. A refused refresh is ErrReauthRequired.
//
// # Data (GraphQL)
//
// POST /graphql {operationName, query, variables} with Authorization Bearer,
// x-ws-profile: trade, x-ws-api-version: 12, x-ws-locale: en-CA,
// x-platform-os: web (marked retryable: queries only read):
//
//   - FetchAllAccountFinancials (identityId, pageSize, cursor): accounts,
//     paged by pageInfo.endCursor; the number shown is the open WS/TR
//     custodian account's id, masked; categories from unifiedAccountType;
//   - FetchAccountsWithBalance (ids, type: TRADING): cash per currency from
//     the sec-c-cad and sec-c-usd balances; a balance's total adds the
//     positions in that currency;
//   - FetchIdentityPositions (identityId, currency, first, cursor,
//     accountIds): positions with quantity, averagePrice, bookValue,
//     totalValue and the security's symbol, type and quote;
//   - FetchActivityFeedItems (first, cursor, condition {startDate, endDate,
//     accountIds}, orderBy OCCURRED_AT_DESC): activities; amount is
//     unsigned with amountSign; type and subType map to universal types
//     (DIY_BUY/DIY_SELL/CRYPTO_* trades, DIVIDEND, INTEREST, DEPOSIT,
//     WITHDRAWAL, NON_RESIDENT_TAX, transfers in and out, CORPORATE_ACTION
//     SUBDIVISION as a split; anything else OTHER), the raw type kept as
//     "TYPE/SUBTYPE"; rejected, cancelled and expired orders and legacy
//     transfers are left out, as the web app does.
//
// Amounts are decimal strings parsed from their text. HTTP 429 is a
// RateLimitError, 5xx ErrUnavailable, a GraphQL error other than "Not
// Authorized." ErrUnavailable.
//
// Wealthsimple publishes no rate limit for this API: the Institution keeps
// the default scope, per grant (each login's token), and the shared pace.
// Positions come priced in the same query (quoteV2, totalValue): there is no
// separate price call. Activities are read through a cursor without any
// published budget, so the client reads them in one go (no HistoryWalker).
//
// # Sources
//
// Wealthsimple has no official API for this: the reference is the
// best-maintained community client, gboudreau/ws-api-python (commit
// e884d30a3395, 2026-08-11), compared point by point:
// ws_api/wealthsimple_api.py (OAUTH_BASE_URL and GRAPHQL_URL, GRAPHQL_VERSION
// 12; the login page bootstrap of wssdi from the cookie jar and of the
// production clientId from the app-<hash>.js bundle; the password grant's
// body and headers x-wealthsimple-client and x-ws-profile: undefined; the
// OTP header "<code>;remember=true"; the refresh grant without an
// Authorization header and with x-ws-profile: invest; token/info and
// identity_canonical_id; x-ws-session-id and x-ws-device-id on every
// request; the GraphQL headers; "Not Authorized." in the answer's message
// or first error; get_activities' endDate of tomorrow and its filter of
// LEGACY_TRANSFER and rejected, cancelled or expired activities;
// get_account_balances' sec-c-cad and sec-c-usd), ws_api/graphql_queries.py
// (operation names, variables and the field names of AccountCore,
// CustodianAccount, Balance, PositionV2, SecuritySummary, StockSummary,
// SecurityQuoteV2 and Activity: the queries select a subset of them) and
// ws_api/formatters.py (account and activity types). Every decoded object
// is flat or nested under fixed field names (stock, quoteV2, averagePrice):
// no decoder assumes details under a key named after a type.
//
// One difference is deliberate: ws-api-python treats any invalid_grant to
// a password grant sent without a code as "code required", so a wrong
// password asks for a code. Latchkey reads the 401's two-step signal
// instead — x-wealthsimple-otp-required: true or x-wealthsimple-otp:
// required; method=..., and x-wealthsimple-otp-authenticated-claim, as
// Wealthsimple's own wealthsimple.js (samples/2fa.js: error.response.getOTP)
// and other clients read them — and, found in this comparison and now
// read too, the challenge's description "Two-step verification code
// required" when the headers are missing (TestOTPHeaders). A plain
// invalid_grant stays a wrong e-mail or password.
//
// # Not verified
//
//   - The wording of a locked account's refusal (read from the error text),
//     whether "Not Authorized." comes with HTTP 200 or 401 (both handled),
//     the refresh token's lifetime, and whether the server accepts the
//     reduced field selections of the queries (GraphQL allows them; the field
//     names are the web app's).
package wealthsimple
