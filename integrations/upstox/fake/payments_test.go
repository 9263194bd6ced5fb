package fake

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// The payment lists answer in the documented shapes: 7JD3KQ in the field
// set the pages show now, 5XY9PL in the launch's; at most the 20 most
// recent, newest first; a refused user gets 404 UDAPI10000.
func TestPaymentLists(t *testing.T) {
	s := newFake(t, time.Date(2025, 6, 16, 14, 30, 0, 0, time.UTC))
	list := func(user, path string) (int, []map[string]any) {
		t.Helper()
		_, m := post(t, s, url.Values{"code": {codeAs(t, s, user)}, "client_id": {"k"}, "client_secret": {"sec"},
			"redirect_uri": {"http://127.0.0.1:9/callback"}, "grant_type": {"authorization_code"}})
		st, body := fakekit.Send(t, http.MethodGet, s.URL()+path, http.Header{"Authorization": {"Bearer " + m["access_token"].(string)}})
		var rows []map[string]any
		data, _ := body["data"].([]any)
		for _, r := range data {
			rows = append(rows, r.(map[string]any))
		}
		if st == 200 && body["status"] != "success" {
			t.Errorf("%s %s: status %v", user, path, body["status"])
		}
		return st, rows
	}
	keys := func(m map[string]any) []string {
		var k []string
		for x := range m {
			k = append(k, x)
		}
		sort.Strings(k)
		return k
	}
	want := map[string][]string{
		UserMain + " payin":    {"amount", "bank_name", "created_at", "currency", "mode", "status", "transaction_id"},
		UserMain + " payout":   {"amount", "bank_name", "created_at", "currency", "eta", "mode", "status", "transaction_id"},
		UserSecond + " payin":  {"amount", "bank_name", "charges_category", "last_updated_at", "mode", "reason", "status", "total_charges", "transaction_id"},
		UserSecond + " payout": {"amount", "bank_name", "charges_category", "last_updated_at", "mode", "reason", "status", "total_charges", "transaction_id"},
	}
	statuses := map[string]bool{}
	for _, u := range []string{UserMain, UserSecond} {
		for _, kind := range []string{"payin", "payout"} {
			st, rows := list(u, "/v2/user/payments/"+kind)
			if st != 200 || len(rows) == 0 || len(rows) >= paymentsListed {
				t.Fatalf("%s %s: %d, %d rows", u, kind, st, len(rows))
			}
			for i, r := range rows {
				if got := keys(r); !slices.Equal(got, want[u+" "+kind]) {
					t.Errorf("%s %s row %d: fields %v", u, kind, i, got)
				}
				at, _ := r["created_at"].(string)
				if at == "" {
					at, _ = r["last_updated_at"].(string)
				}
				if _, err := time.Parse(payTime, at); err != nil {
					t.Errorf("%s %s row %d: time %q", u, kind, i, at)
				}
				if i > 0 {
					prev, _ := rows[i-1]["created_at"].(string)
					if prev == "" {
						prev, _ = rows[i-1]["last_updated_at"].(string)
					}
					if prev < at {
						t.Errorf("%s %s: %s before %s: want newest first", u, kind, prev, at)
					}
				}
				statuses[r["status"].(string)] = true
			}
		}
	}
	for _, st := range []string{"SUCCESS", "PENDING", "FAILED", "CANCELLED", "COMPLETED", "TRANSFER_IN_PROGRESS", "REJECTED", "REVERSED", "DEEMED_SUCCESS", "APPROVED"} {
		if !statuses[st] {
			t.Errorf("no row is %s", st)
		}
	}

	for i := range 25 {
		s.AddPayment(UserMain, Payment{Mode: "UPI", Status: "SUCCESS", Amount: dec("10"), At: time.Date(2025, 6, 16, 19, 0, i, 0, fakekit.Kolkata)})
	}
	if _, rows := list(UserMain, "/v2/user/payments/payin"); len(rows) != paymentsListed || rows[0]["created_at"] != "2025-06-16 19:00:24" || rows[0]["transaction_id"] != nil {
		t.Errorf("past 20: %d rows, the first %v", len(rows), rows[0])
	}
	s.RefusePayments(UserSecond)
	if st, _ := list(UserSecond, "/v2/user/payments/payout"); st != 404 {
		t.Errorf("refused: %d", st)
	}
}
