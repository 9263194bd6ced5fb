package tradestation

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var fixture = brokertest.Fixture // testdata/name

var eq = brokertest.EqualDecimal // got equals want's text

func TestDecodeAccounts(t *testing.T) {
	accts, err := decodeAccounts(fixture(t, "accounts.json"), ID, false)
	if err != nil || len(accts) != 3 {
		t.Fatalf("accounts: %v %+v", err, accts)
	}
	want := []struct{ number, typ, name string }{
		{"123456789", "Cash", "TradeStation Cash account"},
		{"123456782", "Margin", "TradeStation Margin account"},
		{"123456781", "Futures", "TradeStation Futures account"},
	}
	for i, w := range want {
		a := accts[i]
		if a.number != w.number || a.RawType != w.typ || a.Name != w.name || a.Currency != "USD" || a.Status != "open" ||
			a.ID != integrations.AccountHash(ID, w.number) || a.Number != integrations.MaskNumber(w.number) || a.Paper {
			t.Errorf("account %d: %+v", i, a)
		}
	}
	sim, err := decodeAccounts([]byte(`{"Accounts":[{"AccountID":"SIM2405117M","Currency":"USD","Status":"Closed","AccountType":"Margin","Alias":"Practice"},
		{"AccountID":"61999124C","Currency":"USD","Status":"Active","AccountType":"Crypto"}]}`), SimID, true)
	if err != nil || len(sim) != 1 {
		t.Fatalf("sim accounts (crypto left out): %v %+v", err, sim)
	}
	if a := sim[0]; a.Name != "Practice" || a.Status != "closed" || !a.Paper || a.ID != integrations.AccountHash(SimID, "SIM2405117M") {
		t.Errorf("sim account: %+v", a)
	}
	// An id a path cannot carry is refused.
	if _, err := decodeAccounts([]byte(`{"Accounts":[{"AccountID":"1/../2","AccountType":"Cash"}]}`), ID, false); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("bad id: %v", err)
	}
}

func TestDecodeBalances(t *testing.T) {
	bals, err := decodeBalances(fixture(t, "balances.json"), "123456782", "USD")
	if err != nil || len(bals) != 1 {
		t.Fatalf("balances: %v %+v", err, bals)
	}
	b := bals[0]
	brokertest.Match(t, "b", b, integrations.Balance{Cash: brokertest.Dec("24300.85"), Total: brokertest.Dec("26467.15"),
		BuyingPower: brokertest.NullDec("48599.7")})
	if b.Currency != "USD" {
		t.Errorf("currency %q", b.Currency)
	}
	// Another account's balance is not this one's.
	if _, err := decodeBalances(fixture(t, "balances.json"), "999", "USD"); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("missing account: %v", err)
	}
	// An account the answer's Errors name fails with the code, not the message.
	_, err = decodeBalances(fixture(t, "errors.json"), "123456789", "USD")
	if !errors.Is(err, integrations.ErrUnavailable) || !strings.Contains(err.Error(), "Forbidden") || strings.Contains(err.Error(), "Request not valid") {
		t.Errorf("errors entry: %v", err)
	}
	_, err = decodeBalances([]byte(`{"Balances":[],"Errors":[{"AccountID":"1","Error":"Unauthorized","Message":"x"}]}`), "1", "USD")
	if !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("unauthorized entry: %v", err)
	}
}

func TestDecodePositions(t *testing.T) {
	asOf := time.Date(2020, 11, 17, 0, 0, 0, 0, time.UTC)
	pos, err := decodePositions(fixture(t, "positions.json"), "123456782", "USD", asOf)
	if err != nil || len(pos) != 3 {
		t.Fatalf("positions: %v %+v", err, pos)
	}
	msft, opt, tsla := pos[0], pos[1], pos[2]
	if msft.Symbol.Ticker != "MSFT" || msft.Symbol.Type != integrations.SecurityEquity || msft.Currency != "USD" ||
		!msft.AsOf.Equal(time.Date(2020, 11, 16, 16, 53, 37, 0, time.UTC)) {
		t.Errorf("MSFT: %+v", msft)
	}
	brokertest.Match(t, "msft", msft, integrations.Position{Units: brokertest.Dec("10"), Price: brokertest.Dec("216.63"),
		MarketValue: brokertest.Dec("2166.3"), AverageCost: brokertest.NullDec("216.68"),
		CostBasis: brokertest.NullDec("2166.8")})
	if opt.Symbol.Type != integrations.SecurityOption || opt.Symbol.Ticker != "MSFT 240216C155" {
		t.Errorf("option: %+v", opt.Symbol)
	}
	eq(t, "option value", opt.MarketValue, "278")
	// A short is negative units whatever the sign of Quantity.
	brokertest.Match(t, "tsla", tsla, integrations.Position{Units: brokertest.Dec("-5"),
		MarketValue: brokertest.Dec("-875.5")})
	short, _ := decodePositions([]byte(`{"Positions":[{"AccountID":"1","Symbol":"X","Quantity":"5","LongShort":"Short","Last":"2","MarketValue":"-10"}]}`), "1", "USD", asOf)
	if len(short) != 1 || !short[0].Units.Equal(decimal.NewFromInt(-5)) || !short[0].AsOf.Equal(asOf) {
		t.Errorf("short with a positive quantity: %+v", short)
	}
}

func TestDecodeOrders(t *testing.T) {
	acts, next, err := decodeOrders(fixture(t, "historicalorders.json"), "123456782", "USD")
	if err != nil || len(acts) != 4 || next == "" {
		t.Fatalf("orders: %v %q %+v", err, next, acts)
	}
	buy, long, short, ss := acts[0], acts[1], acts[2], acts[3]
	brokertest.Match(t, "buy", buy, integrations.Activity{ID: "286234131", Type: integrations.ActivityBuy, RawType: "Buy",
		TradeDate: "2021-02-24", Symbol: "MSFT", Units: brokertest.Dec("10"), Amount: brokertest.Dec("-2322.1")})
	// A two-leg spread: one activity a leg, the commission on the first, the
	// option multiplier of 100 in the amounts.
	if long.ID != "286179863/1" || long.Type != integrations.ActivityBuy || short.ID != "286179863/2" || short.Type != integrations.ActivitySell {
		t.Errorf("spread: %+v %+v", long, short)
	}
	brokertest.Match(t, "long", long, integrations.Activity{Amount: brokertest.Dec("-821.3"), Fee: brokertest.Dec("1.3")})
	brokertest.Match(t, "short", short, integrations.Activity{Amount: brokertest.Dec("470"), Units: brokertest.Dec("-2")})
	// The cancelled order made nothing; the partial fill counts what filled.
	brokertest.Match(t, "partial sell short", ss, integrations.Activity{ID: "286099999", Type: integrations.ActivitySell,
		RawType: "SellShort", Units: brokertest.Dec("-3"), Amount: brokertest.Dec("363.09")})
	// A futures fill has no known point value: no amount, its fee kept.
	fut, _, err := decodeOrders([]byte(`{"Orders":[{"AccountID":"1","OrderID":"9","ClosedDateTime":"2021-02-24T15:47:48Z","CommissionFee":"2.5",
		"Legs":[{"AssetType":"FUTURE","BuyOrSell":"Sell","ExecQuantity":"1","ExecutionPrice":"5318.5","Symbol":"ESM26"}]}]}`), "1", "USD")
	if err != nil || len(fut) != 1 || !fut[0].Amount.IsZero() || !fut[0].Fee.Equal(decimal.RequireFromString("2.5")) {
		t.Errorf("futures: %v %+v", err, fut)
	}
	// An order without a time is malformed.
	if _, _, err := decodeOrders([]byte(`{"Orders":[{"OrderID":"1","Legs":[]}]}`), "1", "USD"); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("no time: %v", err)
	}
}

func TestErrorResponseIsNotData(t *testing.T) {
	// The error envelope decodes as no data where data was wanted.
	if _, err := decodeBalances(fixture(t, "error_response.json"), "1", "USD"); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("balances: %v", err)
	}
}
