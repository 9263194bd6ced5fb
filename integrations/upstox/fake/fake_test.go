package fake

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func newFake(t *testing.T, now time.Time) *Server {
	t.Helper()
	s, err := New(Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func code(t *testing.T, s *Server) string { return codeAs(t, s, UserMain) }

func codeAs(t *testing.T, s *Server, user string) string {
	t.Helper()
	resp, err := noRedirect.PostForm(s.URL()+"/v2/login/authorization/dialog", url.Values{"response_type": {"code"},
		"client_id": {"k"}, "redirect_uri": {"http://127.0.0.1:9/callback"}, "state": {"st"}, "decision": {"approve"}, "username": {user}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if loc.Query().Get("state") != "st" {
		t.Fatalf("redirect %s", loc)
	}
	return loc.Query().Get("code")
}

func post(t *testing.T, s *Server, form url.Values) (int, map[string]any) {
	t.Helper()
	return fakekit.PostForm(t, s.URL()+"/v2/login/authorization/token", form)
}

func errCode(m map[string]any) string {
	errs, _ := m["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	e, _ := errs[0].(map[string]any)
	s, _ := e["errorCode"].(string)
	return s
}

func TestToken(t *testing.T) {
	s := newFake(t, time.Date(2025, 6, 16, 14, 30, 0, 0, time.UTC))
	form := url.Values{"code": {code(t, s)}, "client_id": {"k"}, "client_secret": {"sec"},
		"redirect_uri": {"http://127.0.0.1:9/callback"}, "grant_type": {"authorization_code"}}
	st, m := post(t, s, form)
	if st != 200 || m["user_id"] != UserMain || m["access_token"] == "" || m["status"] != nil {
		t.Fatalf("%d %v", st, m)
	}
	if st, m := post(t, s, form); st != 400 || errCode(m) != "UDAPI100057" {
		t.Errorf("code reused: %d %v", st, m)
	}
	form.Set("code", code(t, s))
	form.Set("client_secret", BadClientSecret)
	if st, m := post(t, s, form); st != 401 || errCode(m) != "UDAPI100016" {
		t.Errorf("bad secret: %d %v", st, m)
	}
	resp, _ := http.Get(s.URL() + "/v2/login/authorization/dialog?response_type=code&client_id=k&redirect_uri=https://evil.example/cb")
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("external redirect: %d", resp.StatusCode)
	}
}

func TestTradeWindow(t *testing.T) {
	now := time.Date(2025, 6, 16, 14, 30, 0, 0, time.UTC)
	s := newFake(t, now)
	form := url.Values{"code": {code(t, s)}, "client_id": {"k"}, "client_secret": {"sec"},
		"redirect_uri": {"http://127.0.0.1:9/callback"}, "grant_type": {"authorization_code"}}
	_, m := post(t, s, form)
	get := func(q string) int {
		st, _ := fakekit.Send(t, http.MethodGet, s.URL()+"/v2/charges/historical-trades?"+q, http.Header{"Authorization": {"Bearer " + m["access_token"].(string)}})
		return st
	}
	if st := get("start_date=2023-04-01&end_date=2025-06-16&page_number=1&page_size=100"); st != 200 {
		t.Errorf("in the window: %d", st)
	}
	if st := get("start_date=2023-03-31&end_date=2025-06-16&page_number=1&page_size=100"); st != 400 {
		t.Errorf("before the window: %d", st)
	}
	if st := get("start_date=2024-01-01&end_date=2023-01-01&page_number=1&page_size=100"); st != 400 {
		t.Errorf("start after end: %d", st)
	}
	for _, u := range []string{UserMain, UserSecond} {
		for _, h := range s.dataset(u).holdings {
			if !h.qty.IsPositive() || !h.avg.IsPositive() {
				t.Errorf("%s holding %s: %s @ %s", u, h.ins.symbol, h.qty, h.avg)
			}
		}
	}
}

// TestRateLimitPerUserAndAPI: Upstox's limits are "per-API, per-user": past
// the limit one path answers 429 UDAPI10005 while another still answers;
// logging out ends the token.
func TestRateLimitPerUserAndAPI(t *testing.T) {
	now := time.Date(2025, 6, 16, 14, 30, 0, 0, time.UTC)
	s, err := New(Options{Now: func() time.Time { return now }, RateLimit: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	_, m := post(t, s, url.Values{"code": {code(t, s)}, "client_id": {"k"}, "client_secret": {"sec"},
		"redirect_uri": {"http://127.0.0.1:9/callback"}, "grant_type": {"authorization_code"}})
	tok, _ := m["access_token"].(string)
	call := func(method, path string) (int, string) {
		st, body := fakekit.Send(t, method, s.URL()+path, http.Header{"Authorization": {"Bearer " + tok}})
		return st, errCode(body)
	}
	for range 2 {
		if st, _ := call("GET", "/v2/user/profile"); st != 200 {
			t.Fatalf("within the limit: %d", st)
		}
	}
	if st, code := call("GET", "/v2/user/profile"); st != 429 || code != "UDAPI10005" {
		t.Errorf("past the limit: %d %s", st, code)
	}
	if st, _ := call("GET", "/v2/portfolio/long-term-holdings"); st != 200 {
		t.Errorf("another API shares the window: %d", st)
	}
	if st, _ := call("DELETE", "/v2/logout"); st != 200 {
		t.Errorf("logout: %d", st)
	}
	if st, code := call("GET", "/v2/portfolio/short-term-positions"); st != 401 || code != "UDAPI100050" {
		t.Errorf("after logout: %d %s", st, code)
	}
	if st, code := call("GET", "/v2/nope"); st != 404 || code != "UDAPI10000" {
		t.Errorf("unknown path: %d %s", st, code)
	}
}
