package webull

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds every response decoder arbitrary bytes: none may
// panic, and every failure is ErrUnavailable.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`[{"client_order_id":"c","orders":[{"filled_quantity":"1","filled_price":"1","symbol":"X","filled_time":99999999999999999999}]}]`))
	f.Add([]byte(`{"holdings":[{"qty":1e99999,"last_price":"NaN"}]}`))
	f.Add([]byte(`null`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, b []byte) {
		check := func(what string, err error) { brokertest.WantNilOr(t, what, err, integrations.ErrUnavailable) }
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
		_, err = decodeJPBalance(b, true)
		check("jp balance", err)
		_, err = decodeBalanceIn(b, false, "HKD")
		check("hk balance", err)
		for _, r := range regions {
			_, _, _, err = decodeHoldings(b, time.Time{}, r)
			check(r.id+" positions", err)
			_, _, _, err = decodeOrdersIn(b, r)
			check(r.id+" orders", err)
		}
	})
}
