// Package demo is the demo institution built into Latchkey: a real HTTP
// server on loopback, started inside the process the first time it is
// needed, and the two integrations that talk to it.
//
//   - "demo", Latchkey Demo Brokerage: OAuth 2.0 (authorization code with
//     PKCE, a consent page in the browser with Approve and Deny) and
//     username and password with every MFA kind. Three accounts: a USD margin
//     account (with some CAD cash), a CAD TFSA and a crypto wallet.
//   - "demo-crypto", Latchkey Demo Crypto: an API key and secret; every data
//     request is signed with HMAC-SHA256. One spot wallet.
//
// # Logins
//
// Every username below takes the password "pass_good"; any other password is
// refused (ErrInvalidCredentials), and so is an unknown username.
//
//	user_good           logs in
//	user_mfa_code       asks for a code from an authenticator app: 123456
//	user_mfa_choice     asks to choose SMS or e-mail, then for the code: 123456
//	user_mfa_push       asks to approve in "the app": the ApproveStep's URL is a
//	                    page with Approve and Deny; untouched, it approves itself
//	                    after Options.ApproveAfter (5 s)
//	user_mfa_questions  asks two security questions: "blue" (first car's colour)
//	                    and "rex" (first pet's name), case-insensitive
//	user_locked         ErrAccountLocked (HTTP 423)
//	user_rate_limited   a *RateLimitError (HTTP 429, Retry-After: 60)
//	user_maintenance    ErrUnavailable (HTTP 503 maintenance)
//	user_expiring       logs in; the grant ends in 3 days (status "expiring")
//	user_expire_fast    logs in; the grant ends after 60 seconds
//
// A wrong code or answer returns the same step with ErrInvalidMFACode; after
// five wrong answers the challenge is dropped. Each username is a different
// institution-side user (its own user id, so its own grant Fingerprint): a
// repair with another username is refused as a different login.
//
// The OAuth consent page signs in with the same usernames (user_good
// pre-filled). The client is the built-in public client "latchkey-demo": no
// app registration, no secret, PKCE S256, any loopback redirect port
// (RFC 8252). Access tokens last 15 minutes; refresh tokens rotate on every
// use (a used one is refused) and end with the grant.
//
// demo-crypto keys: "demo_key" with secret "demo_secret", and "demo_key_2"
// with "demo_secret_2" (a second exchange user).
//
// # Grants and revocation
//
// Grants last 90 days unless the scenario says otherwise; Grant.Expiry says
// when. Tokens are self-validating: base64url JSON claims signed with
// HMAC-SHA256 under a key kept in the app's data folder (demo-signing.key,
// created 0600 on first use; in memory when Options.DataDir is ""), so a
// grant survives a restart of the app. Revoke puts a grant on the revocation
// list (demo-revoked.txt in the data folder), which every demo server re-reads
// when it changes, as a user revoking Latchkey's access at their broker would
// do; the connection's next call fails with ErrReauthRequired and repair can
// be tried.
//
// # Data
//
// The data is deterministic and anchored to "now" truncated to the UTC day:
// activity covers the 730 days before that day, and each day's rows (and
// prices) are derived from a fixed seed, the account and the calendar date
// only, so a row keeps its id and values as days pass; new days appear and
// the oldest drop off. Tests pin the clock (Options.Now) for exact counts.
// About 25 positions (equities, ETFs, mutual funds, a long and a short
// option, crypto, cash) and several hundred activities (buys, sells,
// dividends with withholding tax, reinvestments, interest, fees,
// contributions, withdrawals, a split, transfers, a corporate-action
// adjustment) make every universal activity type appear. Every amount is a
// decimal string on the wire.
//
// The brokerage is multi-currency: a USD margin account that also holds CAD
// cash (its CAD balance carries the brokerage's own CAD→USD rate, fx_rate,
// read as Balance.FXRate), a CAD TFSA and a USD crypto wallet. Its client is
// an integrations.ValueHistorian: GET /v1/accounts/{id}/history?since=
// gives each account's value, cash and net contributions at the end of each
// of the 365 days before the anchor, per balance currency, derived from its
// activity: the anchor's holdings valued at each day's marks, and its cash
// with each later day's money activity (contributions, withdrawals,
// transfers, income, fees) undone. Trades are not undone (the made-up
// activity does not add up to the holdings), so reconstructed cash may dip
// below zero. The app back-fills its daily snapshots from it, so the value
// chart has a year of history on first run.
//
// # The API
//
// JSON errors look like {"error":"invalid_token","message":"..."}; an expired
// or revoked token gets 401 invalid_token (ErrReauthRequired), maintenance
// 503 (ErrUnavailable), too many requests 429 with Retry-After (a
// *RateLimitError). Every data answer carries X-RateLimit-Limit, -Remaining
// and -Reset (Options.RateLimit requests a minute per grant). Positions come
// 10 a page and activities 100 a page, with a next_page_token; the crypto
// ledger pages with a cursor. Server.Inject makes the next data requests fail
// on purpose (500, 429, 503, malformed or truncated bodies, 401), and
// Server.RevokeAll and Server.ExpireAccessTokens act on every grant, for
// tests.
//
// The limit is per grant (each connection's token or API key), so both
// institutions declare RateScopeGrant; the server keeps a window per grant.
// Positions come priced with the positions call, and history comes in
// pages of a cursor without a budget: no PricesUnknown and no
// HistoryWalker apply.
//
// # The kit
//
// The logins are the kit's: the brokerage's credentials login is an
// integrations.StepLogin (one handler per challenge: code, choice,
// questions, and PollApproval for the push), its OAuth login
// integrations/oauthflow, the crypto key an integrations.FormLogin; every
// request goes through httpx's call, the signing hook of demo-crypto setting
// its headers over the request httpx will send. The brokerage's "revoke
// access" is its integrations.Actioner (actions.go), so front ends need not
// know the demo. The server itself does not use fakekit: it ships in the
// app (fakekit is test support and imports package testing), its tokens are
// self-validating claims signed with a key kept in the data folder (so a
// grant outlives a restart, which fakekit.Tokens' memory does not), and its
// consent page signs in as any demo user. The conformance harness is
// integrations/demo/fake (Harness): the real server behind the suite's
// fault injector.
//
// # Sources
//
// The demo is its own reference: no institution stands behind it. Its
// shapes follow the patterns the real integrations meet: OAuth 2.0 with
// PKCE and rotating refresh tokens (RFC 6749, 7636, 7009 revocation), a
// JSON error envelope, X-RateLimit-* headers, Retry-After, cursor pages, and
// an exchange's HMAC-SHA256 request signing. Every decoder reads flat
// objects: no detail sits under a key named after a type.
//
// Routes: GET /oauth/authorize, POST /oauth/consent, POST /oauth/token,
// POST /oauth/revoke; POST /v1/auth/login, POST /v1/auth/mfa,
// GET /v1/auth/mfa/{id} (push status), GET and POST /mfa/approve/{id} (the
// approve page); GET /v1/me, /v1/accounts, /v1/accounts/{id}/balances,
// /v1/accounts/{id}/positions, /v1/accounts/{id}/activities?since=,
// /v1/accounts/{id}/history?since=;
// GET /crypto/v1/account, /crypto/v1/balances, /crypto/v1/ledger?start_time=.
package demo
