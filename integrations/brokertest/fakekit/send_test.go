package fakekit_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Send sends the header and reads the status and the JSON object back.
func TestSend(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fakekit.WriteJSON(w, http.StatusTeapot, map[string]any{"method": r.Method, "auth": r.Header.Get("Authorization")})
	}))
	defer srv.Close()
	st, body := fakekit.Send(t, http.MethodDelete, srv.URL, http.Header{"Authorization": {"Bearer t"}})
	if st != http.StatusTeapot || body["method"] != "DELETE" || body["auth"] != "Bearer t" {
		t.Errorf("Send = %d %v", st, body)
	}
}
