package webull

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// FuzzDecoders feeds every response decoder arbitrary bytes: none may
// panic, and every failure is ErrUnavailable.
func FuzzDecoders(f *testing.F) {
	for _, name := range []string{"balance.json", "positions.json", "subscriptions.json", "orders.json", "config.json", "token.json"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`[{"client_order_id":"c","orders":[{"filled_quantity":"1","filled_price":"1","symbol":"X","filled_time":99999999999999999999}]}]`))
	f.Add([]byte(`{"holdings":[{"qty":1e99999,"last_price":"NaN"}]}`))
	f.Add([]byte(`null`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, b []byte) {
		check := func(what string, err error) {
			if err != nil && !errors.Is(err, integrations.ErrUnavailable) {
				t.Errorf("%s: %v is not ErrUnavailable", what, err)
			}
		}
		_, err := decodeBalance(b, true)
		check("balance", err)
		_, _, _, err = decodePositions(b, time.Time{})
		check("positions", err)
		_, err = decodeSubscriptions(b)
		check("subscriptions", err)
		_, err = decodeProfile(b)
		check("profile", err)
		_, _, _, err = decodeOrders(b)
		check("orders", err)
		_, err = decodeConfig(b)
		check("config", err)
		_, err = decodeToken(b)
		check("token", err)
	})
}
