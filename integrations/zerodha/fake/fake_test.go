package fake

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func newFake(t *testing.T) *Server {
	t.Helper()
	now := time.Date(2025, 6, 16, 14, 30, 0, 0, time.UTC)
	s, err := New(Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func requestTokenFor(t *testing.T, s *Server) (string, url.Values) {
	t.Helper()
	resp, err := noRedirect.PostForm(s.URL()+"/connect/login", url.Values{"v": {"3"}, "api_key": {"key"},
		"redirect_uri": {"http://127.0.0.1:9/callback"}, "redirect_params": {"state=abc&x=1"}, "decision": {"approve"}, "user_id": {UserMain}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	q := loc.Query()
	return q.Get("request_token"), q
}

func exchange(t *testing.T, s *Server, key, rt, secret string) (int, map[string]any) {
	t.Helper()
	sum := sha256.Sum256([]byte(key + rt + secret))
	return fakekit.PostForm(t, s.URL()+"/session/token", url.Values{"api_key": {key}, "request_token": {rt}, "checksum": {hex.EncodeToString(sum[:])}})
}

func TestLoginRedirectAndChecksum(t *testing.T) {
	s := newFake(t)
	rt, q := requestTokenFor(t, s)
	if len(rt) != 32 || q.Get("status") != "success" || q.Get("action") != "login" || q.Get("state") != "abc" || q.Get("x") != "1" {
		t.Fatalf("redirect %v", q)
	}
	if st, m := exchange(t, s, "key", rt, "wrong"); st != 403 || m["error_type"] != "TokenException" || m["message"] != "Invalid `checksum`." {
		t.Errorf("wrong secret: %d %v", st, m)
	}
	st, m := exchange(t, s, "key", rt, APISecret)
	data, _ := m["data"].(map[string]any)
	if st != 200 || m["status"] != "success" || data["user_id"] != UserMain || data["login_time"] != "2025-06-16 20:00:00" {
		t.Fatalf("exchange: %d %v", st, m)
	}
	if st, m := exchange(t, s, "key", rt, APISecret); st != 403 || m["message"] != "Token is invalid or has expired." {
		t.Errorf("request token reused: %d %v", st, m)
	}
	get := func(auth string) int {
		st, _ := fakekit.Send(t, http.MethodGet, s.URL()+"/user/profile", http.Header{"X-Kite-Version": {"3"}, "Authorization": {auth}})
		return st
	}
	tok := data["access_token"].(string)
	if st := get("token key:" + tok); st != 200 {
		t.Errorf("valid session: %d", st)
	}
	if st := get("token other:" + tok); st != 403 {
		t.Errorf("another api key: %d", st)
	}
	s.RevokeAll()
	if st := get("token key:" + tok); st != 403 {
		t.Errorf("revoked: %d", st)
	}
}

func TestLoginPageChecks(t *testing.T) {
	s := newFake(t)
	for name, q := range map[string]string{
		"no api key":        "v=3&redirect_uri=http://127.0.0.1:9/cb",
		"wrong version":     "v=2&api_key=k&redirect_uri=http://127.0.0.1:9/cb",
		"external redirect": "v=3&api_key=k&redirect_uri=https://evil.example/cb",
	} {
		resp, err := http.Get(s.URL() + "/connect/login?" + q)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Errorf("%s: %d", name, resp.StatusCode)
		}
	}
}

func TestMFOrdersRange(t *testing.T) {
	s := newFake(t)
	d := s.dataset(UserMain)
	complete := 0
	for _, o := range d.mfOrders {
		if o.status == "COMPLETE" {
			complete++
		}
	}
	if complete < 25 {
		t.Errorf("%d completed fund orders", complete)
	}
	for _, h := range d.mfHoldings {
		if !h.qty.IsPositive() || !h.avg.IsPositive() {
			t.Errorf("fund holding %+v", h)
		}
	}
}

// TestRateLimitPerAPIKey: Kite counts requests per API key: past the
// second's limit 429 NetworkException, another key unaffected; a logout
// ends the session, and unknown routes and mutual funds without the
// permission answer Kite's errors.
func TestRateLimitPerAPIKey(t *testing.T) {
	now := time.Date(2025, 6, 16, 14, 30, 0, 0, time.UTC)
	s, err := New(Options{Now: func() time.Time { return now }, RateLimit: 2, NoMFPermission: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	rt, _ := requestTokenFor(t, s) // a request token of the API key "key"
	st, m := exchange(t, s, "key", rt, APISecret)
	data, _ := m["data"].(map[string]any)
	tok, _ := data["access_token"].(string)
	if st != 200 || tok == "" {
		t.Fatalf("session: %d %v", st, m)
	}
	call := func(method, path, key string) (int, string) {
		st, body := fakekit.Send(t, method, s.URL()+path, http.Header{"Authorization": {"token " + key + ":" + tok}, "X-Kite-Version": {"3"}})
		et, _ := body["error_type"].(string)
		return st, et
	}
	if st, _ := call("GET", "/user/profile", "key"); st != 200 {
		t.Fatalf("profile: %d", st)
	}
	if st, et := call("GET", "/mf/holdings", "key"); st != 403 || et != "PermissionException" {
		t.Errorf("mf without the permission: %d %s", st, et)
	}
	if st, et := call("GET", "/user/margins", "key"); st != 429 || et != "NetworkException" {
		t.Errorf("past 2 a second: %d %s", st, et)
	}
	if st, et := call("GET", "/user/profile", "otherkey"); st != 403 || et != "TokenException" {
		t.Errorf("the session with another key: %d %s", st, et)
	}
	if st, et := call("GET", "/nope", "key"); st != 404 || et != "GeneralException" {
		t.Errorf("unknown route: %d %s", st, et)
	}
	now = now.Add(time.Second)
	if st, _ := call("GET", "/user/margins/equity", "key"); st != 200 {
		t.Errorf("the next second: %d", st)
	}
	req, _ := http.NewRequest(http.MethodDelete, s.URL()+"/session/token?api_key=key&access_token="+tok, nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("logout: %v", err)
	}
	if st, et := call("GET", "/user/profile", "key"); st != 403 || et != "TokenException" {
		t.Errorf("after logout: %d %s", st, et)
	}
}
