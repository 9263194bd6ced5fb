package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/demo"
	"github.com/latchkey/latchkey/integrations/ecb"
	ecbfake "github.com/latchkey/latchkey/integrations/ecb/fake"
	"github.com/latchkey/latchkey/ui/cli"
	"github.com/latchkey/latchkey/ui/numtext"
)

// withRates adds the ECB service, pointed at its fake.
func (w *world) withRates() {
	w.t.Helper()
	rates, err := ecbfake.New(ecbfake.Options{})
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { rates.Close() })
	w.services = []integrations.Service{ecb.New()}
	eps := map[string]map[string]string{demo.ID: {"api": w.srv.URL()}, demo.CryptoID: {"api": w.srv.URL()}}
	for id, e := range rates.Endpoints() {
		eps[id] = e
	}
	w.setEndpoints("endpoints.json", eps)
}

func TestPortfolioCommands(t *testing.T) {
	w := newWorld(t)
	w.withRates()
	w.init()
	w.connectGood()
	w.mustRun(unlock, "--password-stdin", "sync")
	w.mustRun(unlock, "--password-stdin", "currency", "eur")
	if r := w.mustRun(unlock, "--password-stdin", "--json", "currency"); !strings.Contains(r.stdout, `"currency": "EUR"`) {
		t.Errorf("currency: %s", r.stdout)
	}
	if r := w.run(unlock, "--password-stdin", "currency", "euro"); r.code != cli.ExitUsage {
		t.Errorf("currency euro: exit %d", r.code)
	}

	// summary --json: decimal strings, the same net worth as the app's.
	r := w.mustRun(unlock, "--password-stdin", "--json", "summary")
	var sum struct {
		Currency string             `json:"currency"`
		NetWorth app.Value          `json:"net_worth"`
		Rates    app.RatesInfo      `json:"rates"`
		Changes  []app.Change       `json:"changes"`
		Accounts []app.AccountTotal `json:"accounts"`
		ByType   []app.Slice        `json:"by_type"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil {
		t.Fatalf("summary --json: %v\n%s", err, r.stdout)
	}
	if sum.Currency != "EUR" || sum.NetWorth.Base.Sign() <= 0 || !sum.NetWorth.Converted() || sum.Rates.Date == "" || len(sum.Accounts) != 3 || len(sum.ByType) < 4 {
		t.Fatalf("summary %+v", sum)
	}
	if !strings.Contains(r.stdout, `"base": "`+sum.NetWorth.Base.String()+`"`) {
		t.Errorf("net worth is not a decimal string: %s", r.stdout)
	}
	// --currency USD gives another figure, and the text names both.
	r = w.mustRun(unlock, "--password-stdin", "summary", "--currency", "USD")
	if !strings.Contains(r.stdout, "Net worth: ") || !strings.Contains(r.stdout, " USD") || !strings.Contains(r.stdout, "Rates: ECB of ") {
		t.Errorf("summary text:\n%s", r.stdout)
	}

	// holdings --merged
	r = w.mustRun(unlock, "--password-stdin", "--json", "holdings", "--merged")
	var hold struct {
		Currency string              `json:"currency"`
		Holdings []app.MergedHolding `json:"holdings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &hold); err != nil || hold.Currency != "EUR" || len(hold.Holdings) < 20 {
		t.Fatalf("holdings --merged: %v %s", err, r.stdout[:min(400, len(r.stdout))])
	}
	var total decimal.Decimal
	for _, h := range hold.Holdings {
		total = total.Add(h.Value.Base)
		if len(h.HeldIn) == 0 {
			t.Errorf("%s: held nowhere", h.Key)
		}
	}
	if total.Sign() <= 0 || total.GreaterThan(sum.NetWorth.Base) {
		t.Errorf("holdings total %s against net worth %s", total, sum.NetWorth.Base)
	}
	if r := w.mustRun(unlock, "--password-stdin", "holdings", "--merged"); !strings.Contains(r.stdout, "HELD IN") || !strings.Contains(r.stdout, "AAPL") {
		t.Errorf("holdings --merged text:\n%s", r.stdout)
	}

	// performance: the total and each account, TWR and XIRR from the
	// back-filled year.
	r = w.mustRun(unlock, "--password-stdin", "--json", "performance", "--period", "1y")
	var perf app.Performance
	if err := json.Unmarshal([]byte(r.stdout), &perf); err != nil {
		t.Fatal(err)
	}
	if !perf.Total.TWR.Valid || !perf.Total.XIRR.Valid || len(perf.Accounts) != 3 || perf.Period != app.Period1Y {
		t.Fatalf("performance %+v", perf)
	}
	one := perf.Accounts[1].AccountRef
	r = w.mustRun(unlock, "--password-stdin", "--json", "performance", "--account", one, "--period", "ytd")
	var perfOne app.Performance
	if err := json.Unmarshal([]byte(r.stdout), &perfOne); err != nil || len(perfOne.Accounts) != 1 || perfOne.Total.AccountRef != one {
		t.Fatalf("performance --account: %v %+v", err, perfOne)
	}
	if r := w.run(unlock, "--password-stdin", "performance", "--period", "2w"); r.code != cli.ExitUsage {
		t.Errorf("--period 2w: exit %d", r.code)
	}
	// The text: the period's sentence, then a row per account and the total,
	// money grouped by thousands.
	r = w.mustRun(unlock, "--password-stdin", "performance", "--period", "1y")
	if !strings.Contains(r.stdout, "Performance over 1Y (") || !strings.Contains(r.stdout, "in EUR.") ||
		!strings.Contains(r.stdout, "NET FLOWS") || !strings.Contains(r.stdout, "XIRR") || !strings.Contains(r.stdout, perf.Total.Name) ||
		!strings.Contains(r.stdout, numtext.GroupDigits(perf.Total.EndValue.StringFixed(2))+" EUR") {
		t.Errorf("performance text:\n%s", r.stdout)
	}

	// history-values: one point a day.
	r = w.mustRun(unlock, "--password-stdin", "--json", "history-values", "--period", "1m")
	var series app.ValueSeries
	if err := json.Unmarshal([]byte(r.stdout), &series); err != nil {
		t.Fatal(err)
	}
	if len(series.Points) < 28 || series.Currency != "EUR" || series.Points[len(series.Points)-1].Value.Sign() <= 0 {
		t.Fatalf("history-values: %d points %+v", len(series.Points), series)
	}
	last := series.Points[len(series.Points)-1].Value
	if last.Sub(sum.NetWorth.Base).Abs().GreaterThan(sum.NetWorth.Base.Div(decimal.NewFromInt(50))) {
		t.Errorf("today's point %s is far from the net worth %s", last, sum.NetWorth.Base)
	}
	if r := w.mustRun(unlock, "--password-stdin", "history-values", "--period", "1m"); !strings.Contains(r.stdout, "VALUE EUR") {
		t.Errorf("history-values text:\n%s", r.stdout)
	}
}
