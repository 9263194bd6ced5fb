package upstox

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds arbitrary answers to every decoder: no panic, and what
// decodes is well-formed.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"status":"success","data":[{"trade_id":"1","transaction_type":"DIVIDEND","quantity":"3","trade_date":"2024-01-02","amount":null}]}`))
	f.Add([]byte(`{"status":"success","data":{"equity":{"available_margin":"1e3"}}}`))
	f.Add([]byte(`{"status":"success","data":[{"amount":"5","status":"deemed_success","last_updated_at":"2026-05-04T10:00:00Z"},{"amount":1,"status":"SUCCESS","created_at":"2026-05-04 10:00:00","transaction_id":""}]}`))
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = decodeProfile(b)
		_, _ = decodeFunds(b, segEquity)
		if pos, err := decodeHoldings(b, at); err == nil {
			brokertest.WantPositions(t, pos...)
		}
		_, _ = decodePositions(b, segCommodity, at)
		if pays, err := decodePayments(b); err == nil {
			for _, k := range []payKind{payins, payouts} {
				acts, _ := paymentActivities(k, pays)
				brokertest.WantActivities(t, acts...)
				for _, a := range acts {
					zero := a.Amount.IsZero()
					if !zero && a.Amount.IsPositive() != k.in || zero != (a.Type == integrations.ActivityOther) {
						t.Errorf("%s %s of %s: signed against its list", k.raw, a.Type, a.Amount)
					}
				}
			}
		}
		rows, _, err := decodeTrades(b)
		if err != nil {
			return
		}
		for _, r := range rows {
			brokertest.WantActivities(t, activity(r))
		}
	})
}
