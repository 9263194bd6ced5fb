package desktop

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

func TestFormatMoney(t *testing.T) {
	cases := []struct {
		amount, currency, want string
	}{
		{"1234567.891", "USD", "US$1,234,567.89"},
		{"-1000", "CAD", "-CA$1,000.00"},
		{"0.004", "USD", "US$0.00"},
		{"-0.004", "USD", "US$0.00"},
		{"999.995", "EUR", "€1,000.00"},
		{"1234", "JPY", "¥1,234"},
		{"12.5", "SEK", "12.50 SEK"},
		{"0.012345678", "BTC", "0.01234568 BTC"},
		{"1500", "ETH", "1,500 ETH"},
		{"42", "", "42"},
	}
	for _, c := range cases {
		if got := formatMoney(decimal.RequireFromString(c.amount), c.currency); got != c.want {
			t.Errorf("formatMoney(%s, %s) = %q, want %q", c.amount, c.currency, got, c.want)
		}
	}
	if got := formatSignedMoney(decimal.RequireFromString("12.3"), "USD"); got != "+US$12.30" {
		t.Errorf("signed gain: %q", got)
	}
	if got := formatPercent(decimal.RequireFromString("-58"), decimal.RequireFromString("-285")); got != "-20.4%" {
		t.Errorf("percent of a short position: %q", got)
	}
}

func TestFormatUnits(t *testing.T) {
	for in, want := range map[string]string{"1250": "1,250", "0.5": "0.5", "-12.125": "-12.125", "1234567.000": "1,234,567", "0": "0"} {
		if got := formatUnits(decimal.RequireFromString(in)); got != want {
			t.Errorf("formatUnits(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestRelativeTimes(t *testing.T) {
	now := t0
	for d, want := range map[time.Duration]string{
		10 * time.Second: "just now", 5 * time.Minute: "5 min ago", time.Hour: "1 hour ago", 3 * time.Hour: "3 hours ago",
		30 * time.Hour: "yesterday", 4 * 24 * time.Hour: "4 days ago", 40 * 24 * time.Hour: "on 3 Feb 2026",
	} {
		if got := ago(now, now.Add(-d)); got != want {
			t.Errorf("ago(%v) = %q, want %q", d, got, want)
		}
	}
	for d, want := range map[time.Duration]string{
		3*24*time.Hour - time.Minute: "in 3 days", 25 * time.Hour: "in 2 days", 5 * time.Hour: "in 5 hours", 59 * time.Second: "in 1 min",
	} {
		if got := expiresIn(now, now.Add(d)); got != want {
			t.Errorf("expiresIn(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestInitialsAndRawWords(t *testing.T) {
	for in, want := range map[string]string{"Interactive Brokers": "IB", "Bank of America": "BA", "Alpaca": "A", "Latchkey Demo Brokerage": "LB", "": "?"} {
		if got := initials(in); got != want {
			t.Errorf("initials(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"MARGIN": "Margin", "TFSA": "TFSA", "ROTH_IRA": "Roth IRA", "cash_account": "Cash account", "iShares": "iShares"} {
		if got := rawWord(in); got != want {
			t.Errorf("rawWord(%q) = %q, want %q", in, got, want)
		}
	}
	if got := groupRecoveryKey("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG"); got != "AAAA-BBBB-CCCC-DDDD-EEEE\nFFFF-GGGG" {
		t.Errorf("recovery key lines: %q", got)
	}
}

// TestRowSaysWhenTheNextRefreshIsAllowed: a connection whose institution's
// request budget allows no sync yet says when the next refresh is allowed;
// a disabled one says it needs repair instead.
func TestRowSaysWhenTheNextRefreshIsAllowed(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	c := app.Connection{Label: "Vanguard · via SimpleFIN", Sync: map[string]app.SyncState{app.DataHoldings: {LastSuccess: now.Add(-time.Hour)}}}
	row := connRow{c: c, inst: integrations.Institution{Name: "SimpleFIN", DisplayName: "SimpleFIN Bridge"}, next: now.Add(3 * time.Hour)}
	if got := rowSubtitle(row, app.StatusActive, now); !strings.Contains(got, "next refresh allowed at 15:00") {
		t.Errorf("active: %q", got)
	}
	if got := rowSubtitle(row, app.StatusDisabled, now); strings.Contains(got, "next refresh") {
		t.Errorf("disabled: %q", got)
	}
	row.next = time.Time{}
	if got := rowSubtitle(row, app.StatusActive, now); strings.Contains(got, "next refresh") {
		t.Errorf("no budget: %q", got)
	}
}

// Sums per currency: the accounts' totals and the positions' market values
// in currency order, a connection's value by size with the rest counted.
func TestCurrencySums(t *testing.T) {
	d := decimal.RequireFromString
	acct := func(bals ...integrations.Balance) app.AccountView { return app.AccountView{Balances: bals} }
	accts := []app.AccountView{
		acct(integrations.Balance{Currency: "USD", Total: d("1000")}, integrations.Balance{Currency: "CAD", Total: d("5")}),
		acct(integrations.Balance{Currency: "USD", Total: d("234")}, integrations.Balance{Currency: "EUR", Total: d("20")}),
		acct(integrations.Balance{Currency: "GBP", Total: d("1")}),
	}
	pos := func(cur, symCur, value string) app.PositionView {
		return app.PositionView{Position: integrations.Position{Currency: cur, Symbol: integrations.Symbol{Currency: symCur}, MarketValue: d(value)}}
	}
	for _, c := range []struct{ name, got, want string }{
		{"balances", totalBalances(accts), "CA$5.00 + €20.00 + £1.00 + US$1,234.00"},
		{"no balances", totalBalances(nil), ""},
		{"positions", totalsByCurrency([]app.PositionView{pos("USD", "", "10"), pos("", "CAD", "2"), pos("USD", "CAD", "0.5")}), "CA$2.00 + US$10.50"},
		{"connection", connectionValue(accts), "US$1,234.00 + €20.00 + 2 more"},
	} {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.name, c.got, c.want)
		}
	}
}
