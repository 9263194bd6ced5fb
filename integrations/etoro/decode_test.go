package etoro

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var fixture = brokertest.Fixture // testdata/name

var eq = brokertest.EqualDecimal // got equals want's text

func TestDecodeAggregatePortfolio(t *testing.T) {
	p, err := decodePortfolio(fixture(t, "aggregate_portfolio.json"))
	if err != nil {
		t.Fatal(err)
	}
	a := p.account(ID, false)
	if p.cid() != "4498" || a.ID != integrations.AccountHash(ID, "4498") || a.Number != "••••4498" || a.Currency != "USD" || a.Paper {
		t.Errorf("account %+v", a)
	}
	if d := p.account(DemoID, true); !d.Paper || d.Name != "eToro Virtual Portfolio" {
		t.Errorf("demo account %+v", d)
	}
	b := p.balances()
	if len(b) != 1 || b[0].Currency != "USD" {
		t.Fatalf("balances %+v", b)
	}
	brokertest.Match(t, "b[0]", b[0], integrations.Balance{Cash: brokertest.Dec("4320.84"), Total: brokertest.Dec("5154.48")})
	names := map[string]instrument{"100000": {symbol: "BTC", name: "Bitcoin", typeID: 10}}
	pos := p.positions(names, time.Unix(0, 0))
	if len(pos) != 2 {
		t.Fatalf("positions %+v", pos)
	}
	btc, mirror := pos[0], pos[1]
	if btc.Symbol.Ticker != "BTC" || btc.Symbol.Type != integrations.SecurityCrypto || btc.Currency != "USD" ||
		!btc.AsOf.Equal(time.Date(2026, 5, 26, 15, 24, 25, 267e6, time.UTC)) {
		t.Errorf("BTC %+v", btc)
	}
	brokertest.Match(t, "btc", btc, integrations.Position{Units: brokertest.Dec("0.008076"),
		MarketValue: brokertest.Dec("624.56"), Price: brokertest.Dec("77336.552749"),
		CostBasis: brokertest.NullDec("849.86"), AverageCost: brokertest.NullDec("105233.504118")})
	brokertest.Match(t, "mirror", mirror, integrations.Position{Symbol: integrations.Symbol{Ticker: "MIRROR:1869651", Type: integrations.SecurityFund},
		MarketValue: brokertest.Dec("209.08")})
	// Unnamed instruments keep their id; a leveraged holding is a CFD.
	p.Instruments[0].AvgLeverage = integrations.Number{Decimal: decimal.NewFromInt(5), Valid: true}
	pos = p.positions(nil, time.Unix(0, 0))
	if pos[0].Symbol.Ticker != "eToro:100000" || pos[0].Symbol.Type != integrations.SecurityOther {
		t.Errorf("unnamed leveraged %+v", pos[0].Symbol)
	}
	if _, err := decodePortfolio([]byte(`{"cid":1,"accountCurrency":"USD"}`)); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("no totals: %v", err)
	}
}

func TestDecodeInstruments(t *testing.T) {
	m, err := decodeInstruments(fixture(t, "instruments.json"))
	if err != nil || m["1001"].symbol != "AAPL" || m["1001"].name != "Apple" || securityType(m["1001"].typeID) != integrations.SecurityEquity {
		t.Fatalf("instruments %v %+v", err, m)
	}
	// The document's own spelling (instrumentId, instrumentTypeId).
	m, err = decodeInstruments([]byte(`{"instrumentDisplayDatas":[{"instrumentId":3000,"instrumentTypeId":6,"symbolFull":"SPY"}]}`))
	if err != nil || securityType(m["3000"].typeID) != integrations.SecurityETF {
		t.Errorf("document spelling %v %+v", err, m)
	}
}

func TestDecodeHistory(t *testing.T) {
	rows, err := decodeHistory(fixture(t, "history.json"))
	if err != nil || len(rows) != 1 {
		t.Fatalf("history %v %+v", err, rows)
	}
	names := map[string]instrument{"4077": {symbol: "ILMN", typeID: 5}}
	acts := closedActivities(rows[0], names, "USD", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	if len(acts) != 2 {
		t.Fatalf("legs %+v", acts)
	}
	buy, sell := acts[0], acts[1]
	brokertest.Match(t, "open leg", buy, integrations.Activity{ID: "3308442654/open", Type: integrations.ActivityBuy,
		TradeDate: "2025-08-12", Symbol: "ILMN", Amount: brokertest.Dec("-7991.79"), Units: brokertest.Dec("82.135523"),
		Price: brokertest.Dec("97.3")})
	brokertest.Match(t, "close leg", sell, integrations.Activity{ID: "3308442654/close", Type: integrations.ActivitySell,
		TradeDate: "2025-11-14", Amount: brokertest.Dec("9902.26"), Units: brokertest.Dec("-82.135523")})
	// Opened before from: only the closing leg.
	if acts := closedActivities(rows[0], names, "USD", time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)); len(acts) != 1 || acts[0].ID != "3308442654/close" {
		t.Errorf("from between the legs: %+v", acts)
	}
	// A short is OTHER both ways: it takes margin, then gives it back with the profit.
	rows[0].IsBuy = false
	acts = closedActivities(rows[0], names, "USD", time.Time{})
	if acts[0].Type != integrations.ActivityOther || acts[0].RawType != "open short" || !acts[0].Amount.IsNegative() ||
		acts[1].Type != integrations.ActivityOther || acts[1].RawType != "close short" {
		t.Errorf("short legs %+v", acts)
	}
}

func TestDecodeOpenPositions(t *testing.T) {
	opens, err := decodeOpen(fixture(t, "portfolio.json"))
	if err != nil || len(opens) != 1 {
		t.Fatalf("open %v %+v", err, opens)
	}
	a, ok := openActivity(opens[0], nil, "USD", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	if !ok || a.ID != "2150896073/open" || a.Type != integrations.ActivityBuy || a.Symbol != "eToro:1002" || a.TradeDate != "2024-08-01" {
		t.Errorf("open activity %+v", a)
	}
	eq(t, "amount", a.Amount, "-100")
	if _, ok := openActivity(opens[0], nil, "USD", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)); ok {
		t.Error("an opening before from was kept")
	}
}

func TestErrorCode(t *testing.T) {
	if c := safeCode(fixture(t, "error_unauthorized.json")); c != "Unauthorized" {
		t.Errorf("code %q", c)
	}
	if c := safeCode([]byte(`{"errorCode":"<script>"}`)); c != "" {
		t.Errorf("unsafe code kept: %q", c)
	}
}

func TestParseExpiry(t *testing.T) {
	if e, err := parseExpiry("2026-12-31"); err != nil || !e.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("expiry %s %v", e, err)
	}
	if e, err := parseExpiry(" "); err != nil || !e.IsZero() {
		t.Errorf("no expiry %s %v", e, err)
	}
	if _, err := parseExpiry("31.12.2026"); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("bad date %v", err)
	}
}
