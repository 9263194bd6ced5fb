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
// instant: the connection shows "expiring" in its last 3 hours
// (Institution.ExpiringWithin, from 03:00 India time — "daily tokens
// expiring in their last hours"; the 12 hours it had before showed a login
// made after the market's close as expiring at once) and is disabled after
// it.
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
//     multiplier). A delivery (CNC) net position counts only the day's net,
//     quantity − overnight_quantity, at day_buy_price for a net buy
//     (day_sell_price for a net sale): overnight delivery shares were
//     bought on an earlier day and the holdings count them (t1_quantity).
//     Kite's user manual (Portfolio, read in a copy of it) has CNC buys in
//     Positions on the day of purchase and in Holdings "from the next
//     trading day" (as T1), and the Kite Connect positions page is
//     summarised by third-party clients as "equity positions carried
//     overnight move to the holdings the next day" (the page's own text
//     was not read), so the documented answers carry no overnight CNC
//     quantity and nothing changes for them; were one sent, the mocks'
//     SBIN 11 + 7 T1
//     and a CNC row carrying the 7 with 1 bought today would make 26
//     shares, not 19. A sale today of held shares is a negative CNC row
//     (kite.trade forum: holding sells show in positions, "product i.e
//     CNC") beside the holding, whose quantity is read as it is.
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
// Kite's envelope is {"status":"error","message":...,"error_type":...},
// read as Kite's clients read it (pykiteconnect exceptions.py, gokiteconnect
// errors.go): TokenException (and a 401 or 403 without a type) →
// ErrReauthRequired, or during the login ErrInvalidCredentials (a wrong API
// secret makes the checksum fail; a used or stale request token), which
// hands back a fresh browser step; PermissionException (gokiteconnect:
// "PermissionError") → ErrNotSupported (the mutual-fund calls then give
// nothing); 429 → *integrations.RateLimitError (one second without
// Retry-After: the limits are per second); 5xx, NetworkException and
// DataException → ErrUnavailable; any other type → ErrUnavailable naming
// the type only.
//
// # Rate limits
//
// Kite counts requests per API key — the user's own app: "one more app can
// be subscribed that will double the rate limit" (kite.trade forum, Kite's
// staff) — at 10 a second for every endpoint read here (quotes 1, historical
// candles 3). The institution's RateScope is the default, per grant; the
// fake counts Options.RateLimit requests a second per API key (10 by
// default; lifted for the conformance suite, whose clock stands still).
// Latchkey keeps one app registration per institution, so several Zerodha
// logins through one app share its limit; a sync makes about ten calls.
// Holdings, funds and positions carry their own last prices (no separate
// price call to fail, issue 11.17), and every record is flat (no details
// under a key named after a type, issue 11.19).
//
// # Sources
//
// Official SDKs: zerodha/gokiteconnect @621645d (v4.4.1) and
// zerodha/pykiteconnect @f5531bd, with the official mock answers
// zerodha/kiteconnect-mocks @c7a8123, checked point by point:
//
//   - routes (connect.go URI* constants; connect.py _routes):
//     /session/token (POST, DELETE), /user/profile, /user/margins and
//     /user/margins/{segment}, /portfolio/holdings, /portfolio/positions,
//     /trades, /mf/orders (GetMFOrdersByDate: ?from=&to=), /mf/holdings;
//     the login URL kite.zerodha.com/connect/login?api_key=&v=3 with
//     redirect_params: match.
//   - headers: X-Kite-Version: 3 and Authorization: token api_key:
//     access_token on every call: match.
//   - the checksum SHA-256(api_key + request_token + api_secret), form
//     api_key, request_token, checksum: match (TestChecksum).
//   - models (portfolio.go Holding: quantity, t1_quantity, average_price,
//     last_price; user.go Margins: net, available.cash; orders.go Trade;
//     mutualfunds.go MFOrder, MFHolding): match; amounts are read from their
//     text, never through float64 (testdata/*.json are the mocks' files).
//   - errors (errors.go, exceptions.py): deviations fixed — gokiteconnect
//     names the permission error "PermissionError" (read as
//     PermissionException now); a 401 or 403 without an error type is a
//     TokenException (GetErrorName), where it was an unmapped status; other
//     exception types (UserException, OrderException, GeneralException)
//     gave an error matching no documented sentinel, now ErrUnavailable
//     (TestErrorTypesOfBothSDKs).
//
// Also verified against the Kite Connect v3 documentation
// (https://kite.trade/docs/connect/v3/): user (login URL with v=3 and
// api_key, redirect_params sent back to the redirect URL, request_token, the
// checksum, POST /session/token and its answer, DELETE /session/token,
// /user/profile, /user/margins/:segment), portfolio (holdings and
// positions), orders (GET /trades: the day's trades), mutual-funds
// (/mf/orders: the last seven days; /mf/holdings), exceptions (the error
// envelope, TokenException after a 403, the HTTP codes). The 06:00 IST
// expiry is quoted from Kite's token description; the checksum test uses
// the FIPS 180-2 SHA-256 vector of "abc".
//
// Not verified: whether Kite accepts an http://127.0.0.1 redirect URL for
// every app type; that extra parameters on the login URL (Latchkey keeps
// redirect_uri, which the fake needs) are ignored; the error type for a
// wrong checksum (TokenException in the fake; InputException is mapped the
// same way); the largest date range of /mf/orders?from=&to= (a year per
// request is assumed); whether used_quantity should be taken off a holding
// sold today (the negative CNC row of the sale is counted beside it: if
// Kite also lowers quantity that day, the sale is taken off twice);
// testdata/positions_carried.json is built, not Kite's (the mocks' SBIN net
// and day rows made a CNC row carrying the holdings mock's 7 T1 shares);
// Retry-After on 429.
package zerodha
