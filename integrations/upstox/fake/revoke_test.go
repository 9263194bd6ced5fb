package fake

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// TestEndpointsAndRevokeAll: the fake names its one endpoint, serves the
// funds of a live token and refuses it (401 UDAPI100050) once every
// session is revoked; expiring access tokens changes nothing.
func TestEndpointsAndRevokeAll(t *testing.T) {
	s := newFake(t, time.Date(2025, 6, 16, 14, 30, 0, 0, time.UTC))
	if got := s.Endpoints(); len(got) != 1 || len(got[InstitutionID]) != 1 || got[InstitutionID]["api"] != s.URL() {
		t.Errorf("endpoints %v", got)
	}
	_, m := post(t, s, url.Values{"code": {code(t, s)}, "client_id": {"k"}, "client_secret": {"sec"},
		"redirect_uri": {"http://127.0.0.1:9/callback"}, "grant_type": {"authorization_code"}})
	tok, _ := m["access_token"].(string)
	funds := func() (int, string) {
		st, body := fakekit.Send(t, http.MethodGet, s.URL()+"/v2/user/get-funds-and-margin", http.Header{"Authorization": {"Bearer " + tok}})
		return st, errCode(body)
	}
	s.ExpireAccessTokens()
	if st, code := funds(); st != 200 {
		t.Errorf("live token: %d %s", st, code)
	}
	s.RevokeAll()
	if st, code := funds(); st != 401 || code != "UDAPI100050" {
		t.Errorf("revoked: %d %s, want 401 UDAPI100050", st, code)
	}
}
