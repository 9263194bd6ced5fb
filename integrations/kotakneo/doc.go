// Package kotakneo is the Kotak Neo integration ("kotakneo"): an Indian
// investor's Kotak Securities account through the Kotak Neo Trade API,
// logged in with a TOTP and the MPIN.
//
// # Login
//
// One form (integrations.AuthCredentials): the access token of the user's
// Trade API application (made in Kotak Neo under Invest → Trade API), the
// registered mobile number (+91 added when it has no country code), the UCC
// (client code), the 6-digit TOTP and the MPIN. Two calls, both with the
// headers Authorization: <access token> and neo-fin-key: neotradeapi:
//
//   - POST https://mis.kotaksecurities.com/login/1.0/tradeApiLogin
//     {"mobileNumber","ucc","totp"} → data {token, sid, kType "View",
//     status "success", ...};
//   - POST .../login/1.0/tradeApiValidate {"mpin"}, with the headers sid
//     and Auth (the view token) → data {token, sid, kType "Trade", baseUrl,
//     ...}.
//
// The data are read from baseUrl with the headers Auth (the trade token),
// Sid and neo-fin-key. baseUrl is accepted only as https on
// *.kotaksecurities.com (or, against a fake, the login endpoint's own
// host): the session token is sent there. The login ends by reading the
// limits once.
//
// # Daily expiry
//
// Grant.Expiry is the trade token's JWT exp claim (integrations.JWTExpiry),
// else the end of the India day; the connection shows as expiring in its
// last 3 hours and is disabled after it; the client refuses locally once it
// has passed, and the documented 403 "Invalid session, please re-login to
// continue" (or a 401) is ErrReauthRequired. Nothing refreshes.
//
// # Data
//
// One account per login (the UCC's hash; its last four characters shown).
//
//   - Balances: POST {baseUrl}/quick/user/limits with the form jData =
//     {"seg":"ALL","exch":"ALL","prod":"ALL"}; Net is the cash and buying
//     power (amounts are strings; "stat" other than Ok is a refusal); the
//     total adds the holdings.
//   - Positions: GET {baseUrl}/portfolio/v1/holdings ({"data":[...]}:
//     quantity, averagePrice, mktValue — the price is mktValue / quantity,
//     the value mktValue; no ISIN) and GET {baseUrl}/quick/user/positions,
//     whose net quantity and average follow the documentation's Positions
//     Calculations (net = cfBuyQty + flBuyQty − cfSellQty − flSellQty; the
//     average of the larger side = its amount / (quantity × multiplier ×
//     genNum/genDen × prcNum/prcDen), to precision places); quantities are
//     kept in units, not divided into lots; no last price, so PriceUnknown.
//     A delivery (CNC) row counts the day's fills only, flBuyQty −
//     flSellQty at buyAmt or sellAmt: the documentation defines the carried-
//     forward quantity (cfBuyQty − cfSellQty) for every row alike, and a
//     delivery row's carried-forward shares were bought on an earlier day,
//     so they are the holdings' (the Groww rule; its docs' sample shows
//     such a row). The docs' CNC samples carry no cf fields at all (bought
//     today), so for them nothing changes; were a carried quantity counted
//     too, the holdings' IDEA 35 and a CNC row carrying them forward with 1
//     bought today would make 71 shares instead of 36. A sale today of held
//     shares is a negative CNC row beside the holding (as Dhan documents).
//     Intraday (MIS) and F&O or commodity (NRML) rows, which the holdings
//     do not list, count their whole net.
//   - Activities: GET {baseUrl}/quick/user/trades, the day's fills (flDt
//     "22-Jan-2025", trnsTp B/S, fldQty, avgPrc, flId): BUY and SELL, else
//     OTHER. The Trade API keeps no older trades.
//
// # Errors
//
// 429 → *integrations.RateLimitError (one second without Retry-After); 5xx
// (the documented 500, 502 "Not able to communicate with OMS", 503, 504) →
// ErrUnavailable; during the login any other refusal → ErrInvalidCredentials
// (the Trade API's login errors do not say which field was wrong in a way
// the documentation fixes); after it 401/403 → ErrReauthRequired; a "stat"
// Not_Ok in a 200 → ErrUnavailable. Bodies are never quoted.
//
// # Sources
//
//   - The official SDK Kotak-Neo/Kotak-neo-api-v2 @7a7f64a: docs/Totp_login.md
//     and docs/Totp_validate.md (the login answers, kType View and Trade),
//     docs/Limits.md (the flat limits answer, Net), docs/Holdings.md,
//     docs/Positions.md (the Positions Calculations), docs/Trade_report.md
//     (the fills), the status tables of each page; neo_api_client/api
//     (limits_api.py: a form POST of seg/exch/prod; holdings and positions:
//     GET; the Sid, Auth and neo-fin-key headers).
//   - The current official SDK Kotak-Neo/kotak-neo-python @7895907:
//     docs/functions/portfolio/positions.md (the same Positions
//     Calculations, cfBuyQty/cfSellQty on every row whatever its product;
//     its sample, an NRML future with nothing carried, is
//     testdata/positions_sdk.json byte for byte).
//   - The Trade API's current login hosts and paths (mis.kotaksecurities.com
//     /login/1.0/tradeApiLogin and /tradeApiValidate, the static neo-fin-key
//     neotradeapi, the Authorization header holding the application's
//     token, baseUrl in the validation's answer, the data paths after
//     baseUrl: /quick/user/limits, /portfolio/v1/holdings,
//     /quick/user/positions, /quick/user/trades) are from Kotak's Trade API
//     documentation as quoted by its users' clients; the SDK snapshot above
//     predates them (it logs in at login/1.0/login/v6/totp/login with a
//     consumer key's bearer token and fixed hosts).
//
// testdata/ holds the SDK documentation's samples (their tokens are blank);
// positions.json is built from the documented calculation fields, since the
// documentation's positions sample repeats the trade report's: an NRML
// option, an MIS round trip, a CNC row carrying holdings.json's IDEA 35
// forward with the trade report's 1 at 9.39 bought today, and the current
// Positions page's AXISBANK CNC row as printed (Kotak's Trade API pages,
// www.notion.so/Positions-236da70d37e28007aed8c1eb68ef087c: "open and
// closed positions for the current trading day").
//
// # Not verified
//
// The login paths and headers against Kotak's own current reference (see
// above); the trade token's lifetime (its JWT exp is trusted; midnight India
// time is assumed without one); the error bodies of a wrong TOTP or MPIN;
// whether holdings name an ETF in instrumentType (the fake does); whether
// Kotak ever sends a carried-forward quantity on a CNC row, and whether its
// holdings' quantity holds those shares then (T1 ones too) or drops a
// holding sold today (no page says; the CNC rule above is Groww's and
// Dhan's reading); whether position quantities for F&O are in units or lots (units are assumed and
// kept); the rate limits (none documented; the default pace is used);
// Retry-After on 429.
package kotakneo
