// Package groww is the Groww integration ("groww"): an Indian investor's
// Groww stocks and F&O account through Groww's Trade API, logged in with
// the day's access token or with a TOTP API key and a TOTP code.
//
// # Login
//
// Two forms, both ending in the day's access token, checked with the user
// profile (GET /v1/user/detail) whose ucc names the login (its hash is the
// account's id, its last four characters shown) and whose active_segments
// (CASH, FNO, COMMODITY) say which segments the client reads:
//
//   - integrations.AuthToken: the access token generated on groww.in under
//     Settings → Trading APIs → Generate API keys → Access Token.
//   - integrations.AuthCredentials: the TOTP token (Groww calls it the API
//     key, a JWT) and the 6-digit code of the authenticator app its QR code
//     was added to. POST https://api.groww.in/v1/token/api/access with
//     Authorization: Bearer <API key> and {"key_type":"totp","totp":"<code>"}
//     answers {"token","tokenRefId","sessionName","expiry","isActive"}
//     (outside the envelope in the docs' example; a payload is read too).
//     The API key is not kept: only the day's token is.
//
// Not offered: the API key and secret "approval" flow (the same endpoint
// with {"key_type":"approval","checksum":sha256(secret+timestamp),
// "timestamp"}, after a daily approval on Groww's API keys page), which
// would keep the secret to sign again each day for no gain over the TOTP
// form, which needs the user's code each day anyway.
//
// Every request carries Authorization: Bearer <token>, Accept:
// application/json and X-API-VERSION: 1.0 ("All headers are mandatory").
//
// # Daily expiry
//
// Access tokens "expire daily at 6:00 AM" (India time). Grant.Expiry is the
// next 06:00 (indiakit.NextAt), or an earlier end the token names (the
// exchange's expiry, read as India time when it has no zone; the JWT's exp);
// the connection shows as expiring in its last 3 hours and is disabled
// after it; the client refuses locally once it has passed. Nothing
// refreshes.
//
// # Data
//
// One account per login (indiakit.Book), every amount in rupees:
//
//   - Balances: GET /v1/margins/detail/user; clear_cash is the cash,
//     equity_margin_details.cnc_balance_available the buying power (else the
//     cash); the total adds the holdings at their last price (those priced).
//   - Positions: GET /v1/holdings/user (units quantity, "the net quantity
//     of the holding"; cost average_price; an INF ISIN an ETF) and GET
//     /v1/positions/user?segment= for each active segment (cost net_price,
//     else credit_price for a long and debit_price for a short; exchange and
//     segment tell an option by its CE/PE symbol, a future as "other"; rows
//     left with no units are left out). A row's quantity is its
//     net_carry_forward_quantity and the day's net (credit_quantity −
//     debit_quantity: the docs' sample is 15 = 10 + 10 − 5). A delivery
//     (CNC) row's carried-forward shares are shares the holdings list (the
//     sample's holding of RELIANCE is that 10, t1_quantity 3 among them), so
//     it counts only the day's net, quantity − net_carry_forward_quantity,
//     at the day's side's price (credit_price for a net buy, debit_price for
//     a net sale): the samples make 10 + 5 shares, not 10 + 15. A sale today
//     of held shares is a negative CNC row beside the holding, as Dhan's
//     positions are read. Intraday (MIS) and F&O or commodity (NRML) rows,
//     none of which the holdings list, count their whole quantity. Neither
//     answer carries a price: GET /v1/live-data/ltp?segment=
//     &exchange_symbols= prices them, up to 50 a call, per segment (CASH,
//     FNO, COMMODITY), each named <exchange>_<symbol> ("NSE_RELIANCE"; a
//     holding, which names no exchange, on NSE). When that call fails the
//     positions keep their units, PriceUnknown, with an error matching
//     ErrPartial (integrations.PricesUnknown); the balance then counts the
//     holdings it could price. A derivative's value is units × price (the
//     answers name no lot multiplier).
//   - Activities: the Trade API has no trade book. GET /v1/order/list
//     ?segment=&page=&page_size=25 lists the day's orders of each active
//     segment; each order with a filled_quantity has its fills read from GET
//     /v1/order/trades/{groww_order_id}?segment=&page=&page_size=50. Pages
//     count from 0 and either list is read until an empty page (a short
//     page is not taken for the end, so a server serving fewer rows than
//     asked loses none); after 100 pages of orders (2,500 a segment) or 20
//     of an order's trades (1,000) the read stops and keeps the fills read,
//     with an error matching ErrPartial (the app adds them to those it
//     keeps). The day's list is all there is: a fill not read that day is
//     not read later. A fill (groww_trade_id,
//     else exchange_trade_id) is dated by trade_date_time (else created_at)
//     in India; BUY and SELL map to BUY and SELL, anything else OTHER.
//
// # Errors and rate limits
//
// The envelope is {"status":"SUCCESS","payload":...} or
// {"status":"FAILURE","error":{"code","message","metadata"}} with HTTP 40x
// or 50x; a FAILURE in a 200 is mapped the same way. Codes: GA000 internal
// error, GA001 bad request, GA003 unable to serve request currently, GA004
// entity does not exist, GA005 user not authorised, GA006 cannot process,
// GA007 duplicate order reference id. 429 → *integrations.RateLimitError
// (one second without Retry-After); 5xx, GA000 and GA003 → ErrUnavailable;
// 401, 403 and GA005 → the token's refusal (ErrInvalidCredentials while a
// login checks it, ErrReauthRequired after); at the token exchange 401, 403
// and GA005 refuse the API key, any other 4xx the TOTP code
// (ErrInvalidMFACode); at the live prices (LTP) 403 and GA005 are the
// market data's refusal, not the token's (Groww sells market data with the
// Trading API subscription, and the holdings were just read with the same
// token): the positions keep their units, unpriced, with ErrPartial; anything else ErrUnavailable naming the code, never
// the message. The documented limits are per API type: Authentication 5 a
// second and 30 a minute (and 150 token requests a day), Orders 10/250,
// Live Data (quote, LTP, OHLC) 10/300, Non Trading (order list and status,
// trade list, positions, holdings, margin) 20 a second and 500 a minute. A
// sync is Non Trading calls and a few LTP calls: the institution paces at
// 8 a second (the Non Trading minute's 500) with a burst of 5.
//
// # Sources
//
//   - Groww's cURL documentation, groww.in/trade-api/docs/curl: the
//     introduction (base URL, headers, envelope, error codes, the access
//     token's 06:00 end, rate limits), /curl/portfolio (holdings and
//     positions samples), /curl/margin (margin sample), /curl/user (profile
//     sample), /curl/orders (order list and trades), /curl/live-data (the
//     LTP call and its sample), /curl/annexures
//     (segments CASH, FNO, COMMODITY; products CNC, MIS, NRML; exchanges
//     NSE, BSE, MCX). Read through the pages corpus and through captures
//     of the pages in public repositories (a scrape of /curl/portfolio,
//     /curl/orders, /curl/user and /curl/annexures —
//     Tiny-Trader/broker-api-docs@3e9a1a8, output/groww-trade-api/; a
//     transcription of the introduction with the authentication flows and
//     the token answer).
//   - The Python SDK's pages, groww.in/trade-api/docs/python-sdk
//     (portfolio, margin, user, annexures, orders: the page sizes, read in
//     the same scrape), and growwapi 1.5.0's token
//     request as reproduced in public repositories (Bearer API key;
//     {"key_type":"totp","totp"} or {"key_type":"approval","checksum",
//     "timestamp"}; the answer's token). The SDK itself (PyPI) could not be
//     fetched here; its source was not read.
//
// testdata/ holds the samples: holdings, positions, margin, user, LTP and
// the GA001 failure as the cURL pages print them; the token answer as the
// transcription of the authentication section quotes it; the order list
// and trades as a third-party transcription of /curl/orders quotes them
// (WIPRO, the "AAPL" trade with ISIN "ISN378331005").
//
// Divergences, and how they were settled: the page sizes. The cURL docs'
// request schemas say the order list's page_size "Max page size is 100"
// (its example asks 100) and the trades' "Maximum size is 50" (its example
// asks 50); the Python SDK's orders page says of get_order_list both
// "Maximum page_size is 100" (its example's comment: "default is 100") and,
// in its request schema, "Maximum is 25. If not provided, it will return
// the default 25 number of orders", and of the trades "Maximum is 50"; the
// SDK's own signatures (growwapi, as a public repository's listing of the
// installed package's methods prints them) default get_order_list and
// get_trade_list_for_order to page_size 25; a third-party client
// (marketcalls/openalgo, broker/groww/api/order_api.py) asks 25 of the
// order list, "Maximum allowed by Groww API", and stops at a short page.
// The order list is asked 25 (inside every source's maximum, so never
// refused as GA001) and the trades 50 (the docs' maximum and example), and
// both are read to an empty page, which holds whatever Groww really serves.
// The margin path is
// /v1/margins/detail/user (the docs), not /v1/margin/user; the docs' own
// samples disagree with themselves (the holdings example's ISIN
// INE545U01014 for RELIANCE is another company's; the positions example's
// carry_forward_credit_quantity 8 − carry_forward_debit_quantity 3 is not
// its net_carry_forward_quantity 10, while quantity 15 is
// net_carry_forward_quantity 10 + credit 10 − debit 5, which is how a row
// is read), so the fields are read as the schema describes them and the
// fake serves indiafake's book (its rows carry nothing forward); the
// introduction has said both "TOTP Flow (uses API key and secret — no
// expiry)" and "requires daily approval" over time, and the Python SDK's
// annexure says MCX is not supported while the cURL annexure lists
// COMMODITY: the login asks for the code each day either way, and the
// segments come from the profile. The SDK sends the approval flow's
// timestamp as a number, the docs as a string (the flow is not offered).
// Third-party clients quote other paths (/v1/orders/trades, /v1/orders
// /list): the docs' /v1/order/... paths are used.
//
// # Not verified
//
// Against a live account: whether holdings' quantity includes t1_quantity
// (the schema calls it the net quantity; it is used alone); whether the
// positions list without a segment lists every segment (each active
// segment is asked for); the order list's largest page size (25 is asked),
// what a page past the end answers (an empty list is taken for the end; an
// error there would fail the read) and whether the list holds only the
// day's orders; whether a delivery (CNC) row's carried-forward quantity is
// always in the holdings' quantity and whether the holdings drop shares sold
// today before settlement (the day's net is counted beside them); the HTTP status and code of a refused or
// expired token (401 and GA005 in the fake), of a wrong TOTP (400 GA001 in
// the fake) and of a missing Trading API subscription (403 is taken as the
// token's refusal); whether the token exchange's expiry is India time;
// Retry-After on 429; whether trade_date_time carries a zone (both are
// read); whether the LTP call leaves out an instrument it cannot price (it
// stays PriceUnknown), and the lot multiplier of F&O and MCX quantities.
package groww
