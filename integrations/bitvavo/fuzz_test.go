package bitvavo

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// FuzzDecoders feeds the response decoders arbitrary bytes: none may panic,
// and every failure must be a documented error.
func FuzzDecoders(f *testing.F) {
	for _, name := range []string{"balance.json", "trades.json", "deposits.json", "error_signature.json"} {
		b, err := readFixture(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(200, b)
	}
	f.Add(429, []byte(`{"errorCode":103}`))
	f.Fuzz(func(t *testing.T, status int, b []byte) {
		documented := func(what string, err error) {
			if err == nil {
				return
			}
			for _, e := range []error{integrations.ErrUnavailable, integrations.ErrReauthRequired, integrations.ErrRateLimited, integrations.ErrInvalidCredentials} {
				if errors.Is(err, e) {
					return
				}
			}
			t.Errorf("%s: undocumented error %v", what, err)
		}
		now := time.Unix(1700000000, 0)
		h := http.Header{"Bitvavo-Ratelimit-Resetat": {string(b)}}
		var rows []balance
		if err := decodeResponse(status, h, b, false, now, &rows); err == nil {
			if tot, err := totals(rows); err == nil {
				_, _ = holdings(tot, nil, now)
			}
		} else {
			documented("balance", err)
		}
		var ts []trade
		if decodeResponse(status, h, b, false, now, &ts) == nil {
			for _, x := range ts {
				_, err := tradeActivity(x)
				documented("trade", err)
			}
		}
		var xs []transfer
		if decodeResponse(status, h, b, true, now, &xs) == nil {
			for _, x := range xs {
				_, err := transferActivity(x, x.Status == "completed")
				documented("transfer", err)
			}
		}
	})
}
