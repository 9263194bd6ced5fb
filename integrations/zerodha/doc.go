// Package zerodha is the Zerodha Kite Connect integration ("zerodha"): an
// Indian investor's Zerodha account through the Kite Connect v3 API, after
// the Kite login in the browser.
//
// # Login
//
// Kite's login is a redirect flow with its own token exchange, driven with
// oauthflow.NewLoginFunc: the browser opens
// https://kite.zerodha.com/connect/login?v=3&api_key=KEY&redirect_params=...,
// the user logs in (user ID, password, TOTP), and Kite redirects to the URL
// registered for the app, http://127.0.0.1:8712/callback (the port can be
// changed in Settings), with request_token (oauthflow's CodeParam),
// status=success and the decoded redirect_params. Kite has no state
// parameter, so the flow's state travels in redirect_params and is checked
// on the way back like any OAuth state; a pasted redirect address works too.
// The request_token is exchanged at POST https://api.kite.trade/session/token
// with api_key, request_token and checksum = hex SHA-256(api_key +
// request_token + api_secret) (Checksum); the answer (in Kite's envelope) is
// the session: user_id, exchanges, access_token, login_time. The app (API
// key and API secret) is the user's own, from Settings; Latchkey ships none.
//
// # Requests and expiry
//
// Every request carries X-Kite-Version: 3 and Authorization: token
// api_key:access_token. A session lasts until 06:00 India time the next
// morning (Kite's regulatory reset; SessionEnd); Grant.Expiry is that
// instant: the connection shows "expiring" in its last 12 hours
// (Institution.ExpiringWithin) and is disabled after it.
// There is no refresh for ordinary apps: the client refuses locally once the
// session has ended, and Kite's 403 TokenException (expiry, logout, a login
// elsewhere) is ErrReauthRequired.
//
// # Data
//
// One account per segment: "<user id>-equity" and, when MCX is among the
// user's exchanges, "<user id>-commodity"; numbers show the last four
// characters of the user id.
//
//   - Balances: GET /user/margins/:segment; available.cash is the cash, net
//     the buying power (both kept to paise: Kite writes floats such as
//     99725.05000000002); the equity total adds the holdings.
//   - Positions: GET /portfolio/holdings (units = quantity + t1_quantity,
//     since shares bought yesterday sit in t1_quantity; ETFs told by their
//     INF ISIN), GET /mf/holdings (funds, ticker = ISIN) and the open net
//     positions of GET /portfolio/positions (MCX under commodity; options by
//     their CE/PE symbol, futures "other"; value = quantity × last price ×
//     multiplier).
//   - Activities: GET /trades, which holds today's fills only (Kite keeps no
//     older trades in its API: Latchkey keeps each day's as it syncs), and,
//     for the equity account, the COMPLETE orders of GET
//     /mf/orders?from=&to= (a year per request, a week of slack for orders
//     that took effect after the day they were placed). BUY and SELL map to
//     BUY and SELL, fund orders to BUY or SELL with raw types MF_BUY and
//     MF_SELL; anything else is OTHER. An app without mutual-fund permission
//     (403 PermissionException) simply gets no funds.
//
// Amounts arrive as JSON numbers and are read from their text, never through
// float64.
//
// # Errors
//
// Kite's envelope is {"status":"error","message":...,"error_type":...}.
// TokenException (403) → ErrReauthRequired, or during the login
// ErrInvalidCredentials (a wrong API secret makes the checksum fail; a used
// or stale request token), which hands back a fresh browser step; 429 →
// *integrations.RateLimitError (one second without Retry-After: the limits
// are per second); 5xx, NetworkException and DataException → ErrUnavailable.
//
// # Sources
//
// Verified against the Kite Connect v3 documentation
// (https://kite.trade/docs/connect/v3/): user (login URL with v=3 and
// api_key, redirect_params sent back to the redirect URL, request_token, the
// checksum, POST /session/token and its answer, DELETE /session/token,
// /user/profile, /user/margins/:segment), portfolio (holdings and
// positions), orders (GET /trades: the day's trades), mutual-funds
// (/mf/orders: the last seven days; /mf/holdings), exceptions (the error
// envelope, TokenException after a 403, the HTTP codes); Kite's own client
// libraries zerodha/pykiteconnect (kiteconnect/connect.py: routes, headers,
// the checksum, session-expiry handling on 403 TokenException) and
// zerodha/gokiteconnect (portfolio.go, orders.go, mutualfunds.go: field
// names, and GET /mf/orders?from=&to= for a date range); and the official
// mock answers zerodha/kiteconnect-mocks (generate_session.json,
// holdings.json, user_margins.json, user_profile.json, mf_orders.json, used
// as fixtures). The 06:00 IST expiry is quoted from Kite's token
// description; the checksum test uses the FIPS 180-2 SHA-256 vector of
// "abc".
//
// Not verified: whether Kite accepts an http://127.0.0.1 redirect URL for
// every app type; that extra parameters on the login URL (Latchkey keeps
// redirect_uri, which the fake needs) are ignored; the error type for a
// wrong checksum (TokenException in the fake; InputException is mapped the
// same way); the largest date range of /mf/orders?from=&to= (a year per
// request is assumed); whether used_quantity should be taken off a holding
// sold today; Retry-After on 429.
package zerodha
