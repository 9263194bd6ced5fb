package brokertest

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

func TestMasked(t *testing.T) {
	for n, want := range map[string]bool{
		"": true, "••••1234": true, "U***4567": true, "xxxx-1234": true, "****EF12": true, "1234": true,
		"123456781234": false, "12-34-5678": false, "PA3ABCDEF12": false, "••••12345": false, "U1234567": false,
	} {
		if got := masked(n); got != want {
			t.Errorf("masked(%q) = %v, want %v", n, got, want)
		}
	}
}

func TestFloatArtefact(t *testing.T) {
	for s, want := range map[string]bool{
		"0.30000000000000004": true, "12.339999999999998": true, "1.100000023841858": true,
		"0.3": false, "190.12": false, "0.000000012345": false, "0.123456789012345678": false,
		"1000000": false, "0.99999": false, "100000.5": false,
	} {
		if got := floatArtefact(decimal.RequireFromString(s)); got != want {
			t.Errorf("floatArtefact(%s) = %v, want %v", s, got, want)
		}
	}
	if !floatArtefact(decimal.New(12345678901, -25)) {
		t.Errorf("25 decimal places should count as an artefact")
	}
	a, b := 0.1, 0.2
	if !floatArtefact(decimal.NewFromFloat(a + b)) {
		t.Errorf("NewFromFloat(0.1+0.2) should be an artefact")
	}
}

func TestValidCurrency(t *testing.T) {
	for c, want := range map[string]bool{
		"USD": true, "BTC": true, "USDC": true, "1INCH": true, "XBT": true,
		"": false, "usd": false, "US$": false, "123": false, "TOOLONGCODE1": false,
	} {
		if got := validCurrency(c); got != want {
			t.Errorf("validCurrency(%q) = %v, want %v", c, got, want)
		}
	}
}

func TestSecretName(t *testing.T) {
	for n, want := range map[string]bool{
		"password": true, "Passphrase": true, "api_secret": true, "refresh_token": true, "private_key": true,
		"secret_key": true, "apiKey": true, "pin": true, "trading-pin": true,
		"username": false, "key_id": false, "client_id": false, "code": false, "spinner": false, "account": false,
	} {
		if got := secretName(n); got != want {
			t.Errorf("secretName(%q) = %v, want %v", n, got, want)
		}
	}
}

func TestSecretParts(t *testing.T) {
	got := secretParts([]byte(`{"a":"short","b":"at_0123456789","n":{"c":["rt_abcdefghij"]},"exp":"2025-01-02T03:04:05Z","x":42}`))
	want := map[string]bool{"at_0123456789": true, "rt_abcdefghij": true}
	if len(got) != len(want) {
		t.Fatalf("secretParts = %q", got)
	}
	for _, p := range got {
		if !want[p] {
			t.Errorf("secretParts has %q", p)
		}
	}
	got = secretParts([]byte("user:tok_abcdefgh|rt_12345678"))
	if !strings.Contains(strings.Join(got, " "), "rt_12345678") || !strings.Contains(strings.Join(got, " "), "user:tok_abcdefgh") {
		t.Errorf("secretParts of a plain secret = %q", got)
	}
	if secretParts([]byte{0xff, 0xfe, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05}) != nil {
		t.Errorf("binary secrets have no parts")
	}
	if f := freshParts([]byte(`{"a":"at_0123456789","r":"rt_same_same"}`), []byte(`{"a":"at_9876543210","r":"rt_same_same"}`)); len(f) != 1 || f[0] != "at_9876543210" {
		t.Errorf("freshParts = %q", f)
	}
}

func failuresOf(t *testing.T, f func(t tb)) []string {
	root := &recT{TB: t, name: "x", log: &recLog{}}
	root.do(func(r *recT) { f(r) })
	return root.log.all()
}

func TestCheckStep(t *testing.T) {
	text := integrations.Field{Name: "username", Label: "Username", Kind: integrations.FieldText}
	code := integrations.Field{Name: "code", Label: "Code", Kind: integrations.FieldText}
	choice := integrations.Field{Name: "device", Label: "Device", Kind: integrations.FieldChoice,
		Choices: []integrations.Choice{{Value: "sms", Label: "SMS"}}}
	cases := []struct {
		step integrations.Step
		want string // "" for a good step
	}{
		{&integrations.BrowserStep{URL: "http://127.0.0.1:1/authorize", Timeout: time.Minute}, ""},
		{&integrations.BrowserStep{URL: "https://example.com/authorize"}, "leave loopback"},
		{&integrations.BrowserStep{URL: "http://127.0.0.1:1/", Timeout: -1}, "negative"},
		{&integrations.FormStep{Fields: []integrations.Field{text}}, ""},
		{&integrations.FormStep{}, "without fields"},
		{&integrations.FormStep{Fields: []integrations.Field{text, text}}, "repeated"},
		{&integrations.FormStep{Fields: []integrations.Field{{Name: "password", Label: "Password", Kind: integrations.FieldText}}}, "named like a secret"},
		{&integrations.FormStep{Fields: []integrations.Field{{Label: "Nameless", Kind: integrations.FieldText}}}, "no Name"},
		{&integrations.FormStep{Fields: []integrations.Field{{Name: "x", Kind: integrations.FieldText}}}, "Label is empty"},
		{&integrations.FormStep{Fields: []integrations.Field{{Name: "x", Label: "X", Kind: "blob"}}}, "not a documented field kind"},
		{&integrations.FormStep{Fields: []integrations.Field{{Name: "x", Label: "X", Kind: integrations.FieldText, HelpURL: "nope"}}}, "HelpURL"},
		{&integrations.CodeStep{Destination: "SMS", Field: code}, ""},
		{&integrations.CodeStep{Field: code}, "neither"},
		{&integrations.ChoiceStep{Field: choice}, ""},
		{&integrations.ChoiceStep{Field: code}, "want \"choice\""},
		{&integrations.ChoiceStep{Field: integrations.Field{Name: "d", Label: "D", Kind: integrations.FieldChoice}}, "without Choices"},
		{&integrations.ChoiceStep{Field: integrations.Field{Name: "d", Label: "D", Kind: integrations.FieldChoice, Choices: []integrations.Choice{{Value: "x"}}}}, "needs a Value and a Label"},
		{&integrations.ApproveStep{Message: "Approve in the app"}, ""},
		{&integrations.ApproveStep{}, "without a Message"},
		{&integrations.QuestionsStep{Fields: []integrations.Field{{Name: "q1", Label: "First pet?", Kind: integrations.FieldSecret}}}, ""},
		{&integrations.QuestionsStep{}, "without questions"},
		{&integrations.DoneStep{}, ""},
		{nil, "nil step"},
		{(*integrations.FormStep)(nil), "nil step"},
	}
	for _, tc := range cases {
		fs := failuresOf(t, func(t tb) { checkStep(t, "step", tc.step) })
		switch {
		case tc.want == "" && len(fs) > 0:
			t.Errorf("%#v: unexpected failures %q", tc.step, fs)
		case tc.want != "" && len(matching(fs, tc.want)) == 0:
			t.Errorf("%#v: no failure holding %q in %q", tc.step, tc.want, fs)
		}
	}
}

func TestAutoAnswer(t *testing.T) {
	ctx := context.Background()
	values := map[string]string{"username": "alice", "code": "123456", "What is your pet's name?": "Rex"}
	a, err := AutoAnswer(ctx, &integrations.FormStep{Fields: []integrations.Field{
		{Name: "username"}, {Name: "nickname", Optional: true}}}, values)
	if err != nil || a.Values["username"] != "alice" || len(a.Values) != 1 {
		t.Errorf("FormStep: %v %v", a, err)
	}
	if _, err := AutoAnswer(ctx, &integrations.FormStep{Fields: []integrations.Field{{Name: "password"}}}, values); err == nil {
		t.Errorf("FormStep with a missing value: no error")
	}
	if a, _ := AutoAnswer(ctx, &integrations.CodeStep{Field: integrations.Field{Name: "code"}}, values); a.Values["code"] != "123456" {
		t.Errorf("CodeStep: %v", a)
	}
	if a, _ := AutoAnswer(ctx, &integrations.ChoiceStep{Field: integrations.Field{Name: "device", Kind: integrations.FieldChoice,
		Choices: []integrations.Choice{{Value: "sms"}, {Value: "app"}}}}, values); a.Values["device"] != "sms" {
		t.Errorf("ChoiceStep: %v", a)
	}
	if a, _ := AutoAnswer(ctx, &integrations.QuestionsStep{Fields: []integrations.Field{{Name: "q1", Label: "What is your pet's name?"}}}, values); a.Values["q1"] != "Rex" {
		t.Errorf("QuestionsStep: %v", a)
	}
	if _, err := AutoAnswer(ctx, &integrations.ApproveStep{}, values); err != nil {
		t.Errorf("ApproveStep: %v", err)
	}
	if _, err := AutoAnswer(ctx, &integrations.DoneStep{}, values); err == nil {
		t.Errorf("DoneStep: no error")
	}
	if _, err := AutoAnswer(ctx, &integrations.BrowserStep{URL: "https://example.com/"}, values); err == nil {
		t.Errorf("BrowserStep off loopback: no error")
	}
}

func TestBrowse(t *testing.T) {
	var got url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/consent":
			_ = r.ParseForm()
			got = r.PostForm
			http.Redirect(w, r, "/done?code=1", http.StatusSeeOther)
		case "/done":
			_, _ = io.WriteString(w, "ok")
		case "/away":
			http.Redirect(w, r, "https://example.com/", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	final, err := BrowseForm(ctx, srv.URL+"/consent", url.Values{"approve": {"yes"}})
	if err != nil || final.Path != "/done" || got.Get("approve") != "yes" {
		t.Errorf("BrowseForm: %v %v %v", final, got, err)
	}
	if err := Browse(ctx, srv.URL+"/missing"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("Browse of a 404: %v", err)
	}
	if err := Browse(ctx, srv.URL+"/away"); err == nil {
		t.Errorf("Browse followed a redirect off loopback")
	}
	if err := Browse(ctx, "not a url"); err == nil {
		t.Errorf("Browse of a bad URL: no error")
	}
}

func TestInjector(t *testing.T) {
	var in Injector
	in.Write = func(w http.ResponseWriter, _ *http.Request, f Fault) bool {
		if f != Unauthorized {
			return false
		}
		w.WriteHeader(http.StatusForbidden) // this institution says 403
		return true
	}
	srv := httptest.NewServer(in.Wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"ok":true}`)
	})))
	defer srv.Close()
	get := func() (int, string, http.Header, error) {
		resp, err := http.Get(srv.URL)
		if err != nil {
			return 0, "", nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), resp.Header, err
	}
	for _, tc := range []struct {
		f      Fault
		status int
	}{{ServerError, 500}, {RateLimited, 429}, {Maintenance, 503}, {Malformed, 200}, {Unauthorized, 403}, {"Bogus", 500}} {
		in.Inject(tc.f, 1)
		status, body, h, err := get()
		if err != nil || status != tc.status || (tc.f != Unauthorized && !strings.Contains(body, BodyCanary)) {
			t.Errorf("%s: %d %q %v", tc.f, status, body, err)
		}
		if tc.f == RateLimited && h.Get("Retry-After") != "1" {
			t.Errorf("RateLimited without Retry-After: 1")
		}
		if status, _, _, _ := get(); status != 200 {
			t.Errorf("%s did not clear after one request: %d", tc.f, status)
		}
	}
	in.Inject(Truncated, 1)
	if _, _, _, err := get(); err == nil {
		t.Errorf("Truncated: the body read without error")
	}
	in.InjectAfter(ServerError, 2, 1)
	var statuses []int
	for range 4 {
		s, _, _, _ := get()
		statuses = append(statuses, s)
	}
	if want := []int{200, 200, 500, 200}; !slicesEqual(statuses, want) {
		t.Errorf("InjectAfter(2, 1): statuses %v, want %v", statuses, want)
	}
	in.Inject(ServerError, 5)
	in.Inject(ServerError, 0)
	if s, _, _, _ := get(); s != 200 {
		t.Errorf("Inject(f, 0) did not clear")
	}
	if n := in.Served(); n != 8 {
		t.Errorf("Served = %d, want 8", n)
	}
}

func slicesEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestHarnessMistakes checks the suite refuses a harness it cannot run.
func TestHarnessMistakes(t *testing.T) {
	h := memHarness(bugs{})
	h.New = nil
	if fs := failuresOf(t, func(t tb) { run(t, h) }); len(matching(fs, "Harness.New is nil")) == 0 {
		t.Errorf("nil New: %q", fs)
	}
	h = memHarness(bugs{})
	h.Logins = nil
	if fs := failuresOf(t, func(t tb) { run(t, h) }); len(matching(fs, "Logins is empty")) == 0 {
		t.Errorf("no logins: %q", fs)
	}
	h = memHarness(bugs{})
	h.Logins = append(h.Logins, LoginScript{Method: integrations.AuthToken})
	h.Expect.Faults = []Fault{"Gremlins"}
	h.Skip = map[string]string{"Data": "not today", "Login": "no", "Refresh": "no", "Revoked": "no", "LoginFailure": "no"}
	fs := failuresOf(t, func(t tb) { run(t, h) })
	for _, want := range []string{"does not offer", "unknown fault \"Gremlins\""} {
		if len(matching(fs, want)) == 0 {
			t.Errorf("no failure holding %q in %q", want, fs)
		}
	}
	for _, f := range fs {
		if strings.HasPrefix(f, "x/Data") {
			t.Errorf("a skipped check ran: %s", f)
		}
	}
}

func TestSubmitForm(t *testing.T) {
	var got url.Values
	var cookie string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/authorize":
			http.SetCookie(w, &http.Cookie{Name: "sid", Value: "s1"})
			_, _ = io.WriteString(w, `<html><body><form id="other" method="post" action="/consent?x=1">
<input type="hidden" name="state" value="a&amp;b"><input type='hidden' name=client value=c1>
<input type="text" name="username" value=""><input type="password" name="password" value="pass_good">
<input type="checkbox" name="remember"><input type="checkbox" name="scopes" value="read" checked>
<textarea name="note">hi &lt;3</textarea>
<button type="submit" name="decision" value="deny">Deny</button>
<button type="submit" name="decision" value="approve">Approve</button>
<input type="submit" name="go" value="Go">
</form><form action="/second"></form></body></html>`)
		case "/consent":
			_ = r.ParseForm()
			got = r.PostForm
			if c, err := r.Cookie("sid"); err == nil {
				cookie = c.Value
			}
			http.Redirect(w, r, "/cb?code=xyz", http.StatusFound)
		case "/cb":
			_, _ = io.WriteString(w, "done")
		case "/getform":
			_, _ = io.WriteString(w, `<form action="/cb"><input name="q" value="1"></form>`)
		case "/noform":
			_, _ = io.WriteString(w, `<p>nothing here</p>`)
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	final, err := SubmitForm(ctx, srv.URL+"/authorize", map[string]string{"username": "user_good", "decision": "approve"})
	if err != nil || final.Path != "/cb" {
		t.Fatalf("SubmitForm: %v %v", final, err)
	}
	want := url.Values{"state": {"a&b"}, "client": {"c1"}, "username": {"user_good"}, "password": {"pass_good"},
		"scopes": {"read"}, "note": {"hi <3"}, "decision": {"approve"}}
	if got.Encode() != want.Encode() {
		t.Errorf("posted %v, want %v", got, want)
	}
	if cookie != "s1" {
		t.Errorf("the page's cookie was not sent with the form")
	}
	if final, err := SubmitForm(ctx, srv.URL+"/getform", map[string]string{"q": "2"}); err != nil || final.Query().Get("q") != "2" {
		t.Errorf("GET form: %v %v", final, err)
	}
	if _, err := SubmitForm(ctx, srv.URL+"/noform", nil); err == nil || !strings.Contains(err.Error(), "no form") {
		t.Errorf("a page without a form: %v", err)
	}
	if _, err := SubmitForm(ctx, "https://example.com/", nil); err == nil {
		t.Errorf("SubmitForm left loopback")
	}
}
