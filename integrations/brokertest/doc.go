// Package brokertest is the conformance suite every integration runs against
// its fake server.
//
// An integration's fake exports its Harness, a HarnessFunc: for a variant,
// how to build the integration against a fresh fake, how to play the user
// through each auth method, which logins must fail and how, and what the fake
// serves. The package's test runs it for every variant, and the conformance
// table in integrations/allfakes runs it for every variant the registry
// ships:
//
//	func TestConformance(t *testing.T) {
//		brokertest.RunVariants(t, fake.Harness, acme.New()...)
//	}
//
// and in integrations/acme/fake:
//
//	func Harness(in integrations.Integration) (brokertest.Harness, bool) {
//		if in.Institution().ID != ID {
//			return brokertest.Harness{}, false
//		}
//		return brokertest.Harness{
//			New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
//				env, srv, _ := fakekit.Start(t, in, nil, func(clk *fakekit.Clock) (*Server, error) {
//					return New(Options{Now: clk.Now})
//				})
//				return in, env, srv
//			},
//			Logins: []brokertest.LoginScript{
//				{Method: integrations.AuthAPIKey, Values: map[string]string{"key_id": "AK1", "secret_key": "s3cr3t-key"}},
//				{Method: integrations.AuthCredentials, Refreshes: true,
//					Values: map[string]string{"username": "alice", "password": "hunter2!", "code": "246810"}},
//				{Method: integrations.AuthOAuth2, Refreshes: true, Answer: brokertest.Press("approve", nil)},
//			},
//			LoginFailures: []brokertest.FailureScript{
//				{Name: "wrong password", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{
//					Method: integrations.AuthCredentials, Values: map[string]string{"username": "alice", "password": "nope-nope"}}},
//				{Name: "wrong key", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{
//					Method: integrations.AuthAPIKey, Values: map[string]string{"key_id": "AK1", "secret_key": "wrong-key"}}},
//				{Name: "oauth denied", Want: integrations.ErrApprovalDenied, Script: brokertest.LoginScript{
//					Method: integrations.AuthOAuth2, Answer: brokertest.Press("deny", nil)}},
//			},
//			Expect: brokertest.Expect{
//				MinAccounts: 2, MinPositions: 3, MinActivities: 20, Paginated: true,
//				Currencies:    []string{"USD", "CAD"},
//				ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivityOther},
//			},
//			PriceEndpoint: "/v1/quotes", // positions are priced by a call of their own
//		}, true
//	}
//
// The fake embeds an Injector (fakekit.Base does) and puts its data handlers
// behind Injector.Wrap (fakekit's Gate), which gives it Fake.Inject,
// AfterInjector, PathInjector and the standard fault responses (WriteFault);
// it adds RevokeAll and ExpireAccessTokens itself, and may implement Counter
// so the suite checks paging returned every row exactly once. A script plays
// the user with AutoAnswer (values by field name; a BrowserStep is followed
// with Browse) or its own Answer, helped by Press (a consent page's
// button), Submit (a page's form with fields filled in), Browse, BrowseForm
// and SubmitForm, which play the system browser on loopback.
//
// Env.HTTP may be the app's own client (package httpx) with its retries and
// rate limiter, ideally with its waits shrunk for tests (httpx.Options.Sleep):
// the suite injects more failures than any client retries, and a 429 carries
// Retry-After: 1.
//
// # What the suite checks
//
//   - Institution: a slug ID, names, region, kind, capabilities, help text,
//     auth methods with named and labelled fields, secret-looking fields
//     marked FieldSecret, endpoints overridden to loopback by the Env.
//   - Logins: a script for every auth method; each login's steps are
//     well-formed and it ends in a DoneStep whose Grant has the method, a
//     secret and a fingerprint that is stable across two logins; the grant
//     never prints its secret; a new client from it reads accounts; an auth
//     method the institution lacks is refused with ErrNotSupported.
//   - Login failures end in their sentinel; invalid credentials and codes
//     hand the step back so it may be answered again; other errors end the
//     login. Every method the user types into (credentials, API key, token)
//     has a failure script proving a refusal is ErrInvalidCredentials.
//   - Data: unique account ids, masked numbers, valid categories and
//     currencies, one balance per currency, decimals without float artefacts
//     that round-trip through JSON as strings, positions with a symbol, a
//     valid type and market value ≈ units × price, activities with a
//     universal type, the raw type kept, valid dates, signs that match the
//     type, unique and stable ids across pages and fetches, since honoured.
//   - Faults: 500, 503, malformed and truncated bodies end in ErrUnavailable,
//     429 in a rate-limit error with RetryAfter > 0 and not retried in a
//     tight loop, 401 in ErrReauthRequired; once a fault clears the next call
//     succeeds. A page failing in the middle of a paged read fails the read
//     (no partial list passed off as whole). RevokeAll ends in
//     ErrReauthRequired, for the client in use and for a new one.
//   - Refresh: after ExpireAccessTokens a refreshing grant is saved through
//     SaveFunc before any request carries the new token; when save fails the
//     call fails and the new token is never used; a client built from the
//     saved grant works; an expired token whose refresh token was revoked
//     ends in ErrReauthRequired. Without refreshing scripts, expiring tokens
//     changes nothing and nothing is saved.
//   - Leaks: no error text holds a value the scripts typed into a secret
//     field, a code, a token from a grant, a full account number, or raw
//     body text (BodyCanary).
//   - Partial (opt-in by Harness.PriceEndpoint): with the call that prices
//     or describes positions failing, every account's Positions still
//     returns its units with an error matching ErrPartial; a position whose
//     price could not be read is PriceUnknown with a zero price and value,
//     one priced by the positions call keeps its price; once the call works
//     again the positions are whole.
//   - Plumbing: every request goes through Env.HTTP and stays on loopback.
//
// # Import section
//
// An institution offering integrations.AuthImport (a connection fed by
// statement files) runs RunImport with an ImportHarness: statement files in
// its export's shapes (a base, a later overlapping one, a wrong one, one
// with bad rows). It checks the round trip, the same file twice, overlap,
// the wrong file, bad rows, unreadable files, fuzzed files and leaks (see
// RunImport). Run's own checks do not ask for a login script of the import
// method. The import login's conventions the section relies on: the method
// has one FieldFile field; a step offering to import the good rows of a
// file is a ChoiceStep whose Message names each bad line ("line 5") and one
// of whose choices has the Value "cancel" (ending the login with
// context.Canceled), the other importing the good rows; a repair login
// (LoginRequest.Repair) imports into the connection of that grant.
//
// Checks can be skipped with Harness.Skip by their path as the suite names
// them, before go test turns spaces into underscores ("Data/SinceHonoured",
// "Faults/Truncated", "Login/wrong password"), with a reason.
package brokertest
