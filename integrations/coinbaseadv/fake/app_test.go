package fake

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestAppPages: the v2 lists page as the pagination page documents —
// newest first, limit 1..100 (25 by default), next_uri with starting_after
// the page's last id and null on the last page; a bad limit, an unknown
// starting_after and an unknown account are refused.
func TestAppPages(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	path := "/v2/accounts/" + docsBTCWallet + "/transactions"
	get := func(url string) (map[string]any, int) {
		r := httptest.NewRequest("GET", url, nil)
		r.SetPathValue("account_id", docsBTCWallet)
		v, status := s.appTransactions(r, DemoKeyName)
		m, _ := v.(map[string]any)
		return m, status
	}
	first, status := get(path + "?limit=2")
	if status != 0 {
		t.Fatalf("status %d", status)
	}
	rows := first["data"].([]map[string]any)
	pg := first["pagination"].(map[string]any)
	if len(rows) != 2 || pg["next_starting_after"] != rows[1]["id"] || pg["next_uri"] != path+"?&limit=2&starting_after="+rows[1]["id"].(string) {
		t.Fatalf("first page %v", pg)
	}
	all, _ := get(path + "?limit=100")
	everything := all["data"].([]map[string]any)
	if all["pagination"].(map[string]any)["next_uri"] != nil || everything[len(everything)-1]["id"] != "57ffb4ae-0c59-5430-bcd3-3f98f797a66c" {
		t.Error("the last page has a next_uri, or the docs' oldest row is not last")
	}
	def, _ := get(path)
	if len(def["data"].([]map[string]any)) != min(25, len(everything)) {
		t.Error("the default page is not 25 rows")
	}
	for _, bad := range []string{path + "?limit=0", path + "?limit=101", path + "?starting_after=nobody"} {
		if _, status := get(bad); status != http.StatusBadRequest {
			t.Errorf("%s: status %d", bad, status)
		}
	}
	r := httptest.NewRequest("GET", "/v2/accounts/nobody/transactions", nil)
	r.SetPathValue("account_id", "nobody")
	if _, status := s.appTransactions(r, DemoKeyName); status != http.StatusNotFound {
		t.Errorf("unknown account: %d", status)
	}
}
