package gemini

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
	for _, name := range []string{"balances.json", "notionalbalances.json", "mytrades.json", "transfers.json", "error_signature.json"} {
		b, err := readFixture(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(200, b)
	}
	f.Add(200, []byte(`[{"currency":"btc","amount":"0","amountNotional":"1"}]`))
	f.Add(429, []byte(`{"result":"error"}`))
	f.Fuzz(func(t *testing.T, status int, b []byte) {
		documented := func(what string, err error) {
			if err == nil {
				return
			}
			for _, e := range []error{integrations.ErrUnavailable, integrations.ErrReauthRequired, integrations.ErrRateLimited,
				integrations.ErrInvalidCredentials, integrations.ErrAccountLocked} {
				if errors.Is(err, e) {
					return
				}
			}
			t.Errorf("%s: undocumented error %v", what, err)
		}
		h := http.Header{"Retry-After": {string(b)}}
		var rows []notional
		if err := decodeResponse(status, h, b, false, &rows); err == nil {
			_, _, err := holdings(rows, time.Time{})
			documented("holdings", err)
		} else {
			documented("notional", err)
		}
		var ts []trade
		if decodeResponse(status, h, b, true, &ts) == nil {
			for _, tr := range ts {
				_, err := tradeActivity(tr.Symbol, tr)
				documented("trade", err)
			}
		}
		var xs []transfer
		if decodeResponse(status, h, b, false, &xs) == nil {
			for _, x := range xs {
				_, err := transferActivity(x)
				documented("transfer", err)
			}
		}
		var info accountInfo
		if decodeResponse(status, h, b, false, &info) == nil {
			_ = info.owner("k")
		}
	})
}
