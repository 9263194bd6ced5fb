// Package integrations is the contract between Latchkey and the institutions it
// connects to.
//
// An [Integration] describes one institution ([Institution]), drives a login as a
// sequence of [Step]s ([Login]), and builds a [Client] from the [Grant] a login
// produced. Clients return normalised data ([Account], [Balance], [Position],
// [Activity]) with every amount a [decimal.Decimal].
//
// Errors that cross the contract wrap one of the documented sentinels
// ([ErrReauthRequired], [ErrInvalidCredentials], [ErrInvalidMFACode],
// [ErrAccountLocked], [ErrRateLimited], [ErrUnavailable], [ErrNotSupported],
// [ErrDifferentLogin], [ErrApprovalDenied], [ErrLoginTimeout], [ErrNeedsApp],
// [ErrLoginOver], [ErrPartial], [ErrNoAccounts]).
// Their text is
// safe to show a user: it never holds a token, a password, a raw response body
// or a full account number. [UserMessage] turns any error into such text.
//
// Integrations are listed explicitly in a [Registry]; nothing registers itself
// from init. Beside them a registry lists [Service]s: sources that are not
// institutions (no login, no connection), found by capability — the
// [RateSource] of integrations/ecb for exchange rates ([Registry.AddService],
// [Registry.RateSource]); their endpoints take overrides like an
// institution's. A Client may offer a [ValueHistorian] (an account's past
// daily values, so the app back-fills its snapshots), and a [Balance] may
// carry the institution's own FX rate into its account's currency.
//
// This package never imports Fyne, the vault or the app.
//
// # Adding an institution: the recipe
//
// An institution is a page of wiring and its API's own quirks; everything
// else comes from the kit. integrations/alpaca (API keys and OAuth),
// integrations/tradier (a token, OAuth with refresh, a separate quote call)
// and integrations/questrade (rotating single-use tokens, a per-environment
// API server, windowed history) are the reference packages. The package
// integrations/<id> holds these files, each with one role:
//
//   - doc.go: the API's facts, each with its source (the documentation page,
//     the official SDK's file and version checked against, what differs
//     from it), and a "Not verified" paragraph for what no source settles.
//   - <id>.go: the Integration type, New (its variants, live, paper, regions,
//     through [Variants], which checks the type is an Integration; a live
//     and a paper variant are [Twins] of an embedded [Twin]), Institution
//     (metadata, auth methods with their fields and help, endpoints, and
//     HistoryRevision, raised whenever the package starts reading a kind of
//     activity it did not read before or maps one anew, so that connections
//     synced before read their whole history once more), StartLogin and
//     NewClient. Institution starts from [Broker]
//     (indiakit.Institution for India's brokers, cryptokit.Institution for an
//     exchange's API key) and sets only what is its own on the result; a login
//     through the user's own OAuth app is [OwnAppOAuth], its help and its
//     missing-app error written by [OwnApp] from the institution's facts
//     (OwnApp.Need reads the user's app, OwnApp.Browser starts a
//     browser-only login, oauthflow.OwnApp builds its OAuth config, and
//     NewClient takes a secret renewed in Settings through [RenewedSecret]).
//   - login.go: one login per auth method. A single form validated by one call
//     (API keys, a pasted token, a token traded at once) is a [FormLogin]
//     ([MethodLogin] opens it on the method's own form, [StartFormLogin] when
//     it is the only method); a form followed by challenges (a code, a choice,
//     an approval in the institution's app, security questions) is a
//     [StepLogin] with one handler per step, and [PollApproval] for an
//     approval ([Polled] the Approve handler; its interval an embedded
//     [Polling], which the Integration's WithPollInterval shortens by
//     [PollEvery]). A login that opens on a step only a call makes (a
//     request token's authorize page, what a repair needs) is a StepLogin
//     whose Start makes it instead of a Form; a handler returns the step to
//     answer again with a refusal where it is not the one answered (the form
//     when a key is refused at the approval, a portal opened anew). A method
//     the institution does not offer is [NoLogin]; a login that finds no
//     account is [LoginWithoutAccounts]. Neither FormLogin nor StepLogin
//     needs its own mutex, step or "over" state: they hand a refused
//     answer's step back, end on anything else, and answer [ErrLoginOver]
//     after the end. OAuth through the browser is
//     integrations/oauthflow, with [NeedApp] and [RedirectPort] for the user's
//     own app registration. A login ends in [Done]: the grant fingerprinted
//     by the login's user or account numbers ([DoneStep.Until] its end).
//   - client.go: the Client. Its HTTP side is an httpx.API (integrations/httpx,
//     call.go): one call builds and sends a request, maps a refusal with the
//     institution's own StatusMapper (usually an httpx.Status, or httpx.MapAt
//     of its own mapping: its refused statuses, its rate-limit reset header,
//     the errors of statuses it gives a meaning of its own, its error envelope,
//     whose code an error names only through httpx.SafeCode or httpx.BodyCode;
//     a refused key or token is [KeyRefused]: ErrInvalidCredentials while a
//     login checks it, ErrReauthRequired after),
//     reads the body within the size limit and decodes JSON with safe errors.
//     Tokens that expire are a [TokenSource] (refreshed and saved before use,
//     the grant rebuilt by [EncodeGrant]; a standard OAuth refresh is
//     oauthflow.Refresh; the tokens of the user's own app are [AppTokens],
//     refreshed by httpx.RefreshApp, an answer's expires_in read by
//     [Lifetime]), a data call through them httpx.DoWithTokens. Accounts
//     listed by one call, addressed by their numbers, are an [AccountBook] the
//     client embeds (read with the login's user by [ReadLogin] from a
//     decoder's [NumberedAccount]s, the book's Read [LoginAccounts]; a
//     token a login checks is sent by httpx.API.Bearer), a data call of one account [ReadAccount] ([ReadList] for a
//     list under the account's number, [AccountPath]). A list whose pages each
//     name the next (a page token, a cursor, a next link) is [ReadPages]; one
//     read in numbered pages is [ReadNumbered].
//     History read in pages or windows starts at [HistoryStart] (since's
//     day, or as far back as the institution reaches) and goes through
//     [Dedupe], [OnOrAfter] and
//     [SortByDate] ([SortByDateID] where the answers come in no order of their
//     own); a [HistoryWalker]'s Activities is [ReadWalk]. India's brokers embed
//     an indiakit.Book (their one account) or indiakit.Segments (an account per
//     segment), each holding an indiakit.Conn (their API and refusal mapping, which
//     refuses a call after the day's end); crypto exchanges embed cryptokit.Spot
//     (its Account and Check serve Accounts too, its Own each read of the
//     account), build a saved key's API by
//     cryptokit.SignedAPI, check a new key by cryptokit.Validate (refusals
//     through cryptokit.Refused, an exchange's [KeyRefused]), decode each answer by cryptokit.Decoder,
//     pace each key by cryptokit.Pacers, and wait through an embedded
//     cryptokit.Wait (fakekit.Waited moves the fake's clock with it), split
//     a balance into cash and coins by cryptokit.Holdings (pricing first the
//     cryptokit.Coins it makes positions of) and cryptokit.Balances; an API
//     key that signs with the user's own private key is cryptokit.SigningFields
//     and cryptokit.SigningLogin. A call that prices or describes positions
//     apart from the positions call must not cost the holdings: with its
//     error return [PricesUnknown] (or [KeepPartial] when the prices came
//     with the positions); [Described] makes that one call for the
//     positions' keys.
//   - decode.go: the wire types and their mapping to the contract's types, as
//     functions of bytes so they can be fuzzed (a body read with
//     httpx.UnmarshalOr, an array of required rows with httpx.Rows, one
//     required object with httpx.Row); decimals through [Number], never
//     float64; an account's status by [AccountStatus], an activity whose
//     direction is its sign by [BySign], a trade's units and amount signed
//     by [Traded], ids of rows that have none by
//     [RowIDs]; an account number shown only as [MaskNumber]; the grant's
//     secret through [EncodeSecret] and [DecodeSecret]; a user's RSA signing
//     key read with [RSAPrivateKey]. A crypto exchange maps its spot trades
//     with cryptokit.Fill; India's brokers map their holdings and positions
//     rows with indiakit.Positions (indiakit.MapRows and indiakit.Listing
//     where the broker names its own exchange). A second integration reading
//     an API another already reads shares its wire types, decoders and
//     common mapping through a package like integrations/coinbase/appapi.
//   - fake/: the institution's fake server, built on
//     integrations/brokertest/fakekit (Base for the listener, clock and
//     faults; Tokens, OAuth, Rate and Gate), keeping only what is particular
//     to the API: paths, envelopes, quirks, signatures. Its data file follows
//     the documentation's own samples. It checks a request's signature with
//     its own code (fake/sign.go, standard-library crypto, header names as
//     literals), written from the institution's docs or official SDK and
//     citing them, never with the client package's signing or key parsing;
//     fake/sign_test.go checks it against the documented example (or, where
//     none is published, a vector computed with the docs' own code) and
//     refuses it with a byte changed; a signed token is verified the same
//     way, never with a JWT library (Coinbase Advanced's ES256/EdDSA JWT).
//     It exports Harness, a brokertest.HarnessFunc: the logins to script,
//     the failures to expect, what the fake serves, and PriceEndpoint when
//     positions are priced apart.
//   - testdata/: the documentation's sample answers, byte for byte where
//     possible.
//
// And these tests:
//
//   - conformance_test.go: brokertest.RunVariants(t, fake.Harness, <id>.New()...)
//     — the whole conformance suite for every variant. Add the package to
//     the starters of integrations/allfakes (its fake and its Harness): the
//     conformance table there runs every variant of integrations/all and
//     fails for any without a harness.
//   - fuzz_test.go: a fuzz test of every decoder on the testdata samples
//     (no panic; what decodes has its required fields: brokertest.WantActivities,
//     WantPositions, WantNumbered).
//   - decode_test.go: the documentation's samples decoded field by field,
//     and every raw type mapped.
//   - client_test.go: what the suite cannot see: the API's own quirks
//     (rate-limit headers, paging edge cases, token lifetimes).
//
// Finally list the variants in integrations/all, the fake in
// integrations/allfakes, the institution's facts in shared/reference, and
// its monogram in assets/.
package integrations
