// Package snaptrade connects brokerages through SnapTrade with the
// investor's own SnapTrade Personal API key. Each brokerage connection
// ("brokerage authorization") in the user's SnapTrade account becomes its
// own Latchkey connection, named after the brokerage it reaches ("Webull
// Canada · via SnapTrade"); a disabled one is repaired through the
// Connection Portal's reconnect mode.
//
// # Sources
//
// Checked against passiv/snaptrade-sdks at 2df67c03ac0671788f582d5ae249eef7638cb25e
// (2026-08-22): api.yaml (the OpenAPI spec), docs/*.md (mirrors of
// docs.snaptrade.com), and the official SDKs generated from it
// (sdks/python/snaptrade_client, sdks/go); and passiv/snaptrade-cli at
// d73dc58f22a59fe93d1742e2a1958a647f9718ac (2026-07-08), SnapTrade's own
// local CLI, the closest relative of a desktop client.
//
// Who the user is (docs/personal-vs-commercial.md,
// docs/authentication-methods.md, docs/getting-started.md):
//
//   - A Personal customer may "create one Personal client ID and consumer
//     key"; "Personal users are currently completely free". The key is
//     created on the dashboard's API Key page after turning on 2FA.
//   - With a Personal key: "Do not create a SnapTrade user with
//     registerUser", "Do not store or send a userSecret", "Omit userId and
//     userSecret when making API requests; SnapTrade resolves the user from
//     the Personal API key", and "generate the portal link without userId
//     or userSecret". The SDKs' personalApiKey auth mode (added
//     2026-07-22, commit df20ba14) sends only clientId, timestamp and
//     Signature (sdks/python/snaptrade_client/paths/authorizations/get.py,
//     _auth_modes). Latchkey never calls registerUser, and the fake refuses
//     requests that carry userId or userSecret.
//   - SnapTrade OAuth was considered and not used: OAuth apps need "An
//     eligible Commercial Pay-as-you-go SnapTrade account", the self-serve
//     app "is a confidential client. Do not embed its client secret in ...
//     a desktop app, or a distributed CLI" (docs/oauth-apps.md), and
//     Latchkey has no backend to hold it. SnapTrade's CLI uses SnapTrade's
//     own first-party client id (src/utils/oauthConstants.cjs), which is
//     not Latchkey's to use.
//
// So the key is the institution's app registration in Settings: the
// clientId as the client id, the consumerKey as the client secret, both in
// the vault (AuthMethod.NeedsApp). A grant holds only its connection's id.
//
// Signing (docs/request-signatures.md; the Python SDK's
// request_after_hook.py and request_before_url_hook.py; sdks/go/request_hooks.go):
// clientId and timestamp (Unix seconds) go in the query; the Signature
// header is base64 HMAC-SHA256, keyed with the consumer key, of the JSON
// {"content": body or null, "path": path, "query": raw query} with keys
// sorted and no whitespace ("json.dumps(sig_object, separators=(",", ":"),
// sort_keys=True)"); an empty body and {} sign as null; the path and query
// are signed exactly as sent ("Do not sort, decode, re-encode ... query
// parameters"). The SDKs call the API at its root (https://api.snaptrade.com
// + "/accounts/..."), and sign that path; the legacy /api/v1 prefix still
// answers with a Deprecation header (api.yaml,
// AccountInformation_getAccountActivities) and is signed with the prefix.
// testdata/signatures.json holds vectors computed with the documented
// Python function.
//
// Errors (api.yaml components 400FailedRequestResponse …
// 503BrokerageRequestResponse): {"detail", "code"} or {"default_detail",
// "default_code"}, codes as numbers or strings. 401 (1076 "Unable to verify
// signature sent") is a refused key: ErrNeedsApp while logging in,
// ErrReauthRequired in a sync; 402 (3003 "the connection is disabled",
// 3011) ErrReauthRequired; 403 1141 ErrNotSupported, other 403s
// ErrReauthRequired; 404 (the connection was deleted) ErrReauthRequired;
// 425 (3012 "being populated") and 5xx ErrUnavailable; 501
// ErrNotSupported; 429 a rate-limit error whose wait is Retry-After, else
// X-RateLimit-Account-Reset when X-RateLimit-Account-Remaining is 0, else
// X-RateLimit-Reset — both "the number of seconds until" the window frees
// (docs/ratelimiting.md: 250 requests a minute per clientId, and for
// Personal keys 10 a minute per account on the account-data endpoints). No
// error text holds SnapTrade's detail: only its status and code.
//
// Connecting (api.yaml Authentication_loginSnapTradeUser and
// SnapTradeLoginUserRequestBody; docs/implement-connection-portal.md):
// POST /snapTrade/login answers {redirectURI, sessionId}; "the returned URL
// expires in 5 minutes". Latchkey first offers GET /brokerages as a choice
// (enabled ones not in maintenance: "A brokerage in maintenance mode will
// not be available for new connections"), or the portal's own list, then
// asks for a link with broker (preselected: "skips the integrations
// selection screen"), connectionType read, immediateRedirect and
// customRedirect pointing at a loopback listener with an unguessable path;
// the portal redirects to it with ?status=SUCCESS&connection_id=…,
// ?status=ERROR&status_code=…&error_code=… or ?status=ABANDONED. The
// common error codes are mapped (1066 and 1086 reopen the portal with
// ErrInvalidCredentials and ErrInvalidMFACode; 3000 ErrUnavailable; 1006
// ErrLoginTimeout; 1023 ErrDifferentLogin; 1140 and 1012 ErrNotSupported;
// 0000 ErrNeedsApp). Where the redirect cannot reach Latchkey, the user can
// paste the address, and the login also lists the connections every 5
// seconds while the portal is open, as snaptrade-cli's src/utils/connect.ts
// does, and takes a connection that appeared (or, in reconnect mode, came
// back to life) as the answer. Then GET /authorizations: the portal's
// connection is the DoneStep, every other connection of the key an Also
// (SnapTrade de-dupes: "when connecting the brokerage with the same
// credentials, SnapTrade will return the existing connection"). A
// connection's fingerprint is its authorization id.
//
// Disabled and repair (api.yaml BrokerageAuthorization.disabled;
// docs/fix-broken-connections.md, docs/connections.md): a disabled
// connection "can no longer access the latest data from the brokerage, but
// will continue to return the last cached state"; Latchkey's client
// answers ErrReauthRequired with the brokerage and disabled_date, keeping
// its cached data. "To use the reconnect mode, you simply pass along the
// connection id in the reconnect field" of the login link; on success "the
// disabled connection will be updated with a new access token" and keeps
// its id and accounts (a new connection instead would have "a different
// connection id and different account ids"). connectionType is left out of a reconnect,
// as snaptrade-cli does, so the connection keeps its type. The user must
// log in as before ("Changing the connection in a reconnect is not
// permitted", error 1023).
//
// Data: GET /authorizations/{id} (disabled?), GET
// /authorizations/{id}/accounts (Account: number "may be masked";
// balance.total; sync_status.holdings.holdings_unavailable;
// account_category INVESTMENT, DEPOSIT, LOC), GET /accounts/{id}/balances
// (one row per currency: cash, buying_power), GET
// /accounts/{id}/positions/all (AllAccountPositionsResponse: results and
// data_freshness.as_of; instrument.kind stock, adr, etf, mutualfund, cef,
// crypto, future, option, cfd, other; decimal strings; cost_basis per share;
// cash_equivalent money-market funds "also counted in cash") — the endpoint
// that replaced /accounts/{id}/positions on 2026-08-10 (commit 864575a8),
// while /accounts/{id}/holdings "will return HTTP 410 Gone for all customers
// that sign up after May 11, 2026"; an answer without results is an error,
// not an empty account. It is not paged. GET /accounts/{id}/activities with
// startDate (inclusive, trade_date), offset and limit ("a default page
// size of 1000 ... a maximum of 1000"), {data, pagination {offset, limit,
// total}}, newest first; read until total rows. Types as api.yaml and
// docs/sandbox.md list them, the list "not exhaustive": unknown ones are
// OTHER with the raw type; TRANSFER by its sign; option BUY/SELL keep
// option_type in the raw type. Balances total each currency's cash plus its
// positions (cash_equivalent ones once); an account with
// holdings_unavailable takes balance.total ("prefer the account's total
// value"). The positions read for a balance serve the positions call that
// follows, so a sync reads each account's positions once.
//
// Refresh (api.yaml Connections_refreshBrokerageAuthorization): "disabled
// for Real-time plans (Personal and Pay as you go) unless the connection is
// delayed" (data_freshness_mode), may be billed, 402 when disabled, 429
// "refreshed too recently": the ExtraAction "Refresh at SnapTrade" refuses a
// realtime connection without a request. Remove
// (Connections_deleteConnection): DELETE /connection/{id}, "asynchronous, a
// 200 response indicates that a task has been queued"; it replaced the
// synchronous DELETE /authorizations/{id} in commit 864575a8.
//
// Names and monograms: a connection is named by its brokerage's
// display_name from SnapTrade; brokers.go maps the slugs of brokerages
// Latchkey also reaches directly to that integration's id, used as the
// monogram (and by app/duplicates.go to match the two routes).
//
// # Not verified
//
// No SnapTrade account was used. Not settled by any source: that the
// portal honours a loopback customRedirect for a Personal key (the docs put
// no limit on it; the poll and the paste cover a portal that ignores it);
// how far a timestamp may be off (the fake allows five minutes); how the
// server canonicalises non-ASCII text and floats in a body (the Python
// sample escapes non-ASCII, ensure_ascii, and the Go SDK does not;
// Latchkey's bodies are ASCII strings and booleans, for which both agree);
// SnapTrade's answer to userId/userSecret sent with a Personal key; the
// minimum interval between manual refreshes (the fake: one hour); the
// signs SnapTrade gives units of a SELL and amounts of BUY/SELL
// ("In general"; the spec's own sample is a BUY of +263.82, so Latchkey
// gives BUY, SELL, CONTRIBUTION and WITHDRAWAL the contract's sign); and
// brokerage slugs other than ALPACA, QUESTRADE, ROBINHOOD and SANDBOX,
// which SnapTrade's material names (the others in brokers.go are those
// public apps send to SnapTrade; a wrong one only costs a monogram, since
// names come from the API).
package snaptrade
