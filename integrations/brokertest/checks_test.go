package brokertest

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// expectFailures runs f under a recorder and checks its failures: none when
// want is empty, else one holding each of want.
func expectFailures(t *testing.T, what string, f func(t tb), want ...string) {
	t.Helper()
	fs := failuresOf(t, f)
	if len(want) == 0 && len(fs) > 0 {
		t.Errorf("%s: unexpected failures:\n%s", what, strings.Join(fs, "\n"))
	}
	for _, w := range want {
		if len(matching(fs, w)) == 0 {
			t.Errorf("%s: no failure holding %q in:\n%s", what, w, strings.Join(fs, "\n"))
		}
	}
}

func TestCheckAccounts(t *testing.T) {
	r := &rig{s: &suite{exp: Expect{FullAccountNumbers: []string{"55512349876"}}}, inst: integrations.Institution{Paper: true}}
	good := integrations.Account{ID: "a1", Number: "••••9876", Name: "Main", Category: integrations.CategoryInvestment,
		Currency: "USD", Status: "open", Paper: true}
	expectFailures(t, "good", func(t tb) { checkAccounts(t, r, "x", []integrations.Account{good}) })
	bad := good
	bad.Number, bad.Name, bad.Category, bad.Currency, bad.Status, bad.Paper = "", "", "savings", "usd", "", false
	expectFailures(t, "bad", func(t tb) { checkAccounts(t, r, "x", []integrations.Account{bad, bad, {Name: "acct 55512349876"}}) },
		"ID repeated", "empty ID", "nothing to show", "Category \"savings\"", "Currency \"usd\"", "empty Status",
		"not marked Paper", "holds a full account number")
}

func TestCheckBalances(t *testing.T) {
	b := integrations.Balance{Currency: "USD", Cash: d("1.5"), Total: d("2")}
	expectFailures(t, "good", func(t tb) { checkBalances(t, "a", []integrations.Balance{b}) })
	f := b
	f.Currency = "us"
	f.BuyingPower = decimal.NewNullDecimal(decimal.NewFromFloat(0.1).Add(decimal.RequireFromString("0.20000000000000001")))
	expectFailures(t, "bad", func(t tb) { checkBalances(t, "a", []integrations.Balance{b, b, f}) },
		"one per currency", "Currency \"us\"", "BuyingPower")
}

func TestCheckPositions(t *testing.T) {
	eq := integrations.Position{Symbol: integrations.Symbol{Ticker: "AAPL", Type: integrations.SecurityEquity, Currency: "USD"},
		Units: d("10"), Price: d("190.12"), MarketValue: d("1901.2"), Currency: "USD"}
	opt := eq
	opt.Symbol.Type, opt.Units, opt.Price, opt.MarketValue = integrations.SecurityOption, d("-2"), d("1.5"), d("-300")
	bond := eq
	bond.Symbol.Type, bond.Units, bond.Price, bond.MarketValue = integrations.SecurityBond, d("10000"), d("98.5"), d("9850")
	near := eq
	near.MarketValue = d("1901.25") // price rounded
	expectFailures(t, "good", func(t tb) { checkPositions(t, "a", []integrations.Position{eq, opt, bond, near}) })
	bad := eq
	bad.Symbol = integrations.Symbol{Type: "stock", Currency: "x"}
	bad.Currency = ""
	bad.MarketValue = d("1000")
	expectFailures(t, "bad", func(t tb) { checkPositions(t, "a", []integrations.Position{bad}) },
		"empty Symbol.Ticker", "Symbol.Type \"stock\"", "Currency \"\"", "Symbol.Currency \"x\"", "is not Units × Price")
}

func TestCheckActivities(t *testing.T) {
	buy := integrations.Activity{ID: "1", Type: integrations.ActivityBuy, RawType: "BUY", TradeDate: "2024-01-02",
		SettlementDate: "2024-01-04", Symbol: "AAPL", Units: d("1"), Price: d("10"), Amount: d("-10"), Currency: "USD"}
	sell := buy
	sell.ID, sell.Type, sell.RawType, sell.Amount = "2", integrations.ActivitySell, "SELL", d("10")
	expectFailures(t, "good", func(t tb) { checkActivities(t, "a", []integrations.Activity{buy, sell}) })
	b1 := buy
	b1.Amount, b1.Symbol, b1.SettlementDate = d("10"), "", "2024-01-01"
	b2 := sell
	b2.ID, b2.Type, b2.RawType, b2.TradeDate, b2.SettlementDate, b2.Currency = "1", "TRADE", "", "2024-13-01", "soon", ""
	dep := integrations.Activity{ID: "3", Type: integrations.ActivityContribution, RawType: "DEP", TradeDate: "2024-01-02", Amount: d("-5"), Currency: "USD"}
	wd := integrations.Activity{ID: "4", Type: integrations.ActivityWithdrawal, RawType: "WD", TradeDate: "2024-01-02", Amount: d("5"), Currency: "USD"}
	s2 := sell
	s2.ID, s2.Amount = "5", d("-1")
	expectFailures(t, "bad", func(t tb) { checkActivities(t, "a", []integrations.Activity{b1, b2, dep, wd, s2, {}}) },
		"ID repeats", "empty ID", "not a universal activity type", "RawType is empty", "TradeDate", "SettlementDate",
		"before its trade date", "Currency \"\"", "without a Symbol", "a BUY with Amount 10", "a SELL", "a CONTRIBUTION with Amount -5",
		"a WITHDRAWAL with Amount 5")
}

func TestCheckJSON(t *testing.T) {
	expectFailures(t, "balances", func(t tb) {
		checkJSON(t, "b", []integrations.Balance{{Currency: "USD", Cash: d("1.10"), Total: d("2")}})
	})
	decimal.MarshalJSONWithoutQuotes = true
	defer func() { decimal.MarshalJSONWithoutQuotes = false }()
	expectFailures(t, "numbers", func(t tb) {
		checkJSON(t, "b", []integrations.Balance{{Currency: "USD", Cash: d("1.10"), Total: d("2")}})
	}, "\"cash\" is written to JSON as float64")
}

type fixedInt struct {
	memInt
	inst integrations.Institution
}

func (f *fixedInt) Institution() integrations.Institution { return f.inst }

func TestCheckInstitution(t *testing.T) {
	bad := integrations.Institution{
		ID: "Mem Fake", Region: "Europe", Kind: "bank", Website: "ftp://x",
		Capabilities: []integrations.Capability{"quotes", integrations.CapBalances, integrations.CapBalances},
		AuthMethods: []integrations.AuthMethod{
			{Kind: integrations.AuthAPIKey},
			{Kind: integrations.AuthAPIKey, Label: "again", NeedsApp: true},
			{Kind: "magic", Label: "Magic", Fields: []integrations.Field{{Name: "a", Label: "A", Kind: integrations.FieldText}, {Name: "a", Label: "A", Kind: integrations.FieldText}}},
		},
		Endpoints: []integrations.Endpoint{{Name: "api", URL: "nope"}, {Name: "api"}, {Name: "auth"}},
	}
	h := memHarness(bugs{})
	n := h.New
	h.New = func(t testing.TB) (integrations.Integration, integrations.Env, Fake) {
		_, env, f := n(t)
		env.Endpoints["www"] = "https://example.com"
		return &fixedInt{inst: bad}, env, f
	}
	s := &suite{h: h, exp: h.Expect, secrets: map[string]string{}}
	expectFailures(t, "bad", func(t tb) { s.checkInstitution(t, "") },
		"not a lower-case slug", "Name \"\" and DisplayName", "Region \"Europe\"", "Kind \"bank\"", "Help is empty",
		"Website", "capability \"quotes\"", "listed twice", "offered twice", "Label is empty", "without AppHelp",
		"no Fields", "not a documented auth kind", "field name \"a\" repeated", "endpoint name \"api\" is empty or repeated",
		"endpoint api: \"nope\"", "no \"auth\"", "Env endpoint \"www\"")
}

func TestNoRefresh(t *testing.T) {
	// An API-key-only harness: no grant refreshes, and none is saved.
	h := memHarness(bugs{})
	h.Logins = h.Logins[2:3]
	h.LoginFailures = h.LoginFailures[3:]
	h.Skip = map[string]string{"Harness": "only the key method is scripted"}
	if root, fs := record(t, h); root.Failed() {
		t.Errorf("API-key-only harness:\n%s", strings.Join(fs, "\n"))
	}
	// A refreshing grant the harness says does not refresh.
	h = memHarness(bugs{})
	for i := range h.Logins {
		h.Logins[i].Refreshes = false
	}
	_, fs := record(t, h)
	if len(matching(fs, "suite/Refresh/NoRefresh", "set LoginScript.Refreshes")) == 0 {
		t.Errorf("an undeclared refresh went unnoticed:\n%s", strings.Join(fs, "\n"))
	}
}

func TestSinceDefault(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s := &suite{}
	r := &rig{env: integrations.Env{Now: func() time.Time { return now }}}
	if got := s.since(r); !got.Equal(now.AddDate(-10, 0, 0)) {
		t.Errorf("default since = %s", got)
	}
	s.exp.Since = now
	if got := s.since(r); !got.Equal(now) {
		t.Errorf("since = %s", got)
	}
}
