package brokertest

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

func TestMatch(t *testing.T) {
	at := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	got := integrations.Position{Symbol: integrations.Symbol{Ticker: "AAPL", Type: integrations.SecurityEquity},
		Units: Dec("10.50"), Price: Dec("2"), MarketValue: Dec("21"), Currency: "USD", AsOf: at,
		AverageCost: decimal.NewNullDecimal(Dec("1.5"))}
	f := &failures{TB: t}
	Match(f, "pos", got, integrations.Position{Symbol: integrations.Symbol{Ticker: "AAPL"}, Units: Dec("10.5"),
		AverageCost: NullDec("1.50"), AsOf: at.In(time.FixedZone("x", 3600)), Currency: "USD"})
	Match(f, "pos", got, integrations.Position{})
	if len(f.msgs) != 0 {
		t.Fatalf("set fields that agree, by value, and an empty want pass: %q", f.msgs)
	}
	Match(f, "pos", got, integrations.Position{Symbol: integrations.Symbol{Ticker: "MSFT", Type: integrations.SecurityEquity},
		Units: Dec("0"), CostBasis: NullDec("3"), AsOf: at.Add(time.Second), Currency: "CAD"})
	want := []string{"pos.Symbol.Ticker = AAPL, want MSFT", "pos.Units = 10.5, want 0", "pos.CostBasis", "pos.Currency = USD, want CAD", "pos.AsOf"}
	if len(f.msgs) != len(want) {
		t.Fatalf("each differing field fails once: %q", f.msgs)
	}
	for i, w := range want {
		if !strings.HasPrefix(f.msgs[i], w) {
			t.Errorf("failure %d = %q, want %q...", i, f.msgs[i], w)
		}
	}
	f = &failures{TB: t}
	Match(f, "type", integrations.ActivityBuy, integrations.ActivitySell)
	Match(f, "ids", []string{"a"}, []string{"a", "b"})
	if len(f.msgs) != 2 {
		t.Fatalf("values that are not structs compare whole: %q", f.msgs)
	}
}

func TestWantMapped(t *testing.T) {
	f := &failures{TB: t}
	WantMapped(f, "strings.ToUpper", strings.ToUpper, map[string]string{"ab": "AB", "": ""})
	if len(f.msgs) != 0 {
		t.Fatalf("a mapping that agrees passes: %q", f.msgs)
	}
	WantMapped(f, "strings.ToUpper", strings.ToUpper, map[string]string{"ab": "Ab", "c": "C"})
	if len(f.msgs) != 1 || f.msgs[0] != `strings.ToUpper("ab") = "AB", want "Ab"` {
		t.Fatalf("each key mapped otherwise fails once, named: %q", f.msgs)
	}
}

func TestWantStatuses(t *testing.T) {
	// a mapper that refuses a 401 and quotes the body of the rest
	mapStatus := func(status int, body []byte, login bool) error {
		if status == 401 && login {
			return integrations.ErrInvalidCredentials
		}
		if status == 401 {
			return integrations.ErrReauthRequired
		}
		return integrations.Wrap(integrations.ErrUnavailable, string(body))
	}
	f := &failures{TB: t}
	WantStatuses(f, mapStatus, "secret", StatusCase{Status: 401, Want: integrations.ErrReauthRequired},
		StatusCase{Status: 401, Body: []byte("secret"), Login: true, Want: integrations.ErrInvalidCredentials},
		StatusCase{Status: 500, Body: []byte("plain"), Want: integrations.ErrUnavailable})
	if len(f.msgs) != 0 {
		t.Fatalf("answers mapped to their sentinels without the secret pass: %q", f.msgs)
	}
	WantStatuses(f, mapStatus, "secret", StatusCase{Status: 401, Login: true, Want: integrations.ErrReauthRequired},
		StatusCase{Status: 500, Body: []byte("a secret"), Want: integrations.ErrUnavailable})
	if len(f.msgs) != 2 {
		t.Fatalf("another sentinel and a quoted secret fail: %q", f.msgs)
	}
	f = &failures{TB: t}
	WantStatuses(f, mapStatus, "", StatusCase{Status: 500, Body: []byte("a secret"), Want: integrations.ErrUnavailable})
	if len(f.msgs) != 0 {
		t.Fatalf("no secret checks no quoting: %q", f.msgs)
	}
}

func TestWantTypes(t *testing.T) {
	// buys cost cash, sells bring it; units decide when no cash moves
	typeOf := func(c TypeCase, amount, units decimal.Decimal) integrations.ActivityType {
		switch {
		case c.Raw != "trade":
			return integrations.ActivityOther
		case amount.IsNegative() || (amount.IsZero() && units.IsPositive()):
			return integrations.ActivityBuy
		}
		return integrations.ActivitySell
	}
	f := &failures{TB: t}
	WantTypes(f, typeOf, TypeCase{Raw: "trade", Amount: "-1", Want: integrations.ActivityBuy},
		TypeCase{Raw: "trade", Units: "2", Want: integrations.ActivityBuy},
		TypeCase{Raw: "trade", Amount: "1", Want: integrations.ActivitySell},
		TypeCase{Raw: "fee", Want: integrations.ActivityOther})
	if len(f.msgs) != 0 {
		t.Fatalf("the types as mapped pass: %q", f.msgs)
	}
	WantTypes(f, typeOf, TypeCase{Raw: "trade", Units: "-2", Want: integrations.ActivityBuy})
	if len(f.msgs) != 1 || !strings.Contains(f.msgs[0], "SELL, want BUY") {
		t.Fatalf("a type mapped otherwise fails: %q", f.msgs)
	}
}

func TestActivityIDs(t *testing.T) {
	if got := ActivityIDs([]integrations.Activity{{ID: "b"}, {ID: "a"}, {ID: "c"}}); got != "a,b,c" {
		t.Errorf("ActivityIDs = %q, want the ids sorted", got)
	}
	if got := ActivityIDs(nil); got != "" {
		t.Errorf("ActivityIDs(nil) = %q", got)
	}
}
