// Package public connects Public.com accounts through Public's individual
// API (https://api.public.com), institution "public".
//
// The user pastes a personal secret key made in the account settings. The
// client exchanges it for a short-lived access token (POST
// /userapiauthservice/personal/access-tokens with {"validityInMinutes":
// 60, "secret"} → {"accessToken"}; the API takes 5 to 1440 minutes) and
// sends that as a Bearer token. There is no refresh token: when the access
// token is due (a minute before its end) or refused with 401, the client
// mints a new one from the secret, hands the grant holding it to SaveFunc,
// and only then uses it; a secret the API refuses ends in ErrReauthRequired
// (ErrInvalidCredentials during the login). The mint is a POST that is safe
// to repeat, so it is marked retryable for the plumbing.
//
// Accounts: GET /userapigateway/trading/account → {"accounts":[{accountId,
// accountType, brokerageAccountType, ...}]}; the Latchkey id is a hash of the
// account number, which is shown masked. Types BROKERAGE, BOND_ACCOUNT,
// RIA_ASSET and TREASURY are investment accounts, TRADITIONAL_IRA and
// ROTH_IRA retirement, HIGH_YIELD cash. The grant's fingerprint is the
// lowest account number's, so opening another account later does not
// make a repair look like a different login.
//
// Balances and positions: GET /userapigateway/trading/{accountId}/portfolio/v2
// (cash and totalAccountValue, else the equity list by type; buyingPower;
// positions with instrument{symbol,name,type}, quantity, currentValue,
// lastPrice{lastPrice,timestamp}, costBasis{totalCost,unitCost}). EQUITY,
// OPTION, CRYPTO map to their types, TREASURY and BOND to bond, others to
// other. Every amount is a decimal string.
//
// Activities: GET /userapigateway/trading/{accountId}/history?start=&pageSize=50
// and then &nextToken= until a page has none. TRADE rows are BUY or SELL by
// side; MONEY_MOVEMENT rows by subType (DEPOSIT → CONTRIBUTION, WITHDRAWAL,
// DIVIDEND, INTEREST, FEE, TRANSFER and TREASURY_BILL_TRANSFER → TRANSFER_IN
// or _OUT by direction); everything else (REWARD, MISC, POSITION_ADJUSTMENT,
// returned deposits) OTHER, with the raw "TYPE/SUBTYPE" kept. The amount is
// netAmount, signed by direction; the price principalAmount / quantity.
//
// Errors: 401 to an access token → a new token and one more try, then
// ErrReauthRequired; 403 ErrReauthRequired; 429 a RateLimitError (Retry-After
// when given); 5xx, malformed or truncated answers ErrUnavailable.
//
// # Sources
//
// Verified against: https://public.com/api/docs/quickstart and
// https://public.com/api/docs/resources/account-details/get-history (token
// exchange, Bearer header, account, portfolio and history paths);
// PublicDotCom/public-openapi spec.yaml (CreateAccessTokenRequest:
// validityInMinutes 5..1440, default 15; CreateAccessTokenResponse;
// ErrorBody {errorCode, message}); PublicDotCom/publicdotcom-py
// (src/public_api_sdk/models/account.py, portfolio.py, history.py and the
// realistic payloads of its deserialization tests; api_client.py for the
// status handling); third-party clients showing the token exchange and the
// 401 body {"error":"Unauthorized","message":"Invalid access token"}.
//
// Not verified: rate limits (a third-party comment says 10 requests a
// second; the fake does not limit), the order of history rows and the
// default page size, the status a deleted secret gets at the token endpoint
// (any 4xx there is taken as a refused secret), and whether secret keys
// expire (the grant has no expiry).
package public
