package oauthflow

import (
	"cmp"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// DefaultTimeout is how long a flow waits for the browser to come back.
const DefaultTimeout = 5 * time.Minute

// Config describes one institution's OAuth 2.0 authorization-code flow.
type Config struct {
	// Institution is the institution id; it names the callback path.
	Institution string
	// AuthURL and TokenURL are the authorization and token endpoints.
	AuthURL, TokenURL string
	// ClientID and ClientSecret are the user's app registration. The secret
	// may be empty (public client).
	ClientID, ClientSecret string
	Scopes                 []string
	// PKCE sends an S256 code challenge and, on exchange, the verifier.
	PKCE bool
	// RedirectPort is the loopback port; 0 picks an ephemeral one. Use the
	// fixed port an institution's registration requires.
	RedirectPort int
	// RedirectPath is the callback path. Empty means an unguessable
	// "/callback/<institution>/<random>"; set it only when the institution
	// requires a fixed registered path (e.g. "/" or "/callback").
	RedirectPath string
	// HTTPS serves the callback over https with a self-signed certificate
	// made for the flow (for institutions that refuse http redirect URIs).
	HTTPS bool
	// RedirectHost is the host name the redirect URI names: "127.0.0.1"
	// (the default) or "localhost", for institutions whose registered
	// callback URLs name localhost (TradeStation). The listener is on
	// 127.0.0.1 either way.
	RedirectHost string
	// BareRedirect writes the redirect URI without a path
	// ("http://localhost:31022"), as an institution registered it; the
	// browser then comes back to "/", the callback path. RedirectPath must
	// be empty or "/".
	BareRedirect bool
	// AuthParams are extra authorize-URL parameters (e.g. "access_type":
	// "offline"). They cannot replace state, redirect_uri or the PKCE
	// challenge.
	AuthParams map[string]string
	// CodeParam is the callback parameter carrying the code (default
	// "code"; Zerodha uses "request_token").
	CodeParam string
	// NoState is for institutions that do not echo state: the flow then
	// relies on PKCE and the callback path.
	NoState   bool
	AuthStyle oauth2.AuthStyle
	// HTTPClient makes the token calls (the institution's httpx client).
	HTTPClient *http.Client
	// Timeout bounds the wait for the callback from Start (default 5 min).
	Timeout time.Duration
}

// OAuth2 returns the golang.org/x/oauth2 configuration for a redirect URL.
func (c Config) OAuth2(redirectURL string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		Endpoint:     oauth2.Endpoint{AuthURL: c.AuthURL, TokenURL: c.TokenURL, AuthStyle: c.AuthStyle},
		RedirectURL:  redirectURL,
		Scopes:       append([]string(nil), c.Scopes...),
	}
}

func (c Config) codeParam() string {
	if c.CodeParam == "" {
		return "code"
	}
	return c.CodeParam
}

// WithHTTPClient returns ctx carrying c for golang.org/x/oauth2's token calls
// (the oauth2.HTTPClient context key). A nil c returns ctx unchanged.
func WithHTTPClient(ctx context.Context, c *http.Client) context.Context {
	if c == nil {
		return ctx
	}
	return context.WithValue(ctx, oauth2.HTTPClient, c)
}

// Errors of a flow.
var (
	// ErrFlowClosed: the flow was closed before the browser came back. It
	// matches context.Canceled.
	ErrFlowClosed = fmt.Errorf("login closed: %w", context.Canceled)
	// ErrNotWaiting: a paste arrived after the flow had its answer.
	ErrNotWaiting = errors.New("the login is no longer waiting for an address or code")
)

// Flow is one authorization attempt: a loopback listener, a fresh state and
// PKCE verifier, and the authorize URL. It accepts exactly one answer (a
// callback with the right state, a paste, the timeout or Close).
type Flow struct {
	cfg      Config
	conf     *oauth2.Config
	state    string
	verifier string
	path     string
	host     string // host:port the callback must be addressed to
	redirect string
	authURL  string
	cert     *x509.Certificate

	srv *http.Server

	mu      sync.Mutex
	claimed bool // the one answer is taken (it may still be on its way)
	done    chan struct{}
	vals    url.Values
	err     error
}

// Start opens the loopback listener on 127.0.0.1 and builds the authorize
// URL with a fresh state (256 bits) and, with PKCE, a fresh S256 verifier.
// ctx bounds only the setup; the flow lives until its answer, its timeout or
// Close.
func Start(ctx context.Context, cfg Config) (*Flow, error) {
	if cfg.AuthURL == "" || cfg.ClientID == "" {
		return nil, errors.New("oauth: the authorization URL and client id are required")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.RedirectPort < 0 || cfg.RedirectPort > 65535 {
		return nil, fmt.Errorf("oauth: invalid redirect port %d", cfg.RedirectPort)
	}
	for _, k := range []string{"state", "redirect_uri", "code_challenge", "code_challenge_method"} {
		if _, ok := cfg.AuthParams[k]; ok {
			return nil, fmt.Errorf("oauth: AuthParams cannot set %q", k)
		}
	}
	redirectHost := "127.0.0.1"
	switch cfg.RedirectHost {
	case "", "127.0.0.1":
	case "localhost":
		redirectHost = "localhost"
	default:
		return nil, fmt.Errorf("oauth: redirect host %q must be 127.0.0.1 or localhost", cfg.RedirectHost)
	}
	if cfg.BareRedirect {
		if cfg.RedirectPath != "" && cfg.RedirectPath != "/" {
			return nil, fmt.Errorf("oauth: a bare redirect URI has no path, not %q", cfg.RedirectPath)
		}
		cfg.RedirectPath = "/"
	}
	path := cfg.RedirectPath
	if path == "" {
		path = "/callback/" + slug(cfg.Institution) + "/" + randomToken(16)
	} else if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("oauth: redirect path %q must start with / and hold no query", path)
	}

	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(cfg.RedirectPort)))
	if err != nil {
		if cfg.RedirectPort != 0 {
			return nil, fmt.Errorf("oauth: cannot listen on 127.0.0.1:%d, the port the institution's registration requires; close the program using it and try again: %w", cfg.RedirectPort, err)
		}
		return nil, fmt.Errorf("oauth: cannot open a loopback port: %w", err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	f := &Flow{
		cfg:      cfg,
		path:     path,
		host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		state:    randomToken(32),
		verifier: oauth2.GenerateVerifier(),
		done:     make(chan struct{}),
	}
	scheme := "http"
	if cfg.HTTPS {
		scheme = "https"
		cert, leaf, err := selfSigned(time.Now(), cfg.Timeout+10*time.Minute, redirectHost == "localhost")
		if err != nil {
			ln.Close()
			return nil, fmt.Errorf("oauth: making the loopback certificate: %w", err)
		}
		f.cert = leaf
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
	}
	f.redirect = scheme + "://" + net.JoinHostPort(redirectHost, strconv.Itoa(port))
	if !cfg.BareRedirect {
		f.redirect += path
	}
	f.conf = cfg.OAuth2(f.redirect)

	var opts []oauth2.AuthCodeOption
	if cfg.PKCE {
		opts = append(opts, oauth2.S256ChallengeOption(f.verifier))
	}
	keys := make([]string, 0, len(cfg.AuthParams))
	for k := range cfg.AuthParams {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		opts = append(opts, oauth2.SetAuthURLParam(k, cfg.AuthParams[k]))
	}
	state := f.state
	if cfg.NoState {
		state = ""
	}
	f.authURL = f.conf.AuthCodeURL(state, opts...)

	f.srv = &http.Server{
		Handler:           http.HandlerFunc(f.serve),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       30 * time.Second,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	go f.srv.Serve(ln) //nolint:errcheck // ends with ErrServerClosed
	go f.expire(cfg.Timeout)
	return f, nil
}

// URL returns the authorize URL: open it in the browser and show it for
// copying.
func (f *Flow) URL() string { return f.authURL }

// RedirectURL returns the loopback redirect URI the flow listens on.
func (f *Flow) RedirectURL() string { return f.redirect }

// Certificate returns the self-signed certificate of an HTTPS flow, nil for
// plain http.
func (f *Flow) Certificate() *x509.Certificate { return f.cert }

// Config returns the flow's configuration, defaults applied.
func (f *Flow) Config() Config { return f.cfg }

// OAuth2 returns the oauth2 configuration the flow uses (redirect URL set).
func (f *Flow) OAuth2() *oauth2.Config { return f.conf }

// expire ends the flow with ErrLoginTimeout after d, unless it has its
// answer first.
func (f *Flow) expire(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		if f.finish(nil, fmt.Errorf("%w: the browser did not come back within %s", integrations.ErrLoginTimeout, d)) {
			f.srv.Close()
		}
	case <-f.done:
	}
}

// claim takes the flow's one answer. It reports whether the caller got it;
// the caller then delivers the answer and stops the listener.
func (f *Flow) claim() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.claimed {
		return false
	}
	f.claimed = true
	return true
}

// deliver publishes the answer claimed by the caller.
func (f *Flow) deliver(vals url.Values, err error) {
	f.vals, f.err = vals, err
	close(f.done)
}

// finish claims and delivers an answer at once.
func (f *Flow) finish(vals url.Values, err error) bool {
	if !f.claim() {
		return false
	}
	f.deliver(vals, err)
	return true
}

// shutdown lets the result page in flight finish, then closes the listener.
func (f *Flow) shutdown() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = f.srv.Shutdown(ctx)
	_ = f.srv.Close()
}

func (f *Flow) answered() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.claimed
}

// Close ends the flow and stops the listener. A WaitCallback in progress
// returns ErrFlowClosed. It is idempotent and always returns nil.
func (f *Flow) Close() error {
	f.finish(nil, ErrFlowClosed)
	_ = f.srv.Close()
	return nil
}

// WaitCallback blocks until the flow's answer: the callback (or a paste)
// with its query values, code in Config.CodeParam; an error= answer mapped
// to the contract's errors (access_denied → integrations.ErrApprovalDenied);
// integrations.ErrLoginTimeout; ErrFlowClosed; or ctx's error.
func (f *Flow) WaitCallback(ctx context.Context) (url.Values, error) {
	select {
	case <-f.done:
		if f.err != nil {
			return nil, f.err
		}
		return cloneValues(f.vals), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Exchange trades the code for a token at the token endpoint, sending the
// PKCE verifier and the redirect URI. Token-endpoint errors are mapped to the
// contract's errors without the response body (a refused code →
// integrations.ErrInvalidCredentials).
func (f *Flow) Exchange(ctx context.Context, code string, opts ...oauth2.AuthCodeOption) (*oauth2.Token, error) {
	if f.cfg.PKCE {
		opts = append(opts, oauth2.VerifierOption(f.verifier))
	}
	if ctx.Value(oauth2.HTTPClient) == nil {
		ctx = WithHTTPClient(ctx, f.cfg.HTTPClient)
	}
	tok, err := f.conf.Exchange(ctx, code, opts...)
	if err != nil {
		return nil, mapTokenError(err, modeExchange)
	}
	return tok, nil
}

// hostOK accepts the callback addressed to 127.0.0.1:port or
// localhost:port (some institutions' registrations only take "localhost");
// any other Host — a DNS-rebinding page, say — is refused.
func (f *Flow) hostOK(host string) bool {
	if host == f.host {
		return true
	}
	_, port, _ := net.SplitHostPort(f.host)
	return host == net.JoinHostPort("localhost", port)
}

// Verifier returns the flow's PKCE verifier, for institutions that want it
// again on refresh (Saxo). It is a secret: never log it.
func (f *Flow) Verifier() string { return f.verifier }

// serve answers the loopback callback. Only a GET of the callback path
// addressed to 127.0.0.1:port (or localhost:port) with the right state is accepted, once; a
// wrong or missing state gets 400 and anything else 404, neither ending the
// flow. Pages are static and reflect nothing.
func (f *Flow) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet || r.URL.Path != f.path || !f.hostOK(r.Host) || f.answered() {
		Page(w, http.StatusNotFound, pageNotFound)
		return
	}
	q := r.URL.Query()
	if !f.cfg.NoState && !f.stateOK(q) {
		Page(w, http.StatusBadRequest, pageWrongLogin)
		return
	}
	vals, err := f.result(q)
	if !f.claim() {
		Page(w, http.StatusNotFound, pageNotFound)
		return
	}
	// The page goes out before the answer is delivered: the waiting login
	// may close the listener as soon as it has the answer.
	w.Header().Set("Connection", "close")
	if err != nil {
		Page(w, http.StatusOK, pageFailed)
	} else {
		Page(w, http.StatusOK, pageDone)
	}
	if fl, ok := w.(http.Flusher); ok {
		fl.Flush()
	}
	f.deliver(vals, err)
	go f.shutdown()
}

// stateOK compares the one state value with the flow's in constant time.
func (f *Flow) stateOK(q url.Values) bool {
	s := q["state"]
	return len(s) == 1 && subtle.ConstantTimeCompare([]byte(s[0]), []byte(f.state)) == 1
}

// result turns a callback's values into the flow's answer.
func (f *Flow) result(q url.Values) (url.Values, error) {
	if e := q.Get("error"); e != "" {
		return nil, authorizeError(e)
	}
	if code := q.Get(f.cfg.codeParam()); code == "" || !cleanValue(code) {
		return nil, integrations.Wrap(integrations.ErrUnavailable, "the institution's answer held no usable authorization code")
	}
	return cloneValues(q), nil
}

// Paste hands the flow a pasted redirect URL (or its query) or a bare code,
// for when the browser cannot reach the loopback listener. A state in the
// pasted URL must match; a paste that cannot be used returns an error
// matching integrations.ErrInvalidCredentials and leaves the flow waiting.
// Safe from any goroutine.
func (f *Flow) Paste(s string) error {
	vals, err := parsePasted(s, f.cfg.codeParam())
	if err != nil {
		return err
	}
	if _, has := vals["state"]; has && !f.cfg.NoState && !f.stateOK(vals) {
		return fmt.Errorf("%w: the pasted address is not from this login (its state does not match); start again and paste the newest address", integrations.ErrInvalidCredentials)
	}
	res, rerr := f.result(vals)
	if !f.finish(res, rerr) {
		return ErrNotWaiting
	}
	_ = f.srv.Close()
	return nil
}

// maxPaste bounds a pasted address or code.
const maxPaste = 8 << 10

// parsePasted reads a pasted redirect URL, query string or bare code. The
// result holds codeParam or "error".
func parsePasted(s, codeParam string) (url.Values, error) {
	bad := func(why string) error {
		return fmt.Errorf("%w: %s", integrations.ErrInvalidCredentials, why)
	}
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return nil, bad("nothing was pasted")
	case len(s) > maxPaste:
		return nil, bad("the pasted text is too long to be an address or code")
	}
	var vals url.Values
	switch {
	case strings.Contains(s, "://") || strings.HasPrefix(s, "/"):
		u, err := url.Parse(s)
		if err != nil {
			return nil, bad("the pasted address is not a valid URL")
		}
		vals, _ = url.ParseQuery(u.RawQuery)
		if !hasAnswer(vals, codeParam) {
			// Some institutions answer in the fragment.
			if fv, _ := url.ParseQuery(u.Fragment); hasAnswer(fv, codeParam) {
				vals = fv
			}
		}
		if !hasAnswer(vals, codeParam) {
			return nil, bad("the pasted address holds no authorization code; paste the full address the browser ended on")
		}
	case strings.HasPrefix(s, "?") || strings.Contains(s, "&") || strings.Contains(s, codeParam+"="):
		vals, _ = url.ParseQuery(strings.TrimPrefix(s, "?"))
		if !hasAnswer(vals, codeParam) {
			return nil, bad("the pasted text holds no authorization code")
		}
	case bareCode(s):
		return url.Values{codeParam: {s}}, nil
	default:
		return nil, bad("the pasted text is neither an address nor a code")
	}
	if c := vals.Get(codeParam); c != "" && !cleanValue(c) {
		return nil, bad("the pasted code has characters a code cannot have")
	}
	return vals, nil
}

func hasAnswer(v url.Values, codeParam string) bool {
	return v.Get(codeParam) != "" || v.Get("error") != ""
}

// bareCode reports whether s can be a code on its own: printable ASCII
// without spaces or URL delimiters.
func bareCode(s string) bool {
	if len(s) == 0 || len(s) > 4096 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"'<>\&?#`+"`", c) >= 0 {
			return false
		}
	}
	return true
}

// cleanValue reports whether a code has no control characters and a sane
// length.
func cleanValue(s string) bool {
	if len(s) > 4096 {
		return false
	}
	for _, r := range s {
		if r < ' ' || r == 0x7f {
			return false
		}
	}
	return true
}

// authorizeError maps an error= answer of the authorization endpoint. Its
// text names only the (sanitised) error code, never error_description.
func authorizeError(code string) error {
	c := safeCode(code)
	switch c {
	case "access_denied", "login_required", "consent_required", "interaction_required", "account_selection_required":
		return fmt.Errorf("%w: access was not granted in the browser (%s)", integrations.ErrApprovalDenied, c)
	case "invalid_client", "unauthorized_client", "invalid_scope", "invalid_request", "unsupported_response_type", "invalid_redirect_uri", "redirect_uri_mismatch":
		return fmt.Errorf("%w: the institution refused the app registration or request (%s); check the client id and redirect URI in Settings", integrations.ErrInvalidCredentials, c)
	case "server_error", "temporarily_unavailable":
		return fmt.Errorf("%w: the institution could not authorise now (%s)", integrations.ErrUnavailable, c)
	default:
		return fmt.Errorf("%w: the institution refused the authorisation (%s)", integrations.ErrUnavailable, c)
	}
}

// safeCode keeps an OAuth error code if it looks like one.
func safeCode(s string) string { return cmp.Or(httpx.SafeCode(s, 64, "_-."), "unknown error") }

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// randomToken returns n random bytes, base64url-encoded.
func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("oauthflow: crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// slug keeps an institution id path-safe.
func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		return "login"
	}
	return b.String()
}

// selfSigned makes an ECDSA P-256 certificate for 127.0.0.1 (and for the
// name localhost when the redirect URI names it), valid from a minute ago
// for validity.
func selfSigned(now time.Time, validity time.Duration, localhost bool) (tls.Certificate, *x509.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "Latchkey login callback"},
		NotBefore:             now.Add(-time.Minute),
		NotAfter:              now.Add(validity),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	if localhost {
		tmpl.DNSNames = []string{"localhost"}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, leaf, nil
}

// Result pages: static, reflecting nothing of the request (PageOf writes
// the same).
const (
	pageHead       = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Latchkey</title></head><body style="font-family:sans-serif;max-width:36em;margin:4em auto">`
	pageTail       = `</body></html>`
	pageDone       = pageHead + `<h1>Done</h1><p>You can close this window and return to Latchkey.</p>` + pageTail
	pageFailed     = pageHead + `<h1>Latchkey did not get access</h1><p>You can close this window and return to Latchkey, which says what happened.</p>` + pageTail
	pageWrongLogin = pageHead + `<h1>Not the login Latchkey is waiting for</h1><p>This address does not belong to the login in progress. Return to Latchkey and use its newest link.</p>` + pageTail
	pageNotFound   = pageHead + `<h1>Not found</h1>` + pageTail
)

// PageOf is a loopback listener's result page: heading and, unless empty,
// text, both static text of ours (neither is escaped, so neither may
// carry anything of the request).
func PageOf(heading, text string) string {
	if text != "" {
		text = "<p>" + text + "</p>"
	}
	return pageHead + "<h1>" + heading + "</h1>" + text + pageTail
}

// Page writes a loopback listener's result page (body: a whole document,
// such as PageOf's) with headers that keep it from being cached, sniffed,
// framed, given scripts or sent on as a referrer.
func Page(w http.ResponseWriter, status int, body string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	io.WriteString(w, body)
}
