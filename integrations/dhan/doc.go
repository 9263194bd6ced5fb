// Package dhan is the Dhan integration ("dhan"): an Indian investor's Dhan
// trading and demat account through DhanHQ's v2 Trading API, with the
// 24-hour access token the user makes on web.dhan.co.
//
// # Login
//
// Two methods, one login (the fingerprint is the Client ID's either way).
//
// A pasted access token (integrations.AuthToken) with the Dhan Client ID:
// "Login to web.dhan.co → My Profile → Access DhanHQ APIs → generate Access
// Token for a validity of 24 hours" (DhanHQ v2 Authentication). Every call
// carries the headers access-token and client-id (the official SDK,
// dhan_http.py, sends both). The login checks the token with GET /profile,
// whose dhanClientId must be the Client ID entered (a token of another
// client is refused as invalid credentials).
//
// The API key and secret (integrations.AuthOAuth2, the user's own key in
// Settings › App registrations; Latchkey ships none): the form asks for the
// Client ID; POST https://auth.dhan.co/app/generate-consent?client_id=
// <Client ID> with the headers app_id and app_secret answers a
// consentAppId; the browser opens
// https://auth.dhan.co/login/consentApp-login?consentAppId=..., the user
// logs in (mobile number, TOTP or OTP, PIN) and Dhan redirects to the URL
// registered with the key, http://127.0.0.1:8715/callback (another port can
// be set in Settings), with tokenId; GET /app/consumeApp-consent?tokenId=
// with app_id and app_secret answers dhanClientId and the accessToken (and
// expiryTime), checked like a pasted token. Dhan sends no state back, so the
// flow listens on the fixed registered path; a tokenId is worthless without
// the API secret. A pasted redirect address works too.
//
// # Daily expiry
//
// A token ends 24 hours after it was made. Grant.Expiry is the token's JWT
// exp claim (integrations.JWTExpiry, read without verifying: Dhan's tokens
// are JWTs carrying exp and dhanClientId), else the profile's tokenValidity
// ("30/03/2025 15:37", India time), else 24 hours from the login. The
// connection shows as expiring in the token's last 3 hours
// (Institution.ExpiringWithin) and is disabled after it; the client refuses
// locally once it has passed, and Dhan's DH-901 is ErrReauthRequired. There
// is no refresh: the user pastes a new token each day they sync.
//
// # Data
//
// One account per login (indiakit.Account: its id a hash of the Client ID,
// its number the last four digits).
//
//   - Balances: GET /fundlimit; availabelBalance (Dhan's own spelling; the
//     corrected one is read too) is the cash and buying power, kept to paise;
//     the total adds the holdings at their last price.
//   - Positions: GET /holdings (units totalQty — delivered and T1 — priced
//     by lastTradedPrice where the answer has it, else PriceUnknown: Dhan's
//     quotes are a paid Data API, so Latchkey asks for none) and the open
//     rows (netQty ≠ 0) of GET /positions, which carry no last price and are
//     PriceUnknown with their costPrice (or buy/sell average); an option by
//     drvOptionType CALL/PUT, a future "other", on NSE_FNO, BSE_FNO or
//     MCX_COMM. A holding sold today appears in both, the sale as a negative
//     CNC position.
//   - Activities: the trade history GET /trades/{from-date}/{to-date}/{page}
//     from page 0 until an empty page (or one of fills already read), from
//     since (at most five years back) to today in India, with its charges
//     (sebiTax, stt, brokerageCharges, serviceTax, exchangeTransactionCharges,
//     stampDuty) as the fee, and today's trade book GET /trades; a fill is
//     kept once by exchangeTradeId. BUY and SELL map to BUY and SELL (units
//     negative for a sell, amount negative for a buy); anything else is
//     OTHER. The ledger (GET /ledger) is not read.
//
// Amounts arrive as JSON numbers and are read from their text, never through
// float64.
//
// # Errors and rate limits
//
// Dhan's envelope is {"errorType","errorCode","errorMessage"} (DhanHQ v2
// Introduction → Errors; the codes in the Annexure): DH-901
// Invalid_Authentication (or a 401/403 without a code) → ErrReauthRequired,
// during the login ErrInvalidCredentials; DH-902 (no access / not
// subscribed) and DH-903 (account or segment) → ErrNotSupported; DH-904 or
// HTTP 429 → *integrations.RateLimitError (Retry-After, else one second: the
// limits are per second); DH-905 to DH-910 and 5xx → ErrUnavailable. The
// documented limits are per user: Non Trading APIs 20 a second
// (Institution.RatePerSecond 20), Data APIs 5, Quote APIs 1, Order APIs 25.
//
// # Sources
//
//   - DhanHQ v2 documentation, https://dhanhq.co/docs/v2/ (Introduction:
//     base URL api.dhan.co/v2, the access-token header, the error envelope,
//     the rate-limit table), /authentication/ (the 24-hour token from Dhan
//     Web; API key and secret with the consent flow), /statements/ (ledger,
//     trade history paths and fields), /annexure/ (exchange segments, product
//     types, DH-9xx codes); /docs/v1/portfolio for the holdings and positions
//     samples (v2 keeps the fields).
//   - The official SDK dhan-oss/DhanHQ-py @1670f81 (v2.3.0-rc1): routes in
//     _portfolio.py (/holdings, /positions), _funds.py (/fundlimit),
//     _statement.py (/trades/{order_id}, /trades/{from}/{to}/{page},
//     /ledger?from-date=&to-date=), auth.py (/profile with access-token;
//     generate-consent, consumeApp-consent, generateAccessToken,
//     RenewToken), dhan_http.py (headers access-token, client-id; errors
//     read from errorCode, errorType, errorMessage), and its tests/data
//     samples (get-current-holdings.json carries lastTradedPrice;
//     get_fund_limits.json spells availabelBalance).
//
// testdata/ holds the documentation's samples (profile, fundlimit, the v1
// holdings and positions samples, trade history, trade book, the DH-901
// error).
//
// # Not verified
//
// The PIN + TOTP login (generateAccessToken, which takes the PIN in the
// query string) is documented but not offered. Not verified: that Dhan's
// consent login page ignores the extra parameters Latchkey's flow adds to
// its address (client_id, redirect_uri, response_type; the fake uses
// redirect_uri in place of the registered URL); the time zone of
// consumeApp-consent's expiryTime (India time is assumed where the token
// carries no exp); that every v2 holdings answer
// carries lastTradedPrice (the v1 sample has none; holdings without it are
// PriceUnknown); the trade history's page size, how far back it reaches and
// what a page past the end holds (an empty list is assumed; a page of fills
// already read also ends the walk); whether the trade history includes
// today's fills (today's trade book is read too, deduplicated); the HTTP
// status that carries each DH code (the code is read first); Retry-After on
// 429; that exchangeTradeId is unique per exchange and day.
package dhan
