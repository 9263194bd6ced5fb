// Package angelone is the Angel One integration ("angelone"): an Indian
// investor's Angel One account through SmartAPI, logged in with the client
// code, PIN and a TOTP code.
//
// # Login
//
// One form (integrations.AuthCredentials): the API key of the user's own
// SmartAPI app (sent as X-PrivateKey on every request), the client code,
// the PIN and the 6-digit TOTP of the authenticator the user enabled for
// SmartAPI. POST /rest/auth/angelbroking/user/v1/loginByPassword with
// {"clientcode","password","totp"} answers jwtToken, refreshToken and
// feedToken; the session is checked with getProfile, whose clientcode must
// be the one entered. Every request carries Content-Type and Accept
// application/json, X-UserType USER, X-SourceID WEB, X-ClientLocalIP,
// X-ClientPublicIP and X-MACAddress (placeholders: Latchkey does not send
// the machine's own addresses), X-PrivateKey, and Authorization: Bearer
// <jwtToken>.
//
// # Daily expiry
//
// A SmartAPI session ends at 05:00 India time the next morning. Grant.Expiry
// is that instant (indiakit.NextAt), or the JWT's exp claim when it is
// earlier; the connection shows as expiring in its last 3 hours (from
// 02:00) and is disabled after it; the client refuses locally once it has
// passed, and AG8001/AG8002/AG8003/AB1010/AB1011 are ErrReauthRequired. The
// refresh token (generateTokens) is not used: it does not outlive the day.
//
// # Data
//
// One account per login (the client code's hash; its last four characters
// shown).
//
//   - Balances: GET .../user/v1/getRMS; availablecash is the cash, net the
//     buying power (amounts are strings); the total adds the holdings.
//   - Positions: GET .../portfolio/v1/getAllHolding (holdings: units
//     quantity + t1quantity, priced by ltp; the "-EQ" series suffix dropped
//     from the ticker, kept in the description) and the open rows (netqty ≠
//     0) of GET .../order/v1/getPosition, which carry no last price
//     (PriceUnknown, with avgnetprice as the cost); options by optiontype
//     CE/PE, futures "other". data null is an empty list. Every position
//     row carries a carried-forward side (cfbuyqty, cfsellqty and their
//     amounts and averages; the day's in buyqty, sellqty, buyavgprice, the
//     whole in totalbuyavgprice, avgnetprice). A delivery (DELIVERY) row's
//     carried-forward shares were bought on an earlier day, and the
//     holdings count those (quantity + t1quantity), so such a row counts
//     only the day's net, netqty − (cfbuyqty − cfsellqty), at the day's
//     side's average (buyavgprice for a net buy, sellavgprice for a net
//     sale): the holdings' TATASTEEL 2 and a DELIVERY row carrying them
//     with 1 bought today make 3, not 5. The docs' own DELIVERY sample
//     carries nothing forward (a buy of the day, cfbuyqty 0), so for it
//     nothing changes. A sale today of held shares is a negative DELIVERY
//     row beside the holding (Dhan's documented rule). Intraday,
//     CARRYFORWARD and MARGIN rows, none in the holdings, count netqty.
//   - Activities: GET .../order/v1/getTradeBook, today's fills only
//     (SmartAPI keeps no older trades: Latchkey keeps each day's as it
//     syncs); filltime is a time of day, so a fill is dated today in India.
//     BUY and SELL map to BUY and SELL; anything else is OTHER.
//
// # Errors and rate limits
//
// SmartAPI's envelope is {"status","message","errorcode","data"}; a refusal
// may come with HTTP 200 and status false (the SDK reads error_type and
// status). Session codes end the grant (above); during the login AB1050 and
// AB1051 (TOTP) are ErrInvalidMFACode, AB1006 (client blocked) is
// ErrAccountLocked, AB1004, AB1007, AB2000 and AB2001 are ErrUnavailable, any
// other refusal ErrInvalidCredentials; 429 → *integrations.RateLimitError
// (one second without Retry-After). The documented limits are per endpoint
// and API key — loginByPassword 1/s, getProfile 3/s, getRMS 2/s, getHolding,
// getAllHolding, getPosition and getTradeBook 1/s — so the institution paces
// at 1 a second (a sync is about six calls).
//
// # Sources
//
//   - The official SDK angel-one/smartapi-python @ff60852: smartConnect.py
//     (root https://apiconnect.angelone.in, the _routes for loginByPassword,
//     getProfile, getRMS, getHolding, getAllHolding, getPosition,
//     getTradeBook; requestHeaders; Bearer jwtToken; generateSession's
//     clientcode/password/totp; the envelope), smartExceptions.py.
//   - SmartAPI documentation https://smartapi.angelbroking.com/docs (User:
//     login, profile, RMS samples; Portfolio: holdings and positions
//     samples; Orders: trade book sample; Response codes; Rate limits) and
//     the SmartAPI forum's announcement of getAllHolding with its sample
//     (smartapi.angelbroking.com/topic/4006).
//
// testdata/ holds those samples (the tokens of login.json are shortened and
// made up; the profile sample's exchanges is a string, as documented);
// position_carried.json is the positions sample's row made TATASTEEL, the
// holdings sample's 2 at 111.87 carried forward and 1 bought at 130.15.
//
// # Not verified
//
// The exact error codes for a wrong API key and a wrong TOTP (AG8004 and
// AB1050 in the fake; any refusal during the login is taken as the
// credentials' or, for AB1050/AB1051, the code's); whether quantity includes
// t1quantity (they are added); the JWT's own exp (05:00 India time is
// assumed where it names none or a later one); whether placeholder client
// IP and MAC headers are accepted for every account; Retry-After on 429; the
// HTTP status of a refused session (401 in the fake; status false is read in
// any case); whether getPosition ever carries a DELIVERY row forward
// (SmartAPI's pages do not say; the rule above counts it once if it does)
// and whether a holding's quantity drops on the day it is sold.
package angelone
