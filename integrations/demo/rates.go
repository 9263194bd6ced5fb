package demo

import (
	"context"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// RatesID is the demo's exchange-rate service.
const RatesID = "demo-rates"

// RateService publishes made-up daily euro reference rates in the ECB's
// terms (units of each currency per euro, on working days), computed in
// the process: a vault of demo connections only is converted with them, so
// trying the demo reaches no network. It is an integrations.RateSource
// whose Institution is marked Demo.
type RateService struct{}

// Rates returns the demo's rate service.
func Rates() *RateService { return &RateService{} }

var _ integrations.RateSource = (*RateService)(nil)

// Info describes the service.
func (*RateService) Info() integrations.Institution {
	return integrations.Institution{ID: RatesID, Name: "Latchkey Demo", DisplayName: "Demo exchange rates", Region: "global", Demo: true}
}

// rateBase is each currency's rate per euro on the ECB's example day
// (eurofxref-daily.xml of 2024-06-28), in units of 10^-dp.
var rateBase = []struct {
	code string
	at   int64
	dp   int32
}{
	{"USD", 10705, 4}, {"JPY", 17194, 2}, {"CZK", 25025, 3}, {"DKK", 74575, 4}, {"GBP", 84638, 5},
	{"HUF", 39510, 2}, {"PLN", 43090, 4}, {"RON", 49773, 4}, {"SEK", 113595, 4}, {"CHF", 9634, 4},
	{"ISK", 14890, 2}, {"NOK", 113965, 4}, {"TRY", 351868, 4}, {"AUD", 16079, 4}, {"BRL", 58915, 4},
	{"CAD", 14670, 4}, {"CNY", 77748, 4}, {"HKD", 83594, 4}, {"IDR", 1748721, 2}, {"ILS", 40200, 4},
	{"INR", 892495, 4}, {"KRW", 147486, 2}, {"MXN", 195654, 4}, {"MYR", 50501, 4}, {"NZD", 17601, 4},
	{"PHP", 62560, 3}, {"SGD", 14513, 4}, {"THB", 39319, 3}, {"ZAR", 194970, 4},
}

// ratesOn is day d's table: each base rate moved by a slow swing and a
// daily wiggle (integer arithmetic, the same everywhere).
func ratesOn(d int) integrations.RateTable {
	t := integrations.RateTable{Date: integrations.Date(dayDate(d)), Base: "EUR", Rates: map[string]decimal.Decimal{}}
	for i, c := range rateBase {
		bp := tri(d+i*29, 365, 300) + tri(d+i*7, 23, 40)
		t.Rates[c.code] = decimal.New((c.at*(10000+bp)+5000)/10000, -c.dp)
	}
	return t
}

func workingDay(d int) bool {
	wd := dayTime(d).Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// LatestRates is the newest working day's table, today's included.
func (*RateService) LatestRates(_ context.Context, env integrations.Env) (integrations.RateTable, error) {
	d := dayOf(env.Time())
	for !workingDay(d) {
		d--
	}
	return ratesOn(d), nil
}

// RateHistory is every working day's table from since to today.
func (*RateService) RateHistory(_ context.Context, env integrations.Env, since integrations.Date) ([]integrations.RateTable, error) {
	today := dayOf(env.Time())
	from := today - 366
	if t := since.Time(); !t.IsZero() {
		from = dayOf(t)
	}
	var out []integrations.RateTable
	for d := max(from, today-20*365); d <= today; d++ {
		if workingDay(d) {
			out = append(out, ratesOn(d))
		}
	}
	return out, nil
}
