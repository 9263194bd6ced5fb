package demo

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
)

// Institution ids.
const (
	ID       = "demo"
	CryptoID = "demo-crypto"
)

// InProcess is the default URL of the demo's "api" endpoint. It means "the
// in-process server": the integration starts it on an ephemeral loopback
// port the first time a login or client needs it. An endpoint override (or a
// test's NewServer URL) in Env.Endpoints replaces it.
const InProcess = "http://127.0.0.1:0"

// Options configure the demo.
type Options struct {
	// DataDir is where the signing key (demo-signing.key) and the revocation
	// list (demo-revoked.txt) live: the app's data folder. "" keeps both in
	// memory (tests): grants then die with the process.
	DataDir string
	// Now is the clock of the server and the clients; nil means time.Now.
	// The demo's data is anchored to Now truncated to the UTC day.
	Now func() time.Time
	// ApproveAfter is how long a push approval (user_mfa_push) takes to be
	// approved on its own, as if the user tapped Approve on their phone
	// (default 5 s). Negative: never; only the approve page decides.
	ApproveAfter time.Duration
	// PollInterval is how often an ApproveStep polls the server (default 1 s).
	PollInterval time.Duration
	// RateLimit is the number of data requests per minute each grant may
	// make before the server answers 429 (default 120).
	RateLimit int
	// Addr is the address NewServer listens on (default 127.0.0.1:0).
	Addr string
}

// IsDemo reports whether institutionID is one of the demo's institutions.
func IsDemo(institutionID string) bool { return institutionID == ID || institutionID == CryptoID }

// New returns the demo's two integrations: ID (the brokerage) and CryptoID
// (the crypto exchange). They share one server, started lazily on loopback
// the first time an Env whose "api" endpoint is InProcess needs it. Both
// implement io.Closer, which stops that server.
func New(opts Options) []integrations.Integration {
	sh := &shared{opts: opts}
	return []integrations.Integration{&Brokerage{sh: sh}, &Exchange{sh: sh}}
}

// shared is what the two integrations share: options and the lazy server.
type shared struct {
	opts Options

	mu  sync.Mutex
	srv *Server
}

// base returns the base URL of env's "api" endpoint, starting the
// in-process server when it is InProcess (or unset).
func (sh *shared) base(env integrations.Env) (string, error) {
	u := env.URL("api")
	if u != "" && u != InProcess {
		return strings.TrimRight(u, "/"), nil
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.srv == nil {
		srv, err := NewServer(sh.opts)
		if err != nil {
			return "", integrations.Wrap(integrations.ErrUnavailable, "the demo server could not start")
		}
		sh.srv = srv
	}
	return sh.srv.URL(), nil
}

// close stops the lazily started server, if any.
func (sh *shared) close() error {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.srv == nil {
		return nil
	}
	err := sh.srv.Close()
	sh.srv = nil
	return err
}

// clock returns env's clock, else the options' clock, else time.Now.
func (sh *shared) clock(env integrations.Env) func() time.Time {
	if env.Now != nil {
		return env.Now
	}
	if sh.opts.Now != nil {
		return sh.opts.Now
	}
	return time.Now
}

func (sh *shared) pollInterval() time.Duration {
	if sh.opts.PollInterval > 0 {
		return sh.opts.PollInterval
	}
	return defaultPollInterval
}

const website = "https://github.com/latchkey/latchkey"

// Brokerage is the "demo" integration: Latchkey Demo Brokerage.
type Brokerage struct{ sh *shared }

// Institution describes the demo brokerage.
func (b *Brokerage) Institution() integrations.Institution {
	inst := integrations.Broker(ID, "Latchkey Demo Brokerage", "Latchkey Demo Brokerage", "global", website,
		"The demo brokerage built into Latchkey: it runs on this computer and holds made-up data "+
			"(a USD margin account, a CAD TFSA and a crypto wallet with two years of activity). "+
			"Try every kind of login, then revoke a connection (Revoke access (demo) in its menu, or latchkey demo revoke) to try a repair.",
		integrations.AuthMethod{
			Kind:  integrations.AuthOAuth2,
			Label: "Sign in with Latchkey Demo (OAuth)",
			Help: "Opens the demo's consent page in your browser. Sign in as user_good (or user_expiring, " +
				"user_expire_fast) with password pass_good, then choose Approve or Deny. No app registration is needed.",
		}, integrations.AuthMethod{
			Kind:  integrations.AuthCredentials,
			Label: "Username and password",
			Help: "Demo usernames: user_good; user_mfa_code, user_mfa_choice (code 123456); user_mfa_push " +
				"(approve on the page shown, or wait 5 seconds); user_mfa_questions (answers: blue, rex); " +
				"user_locked; user_rate_limited; user_maintenance; user_expiring (login lasts 3 days); " +
				"user_expire_fast (login lasts 60 seconds). Password for all: pass_good.",
			Fields: []integrations.Field{
				{Name: "username", Label: "Username", Kind: integrations.FieldText, Placeholder: "user_good"},
				{Name: "password", Label: "Password", Kind: integrations.FieldSecret, Placeholder: "pass_good"},
			},
		})
	inst.Demo = true
	inst.Endpoints = []integrations.Endpoint{{Name: "api", URL: InProcess}}
	// The demo server counts Options.RateLimit requests a minute per grant
	// (Broker's default).
	return inst
}

// StartLogin begins an OAuth or credentials login.
func (b *Brokerage) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	base, err := b.sh.base(req.Env)
	if err != nil {
		return nil, err
	}
	switch req.Method {
	case integrations.AuthOAuth2:
		return b.oauthLogin(base, req.Env), nil
	case integrations.AuthCredentials:
		return b.credLogin(b.api(base, req.Env, nil), req.Values), nil
	default:
		return nil, fmt.Errorf("%w: the demo brokerage has no %q login", integrations.ErrNotSupported, req.Method)
	}
}

// NewClient builds a client from an OAuth or credentials grant.
func (b *Brokerage) NewClient(ctx context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil || (sec.Kind != secretOAuth && sec.Kind != secretSession) || sec.Access == "" {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, "the saved login is not a demo brokerage login")
	}
	base, err := b.sh.base(env)
	if err != nil {
		return nil, err
	}
	var conf *oauth2.Config
	if sec.Kind == secretOAuth {
		conf = oauthConfig(base, env).OAuth2("")
	}
	return newBrokerClient(b.api(base, env, nil), conf, g, sec, save), nil
}

// Close stops the in-process server, if this integration started it.
func (b *Brokerage) Close() error { return b.sh.close() }

func (b *Brokerage) api(base string, env integrations.Env, auth func(context.Context, *requestInfo) error) *api {
	return &api{base: base, http: env.Client(), now: b.sh.clock(env), auth: auth}
}

// Exchange is the "demo-crypto" integration: Latchkey Demo Crypto.
type Exchange struct{ sh *shared }

// Institution describes the demo crypto exchange.
func (x *Exchange) Institution() integrations.Institution {
	inst := integrations.Broker(CryptoID, "Latchkey Demo Crypto", "Latchkey Demo Crypto", "global", website,
		"The demo crypto exchange built into Latchkey: it runs on this computer and holds made-up data "+
			"(one spot wallet with trades, deposits, withdrawals and staking rewards). Requests are signed with "+
			"the API secret, as real exchanges require. Enter key demo_key and secret demo_secret.",
		integrations.AuthMethod{
			Kind:  integrations.AuthAPIKey,
			Label: "API key and secret",
			Help: "Use the demo's read-only API key: key demo_key, secret demo_secret " +
				"(or demo_key_2 / demo_secret_2, a second exchange user).",
			Fields: []integrations.Field{
				{Name: "key_id", Label: "API key", Kind: integrations.FieldText, Placeholder: "demo_key",
					Help: "The demo's key is demo_key."},
				{Name: "secret", Label: "API secret", Kind: integrations.FieldSecret, Placeholder: "demo_secret",
					Help: "The demo's secret is demo_secret."},
			},
		})
	inst.Kind = integrations.KindCryptoExchange
	inst.Demo = true
	inst.Endpoints = []integrations.Endpoint{{Name: "api", URL: InProcess}}
	return inst
}

// StartLogin begins an API-key login.
func (x *Exchange) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	if req.Method != integrations.AuthAPIKey {
		return nil, fmt.Errorf("%w: the demo crypto exchange has no %q login", integrations.ErrNotSupported, req.Method)
	}
	base, err := x.sh.base(req.Env)
	if err != nil {
		return nil, err
	}
	return x.keyLogin(base, req.Env, req.Values), nil
}

// NewClient builds a client from an API-key grant.
func (x *Exchange) NewClient(ctx context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil || sec.Kind != secretAPIKey || sec.Key == "" || sec.Conn == "" {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, "the saved login is not a demo crypto login")
	}
	base, err := x.sh.base(env)
	if err != nil {
		return nil, err
	}
	return &exchangeClient{api: x.api(base, env, sec)}, nil
}

// Close stops the in-process server, if this integration started it.
func (x *Exchange) Close() error { return x.sh.close() }

func (x *Exchange) api(base string, env integrations.Env, sec secret) *api {
	a := &api{base: base, http: env.Client(), now: x.sh.clock(env)}
	a.auth = func(_ context.Context, ri *requestInfo) error {
		signRequest(ri, sec, a.now())
		return nil
	}
	return a
}
