// Package fakekit is what every institution's fake server is built from, so
// a fake keeps only what is particular to its API: paths, envelopes, quirks,
// signatures.
//
//   - [Base]: the loopback listener and its lifecycle, the fake's clock, and
//     fault injection (an embedded brokertest.Injector: the suite's named
//     faults, a fault on one path, a Reply of any status, Retry-After,
//     malformed or truncated body, delay).
//   - [Clock]: a settable clock the fake and the integration share.
//   - [Tokens]: issued access and refresh tokens with expiry, single-use
//     (rotating) refresh tokens, revocation of one or all.
//   - [OAuth]: an OAuth 2.0 authorization server: consent page (Approve and
//     Deny, optionally "sign in as"), single-use codes bound to client and
//     redirect URI, PKCE (S256 and plain), code and refresh grants, RFC 7009
//     revocation, with hooks for each institution's client authentication,
//     token answer and error shape.
//   - [Rate]: the per-minute (or per-second) request window with its
//     headers, counted per grant or per client address, as the institution
//     documents.
//   - [Gate]: a data route behind faults, authentication and the rate window
//     ([Base.Guard]; [Base.GuardAs] hands the route the credential's holder,
//     [ServeBearer] the bearer token's user).
//   - [Faults] and [Answer]: the institution's answers to the suite's
//     injected faults, as a table; [Reply]: a Gate's Deny or Limited.
//   - [Revocation]: RevokeAll and ExpireAccessTokens of a fake whose
//     credentials are long-lived keys.
//   - [Daily] and [Base.Day]: data built per variant and day of the clock.
//   - [Wallet]: an exchange fake's balances as its data builds them;
//     [Rotation] the weekly trades of its made-up history.
//   - [CountOne], [CountWhere], [Coins]: a brokertest.Counter's counts;
//     [HashedID] the id of an account known by its number alone.
//   - [LoginPage] and [Hidden]: an institution's sign-in or consent page
//     (the OAuth consent page's too); [Redirect]: such a page sending the
//     browser back.
//   - [NewYork], [Toronto], [Kolkata], [Zone], [DayIn], [MidnightAfter],
//     [DailyAt]: an institution's calendar from the time zone database,
//     apart from the integration's own (a fake checks its rule rather than
//     repeating it); [Weekdays]: the numbered weekdays its made-up history
//     trades on.
//   - [Options] (and [PagedOptions]): the settings of a fake with none of
//     its own (clock, address, rate limit), which its package declares as
//     its Options; [Unmetered] is their Rig's Prepare.
//   - [ServeAs]: a data route handed the credential holder's own value
//     ([Base.GuardsAs]: handed the holder); [Narrowed]: one handed the
//     holder's account the request names, the institution's refusal answered
//     when there is none;
//     [Tokens.PerToken]: a Gate's authentication per access token.
//   - [Seeded] and [UUID]: a fake's random source and stable ids from seeds;
//     [CountNumbered]: the counts of accounts known by their numbers.
//   - [PostForm] and [Send]: a fake's test posting a form or sending a
//     request and reading the JSON answer.
//   - [IntParam]: a request's whole-number parameter (a page size, an
//     offset, a count of days) with its default and its range;
//     [TimeParam] a time parameter in the layouts the institution takes.
//     [Page]: the page of a list from an offset, cut to the rows there are;
//     [PositiveParam] a page size or number taken leniently (the default
//     for what is not a positive number, cut to the most); [Within] a row's
//     time in a requested range, both ends included, an absent one open.
//   - [BearerToken]: the token of "Authorization: Bearer <token>", for a
//     fake that checks it itself ([Tokens.Bearer] checks it in the store).
//   - [JWT]: a token shaped as the institution's JSON Web Tokens (its
//     header, its claims, a random signature), for an integration that
//     reads their exp claim.
//   - [WantSavedKeyRefused] and [WantStrangeSecretRefused]: an
//     institution's NewClient refusing a saved grant it cannot use.
//   - [Started] ([StartFor]): a test's fake kept with its integration, Env
//     and clock.
//   - [Rig]: a fake package's harness wiring, the lifecycle every harness
//     shares: the institutions it serves, the fake started for the suite
//     and the tests on a fresh clock (its Options prepared with the clock
//     and the test defaults, the app registration, the clock's start), and
//     the Harness for a variant, whose New hands each check the integration
//     with its test hook ([Polled], for a Rig that Polls: a login
//     approved in the app; [Waited] for an exchange's waits on the fake's
//     clock) and the fake wrapped to count its rows
//     (its Count: the fake [Counted]).
//     [Env], [Start], [App], [T0], [TestApp] are what it is made of;
//     [Logins], [Failures], [Approved], [Denied] a Harness's scripts
//     ([With]: a form's values changed), [ExchangeExpect] and [India] the
//     expectations of whole families ([Exchange] an exchange's whole
//     Harness: its API keys, their refusals and what it serves) ([ConsentScripts] and [Consent] the
//     scripts of a login that is one consent page).
//
// A fake package is a data file (the institution's documented example data)
// and a server file:
//
//	type Server struct {
//		fakekit.Base
//		tokens *fakekit.Tokens
//		oauth  *fakekit.OAuth
//		rate   *fakekit.Rate
//	}
//
//	func New(opts Options) (*Server, error) {
//		s := &Server{}
//		s.tokens = &fakekit.Tokens{Now: opts.Now, AccessLife: time.Hour, Rotate: true}
//		s.oauth = &fakekit.OAuth{Name: "Acme", Tokens: s.tokens, Now: opts.Now}
//		s.rate = &fakekit.Rate{Limit: 120, Per: time.Minute, Now: opts.Now, Headers: fakekit.XRateLimit}
//		return s, s.Start("acme fake", opts.Addr, opts.Now, s.routes())
//	}
//
// and a harness file: its fakekit.Rig, Start (the Rig's Start) and Harness
// (a brokertest.HarnessFunc: the Rig's Harness with the institution's own
// login scripts and expectations) for integrations/allfakes.
package fakekit
