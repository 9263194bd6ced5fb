// Package public connects Public.com accounts through Public's individual
// API (https://api.public.com), institution "public".
//
// The user pastes a personal secret key made in the account settings (an
// integrations.FormLogin). The client exchanges it for a short-lived access token (POST
// /userapiauthservice/personal/access-tokens with {"validityInMinutes":
// 60, "secret"} → {"accessToken"}; the API takes 5 to 1440 minutes) and
// sends that as a Bearer token. There is no refresh token: when the access
// token is due (a minute before its end) or refused with 401, the client's
// integrations.TokenSource mints a new one from the secret, hands the grant
// holding it to SaveFunc, and only then uses it; a secret the API refuses ends in ErrReauthRequired
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
// Positions come priced (lastPrice, currentValue) by the portfolio call
// itself, so no separate price call can fail; history rows are flat (no
// details under a key named after the type: issue 11.19 does not apply).
//
// Rate limits: none published (a third-party comment says 10 requests a
// second). The scope is per grant (one secret key; RateScope default); the
// fake counts per key when Options.RateLimit is set (TestRateLimitPerKey).
//
// Errors: 401 to an access token → a new token and one more try, then
// ErrReauthRequired; 403 ErrReauthRequired; 429 a RateLimitError (Retry-After
// when given); 5xx, malformed or truncated answers ErrUnavailable.
//
// # Sources
//
// Checked point by point against Public's official SDK,
// PublicDotCom/publicdotcom-py @214ca43 (2026-07-21):
// src/public_api_sdk/auth_provider.py (POST
// /userapiauthservice/personal/access-tokens with {"secret",
// "validityInMinutes"} 5..1440, Bearer header), api_client.py (401, 400,
// 404, 429 with Retry-After, 5xx; 429 and 5xx retried),
// public_api_client.py (paths /userapigateway/trading/account,
// /{accountId}/portfolio/v2, /{accountId}/history), models/account.py
// (AccountType, BrokerageAccountType), models/portfolio.py (Portfolio:
// buyingPower, equity[] by AssetType, positions[] with instrument,
// quantity, currentValue, lastPrice{lastPrice,timestamp},
// costBasis{totalCost,unitCost}, optional cash and totalAccountValue),
// models/instrument_type.py (ALT, BOND, CRYPTO, EQUITY, INDEX,
// MULTI_LEG_INSTRUMENT, OPTION, TREASURY: the unmapped map to other) and
// models/history.py (HistoryRequest start/end ISO 8601 with zone, pageSize,
// nextToken; TransactionType TRADE, MONEY_MOVEMENT, POSITION_ADJUSTMENT;
// the subtypes, DEPOSIT_RETURNED, WITHDRAWAL_RETURNED, REWARD and MISC
// mapping to OTHER). Field names, types and paths match; no deviation was
// found in the decoders. Also: https://public.com/api/docs/quickstart and
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
