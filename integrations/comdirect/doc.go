// Package comdirect is the comdirect integration ("comdirect"): a German
// investor's comdirect depot through the comdirect REST API, with the
// user's own client credentials and a session TAN approved in the photoTAN
// app (or a mobileTAN).
//
// # Login
//
// The five calls of the REST API's chapter 2, as a StepLogin (the form, then
// an approval or a code):
//
//  1. POST /oauth/token, form client_id, client_secret, grant_type=password,
//     username (the Zugangsnummer), password (the PIN): a TWO_FACTOR token
//     (expires_in 599) and the customer number kdnr (the fingerprint).
//  2. GET /api/session/clients/user/v1/sessions: the session's identifier.
//  3. POST .../sessions/{identifier}/validate with sessionTanActive and
//     activated2FA true: the challenge in the answer's
//     x-once-authentication-info header (id, typ P_TAN_PUSH, P_TAN or M_TAN,
//     challenge, availableTypes). A photoTAN graphic (P_TAN) cannot be
//     shown, so the login asks once more for P_TAN_PUSH (or M_TAN) with the
//     request header x-once-authentication-info {"typ":...}; comdirect locks
//     online banking after five challenges without a valid TAN, so it never
//     asks more than twice. A customer with P_TAN alone is refused
//     (ErrNotSupported).
//  4. P_TAN_PUSH: an ApproveStep; the challenge's link.href
//     (/api/session/v1/authentications/{id}) is polled until its status is
//     AUTHENTICATED (any status but PENDING is ErrApprovalDenied). M_TAN: a
//     CodeStep (the masked phone number as its destination). Then PATCH
//     .../sessions/{identifier} with x-once-authentication-info {"id":...}
//     and, for a mobileTAN, x-once-authentication: <TAN> (a 422 is
//     ErrInvalidMFACode; three wrong TANs lock online banking, the step says
//     so).
//  5. POST /oauth/token, grant_type=cd_secondary with the first token: the
//     banking and brokerage token pair.
//
// Every API call carries x-http-request-info {"clientRequestId":
// {"sessionId":<the login's id>,"requestId":<9 digits>}}. The client
// credentials are fields of the form, not an app registration: comdirect
// issues them to the customer, not to an application. The grant's secret
// keeps them, since a refresh needs them.
//
// # Grant lifetime
//
// An access token lives 599 seconds; a refresh (POST /oauth/token,
// grant_type=refresh_token) rotates the pair. The session TAN lasts until
// the last access or refresh token has expired. Grant.Expiry is the refresh
// token's end, taken as 20 minutes after it was issued and moved forward by
// every refresh (the rotated grant is saved before it is used, through
// integrations.TokenSource). The connection shows as expiring in its last
// 10 minutes; a sync after the end is refused locally (ErrReauthRequired)
// and the user approves a new login: the repair flow's hardest case, a grant
// that lives minutes. Latchkey refreshes only while it syncs, never in the
// background (the documentation asks that refreshing stop with the
// application).
//
// # Data
//
// Each depot is an account (its id the depotId UUID, its number the depot
// number's last four digits, EUR).
//
//   - Balances: the depot's defaultSettlementAccountId in GET
//     /api/banking/clients/user/v2/accounts/balances (balance the cash,
//     availableCashAmount the buying power) plus the depot's
//     aggregated.currentValue.
//   - Positions: GET /api/brokerage/v3/depots/{depotId}/positions
//     ?with-attr=instrument: quantity, currentPrice.price, currentValue,
//     purchasePrice (the average), purchaseValue (the cost); the instrument's
//     mnemonic (else WKN) as the ticker, its ISIN, its staticData.
//     instrumentType (SHARE, ETF/ETC, FUND, BOND, WARRANT) as the type.
//   - Activities: GET /api/brokerage/v3/depots/{depotId}/transactions
//     ?bookingStatus=BOOKED&min-bookingDate=<since>, paged with paging-first
//     and paging-count until paging.matches: BUY, SELL, TRANSFER_IN,
//     TRANSFER_OUT (units in or out, no cash), anything else OTHER by its
//     direction. Dividends and fees are booked on the settlement account,
//     whose transactions (/banking/v1/accounts/{id}/transactions) are not
//     read yet.
//
// Amounts are AmountValue strings, read as decimals.
//
// # Errors
//
// /oauth/token refusals are OAuth's: during the login invalid_client is the
// client credentials', anything else the Zugangsnummer's or PIN's
// (ErrInvalidCredentials); on a refresh they end the grant. The REST API's
// StandardErrorResponse ({"code","messages"}) is named by its code, never
// its message; 401 is ErrReauthRequired (after one refresh and retry), 422
// and 5xx ErrUnavailable, 429 a rate limit (one second without Retry-After;
// the institution paces at 5 requests a second).
//
// # Sources
//
// comdirect REST API Schnittstellenspezifikation (the PDF, version 20.04,
// as published by comdirect and mirrored in jsattler/go-comdirect
// docs/comdirect_REST_API_Dokumentation.pdf @bb7919b): chapter 2 (the five
// login calls, their headers, bodies, the token answer with expires_in 599,
// the x-once-authentication-info header and TAN types, the lock after five
// challenges and three wrong TANs, photoTAN push needing no TAN in the
// PATCH), chapter 3 (refresh and revoke flows, the 10-minute access token,
// stopping refreshes with the application), chapter 5 (depots, positions
// with with-attr=instrument, transactions and their filters). comdirect's
// swagger (comdirect-swagger.json, version 20.04, in the same repository
// @5d66ad8): paths and the definitions Depot, DepotPosition,
// DepotTransaction (transactionType BUY, SELL, TRANSFER_IN, TRANSFER_OUT,
// OTHER), AccountBalance, Session, StandardErrorResponse.
//
// # Not verified
//
// The polling of a photoTAN push: the 20.04 documentation says only that the
// approval happens in the app; the link.href in the challenge and its
// {"status":"PENDING"|"AUTHENTICATED"} answer are what comdirect's clients
// report, not documented by comdirect here (a refusal's status word is
// unknown: anything but PENDING and AUTHENTICATED is taken as a refusal).
// The refresh token's lifetime (20 minutes assumed); paging-first and
// paging-count on depot transactions (the general paging of the API is
// assumed); comdirect's rate limit (not documented; 5 a second is assumed);
// the instrumentType words beyond SHARE, FUND and BOND; that client
// credentials are issued to every customer who activates API access.
package comdirect
