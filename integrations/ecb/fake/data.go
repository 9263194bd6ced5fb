package fake

import (
	"strconv"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// currency is one published currency: its rate on 2024-06-28 (the example
// day) as an integer of 10^-dp units, and the decimals the ECB writes.
type currency struct {
	code string
	at   int64
	dp   int
}

// currencies in the order the ECB lists them (BGN left out: see the doc).
var currencies = []currency{
	{"USD", 10705, 4}, {"JPY", 17194, 2}, {"CZK", 25025, 3}, {"DKK", 74575, 4},
	{"GBP", 84638, 5}, {"HUF", 39510, 2}, {"PLN", 43090, 4}, {"RON", 49773, 4},
	{"SEK", 113595, 4}, {"CHF", 9634, 4}, {"ISK", 14890, 2}, {"NOK", 113965, 4},
	{"TRY", 351868, 4}, {"AUD", 16079, 4}, {"BRL", 58915, 4}, {"CAD", 14670, 4},
	{"CNY", 77748, 4}, {"HKD", 83594, 4}, {"IDR", 1748721, 2}, {"ILS", 40200, 4},
	{"INR", 892495, 4}, {"KRW", 147486, 2}, {"MXN", 195654, 4}, {"MYR", 50501, 4},
	{"NZD", 17601, 4}, {"PHP", 62560, 3}, {"SGD", 14513, 4}, {"THB", 39319, 3},
	{"ZAR", 194970, 4},
}

// Currencies lists the codes the fake publishes.
func Currencies() []string {
	out := make([]string, len(currencies))
	for i, c := range currencies {
		out[i] = c.code
	}
	return out
}

// Day is one published day.
type Day struct {
	Date  integrations.Date
	Rates []Rate
}

// Rate is one currency's rate as written.
type Rate struct {
	Currency string
	Rate     string
}

// publishHour is 16:00 CET in UTC.
const publishHour = 15

// Published lists the published days from from to now inclusive, oldest
// first: working days, today's only after the publication hour.
func Published(from, now time.Time) []Day {
	now = now.UTC()
	first := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	last := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if now.Hour() < publishHour {
		last = last.AddDate(0, 0, -1)
	}
	var out []Day
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		if Working(d) {
			out = append(out, On(d))
		}
	}
	if len(out) == 0 {
		// Never an empty file: the newest working day before from.
		d := first
		for !Working(d) {
			d = d.AddDate(0, 0, -1)
		}
		out = append(out, On(d))
	}
	return out
}

// Working reports whether the ECB publishes rates on d.
func Working(d time.Time) bool {
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	m, day := d.Month(), d.Day()
	return !(m == 1 && day == 1 || m == 5 && day == 1 || m == 12 && (day == 25 || day == 26))
}

// On returns the rates of day d (whether or not it is published).
func On(d time.Time) Day {
	n := d.Unix() / 86400
	out := Day{Date: integrations.DateOf(d.UTC()), Rates: make([]Rate, len(currencies))}
	for i, c := range currencies {
		// A yearly triangle swing of ±3 % and a daily wiggle of ±0.5 %,
		// in basis points.
		phase := (n + int64(i)*29) % 365
		swing := phase*1200/365 - 300
		if phase >= 183 {
			swing = 900 - phase*1200/365
		}
		wiggle := (n*37+int64(i)*101)%101 - 50
		v := c.at * (10000 + swing + wiggle)
		v = (v + 5000) / 10000
		out.Rates[i] = Rate{Currency: c.code, Rate: format(v, c.dp)}
	}
	return out
}

func format(v int64, dp int) string {
	s := strconv.FormatInt(v, 10)
	for len(s) <= dp {
		s = "0" + s
	}
	return s[:len(s)-dp] + "." + s[len(s)-dp:]
}
