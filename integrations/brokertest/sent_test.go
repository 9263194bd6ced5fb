package brokertest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

func TestRecordSent(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/gone" {
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	defer srv.Close()
	shared := srv.Client()
	env := integrations.Env{HTTP: shared}
	sent := RecordSent(&env)
	if env.HTTP == shared || shared.Transport == sent {
		t.Fatal("the Env's client before must be left as it was")
	}
	for _, p := range []string{"/a/positions", "/gone", "/a/positions"} {
		resp, err := env.HTTP.Get(srv.URL + p + "?x=1")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	srv.Close()
	if _, err := env.HTTP.Get(srv.URL + "/down"); err == nil {
		t.Fatal("a closed server answered")
	}
	reqs := sent.Requests()
	if len(reqs) != 4 || reqs[1].URL.Path != "/gone" || reqs[0].URL.Query().Get("x") != "1" {
		t.Fatalf("requests %v", reqs)
	}
	for substr, want := range map[string]int{"/positions ": 2, " 401": 1, "GET /gone 401": 1, " 200": 2, "/down error": 1, "/nowhere": 0} {
		if n := sent.Count(substr); n != want {
			t.Errorf("Count(%q) = %d, want %d", substr, n, want)
		}
	}
}
