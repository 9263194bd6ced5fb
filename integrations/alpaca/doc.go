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
//   - OAuth 2.0 authorization code, without PKCE (Alpaca documents none):
//     the user registers their own OAuth app at Alpaca (client id and
//     secret in Settings) with the redirect URI http://127.0.0.1:<port>/callback.
//     The authorize page is https://app.alpaca.markets/oauth/authorize
//     (response_type=code, client_id, redirect_uri, state, and env=live or
//     env=paper; no scope, so read-only access, the documented default), the
//     token endpoint https://api.alpaca.markets/oauth/token for both, with
//     client_id and client_secret in the form; the token answer
//     ({"access_token","token_type":"bearer","scope"}) has no expires_in and
//     no refresh_token, so the grant never expires (Grant.Expiry is zero)
//     until the user revokes the app. The token is sent as
//     "Authorization: Bearer <token>" to the live or the paper host.
//
// # Data
//
// One account per login (GET /v2/account; its UUID is the account id, its
// account_number is shown masked; its kind comes from multiplier: 1 is a
// limited margin account, 2 and 4 margin accounts), one balance in the
// account's currency (cash, buying_power, and equity, else the deprecated
// portfolio_value, as the total), positions (GET /v2/positions; a short's
// qty negative, made negative when side is "short" and qty is not) and
// activities (GET /v2/account/activities?direction=asc&page_size=100&
// after=<since - 1 day>, each next page's page_token the id of the previous
// page's last row, read until an empty page). Every decimal arrives as a
// JSON string and is parsed as text. Trade fills (activity_type FILL, type
// fill or partial_fill, side buy or sell) map to BUY/SELL dated on their New
// York day; non-trade activities map by activity_type (DIV*, the
// withholdings, INT, CSD, CSW, the fees, JNLC/JNLS/JNL and ACATC/ACATS by
// sign, SPLIT/SSP), anything else to OTHER with the raw type kept; a
// non-trade activity whose status is "canceled" is left out.
//
// # Errors
//
// Alpaca answers errors as {"code":<int>,"message":"..."}. 401 and 403 are
// a refused key or token (ErrInvalidCredentials while logging in,
// ErrReauthRequired afterwards); 429 is a *integrations.RateLimitError whose
// wait comes from Retry-After or, as Alpaca sends it, from
// X-RateLimit-Reset (a Unix time in seconds); another refusal with a code
// (400, 404, 422, any other) is ErrUnavailable naming the status and code; 5xx and
// unreadable answers are ErrUnavailable. Error texts never hold a key, a
// token, a body, an error message (which may echo the request) or an
// account number.
//
// # Checked against the official SDKs
//
// Checked on 2026-12-07 against alpacahq/alpaca-trade-api-go at
// 0bb53143fd82ad570946f3afe790605c26f6e37f (the Go SDK), alpacahq/alpaca-py
// at bd1fa9ea2fc3194914be9d47f7f5822a18a05b5f, and Alpaca's documentation
// source alpacahq/alpaca-docs at 2080c5e0efbbd812c48eef9209a7a9962de67d2a
// (data/webapi/…, content/…), with docs.alpaca.markets pages where those
// are newer. Point by point:
//
//   - Hosts and auth headers (Go alpaca/rest.go NewClient and defaultDo;
//     alpaca-py alpaca/common/enums.py BaseURL and alpaca/common/rest.py
//     _get_auth_headers): api.alpaca.markets and paper-api.alpaca.markets;
//     APCA-API-KEY-ID and APCA-API-SECRET-KEY, or "Authorization: Bearer"
//     for an OAuth token, which wins over a key pair in both SDKs. Same.
//   - Paths (Go rest.go GetAccount, GetPositions, GetAccountActivities):
//     /v2/account, /v2/positions, /v2/account/activities. Same.
//   - Activities query (Go rest.go GetAccountActivitiesRequest; alpaca-py
//     alpaca/broker/requests.py GetAccountActivitiesRequest, whose Trading
//     client has no activities call; alpaca-docs
//     data/webapi/endpoints/account-activities.yaml;
//     docs.alpaca.markets/reference/getaccountactivities): the SDKs send
//     after, until and date as RFC 3339 times; the reference accepts
//     "YYYY-MM-DD" too, in UTC when no zone is named, and filters on when a
//     row was created, not its date. Settled: the client keeps the date
//     form, a day before since, since after is exclusive and a non-trade
//     activity is created on or after its date (a fee "typically the day
//     after"); it filters on the row's own date. direction asc, page_size
//     100 (the reference's 1 to 100, the default and maximum without date),
//     no date, activity_types or category (unset, every type). Same.
//   - Paging (alpaca-py alpaca/broker/client.py
//     _get_account_activities_iterator): page_token is the id of the last
//     row of the previous page, and the list ends with an empty page.
//     Differed: the client stopped at a page shorter than page_size; it now
//     reads until the empty page (TestActivitiesReadUntilEmptyPage).
//   - Activity fields (Go alpaca/entities.go AccountActivity; alpaca-py
//     alpaca/trading/models.py TradeActivity and NonTradeActivity;
//     alpaca-docs data/webapi/entities/account-trade-activity-v2.yaml and
//     account-nontrade-activity-v2.yaml): decimals as strings (the SDKs'
//     floats and decimals read them); id, activity_type, transaction_time,
//     type, price, qty, side, symbol for a fill; date (the Go SDK's
//     civil.Date; a timestamp is read too), net_amount, symbol, qty,
//     per_share_amount, description, status for the rest. Differed: a
//     non-trade activity's price (alpaca-py NonTradeActivity.price) was
//     ignored; it is now the price when per_share_amount is absent
//     (TestNonTradePrice). status (executed, correct, canceled: alpaca-py
//     NonTradeActivityStatus, the Broker API's ENUM.AccountActivity,
//     "canceled" being "recorded but canceled") was ignored; a canceled row
//     is now left out (TestCanceledActivityLeftOut). A symbol is trimmed.
//     side: both SDKs know buy and sell; sell_short and buy_to_cover, which
//     neither lists, are still read as a sell and a buy.
//   - Activity types (alpaca-py alpaca/trading/enums.py ActivityType; the
//     trading API list in alpaca-docs
//     content/api-references/trading-api/account-activities.md; the
//     2026-11-06 changelog docs.alpaca.markets/us/v1.1/changelog/2026-11-06-activity-types-b66d603):
//     and the official C# SDK's AccountActivityType
//     (alpacahq/alpaca-trade-api-csharp@81f317399cae164b8c149914ca57e8a8fd88f8d6
//     Alpaca.Markets/Enums/AccountActivityType.cs, which describes each):
//     Differed: DIVWH and WH (withholdings) and PTR ("Pass-through rebate")
//     were OTHER; they are TAX, TAX and FEE. TRANS was a signed transfer,
//     but it is a filter that names CSD and CSW and never a row's type; it
//     is no longer mapped (TestActivityMapping). SSP and SSO are former
//     split and spin-off codes (SPLIT and SPIN now); SSP and SPLIT are
//     SPLIT, SSO and SPIN are OTHER. CIL, MA, NC, SC, REORG, VOF, MEM, the
//     OP* option events (OPTRD, "Option trade" in the C# SDK, carries no
//     side), EXTRD, FXTRD, INTPNL, OCT, OPCA and the other newer types are
//     OTHER with their raw type. activity_sub_type (a free-form
//     string, in neither SDK) is not read.
//   - Position fields (Go entities.go Position; alpaca-py models.py
//     Position, PositionSide, AssetClass; alpaca-docs
//     data/webapi/entities/position.yaml and position-crypto.yaml): qty,
//     avg_entry_price, cost_basis as strings, market_value and current_price
//     optional (zero when absent); side long or short; asset_class
//     us_equity, us_option, crypto, and crypto_perp (alpaca-py), which is
//     OTHER. Differed: the docs' equity sample's symbol is "AAPL " with a
//     trailing space; symbols are now trimmed (TestDecodePositionsSample).
//     Values are in USD, the only currency of a Trading API account
//     (alpaca-py TradeAccount.currency).
//   - Account fields (Go entities.go Account; alpaca-py models.py
//     TradeAccount and AccountStatus; alpaca-docs
//     data/webapi/entities/account-v2.yaml): id, account_number, status,
//     currency, cash, buying_power, equity, portfolio_value, multiplier, all
//     decimals strings; the docs sample's daytrade_count is the string "0"
//     and alpaca-py's test answer's options levels are strings, neither read.
//     cash is optional in alpaca-py but not in the Go SDK; the client still
//     requires it (a balance without cash means nothing). ACTIVE is open,
//     ACCOUNT_CLOSED closed, every other AccountStatus (DISABLED,
//     ONBOARDING, ...) kept as the institution's word. Differed: a
//     multiplier of 1 was named a cash account, but the Account entity's
//     docs call it a "standard limited margin account with 1x BP"; it is now
//     a limited margin account (TestAccountKindFromMultiplier).
//   - Errors (Go entities.go APIError and APIErrorFromResponse: an integer
//     code and a message; alpaca-py alpaca/common/exceptions.py): the code
//     is named, the message never. Differed: a 404 or 422 with a code was an
//     error matching no sentinel; it now wraps ErrUnavailable
//     (TestRefusalEnvelope). Both SDKs retry 429 (the Go SDK 3 times a
//     second apart, alpaca-py 3 times 3 s apart, and 504 too); here a 429
//     is a RateLimitError whose wait runs to X-RateLimit-Reset, a Unix time
//     in seconds beside X-RateLimit-Limit and -Remaining on every answer as
//     docs.alpaca.markets/docs/rate-limits documents them (a Broker API
//     page; alpacahq/alpaca-skills names the same headers for the Trading
//     API).
//   - OAuth (alpaca-docs content/oauth/guide.md and
//     data/webapi/endpoints/oauth.yaml; docs.alpaca.markets/docs/using-oauth2-and-trading-api;
//     the Go SDK's ClientOpts.OAuth and alpaca-py's oauth_token send the
//     token as a bearer): authorize and token endpoints and parameters as
//     under Logins. Same (TestAuthorizeURL).
//   - The fake (fake/data.go, its own declarations): it followed the client's
//     reading; it now follows the entities and SDKs (no pattern-day-trader
//     fields, which Alpaca dropped on 2026-07-06 per alpaca-py fd14c0a; the
//     unrealized_* position fields; the token answer with scope and the
//     client only in the form; date on activities) and serves the docs'
//     samples (fake_test.go).
//
// # Sources
//
// Besides the above: https://docs.alpaca.markets/docs/account-activities and
// https://docs.alpaca.markets/us/docs/account-activities.md (the
// TradeActivity and NonTradeActivity samples, which testdata/activities.json
// holds byte for byte from alpaca-docs); testdata/account.json and
// testdata/positions.json are alpaca-docs' entity examples (the crypto
// position's trailing comma removed to make it JSON);
// testdata/activities_sdk.json holds the Go SDK's TestGetAccountActivities
// answer and the Broker API docs' NTA sample
// (content/api-references/broker-api/accounts/account-activities.md);
// testdata/account_sdk.json alpaca-py's test_get_account answer. The
// reference notes in shared/reference/brokerages.md §1 name the OAuth env
// parameter and the loopback redirect from alpacahq/cli internal/oauth.
//
// Not verified: the env authorize parameter and loopback redirect URIs
// (from alpacahq/cli, which this check could not fetch; the docs name
// neither, and whether Alpaca accepts http://127.0.0.1 redirect URIs for
// user-registered apps is not settled: its CLI registers
// http://localhost:<port>/callback); the scope Alpaca's token answer names
// when none was asked (the fake answers ""); the error body of the OAuth
// token endpoint (the fake answers RFC 6749 {"error":"invalid_grant"});
// whether 429 answers carry Retry-After (the client handles both); the 403
// body, and the status, for a live key sent to the paper host (the fake
// answers 401); whether the Trading API really returns both trade and
// non-trade activities without a category, as its reference says ("If
// unspecified, activities of all types will be returned") while the Broker
// and crypto pages tell to ask each category apart; what a page_size above
// 100 does (the fake caps it); the meaning of DIVWH, WH, INTPNL and OCT,
// which no SDK describes (the mapping reads DIVWH and WH from their names),
// and what an OPTRD row holds; the exchange of an option position (the fake says OPRA);
// the symbol of a crypto fill (the fake uses the position's BTCUSD).
package alpaca
