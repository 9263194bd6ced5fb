package fake

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func newFake(t *testing.T) *Server {
	t.Helper()
	now := time.Date(2025, 6, 16, 12, 0, 0, 0, time.UTC)
	s, err := New(Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// noRedirect is a client that shows redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// approve posts the consent form and returns the redirect's query.
func approve(t *testing.T, s *Server, extra url.Values) url.Values {
	t.Helper()
	form := url.Values{"response_type": {"code"}, "client_id": {"cid"}, "redirect_uri": {"http://127.0.0.1:9/callback"},
		"state": {"state-123456"}, "decision": {"approve"}, "username": {UserSatoshi}}
	for k, v := range extra {
		form[k] = v
	}
	resp, err := noRedirect.PostForm(s.URL()+"/oauth2/auth", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil {
		t.Fatalf("consent: %d %v", resp.StatusCode, err)
	}
	return loc.Query()
}

func tokenReq(t *testing.T, s *Server, form url.Values) (int, map[string]any) {
	t.Helper()
	return fakekit.PostForm(t, s.URL()+"/oauth2/token", form)
}

func TestCodeWorksOnceAndChecksPKCE(t *testing.T) {
	s := newFake(t)
	verifier := strings.Repeat("v", 43)
	sum := sha256.Sum256([]byte(verifier))
	q := approve(t, s, url.Values{"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}})
	if q.Get("state") != "state-123456" || q.Get("code") == "" {
		t.Fatalf("redirect query %v", q)
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {q.Get("code")}, "client_id": {"cid"},
		"client_secret": {"sec"}, "redirect_uri": {"http://127.0.0.1:9/callback"}, "code_verifier": {"wrong" + verifier}}
	if st, m := tokenReq(t, s, form); st != 400 || m["error"] != "invalid_grant" {
		t.Errorf("wrong verifier: %d %v", st, m)
	}
	q = approve(t, s, url.Values{"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}})
	form.Set("code", q.Get("code"))
	form.Set("code_verifier", verifier)
	st, m := tokenReq(t, s, form)
	if st != 200 || m["token_type"] != "bearer" || m["expires_in"] != float64(3600) || m["refresh_token"] == "" {
		t.Fatalf("exchange: %d %v", st, m)
	}
	if st, m := tokenReq(t, s, form); st != 400 || m["error"] != "invalid_grant" {
		t.Errorf("code reused: %d %v", st, m)
	}
	// Single-use refresh tokens.
	rf := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {m["refresh_token"].(string)}, "client_id": {"cid"}, "client_secret": {"sec"}}
	if st, m2 := tokenReq(t, s, rf); st != 200 || m2["refresh_token"] == m["refresh_token"] {
		t.Fatalf("refresh: %d %v", st, m2)
	}
	if st, m3 := tokenReq(t, s, rf); st != 400 || m3["error"] != "invalid_grant" {
		t.Errorf("refresh token reused: %d %v", st, m3)
	}
	rf.Set("client_secret", BadClientSecret)
	if st, m4 := tokenReq(t, s, rf); st != 401 || m4["error"] != "invalid_client" {
		t.Errorf("bad secret: %d %v", st, m4)
	}
}

func TestDenyAndBadAuthorize(t *testing.T) {
	s := newFake(t)
	q := approve(t, s, url.Values{"decision": {"deny"}})
	if q.Get("error") != "access_denied" || q.Get("code") != "" || q.Get("state") != "state-123456" {
		t.Errorf("deny: %v", q)
	}
	for name, bad := range map[string]url.Values{
		"short state":       {"state": {"abc"}},
		"external redirect": {"redirect_uri": {"https://evil.example/cb"}},
		"no client":         {"client_id": {""}},
	} {
		v := url.Values{"response_type": {"code"}, "client_id": {"cid"}, "redirect_uri": {"http://127.0.0.1:9/cb"}, "state": {"state-123456"}}
		for k, x := range bad {
			v[k] = x
		}
		resp, err := http.Get(s.URL() + "/oauth2/auth?" + v.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d", name, resp.StatusCode)
		}
	}
}

func TestTokenErrors(t *testing.T) {
	s := newFake(t)
	get := func(tok string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, s.URL()+"/v2/user", nil)
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var e struct {
			Errors []struct{ ID string } `json:"errors"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&e)
		if len(e.Errors) == 0 {
			return resp.StatusCode, ""
		}
		return resp.StatusCode, e.Errors[0].ID
	}
	q := approve(t, s, nil)
	_, m := tokenReq(t, s, url.Values{"grant_type": {"authorization_code"}, "code": {q.Get("code")}, "client_id": {"cid"},
		"client_secret": {"sec"}, "redirect_uri": {"http://127.0.0.1:9/callback"}})
	tok := m["access_token"].(string)
	if st, _ := get(tok); st != 200 {
		t.Fatalf("valid token: %d", st)
	}
	if st, id := get("nope"); st != 401 || id != "invalid_token" {
		t.Errorf("unknown token: %d %s", st, id)
	}
	s.ExpireAccessTokens()
	if st, id := get(tok); st != 401 || id != "expired_token" {
		t.Errorf("expired: %d %s", st, id)
	}
	s.RevokeAll()
	if st, id := get(tok); st != 401 || id != "revoked_token" {
		t.Errorf("revoked: %d %s", st, id)
	}
}

// Balances are the sums of the completed transactions, and the lists page
// newest first.
func TestDataConsistent(t *testing.T) {
	s := newFake(t)
	for _, user := range []string{UserSatoshi, UserHal} {
		for _, w := range s.dataset(user).wallets {
			if w.balance.IsNegative() {
				t.Errorf("%s %s: negative balance %s", user, w.cur.code, w.balance)
			}
			for i := 1; i < len(w.txs); i++ {
				if w.txs[i].at.After(w.txs[i-1].at) {
					t.Errorf("%s %s: transactions not newest first", user, w.cur.code)
				}
			}
		}
	}
	if n := s.Count("activities", ""); n < 230 {
		t.Errorf("%d activities", n)
	}
}

// TestDataRoutes walks the v2 API as a client does: the user, the accounts
// page by page through next_uri, one account, its transactions, spot
// prices (404 for a pair Coinbase does not price), unknown routes, the
// per-user hourly limit and token revocation.
func TestDataRoutes(t *testing.T) {
	now := time.Date(2025, 6, 16, 12, 0, 0, 0, time.UTC)
	s, err := New(Options{Now: func() time.Time { return now }, PageLimit: 4, RateLimit: 40})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	q := approve(t, s, nil)
	_, m := tokenReq(t, s, url.Values{"grant_type": {"authorization_code"}, "code": {q.Get("code")}, "client_id": {"cid"},
		"client_secret": {"sec"}, "redirect_uri": {"http://127.0.0.1:9/callback"}})
	tok := m["access_token"].(string)
	get := func(path string, v any) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, s.URL()+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if v != nil {
			_ = json.NewDecoder(resp.Body).Decode(v)
		}
		return resp.StatusCode
	}
	var user struct {
		Data struct {
			ID             string `json:"id"`
			NativeCurrency string `json:"native_currency"`
		}
	}
	if st := get("/v2/user", &user); st != 200 || user.Data.ID == "" || user.Data.NativeCurrency != "USD" {
		t.Fatalf("user: %d %+v", st, user)
	}
	type page struct {
		Pagination struct {
			NextURI *string `json:"next_uri"`
		}
		Data []struct{ ID string }
	}
	var ids []string
	for path, n := "/v2/accounts?limit=100", 0; path != "" && n < 20; n++ {
		var p page
		if st := get(path, &p); st != 200 || len(p.Data) > 4 {
			t.Fatalf("accounts page: %d, %d rows", st, len(p.Data))
		}
		for _, d := range p.Data {
			ids = append(ids, d.ID)
		}
		path = ""
		if p.Pagination.NextURI != nil {
			path = *p.Pagination.NextURI
		}
	}
	if len(ids) != len(s.dataset(UserSatoshi).wallets) {
		t.Fatalf("%d accounts through the pages", len(ids))
	}
	var one struct{ Data struct{ ID string } }
	if st := get("/v2/accounts/"+ids[0], &one); st != 200 || one.Data.ID != ids[0] {
		t.Errorf("one account: %d %+v", st, one)
	}
	var txs page
	if st := get("/v2/accounts/"+ids[1]+"/transactions?order=asc", &txs); st != 200 {
		t.Errorf("transactions: %d", st)
	}
	if st := get("/v2/accounts/nope/transactions", nil); st != 404 {
		t.Errorf("transactions of an unknown account: %d", st)
	}
	if st := get("/v2/accounts?limit=0", nil); st != 400 {
		t.Errorf("limit 0: %d", st)
	}
	var spot struct {
		Data struct{ Amount, Currency string }
	}
	if st := get("/v2/prices/BTC-USD/spot", &spot); st != 200 || spot.Data.Amount == "" || spot.Data.Currency != "USD" {
		t.Errorf("spot: %d %+v", st, spot)
	}
	if st := get("/v2/prices/BTC-EUR/spot", nil); st != 200 {
		t.Errorf("spot in EUR: %d", st)
	}
	if st := get("/v2/prices/USD-EUR/spot", nil); st != 404 {
		t.Errorf("an unpriced pair: %d", st)
	}
	if st := get("/v3/nothing", nil); st != 404 {
		t.Errorf("unknown route: %d", st)
	}
	for get("/v2/user", nil) == 200 {
	}
	var e struct{ Errors []struct{ ID string } }
	if st := get("/v2/user", &e); st != 429 || len(e.Errors) == 0 || e.Errors[0].ID != "rate_limit_exceeded" {
		t.Errorf("past the hourly limit: %d %+v", st, e)
	}
	if _, err := http.PostForm(s.URL()+"/oauth2/revoke", url.Values{"token": {tok}}); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.tokens.Access(tok); ok {
		t.Error("a revoked token still works")
	}
	if n := s.Count("positions", ""); n != 6 {
		t.Errorf("%d positions", n)
	}
}
