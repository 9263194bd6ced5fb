// Package fyers is the Fyers integration ("fyers"): an Indian investor's
// FYERS account through FYERS API v3, after the FYERS login in the browser.
//
// # Login
//
// An authorization-code flow through the user's own FYERS API app (App ID,
// which ends in -100, as the client id; Secret ID as the secret; Latchkey
// ships none), driven with oauthflow: the browser opens
// https://api-t1.fyers.in/api/v3/generate-authcode?client_id=&redirect_uri=
// &response_type=code&state=, the user logs in (FYERS ID, TOTP or OTP, PIN)
// and FYERS redirects to the app's registered URL,
// http://127.0.0.1:8714/callback (the port can be changed in Settings),
// with s=ok, code=200, auth_code and the state, which is checked. The
// auth_code is traded at POST /api/v3/validate-authcode with
// {"grant_type":"authorization_code","appIdHash":SHA-256("app_id:app_secret")
// in hex,"code":auth_code} for access_token and refresh_token; the profile
// names the FYERS ID (the fingerprint). Every call then carries
// "Authorization: app_id:access_token".
//
// # Daily expiry
//
// The access token lasts until early the next morning: Grant.Expiry is its
// JWT exp claim (FYERS' tokens are JWTs; the documentation's sample token
// ends at 06:00:13 India time), else 06:00 India time; expiring in its last
// 3 hours, disabled after. The refresh token (15 days) needs the user's PIN
// with each use (validate-refresh-token), which Latchkey does not keep: the
// user logs in again each day they sync. -8 (token expired), -15, -16, -17
// and 401/403 are ErrReauthRequired.
//
// # Data
//
// One account per login (the FYERS ID's hash; its last four characters
// shown).
//
//   - Balances: GET /api/v3/funds; the fund_limit line id 10 "Available
//     Balance" (equityAmount + commodityAmount) is the cash and buying
//     power; the total adds the holdings.
//   - Positions: GET /api/v3/holdings (each row as FYERS lists it — a
//     settled HLD lot and a T1 lot apart — priced by ltp, costPrice the
//     average; "NSE:SBIN-EQ" read as exchange NSE, ticker SBIN) and the open
//     rows of GET /api/v3/positions' netPositions (netQty ≠ 0, priced by
//     ltp, netAvg the average, qtyMulti_com the multiplier; segment 11 is
//     F&O, 20 commodity: options by their CE/PE symbol, futures "other").
//     Every net position carries its carried-forward side (cfBuyQty,
//     cfSellQty) beside the day's (dayBuyQty, daySellQty). A delivery (CNC)
//     row's carried-forward shares were bought on an earlier day and are
//     the holdings' (an HLD or T1 row), so such a row counts only the day's
//     net, netQty − (cfBuyQty − cfSellQty), at netAvg (no day's own average
//     is sent): the holdings' RELIANCE 2 and a CNC row carrying them with 1
//     bought today make 3, not 5. The docs' sample (a MARGIN future) and a
//     CNC buy of the day carry nothing forward, so for them nothing
//     changes. A sale today of held shares is a negative CNC row beside the
//     holding (Dhan's documented rule). INTRADAY, MARGIN, CO and BO rows,
//     none in the holdings, count netQty.
//   - Activities: GET /api/v3/tradebook, today's fills (orderDateTime
//     "18-Dec-2023 10:15:33", side 1 BUY, -1 SELL, tradeNumber the id);
//     older trades are not in the API.
//
// Amounts are read from their JSON text, never through float64.
//
// # Errors and rate limits
//
// FYERS answers {"s":"error","code":<negative>,"message"} (the official
// sample code's error table): -353 "API Limit exceeded" and 429 →
// *integrations.RateLimitError (one second without Retry-After); -96 and
// -201…-205 (connection errors) and 5xx → ErrUnavailable; -373 (the app
// lacks a permission) → ErrNotSupported; during the login -371 (appIdHash)
// and -374 (auth code) → ErrInvalidCredentials ("check the App ID and
// Secret ID"). FYERS allows 10 requests a second and 200 a minute per app
// and user; the institution paces at 3 a second (under 200 a minute).
//
// # Sources
//
//   - FYERS API v3 documentation, https://myapi.fyers.in/docsv3 (login flow:
//     generate-authcode, validate-authcode, appIdHash; the Authorization
//     header app_id:access_token; Profile, Funds, Holdings, Positions,
//     Tradebook and their fields; rate limits).
//   - FyersDev/fyers-api-sample-code @1f42e2f (the official samples, v2):
//     Postman collection (the same routes under /api/v2), "FYERS_MyAPI - API
//     Error Codes and Messages" (-353, -371, -373, -374, -96, -201…-205),
//     getAccessToken.py (the auth_code redirect, a sample access token whose
//     exp is 06:00 India time).
//
// testdata/ holds the documentation's sample answers as FYERS publishes
// them (masked ids as in the pages).
//
// # Not verified
//
// The v3 answers were checked against the documentation pages' field lists,
// not a byte-for-byte copy of v3 samples (the official v3 SDK, fyers-apiv3,
// is published on PyPI only); that every access token's exp is the next
// 06:00 India time; whether a 127.0.0.1 redirect URL is accepted for every
// app; that the tradebook holds today's fills only; the HTTP status of each
// error code (the code is read first); Retry-After on 429; whether
// /positions ever carries a CNC row forward (the pages call the net
// positions the current trading day's; the rule above counts it once if it
// does: positions_carried.json is the positions sample's row made a CNC
// RELIANCE carrying the holdings sample's 2) and whether a holding's
// quantity drops on the day it is sold.
package fyers
