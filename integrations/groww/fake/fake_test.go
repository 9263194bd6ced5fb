package fake

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func start(t *testing.T) *Server {
	t.Helper()
	clk := fakekit.NewClock(fakekit.T0)
	s, err := New(Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func headers(token string) http.Header {
	h := http.Header{}
	h.Set("Authorization", "Bearer "+token)
	h.Set("Accept", "application/json")
	h.Set("X-API-VERSION", "1.0")
	return h
}

// code is a FAILURE envelope's error code.
func code(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

// The fake refuses what the docs say Groww refuses: a request without
// X-API-VERSION ("All headers are mandatory"), an unknown token, a list
// without its segment, more than 50 LTP instruments, an unknown order.
func TestRefusals(t *testing.T) {
	s := start(t)
	noVersion := headers(MainToken)
	noVersion.Del("X-API-VERSION")
	many := strings.TrimSuffix(strings.Repeat("NSE_X,", 51), ",")
	for name, c := range map[string]struct {
		path   string
		header http.Header
		status int
		code   string
	}{
		"no version":     {"/v1/user/detail", noVersion, 400, "GA001"},
		"unknown token":  {"/v1/user/detail", headers("nope"), 401, "GA005"},
		"no segment":     {"/v1/positions/user", headers(MainToken), 400, "GA001"},
		"51 instruments": {"/v1/live-data/ltp?segment=CASH&exchange_symbols=" + many, headers(MainToken), 400, "GA001"},
		"unknown order":  {"/v1/order/trades/GMKNONE?segment=CASH", headers(MainToken), 404, "GA004"},
	} {
		status, body := fakekit.Send(t, http.MethodGet, s.URL()+c.path, c.header)
		if status != c.status || code(body) != c.code || body["status"] != "FAILURE" {
			t.Errorf("%s: %d %v, want %d %s", name, status, body, c.status, c.code)
		}
	}
	if status, body := fakekit.Send(t, http.MethodGet, s.URL()+"/v1/user/detail", headers(MainToken)); status != 200 || body["status"] != "SUCCESS" {
		t.Errorf("the profile: %d %v", status, body)
	}
}

// The TOTP exchange answers the token outside the envelope, with its
// expiry at 06:00 India time; an unknown key is 401 GA005, a wrong code or
// another key_type 400 GA001.
func TestTokenExchange(t *testing.T) {
	s := start(t)
	post := func(key string, body map[string]string) (int, map[string]any) {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, s.URL()+"/v1/token/api/access", bytes.NewReader(b))
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	status, body := post(MainAPIKey, map[string]string{"key_type": "totp", "totp": TOTP})
	if status != 200 || body["token"] == "" || body["expiry"] != "2026-03-19T06:00:00" || body["isActive"] != true || body["payload"] != nil {
		t.Fatalf("exchange: %d %v", status, body)
	}
	if st, _ := fakekit.Send(t, http.MethodGet, s.URL()+"/v1/user/detail", headers(body["token"].(string))); st != 200 {
		t.Errorf("the exchanged token is refused: %d", st)
	}
	for name, c := range map[string]struct {
		key    string
		body   map[string]string
		status int
		code   string
	}{
		"unknown key": {"nope", map[string]string{"key_type": "totp", "totp": TOTP}, 401, "GA005"},
		"wrong code":  {MainAPIKey, map[string]string{"key_type": "totp", "totp": "000000"}, 400, "GA001"},
		"approval":    {MainAPIKey, map[string]string{"key_type": "approval", "checksum": "x", "timestamp": "1"}, 400, "GA001"},
	} {
		if st, b := post(c.key, c.body); st != c.status || code(b) != c.code {
			t.Errorf("%s: %d %v", name, st, b)
		}
	}
}
