package brokertest

// A tiny reference integration ("memfake") and its fake server. It passes the
// whole suite; its bugs switches break it in the ways the self-tests prove
// the suite catches.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

const (
	memUser     = "alice"
	memPassword = "correct-horse-9"
	memCode     = "246810"
	memKeyID    = "AKMEM1"
	memSecret   = "mem-secret-key-42"
	memUserID   = "u-alice"
	memPageSize = 4
)

var memNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// bugs break the reference integration on purpose.
type bugs struct {
	leakPassword        bool // puts the password into the invalid-credentials error
	unauthorizedWrong   bool // maps a 401 to ErrUnavailable
	dupPages            bool // re-reads the last row of every page
	floatDecimals       bool // computes market values through float64
	unmasked            bool // shows full account numbers
	useBeforeSave       bool // uses a refreshed token before saving it
	ignoreSince         bool // returns every activity whatever since says
	rawBody             bool // copies a 5xx body into the error
	noRetryAfter        bool // drops Retry-After from rate-limit errors
	unstableFingerprint bool // a new fingerprint per login
	textPassword        bool // the password field is not FieldSecret
	bypassHTTP          bool // ignores Env.HTTP
	nilStepOnBadPass    bool // invalid credentials without the step to answer again
	hammer              bool // retries 429s at once, many times
	wrongSign           bool // BUY amounts positive
	secretInString      bool // puts the token into the fingerprint
	noSave              bool // refreshes without calling SaveFunc
	mapAllUnavailable   bool // 401 on revoke → ErrUnavailable for refresh failures too
	partialPages        bool // returns the pages read so far when a later page fails
	priceLosesUnits     bool // a failed quote call fails the whole Positions call
	priceKeepsValue     bool // a failed quote call keeps a stale price, not PriceUnknown
	priceUnknownValued  bool // marks PriceUnknown but keeps a made-up price
}

// ---- the fake server ----

type memFake struct {
	Injector
	srv *httptest.Server

	mu       sync.Mutex
	access   map[string]bool // token → expired
	refresh  map[string]bool // live refresh tokens
	codes    map[string]bool // live authorization codes
	mfa      map[string]bool // live MFA tokens
	revoked  bool
	accounts []memAccount
}

type memAccount struct {
	ID, Number, Name, Type, Currency string
	Balances                         []map[string]string
	Positions                        []map[string]string
	Activities                       []map[string]string
}

func newMemFake(t testing.TB) *memFake {
	f := &memFake{access: map[string]bool{}, refresh: map[string]bool{}, codes: map[string]bool{}, mfa: map[string]bool{}}
	f.accounts = []memAccount{
		{ID: "acc-1", Number: "123456781234", Name: "Alice Margin", Type: "MARGIN", Currency: "USD",
			Balances: []map[string]string{
				{"currency": "USD", "cash": "1000.10", "buying_power": "2000.20", "total": "3512.10"},
				{"currency": "EUR", "cash": "50.00", "total": "50.00"},
			},
			Positions: []map[string]string{
				{"symbol": "AAPL", "type": "EQ", "units": "10", "price": "190.12", "currency": "USD"},
				{"symbol": "VTI", "type": "ETF", "units": "5", "price": "250.00", "currency": "USD"},
				{"symbol": "XYZ", "type": "EQ", "units": "3", "price": "0.1", "currency": "USD"},
			},
			Activities: []map[string]string{
				{"id": "t1", "type": "DEP", "date": "2024-01-05", "amount": "5000.00", "currency": "USD"},
				{"id": "t2", "type": "BUY", "date": "2024-01-08", "symbol": "AAPL", "units": "10", "price": "180.00", "amount": "-1800.00", "fee": "1.00", "currency": "USD"},
				{"id": "t3", "type": "BUY", "date": "2024-02-01", "symbol": "VTI", "units": "5", "price": "220.00", "amount": "-1100.00", "currency": "USD"},
				{"id": "t4", "type": "DIV", "date": "2024-05-15", "symbol": "AAPL", "amount": "2.40", "currency": "USD"},
				{"id": "t5", "type": "INT", "date": "2024-06-30", "amount": "3.21", "currency": "USD"},
				{"id": "t6", "type": "FEE", "date": "2024-07-01", "amount": "-5.00", "currency": "USD"},
				{"id": "t7", "type": "SELL", "date": "2024-09-10", "symbol": "XYZ", "units": "2", "price": "0.15", "amount": "0.30", "currency": "USD"},
				{"id": "t8", "type": "JNL", "date": "2024-11-11", "amount": "0.00", "currency": "EUR"},
				{"id": "t9", "type": "WDL", "date": "2025-01-20", "amount": "-100.00", "currency": "USD"},
				{"id": "t10", "type": "BUY", "date": "2025-03-03", "symbol": "XYZ", "units": "5", "price": "0.10", "amount": "-0.50", "currency": "USD"},
			},
		},
		{ID: "acc-2", Number: "987654325678", Name: "Alice TFSA", Type: "TFSA", Currency: "CAD",
			Balances: []map[string]string{{"currency": "CAD", "cash": "20.00", "total": "321.50"}},
			Positions: []map[string]string{
				{"symbol": "SHOP", "type": "EQ", "units": "3", "price": "100.50", "currency": "CAD"},
			},
			Activities: []map[string]string{
				{"id": "c1", "type": "DEP", "date": "2024-03-01", "amount": "500.00", "currency": "CAD"},
				{"id": "c2", "type": "BUY", "date": "2024-03-02", "symbol": "SHOP", "units": "3", "price": "95.00", "amount": "-285.00", "currency": "CAD"},
			},
		},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/login", f.login)
	mux.HandleFunc("POST /v1/login/mfa", f.loginMFA)
	mux.HandleFunc("GET /oauth/authorize", f.authorize)
	mux.HandleFunc("POST /oauth/token", f.token)
	data := func(h func(http.ResponseWriter, *http.Request)) http.Handler {
		return f.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if f.authorized(w, r) {
				h(w, r)
			}
		}))
	}
	mux.Handle("GET /v1/me", data(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, map[string]string{"user_id": memUserID})
	}))
	mux.Handle("GET /v1/accounts", data(f.listAccounts))
	mux.Handle("GET /v1/accounts/{id}/{list}", data(f.list))
	mux.Handle("GET /v1/quotes", data(f.quotes))
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func randToken(prefix string) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func (f *memFake) issue(w http.ResponseWriter) {
	f.mu.Lock()
	at, rt := randToken("at_"), randToken("rt_")
	f.access[at], f.refresh[rt] = false, true
	f.mu.Unlock()
	writeJSON(w, 200, map[string]any{"access_token": at, "refresh_token": rt, "expires_in": 3600, "user_id": memUserID})
}

func (f *memFake) login(w http.ResponseWriter, r *http.Request) {
	var in struct{ Username, Password string }
	_ = json.NewDecoder(r.Body).Decode(&in)
	switch {
	case in.Username == "locked":
		writeJSON(w, 423, map[string]string{"error": "locked"})
	case in.Username != memUser || in.Password != memPassword:
		writeJSON(w, 401, map[string]string{"error": "bad_credentials"})
	default:
		m := randToken("mfa_")
		f.mu.Lock()
		f.mfa[m] = true
		f.mu.Unlock()
		writeJSON(w, 200, map[string]string{"mfa_token": m})
	}
}

func (f *memFake) loginMFA(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Token string `json:"mfa_token"`
		Code  string `json:"code"`
	}
	_ = json.NewDecoder(r.Body).Decode(&in)
	f.mu.Lock()
	ok := f.mfa[in.Token]
	f.mu.Unlock()
	if !ok || in.Code != memCode {
		writeJSON(w, 401, map[string]string{"error": "bad_code"})
		return
	}
	f.issue(w)
}

func (f *memFake) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ru, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || !isLoopback(ru.Hostname()) {
		http.Error(w, "bad redirect_uri", 400)
		return
	}
	code := randToken("code_")
	f.mu.Lock()
	f.codes[code] = true
	f.mu.Unlock()
	v := ru.Query()
	v.Set("code", code)
	v.Set("state", q.Get("state"))
	ru.RawQuery = v.Encode()
	http.Redirect(w, r, ru.String(), http.StatusFound)
}

func (f *memFake) token(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	f.mu.Lock()
	var ok bool
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		c := r.PostForm.Get("code")
		ok = f.codes[c]
		delete(f.codes, c)
	case "refresh_token":
		rt := r.PostForm.Get("refresh_token")
		ok = f.refresh[rt] && !f.revoked
		delete(f.refresh, rt) // rotation: a refresh token is used once
	}
	f.mu.Unlock()
	if !ok {
		writeJSON(w, 400, map[string]string{"error": "invalid_grant"})
		return
	}
	f.issue(w)
}

// authorized checks a data request's bearer token or API key.
func (f *memFake) authorized(w http.ResponseWriter, r *http.Request) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if k := r.Header.Get("X-Api-Key"); k != "" {
		if k == memKeyID+":"+memSecret && !f.revoked {
			return true
		}
		writeJSON(w, 401, map[string]string{"error": "invalid_key"})
		return false
	}
	tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	expired, ok := f.access[tok]
	switch {
	case ok && expired: // checked first, as many servers do: the client then tries its (revoked) refresh token
		writeJSON(w, 401, map[string]string{"error": "token_expired"})
		return false
	case !ok || f.revoked:
		writeJSON(w, 401, map[string]string{"error": "invalid_token"})
		return false
	}
	return true
}

func (f *memFake) RevokeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.revoked = true
}

func (f *memFake) ExpireAccessTokens() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for k := range f.access {
		f.access[k] = true
	}
}

func (f *memFake) Count(list List, accountID string) int {
	if list == ListAccounts {
		return len(f.accounts)
	}
	for _, a := range f.accounts {
		if a.ID == accountID {
			if list == ListPositions {
				return len(a.Positions)
			}
			return len(a.Activities)
		}
	}
	return 0
}

func (f *memFake) quotes(w http.ResponseWriter, r *http.Request) {
	prices := map[string]string{}
	for _, sym := range strings.Split(r.URL.Query().Get("symbols"), ",") {
		for _, a := range f.accounts {
			for _, p := range a.Positions {
				if p["symbol"] == sym {
					prices[sym] = p["price"]
				}
			}
		}
	}
	writeJSON(w, 200, map[string]any{"prices": prices})
}

func (f *memFake) listAccounts(w http.ResponseWriter, _ *http.Request) {
	var out []map[string]string
	for _, a := range f.accounts {
		out = append(out, map[string]string{"id": a.ID, "number": a.Number, "name": a.Name, "type": a.Type, "currency": a.Currency})
	}
	writeJSON(w, 200, map[string]any{"accounts": out})
}

func (f *memFake) list(w http.ResponseWriter, r *http.Request) {
	var acct *memAccount
	for i := range f.accounts {
		if f.accounts[i].ID == r.PathValue("id") {
			acct = &f.accounts[i]
		}
	}
	if acct == nil {
		writeJSON(w, 404, map[string]string{"error": "no such account"})
		return
	}
	switch r.PathValue("list") {
	case "balances":
		writeJSON(w, 200, map[string]any{"balances": acct.Balances})
	case "positions": // units only: prices come from /v1/quotes
		var rows []map[string]string
		for _, p := range acct.Positions {
			rows = append(rows, map[string]string{"symbol": p["symbol"], "type": p["type"], "units": p["units"], "currency": p["currency"]})
		}
		writeJSON(w, 200, map[string]any{"positions": rows})
	case "activities":
		since := r.URL.Query().Get("since")
		var rows []map[string]string
		for _, a := range acct.Activities {
			if a["date"] >= since {
				rows = append(rows, a)
			}
		}
		start, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
		start = min(max(start, 0), len(rows))
		end := min(start+memPageSize, len(rows))
		next := ""
		if end < len(rows) {
			next = strconv.Itoa(end)
		}
		writeJSON(w, 200, map[string]any{"activities": rows[start:end], "next": next})
	default:
		writeJSON(w, 404, map[string]string{"error": "no such list"})
	}
}

// ---- the integration ----

type memInt struct{ bugs bugs }

var memLogins sync.Mutex // guards memFingerprintN
var memFingerprintN int

func (m *memInt) Institution() integrations.Institution {
	pw := integrations.FieldSecret
	if m.bugs.textPassword {
		pw = integrations.FieldText
	}
	return integrations.Institution{
		ID: "memfake", Name: "Memfake", DisplayName: "Memfake Brokerage", Region: "global",
		Kind: integrations.KindBroker,
		AuthMethods: []integrations.AuthMethod{
			{Kind: integrations.AuthCredentials, Label: "Username and password", Fields: []integrations.Field{
				{Name: "username", Label: "Username", Kind: integrations.FieldText},
				{Name: "password", Label: "Password", Kind: pw},
			}},
			{Kind: integrations.AuthAPIKey, Label: "API key", Help: "Settings → API", Fields: []integrations.Field{
				{Name: "key_id", Label: "Key ID", Kind: integrations.FieldText},
				{Name: "secret_key", Label: "Secret key", Kind: integrations.FieldSecret},
			}},
			{Kind: integrations.AuthOAuth2, Label: "Log in with Memfake"},
		},
		Capabilities: []integrations.Capability{integrations.CapBalances, integrations.CapHoldings, integrations.CapTransactions},
		Help:         "Memfake is the suite's own reference brokerage.",
		Website:      "https://memfake.invalid",
		Endpoints:    []integrations.Endpoint{{Name: "api", URL: "https://api.memfake.invalid"}},
	}
}

func (m *memInt) httpc(env integrations.Env) *http.Client {
	if m.bugs.bypassHTTP {
		return &http.Client{Transport: &http.Transport{}}
	}
	return env.Client()
}

// call does one request and maps the answer onto the documented errors.
func (m *memInt) call(ctx context.Context, env integrations.Env, method, path string, hdr http.Header, body io.Reader, ctype string, out any) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, method, env.URL("api")+path, body)
	if err != nil {
		return 0, "", err
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := m.httpc(env).Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return 0, "", ctx.Err()
		}
		return 0, "", integrations.Wrap(integrations.ErrUnavailable, "could not reach the institution")
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return resp.StatusCode, "", integrations.Wrap(integrations.ErrUnavailable, "the answer was cut short")
	}
	var e struct{ Error string }
	_ = json.Unmarshal(raw, &e)
	switch {
	case resp.StatusCode == 200:
		if err := json.Unmarshal(raw, out); err != nil {
			return 200, "", integrations.Wrap(integrations.ErrUnavailable, "the answer could not be read")
		}
		return 200, "", nil
	case resp.StatusCode == 429:
		d := time.Duration(0)
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && !m.bugs.noRetryAfter {
			d = time.Duration(s) * time.Second
		}
		return 429, e.Error, &integrations.RateLimitError{RetryAfter: d}
	case resp.StatusCode >= 500:
		if m.bugs.rawBody {
			return resp.StatusCode, e.Error, fmt.Errorf("%w: %s", integrations.ErrUnavailable, raw)
		}
		return resp.StatusCode, e.Error, integrations.Wrap(integrations.ErrUnavailable, "server answered "+strconv.Itoa(resp.StatusCode))
	default:
		return resp.StatusCode, e.Error, fmt.Errorf("status %d (%s)", resp.StatusCode, e.Error)
	}
}

type memSecretT struct {
	Kind         string `json:"kind"`
	AccessToken  string `json:"access_token,omitempty"`
	RefreshToken string `json:"refresh_token,omitempty"`
	KeyID        string `json:"key_id,omitempty"`
	Secret       string `json:"secret,omitempty"`
}

func (m *memInt) grant(method integrations.AuthKind, sec memSecretT) integrations.Grant {
	b, _ := json.Marshal(sec)
	fp := integrations.Fingerprint("memfake", memUserID)
	if m.bugs.unstableFingerprint {
		memLogins.Lock()
		memFingerprintN++
		fp += strconv.Itoa(memFingerprintN)
		memLogins.Unlock()
	}
	if m.bugs.secretInString {
		fp += sec.AccessToken + sec.Secret
	}
	return integrations.Grant{Method: method, Secret: b, Fingerprint: fp, Expiry: memNow.AddDate(0, 3, 0)}
}

func (m *memInt) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	lg := &memLogin{m: m, req: req, values: map[string]string{}, pasted: make(chan string, 1)}
	for k, v := range req.Values {
		lg.values[k] = v
	}
	switch req.Method {
	case integrations.AuthCredentials, integrations.AuthAPIKey:
	case integrations.AuthOAuth2:
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, integrations.Wrap(integrations.ErrUnavailable, "cannot listen for the callback")
		}
		lg.state = randToken("st_")
		lg.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/cb" || r.URL.Query().Get("state") != lg.state {
				http.NotFound(w, r)
				return
			}
			select {
			case lg.pasted <- r.URL.Query().Get("code"):
			default:
			}
			_, _ = io.WriteString(w, "You can close this window.")
		})}
		lg.redirect = "http://" + ln.Addr().String() + "/cb"
		go func() { _ = lg.srv.Serve(ln) }()
	default:
		return nil, integrations.Wrap(integrations.ErrNotSupported, "memfake has no "+string(req.Method)+" login")
	}
	return lg, nil
}

type memLogin struct {
	m        *memInt
	req      integrations.LoginRequest
	values   map[string]string
	step     integrations.Step
	mfaToken string

	state, redirect string
	srv             *http.Server
	pasted          chan string
}

func (l *memLogin) form() *integrations.FormStep {
	in := l.m.Institution()
	meth, _ := in.Method(l.req.Method)
	return &integrations.FormStep{Title: meth.Label, Fields: meth.Fields}
}

func (l *memLogin) Next(ctx context.Context, a integrations.Answer) (integrations.Step, error) {
	for k, v := range a.Values {
		l.values[k] = v
	}
	env := l.req.Env
	switch l.req.Method {
	case integrations.AuthOAuth2:
		if l.step == nil {
			l.step = &integrations.BrowserStep{URL: env.URL("api") + "/oauth/authorize?" + url.Values{
				"redirect_uri": {l.redirect}, "state": {l.state}}.Encode(), CanPaste: true, Timeout: time.Minute}
			return l.step, nil
		}
		var code string
		if a.Redirect != "" {
			code = a.Redirect
		} else {
			select {
			case code = <-l.pasted:
			case <-ctx.Done():
				return nil, integrations.ErrLoginTimeout
			}
		}
		var tok memTokens
		if _, _, err := l.m.call(ctx, env, "POST", "/oauth/token", nil,
			strings.NewReader(url.Values{"grant_type": {"authorization_code"}, "code": {code}}.Encode()),
			"application/x-www-form-urlencoded", &tok); err != nil {
			return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the authorization code was refused")
		}
		return &integrations.DoneStep{Grant: l.m.grant(integrations.AuthOAuth2, memSecretT{Kind: "token", AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken})}, nil

	case integrations.AuthAPIKey:
		if l.values["key_id"] == "" || l.values["secret_key"] == "" {
			l.step = l.form()
			if a.Values == nil {
				return l.step, nil
			}
		}
		sec := memSecretT{Kind: "apikey", KeyID: l.values["key_id"], Secret: l.values["secret_key"]}
		c := &memClient{m: l.m, env: env, sec: sec}
		var me struct {
			UserID string `json:"user_id"`
		}
		if err := c.get(ctx, "/v1/me", &me); err != nil {
			if errors.Is(err, integrations.ErrReauthRequired) {
				return l.form(), integrations.Wrap(integrations.ErrInvalidCredentials, "the key was refused")
			}
			return nil, err
		}
		return &integrations.DoneStep{Grant: l.m.grant(integrations.AuthAPIKey, sec)}, nil

	default: // credentials
		if _, ok := l.step.(*integrations.CodeStep); ok {
			var tok memTokens
			body, _ := json.Marshal(map[string]string{"mfa_token": l.mfaToken, "code": l.values["code"]})
			if _, e, err := l.m.call(ctx, env, "POST", "/v1/login/mfa", nil, bytes.NewReader(body), "application/json", &tok); err != nil {
				if e == "bad_code" {
					return l.step, integrations.ErrInvalidMFACode
				}
				return nil, err
			}
			return &integrations.DoneStep{Grant: l.m.grant(integrations.AuthCredentials, memSecretT{Kind: "token", AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken})}, nil
		}
		if l.values["username"] == "" || l.values["password"] == "" {
			l.step = l.form()
			return l.step, nil
		}
		var out struct {
			MFAToken string `json:"mfa_token"`
		}
		body, _ := json.Marshal(map[string]string{"username": l.values["username"], "password": l.values["password"]})
		status, _, err := l.m.call(ctx, env, "POST", "/v1/login", nil, bytes.NewReader(body), "application/json", &out)
		switch {
		case status == 401:
			if l.m.bugs.nilStepOnBadPass {
				return nil, integrations.ErrInvalidCredentials
			}
			if l.m.bugs.leakPassword {
				return l.form(), fmt.Errorf("%w: password %q refused", integrations.ErrInvalidCredentials, l.values["password"])
			}
			return l.form(), integrations.ErrInvalidCredentials
		case status == 423:
			return nil, integrations.ErrAccountLocked
		case err != nil:
			return nil, err
		}
		l.mfaToken = out.MFAToken
		l.step = &integrations.CodeStep{Message: "Enter the code we sent", Destination: "SMS to ••• ••• 1234",
			Field: integrations.Field{Name: "code", Label: "Code", Kind: integrations.FieldText}}
		return l.step, nil
	}
}

func (l *memLogin) Paste(redirect string) error {
	select {
	case l.pasted <- redirect:
	default:
	}
	return nil
}

func (l *memLogin) Close() error {
	if l.srv != nil {
		return l.srv.Close()
	}
	return nil
}

type memTokens struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
}

func (m *memInt) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	var sec memSecretT
	if err := json.Unmarshal(g.Secret, &sec); err != nil {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, "the saved login cannot be read")
	}
	return &memClient{m: m, env: env, sec: sec, grant: g, save: save}, nil
}

type memClient struct {
	m     *memInt
	env   integrations.Env
	save  integrations.SaveFunc
	grant integrations.Grant

	mu  sync.Mutex
	sec memSecretT
}

func (c *memClient) auth() http.Header {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := http.Header{}
	if c.sec.Kind == "apikey" {
		h.Set("X-Api-Key", c.sec.KeyID+":"+c.sec.Secret)
	} else {
		h.Set("Authorization", "Bearer "+c.sec.AccessToken)
	}
	return h
}

// refresh swaps the refresh token for new tokens, saves them, then uses them.
func (c *memClient) refresh(ctx context.Context) error {
	c.mu.Lock()
	rt := c.sec.RefreshToken
	c.mu.Unlock()
	var tok memTokens
	_, e, err := c.m.call(ctx, c.env, "POST", "/oauth/token", nil,
		strings.NewReader(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}}.Encode()),
		"application/x-www-form-urlencoded", &tok)
	if e == "invalid_grant" {
		if c.m.bugs.mapAllUnavailable {
			return integrations.Wrap(integrations.ErrUnavailable, "refresh failed")
		}
		return integrations.Wrap(integrations.ErrReauthRequired, "the refresh token was refused")
	}
	if err != nil {
		return err
	}
	next := c.sec
	next.AccessToken, next.RefreshToken = tok.AccessToken, tok.RefreshToken
	g := c.m.grant(c.grant.Method, next)
	if c.m.bugs.useBeforeSave {
		c.mu.Lock()
		c.sec = next
		c.mu.Unlock()
		var me struct{}
		_ = c.get1(ctx, "/v1/me", &me)
	}
	if !c.m.bugs.noSave {
		if err := c.save(ctx, g); err != nil {
			return fmt.Errorf("saving the refreshed login: %w", err)
		}
	}
	c.mu.Lock()
	c.sec = next
	c.mu.Unlock()
	return nil
}

func (c *memClient) get1(ctx context.Context, path string, out any) error {
	status, e, err := c.m.call(ctx, c.env, "GET", path, c.auth(), nil, "", out)
	if status == 401 {
		if c.m.bugs.unauthorizedWrong {
			return integrations.Wrap(integrations.ErrUnavailable, "unauthorised")
		}
		if e == "token_expired" {
			return errExpired
		}
		return integrations.Wrap(integrations.ErrReauthRequired, "the institution refused the login")
	}
	if status == 429 && c.m.bugs.hammer {
		for range 20 {
			if status, _, err = c.m.call(ctx, c.env, "GET", path, c.auth(), nil, "", out); status != 429 {
				break
			}
		}
	}
	return err
}

var errExpired = errors.New("access token expired")

func (c *memClient) get(ctx context.Context, path string, out any) error {
	err := c.get1(ctx, path, out)
	if errors.Is(err, errExpired) && c.sec.Kind == "token" {
		if err := c.refresh(ctx); err != nil {
			return err
		}
		err = c.get1(ctx, path, out)
	}
	if errors.Is(err, errExpired) {
		return integrations.Wrap(integrations.ErrReauthRequired, "the login expired")
	}
	return err
}

func mask(n string, unmasked bool) string {
	if unmasked || len(n) <= 4 {
		return n
	}
	return "••••" + n[len(n)-4:]
}

func (c *memClient) Accounts(ctx context.Context) ([]integrations.Account, error) {
	var out struct{ Accounts []map[string]string }
	if err := c.get(ctx, "/v1/accounts", &out); err != nil {
		return nil, err
	}
	var accts []integrations.Account
	for _, a := range out.Accounts {
		cat := integrations.CategoryInvestment
		if a["type"] == "TFSA" {
			cat = integrations.CategoryRetirement
		}
		accts = append(accts, integrations.Account{ID: a["id"], Number: mask(a["number"], c.m.bugs.unmasked), Name: a["name"],
			RawType: a["type"], Category: cat, Currency: a["currency"], Status: "open"})
	}
	return accts, nil
}

func dec(s string) decimal.Decimal {
	if s == "" {
		return decimal.Zero
	}
	return decimal.RequireFromString(s)
}

func (c *memClient) Balances(ctx context.Context, id string) ([]integrations.Balance, error) {
	var out struct{ Balances []map[string]string }
	if err := c.get(ctx, "/v1/accounts/"+url.PathEscape(id)+"/balances", &out); err != nil {
		return nil, err
	}
	var bs []integrations.Balance
	for _, b := range out.Balances {
		bal := integrations.Balance{Currency: b["currency"], Cash: dec(b["cash"]), Total: dec(b["total"])}
		if v, ok := b["buying_power"]; ok {
			bal.BuyingPower = decimal.NewNullDecimal(dec(v))
		}
		bs = append(bs, bal)
	}
	return bs, nil
}

func (c *memClient) Positions(ctx context.Context, id string) ([]integrations.Position, error) {
	var out struct{ Positions []map[string]string }
	if err := c.get(ctx, "/v1/accounts/"+url.PathEscape(id)+"/positions", &out); err != nil {
		return nil, err
	}
	if len(out.Positions) == 0 {
		return nil, nil
	}
	var syms []string
	for _, p := range out.Positions {
		syms = append(syms, p["symbol"])
	}
	var quotes struct{ Prices map[string]string }
	qerr := c.get(ctx, "/v1/quotes?symbols="+url.QueryEscape(strings.Join(syms, ",")), &quotes)
	switch {
	case qerr == nil:
	case errors.Is(qerr, integrations.ErrReauthRequired) || ctx.Err() != nil || c.m.bugs.priceLosesUnits:
		return nil, qerr
	case c.m.bugs.priceKeepsValue || c.m.bugs.priceUnknownValued:
		quotes.Prices = map[string]string{}
		for _, s := range syms {
			quotes.Prices[s] = "1"
		}
	}
	var ps []integrations.Position
	for _, p := range out.Positions {
		typ := integrations.SecurityEquity
		if p["type"] == "ETF" {
			typ = integrations.SecurityETF
		}
		units, price := dec(p["units"]), dec(quotes.Prices[p["symbol"]])
		mv := units.Mul(price)
		if c.m.bugs.floatDecimals {
			u, _ := units.Float64()
			pr, _ := price.Float64()
			mv = decimal.NewFromFloat(u * pr)
		}
		ps = append(ps, integrations.Position{Symbol: integrations.Symbol{Ticker: p["symbol"], Type: typ, Currency: p["currency"]},
			Units: units, Price: price, MarketValue: mv, Currency: p["currency"], AsOf: memNow,
			PriceUnknown: qerr != nil && (quotes.Prices == nil || c.m.bugs.priceUnknownValued)})
	}
	if qerr != nil && (!c.m.bugs.priceKeepsValue || c.m.bugs.priceUnknownValued) {
		return ps, integrations.Wrap(integrations.ErrPartial, "prices could not be read")
	}
	return ps, nil
}

var memTypes = map[string]integrations.ActivityType{
	"BUY": integrations.ActivityBuy, "SELL": integrations.ActivitySell, "DIV": integrations.ActivityDividend,
	"INT": integrations.ActivityInterest, "FEE": integrations.ActivityFee, "DEP": integrations.ActivityContribution,
	"WDL": integrations.ActivityWithdrawal,
}

func (c *memClient) Activities(ctx context.Context, id string, since time.Time) ([]integrations.Activity, error) {
	q := url.Values{}
	if !c.m.bugs.ignoreSince {
		q.Set("since", integrations.DateOf(since.UTC()).String())
	}
	var acts []integrations.Activity
	cursor := ""
	for page := 0; page < 100; page++ {
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var out struct {
			Activities []map[string]string
			Next       string
		}
		if err := c.get(ctx, "/v1/accounts/"+url.PathEscape(id)+"/activities?"+q.Encode(), &out); err != nil {
			if c.m.bugs.partialPages && page > 0 {
				break
			}
			return nil, err
		}
		for _, a := range out.Activities {
			t, ok := memTypes[a["type"]]
			if !ok {
				t = integrations.ActivityOther
			}
			amt := dec(a["amount"])
			if c.m.bugs.wrongSign && t == integrations.ActivityBuy {
				amt = amt.Abs()
			}
			acts = append(acts, integrations.Activity{ID: a["id"], Type: t, RawType: a["type"], TradeDate: integrations.Date(a["date"]),
				Symbol: a["symbol"], Units: dec(a["units"]), Price: dec(a["price"]), Amount: amt, Fee: dec(a["fee"]), Currency: a["currency"]})
		}
		if out.Next == "" {
			break
		}
		cursor = out.Next
		if c.m.bugs.dupPages {
			n, _ := strconv.Atoi(out.Next)
			cursor = strconv.Itoa(n - 1)
		}
	}
	sort.SliceStable(acts, func(i, j int) bool { return acts[i].TradeDate < acts[j].TradeDate })
	return acts, nil
}

// ---- the harness ----

func memHarness(b bugs) Harness {
	creds := map[string]string{"username": memUser, "password": memPassword, "code": memCode}
	return Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, Fake) {
			f := newMemFake(t)
			env := integrations.Env{Endpoints: map[string]string{"api": f.srv.URL}, Now: func() time.Time { return memNow }}
			return &memInt{bugs: b}, env, f
		},
		Logins: []LoginScript{
			{Method: integrations.AuthCredentials, Values: creds, Refreshes: true},
			{Name: "credentials typed in the form", Method: integrations.AuthCredentials, Refreshes: true,
				Answer: func(ctx context.Context, _ Fake, step integrations.Step) (integrations.Answer, error) {
					return AutoAnswer(ctx, step, creds)
				}},
			{Method: integrations.AuthAPIKey, Values: map[string]string{"key_id": memKeyID, "secret_key": memSecret}},
			{Method: integrations.AuthOAuth2, Refreshes: true},
		},
		LoginFailures: []FailureScript{
			{Name: "wrong password", Want: integrations.ErrInvalidCredentials, Script: LoginScript{
				Method: integrations.AuthCredentials, Values: map[string]string{"username": memUser, "password": "not-the-password"}}},
			{Name: "wrong code", Want: integrations.ErrInvalidMFACode, Script: LoginScript{
				Method: integrations.AuthCredentials, Values: map[string]string{"username": memUser, "password": memPassword, "code": "135799"}}},
			{Name: "locked", Want: integrations.ErrAccountLocked, Script: LoginScript{
				Method: integrations.AuthCredentials, Values: map[string]string{"username": "locked", "password": memPassword}}},
			{Name: "wrong key", Want: integrations.ErrInvalidCredentials, Script: LoginScript{
				Method: integrations.AuthAPIKey, Values: map[string]string{"key_id": memKeyID, "secret_key": "not-the-secret"}}},
		},
		Expect: Expect{
			MinAccounts: 2, MinPositions: 4, MinActivities: 12, Paginated: true,
			Currencies:         []string{"USD", "CAD", "EUR"},
			ActivityTypes:      []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityDividend, integrations.ActivityOther},
			SecurityTypes:      []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF},
			FullAccountNumbers: []string{"123456781234", "987654325678"},
		},
		PriceEndpoint: "/v1/quotes",
	}
}

func TestReferenceIntegration(t *testing.T) {
	Run(t, memHarness(bugs{}))
}
