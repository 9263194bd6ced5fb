// Package alpaca connects Latchkey to Alpaca's Trading API: the live
// institution "alpaca" (https://api.alpaca.markets) and the paper-trading
// institution "alpaca-paper" (https://paper-api.alpaca.markets), each with
// its own key pairs.
//
// # Logins
//
//   - API key pair: the key id and secret key from the Alpaca dashboard, sent
//     as the APCA-API-KEY-ID and APCA-API-SECRET-KEY headers; checked with
//     one GET /v2/account before the connection is saved. Keys never expire.
//   - OAuth 2.0 authorization code, without PKCE (Alpaca does not support
//     it): the user registers their own OAuth app at Alpaca (client id and
//     secret in Settings) with the redirect URI http://127.0.0.1:<port>/callback.
//     The authorize page is https://app.alpaca.markets/oauth/authorize (with
//     env=live or env=paper), the token endpoint
//     https://api.alpaca.markets/oauth/token for both; the token answer has
//     no expires_in and no refresh_token, so the grant never expires
//     (Grant.Expiry is zero) until the user revokes the app.
//
// # Data
//
// One account per login (GET /v2/account; its UUID is the account id, its
// account_number is shown masked), one USD balance, positions
// (GET /v2/positions) and activities (GET /v2/account/activities, paged by
// page_token = the id of the last row of the previous page, at most 100 a
// page, direction=asc, after=<since - 1 day>). Every decimal arrives as a
// JSON string and is parsed as text. Trade fills (FILL, side buy/sell/
// sell_short) map to BUY/SELL; non-trade activities map by activity_type
// (DIV*, INT*, CSD, CSW, FEE, PTC, JNLC/JNLS/JNL, ACATC/ACATS, SSO/SSP...),
// unknown types to OTHER with the raw type kept.
//
// # Errors
//
// Alpaca answers errors as {"code":<int>,"message":"..."}. 401 and 403 are
// a refused key or token (ErrInvalidCredentials while logging in,
// ErrReauthRequired afterwards); 429 is a *integrations.RateLimitError whose
// wait comes from Retry-After or, as Alpaca sends it, from
// X-RateLimit-Reset (a Unix time); 5xx and unreadable answers are
// ErrUnavailable. Error texts never hold a key, a token, a body or an
// account number.
//
// # Sources
//
// Verified against: https://docs.alpaca.markets/docs/account-activities and
// https://docs.alpaca.markets/us/docs/account-activities.md (TradeActivity
// and NonTradeActivity samples, string decimals, page_token = row id,
// direction semantics, page_size default and maximum 100 without date);
// https://docs.alpaca.markets/us/reference/getaccountactivitiesbyactivitytype-1.md
// (activity types and sub-types); the NTA field list in the Perl
// Finance::Alpaca (metacpan Finance::Alpaca::Struct::Activity) and the
// TypeScript @master-chief/alpaca NonTradeActivity interface; position
// fields as returned by the API (sbeam/zincbee fix.js sample); the
// reference notes in shared/reference/brokerages.md §1 for the OAuth
// endpoints (docs.alpaca.markets/docs/working-with-oauth, alpacahq/cli
// internal/oauth), the key headers (alpacahq/alpaca-trade-api-go
// alpaca/rest.go) and the account fields (alpaca/entities.go).
//
// Not verified: the exact error body of the OAuth token endpoint (the fake
// answers RFC 6749 {"error":"invalid_grant"}), whether 429 answers carry
// Retry-After (the client handles both), whether Alpaca accepts
// http://127.0.0.1 redirect URIs for user-registered apps (its own CLI
// registers http://localhost:<port>/callback), and the 403 body for a live
// key sent to the paper host.
package alpaca
