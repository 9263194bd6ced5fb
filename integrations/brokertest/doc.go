// Package brokertest is the conformance suite every integration runs against
// its fake server.
//
// An integration's test wires it in a few lines: a Harness says how to build
// the integration against a fresh fake, how to play the user through each
// auth method, which logins must fail and how, and what the fake serves.
// Run then drives everything generically as subtests:
//
//	func TestConformance(t *testing.T) {
//		brokertest.Run(t, brokertest.Harness{
//			New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
//				f := newFake(t) // httptest server; embeds brokertest.Injector
//				env := integrations.Env{Endpoints: map[string]string{"api": f.URL, "auth": f.URL}}
//				return acme.New(), env, f
//			},
//			Logins: []brokertest.LoginScript{
//				{Method: integrations.AuthAPIKey, Values: map[string]string{"key_id": "AK1", "secret_key": "s3cr3t-key"}},
//				{Method: integrations.AuthCredentials, Refreshes: true,
//					Values: map[string]string{"username": "alice", "password": "hunter2!", "code": "246810"}},
//				{Method: integrations.AuthOAuth2, Refreshes: true, // approve the consent page in the "browser"
//					Answer: func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
//						if b, ok := s.(*integrations.BrowserStep); ok {
//							_, err := brokertest.SubmitForm(ctx, b.URL, map[string]string{"decision": "approve"})
//							return integrations.Answer{}, err
//						}
//						return brokertest.AutoAnswer(ctx, s, nil)
//					}},
//			},
//			LoginFailures: []brokertest.FailureScript{
//				{Name: "wrong password", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{
//					Method: integrations.AuthCredentials, Values: map[string]string{"username": "alice", "password": "nope-nope"}}},
//				{Name: "wrong key", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{
//					Method: integrations.AuthAPIKey, Values: map[string]string{"key_id": "AK1", "secret_key": "wrong-key"}}},
//				{Name: "locked", Want: integrations.ErrAccountLocked, Script: brokertest.LoginScript{
//					Method: integrations.AuthCredentials, Values: map[string]string{"username": "locked", "password": "hunter2!"}}},
//			},
//			Expect: brokertest.Expect{
//				MinAccounts: 2, MinPositions: 3, MinActivities: 20, Paginated: true,
//				Currencies:    []string{"USD", "CAD"},
//				ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivityOther},
//			},
//		})
//	}
//
// The fake embeds an Injector and puts its data handlers behind
// Injector.Wrap, which gives it Fake.Inject (and AfterInjector) and the
// standard fault responses (WriteFault); it adds RevokeAll and
// ExpireAccessTokens itself, and may implement Counter so the suite checks
// paging returned every row exactly once. A script plays the user with
// AutoAnswer (values by field name; a BrowserStep is followed with Browse) or
// its own Answer, helped by Browse, BrowseForm and SubmitForm, which play the
// system browser on loopback.
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
//   - Plumbing: every request goes through Env.HTTP and stays on loopback.
//
// Checks can be skipped with Harness.Skip by their path as the suite names
// them, before go test turns spaces into underscores ("Data/SinceHonoured",
// "Faults/Truncated", "Login/wrong password"), with a reason.
package brokertest
