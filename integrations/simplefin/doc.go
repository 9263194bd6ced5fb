// Package simplefin connects banks and brokerages through SimpleFIN: the
// SimpleFIN Bridge (or any SimpleFIN server) with a setup token the user
// creates there. Each connection at the Bridge (one login at one
// institution) becomes its own Latchkey connection, named after what it
// reaches ("Fidelity Investments · via SimpleFIN"); one whose login needs
// the user's attention at the Bridge is disabled on its own, and Repair
// opens the Bridge's page and waits until it is fixed.
//
// # Sources
//
// The protocol: simplefin/simplefin.github.com (the site of
// https://www.simplefin.org/protocol.html): protocol.md (1.0-draft.4, 15
// Jun 2016) at 0e58b6a8f23f594975581afc5b8f380c8cb02cc5, protocol-v2.md at
// 1117d66ed23656093fc5fe16691e2c6d83fbac9b, CHANGELOG.md at
// 620e27062109ee1aed6b0da8fdcc5f95ec4ced99 ("v2.0.0 - 2026-03-19") and its
// changes/*.md. What this package relies on:
//
//   - A setup token ("SimpleFIN Token") "is a Base64-encoded URL. Make an
//     HTTP POST to that URL to claim an Access URL"; the example token
//     aHR0cHM6Ly9icmlkZ2Uuc2ltcGxlZmluLm9yZy9zaW1wbGVmaW4vY2xhaW0vZGVtbw==
//     decodes to https://bridge.simplefin.org/simplefin/claim/demo. The
//     claim answers "an Access URL, which is just a URL with included
//     Basic Auth credentials"; 403: "The claim token either does not exist
//     or has already been used claimed by someone else. Receiving this
//     could mean that the user's transaction information has been
//     compromised." Latchkey claims once (never retried), saves the access
//     URL only in the vault, and on a 403 tells the user to disable the
//     token at the Bridge if they did not use it (the Checklist: "When
//     claiming an Access URL fails, notifies the customer that the token
//     may be compromised").
//   - GET /accounts with the access URL's Basic credentials; start-date
//     ("on or after") and end-date ("before (but not on)") as Unix
//     seconds; pending ("If pending=1 is provided, pending transactions
//     will be included"; by default they are not, and Latchkey does not ask:
//     a pending row's id is not known to survive its posting); account
//     (repeatable) and balances-only=1 (2.0). Answers: 200 an Account Set,
//     402 "Payment required", 403 "Authentication failed. This could be
//     because access has been revoked or if the credentials are incorrect."
//   - The Account Set (1.0): errors, "Array of strings suitable for
//     displaying to a user" that "you must sanitize", and accounts with an
//     org (Organization: domain or name, sfin-url). 2.0: errlist (Error:
//     code, msg, conn_id, account_id), errors deprecated, connections
//     (Connection: conn_id, name — "Human-friendly name for this
//     connection. This should include the financial institution name" —
//     org_id, org_url, sfin_url; the GET /accounts example adds org_name),
//     conn_id on every account ("to disambiguate between two different
//     logins to the same bank"), Organization deprecated.
//   - Error codes "prefix.[subcode]": gen., gen.api ("meant for the
//     developer and not the user"), gen.auth, con., con.auth
//     ("Authentication issue for a connection"), act., act.failed ("Failed
//     to get account information. Try again later."), act.missingdata
//     ("Incomplete transaction listing. Try again later."); "Consumers of
//     the protocol should handle unknown subcodes by falling back to
//     treating the error like a naked prefix."
//   - Account: id, name, currency (ISO 4217, or a custom currency's URL),
//     balance, available-balance, balance-date; Transaction: id (unique
//     within the account), posted ("may be 0" when pending), amount
//     ("Positive numbers indicate money being deposited into the
//     account"), description, transacted_at, pending.
//   - The Checklist: HTTPS only (Latchkey allows plain http on loopback
//     only, for its fake), store access URLs "at least as securely as the
//     user's financial data", display and sanitize the server's messages.
//
// The Bridge's developer guide (https://beta-bridge.simplefin.org/info/developers
// and https://bridge.simplefin.org/info/developer, as stored copies read
// them): the flow, the demo setup token
// aHR0cHM6Ly9iZXRhLWJyaWRnZS5zaW1wbGVmaW4ub3JnL3NpbXBsZWZpbi9jbGFpbS9ERU1P
// ("can be used repeatedly, but real Setup Tokens can only be used once"),
// the claim sent with "Content-Length: 0", the request "{ACCESS_URL}/accounts?version=2"
// (Latchkey sends version=2 and reads both answers), "Always show those
// errors to your end users", and Limits: "The SimpleFIN Bridge is intended
// to provide daily updates to transaction data. As such, you are expected
// to make 24 requests or fewer per day. There is a little leeway above
// this limit, which is helpful when doing initial setup. Quotas are
// replenished throughout the day." So: Institution.MinSyncInterval is 4
// hours per connection (the app skips a sync sooner and says when the next
// is allowed); the connections of one access URL syncing together share
// one read (cache.go); a read is never retried by the plumbing
// (httpx.NoRetry) nor by the app (a budgeted institution's sync is
// attempted once); a repair checks every 3 minutes at most, saying that
// each check counts. simplefin/simplefin.github.com issue #39 (open, June
// 2026) quotes the guide further: rate-limit warnings come in the
// deprecated errors list, and "exceeding limits can disable Access
// Tokens"; Latchkey therefore reads errors strings beside errlist.
//
// The public demo (its access URL https://demo:demo@beta-bridge.simplefin.org/simplefin),
// from replies saved by client projects (tairubeats-cyber/zeraph-desk
// tests/fixtures/simplefin-demo.json, "saved as it came"; a 2.0 probe in
// another project's fixtures; chrishas35/simplefin-python's README):
// organization "SimpleFIN Demo" (id simplefin.demoorg), accounts "Demo
// Savings"/"SimpleFIN Savings", "Demo Checking"/"SimpleFIN Checking",
// "Demo Empty Account"; transactions with the Bridge's payee, memo and mcc;
// amounts written "-05.50" and "00.00"; the warning "Requested date range
// exceeds recommended range of 45 days. In the future, this may be
// capped." (so one read asks for 45 days, and a first sync reads a second
// window of 45 days before it, 90 in all); in 2.0 the connection
// CON-SIMPLEFIN-DEMO, and holdings: id, created, cost_basis "55.00",
// currency, description "Shares of Apple", market_value "105884.8",
// purchase_price "0.10", shares "550.0", symbol "AAPL" — cost_basis is the
// position's total (550 × 0.10) and there is no price (Latchkey divides the
// market value by the shares). testdata/ holds the protocol's examples
// (trailing commas removed) and those demo replies (shortened).
//
// How others read it (facts only; no code copied): Actual Budget
// (actualbudget/actual packages/sync-server/src/app-simplefin) matches the
// deprecated string "Connection to {org.name} may need attention" as
// ACCOUNT_NEEDS_ATTENTION and links the user to
// https://bridge.simplefin.org/auth/login — the page a repair opens (on the
// access URL's host); it reads holdings' cost_basis as the total and
// market_value over shares as the price, sends balances-only=1 to list
// accounts and account= to filter. Sure (we-promise/sure
// app/models/provider/simplefin.rb, simplefin_item/importer.rb at
// 0252787dc014f790074c7ff9c2ac6c2b283be2cf) maps 403 to "Access URL is no
// longer valid", 402 to payment required, 429 to a rate limit, notes that
// "Bridges presence-check the param, so sending pending=0 behaves like
// pending=1", and detects the Bridge's quota warnings by "make fewer
// requests" and "only refreshed once every 24 hours".
//
// # Mapping
//
// A connection's key is "c:" + conn_id (2.0) or "o:" + its organization's
// id, domain, name or sfin-url (1.0); the fingerprint hashes it, so a
// repair with a new setup token of the same Bridge account keeps the
// Latchkey connection. con.auth (or the deprecated attention string, or a
// login word in one naming the connection, or in a set of one connection)
// and a connection missing from the set are ErrReauthRequired for that
// connection only, with the server's words; gen.auth and 403 for all of
// the access URL's. act.failed fails that account's reads (ErrUnavailable:
// its cached data stays); act.missingdata, and the server's general
// messages (once per sync, with the first account), come with the rows as
// ErrPartial, which the app keeps without taking missing rows as gone.
// gen.api and range warnings are for the developer and are not shown.
//
// SimpleFIN has no account type, number, security type or transaction
// type: the category is guessed from the name (IRA, 401(k) … retirement;
// holdings or brokerage words … investment; else cash), the masked number
// from a last-four in the name ("(x4821)", "...1234"; longer digit runs in
// names and messages are masked), the security type from the symbol and
// description (ETF, fund, money market …; five-letter tickers ending in X
// are mutual funds), and the activity type from the description and memo
// ("YOU BOUGHT … (VTI)", "DIVIDEND RECEIVED", "REINVESTMENT", "FOREIGN TAX
// PAID", "FEE", "INTEREST", "Electronic Funds Transfer Received" …); a buy
// or sell needs a symbol (in parentheses, or one of the account's
// holdings) in an investment account, and anything else is OTHER with the
// text as raw type. Accounts in a custom currency are left out.
//
// # Not verified
//
//   - The wording and placement of the Bridge's budget warning (errors,
//     errlist or both; issue #39 asks the same) and when it disables a
//     token: the fake's words are Latchkey's, after Sure's fragments.
//   - Whether conn_id stays the same for a new access URL of the same
//     Bridge account (Latchkey's repair with a new token relies on it).
//   - Whether the Bridge clears con.auth as soon as the user fixes the
//     connection, or only at its next refresh (a repair then times out
//     after 30 minutes and can be started again), and the Bridge's page for
//     one connection (Latchkey opens /auth/login).
//   - Whether balances-only=1 leaves holdings out, whether 429 is ever
//     sent, and the 90-day cap (a third-party fixture's "Requested date
//     range exceeds limit of 90 days and was capped").
//   - The transaction texts of real brokerages through the Bridge (the
//     classifier's words come from brokerages' own history exports), and
//     whether balance of a brokerage account is its total value (Latchkey
//     takes cash as balance minus the holdings' market values).
//   - The errlist code "conn.auth" one third-party fixture uses for
//     "con.auth"; both are read.
package simplefin
