package tiger

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

// data opens a fixture's envelope.
func data(t testing.TB, name string) []byte {
	t.Helper()
	code, _, d, err := openEnvelope(fixture(t, name))
	if err != nil || code != 0 {
		t.Fatalf("%s: code %d %v", name, code, err)
	}
	return d
}

var eq = brokertest.EqualDecimal // got equals want's text

func TestDecodeAccounts(t *testing.T) {
	ps, err := decodeAccounts(data(t, "accounts.json"))
	if err != nil || len(ps) != 1 || ps[0].number != "123123" {
		t.Fatalf("accounts (paper and global left out): %v %+v", err, ps)
	}
	a := ps[0].account(ID, "USD")
	brokertest.Match(t, "account", a, integrations.Account{ID: integrations.AccountHash(ID, "123123"), Number: "••••3123",
		Name: "Tiger Margin account", Status: "open", Currency: "USD", Category: integrations.CategoryInvestment})
	if !isPaper("20191106192858300") || isPaper("50129912") || isPaper("U12300123") {
		t.Error("paper accounts are the 17-digit ones")
	}
}

func TestDecodePrimeAssets(t *testing.T) {
	bals, err := decodeAssets(data(t, "prime_assets.json"))
	if err != nil || len(bals) != 1 {
		t.Fatalf("assets: %v %+v", err, bals)
	}
	b := bals[0]
	if b.Currency != "USD" {
		t.Errorf("currency %s", b.Currency)
	}
	// Segments S, C and F added up; the buying power is S's alone.
	brokertest.Match(t, "b", b, integrations.Balance{Cash: brokertest.Dec("9501.05"), Total: brokertest.Dec("9250.46"),
		BuyingPower: brokertest.NullDec("22870.76")})
}

func TestDecodePositions(t *testing.T) {
	asOf := time.Unix(0, 0).UTC()
	pos, err := decodePositions(data(t, "positions.json"), "123123", asOf)
	if err != nil || len(pos) != 2 {
		t.Fatalf("positions: %v %+v", err, pos)
	}
	nvda, rosg := pos[0], pos[1]
	brokertest.Match(t, "NVDA", nvda, integrations.Position{Symbol: integrations.Symbol{Ticker: "NVDA", Type: integrations.SecurityEquity, Exchange: "US"},
		Currency: "USD"})
	// 773 at scale 5 is 0.00773 shares (positionQty says so too).
	brokertest.Match(t, "nvda", nvda, integrations.Position{Units: brokertest.Dec("0.00773"),
		Price: brokertest.Dec("183.52"), MarketValue: brokertest.Dec("1.4186"), AverageCost: brokertest.NullDec("129.45")})
	if !nvda.AsOf.Equal(time.UnixMilli(1755074116660).UTC()) {
		t.Errorf("as of %s", nvda.AsOf)
	}
	brokertest.Match(t, "rosg", rosg, integrations.Position{Units: brokertest.Dec("6"), MarketValue: brokertest.Dec("0.0006")})
	// Without positionQty the scale is applied to position.
	p, err := decodePositions([]byte(`{"items":[{"account":"1","symbol":"X","secType":"STK","currency":"USD","position":773,"positionScale":5}]}`), "1", asOf)
	if err != nil || len(p) != 1 || !p[0].Units.Equal(decimal.RequireFromString("0.00773")) {
		t.Errorf("scaled position: %v %+v", err, p)
	}
	// An option is named by its own identifier.
	p, _ = decodePositions([]byte(`{"items":[{"account":"1","symbol":"AAPL","identifier":"AAPL  270115C00200000","secType":"OPT","currency":"USD","positionQty":2,"multiplier":100,"averageCost":4.1}]}`), "1", asOf)
	if len(p) != 1 || p[0].Symbol.Ticker != "AAPL  270115C00200000" || p[0].Symbol.Type != integrations.SecurityOption {
		t.Errorf("option: %+v", p)
	}
	eq(t, "option cost basis", p[0].CostBasis.Decimal, "820")
}

func TestDecodeTransactions(t *testing.T) {
	acts, next, err := decodeTransactions(data(t, "transactions.json"))
	if err != nil || len(acts) != 2 || next != "b3JkZXJfdHJhbnNhY3Rpb25zfDB8MHx8fDQwNjgzNzAxMTc1MTkzNjAw" {
		t.Fatalf("transactions: %v %q %+v", err, next, acts)
	}
	a := acts[0]
	if a.ID != "41063075987197952" || a.Type != integrations.ActivitySell || a.RawType != "SELL" || a.Symbol != "USD.HKD" ||
		a.Currency != "HKD" || a.TradeDate != integrations.DateOf(time.UnixMilli(1762185607350).UTC()) {
		t.Errorf("transaction %+v", a)
	}
	brokertest.Match(t, "a", a, integrations.Activity{Units: brokertest.Dec("-10"), Price: brokertest.Dec("7.76064"),
		Amount: brokertest.Dec("77.61")})
	buy, _, _ := decodeTransactions([]byte(`{"items":[{"id":1,"action":"BUY","currency":"USD","symbol":"X","filledQuantity":15,"filledQuantityScale":1,"filledPrice":2,"transactionTime":1762185607350}]}`))
	if len(buy) != 1 || buy[0].Type != integrations.ActivityBuy || !buy[0].Units.Equal(decimal.RequireFromString("1.5")) || !buy[0].Amount.Equal(decimal.NewFromInt(-3)) {
		t.Errorf("buy: %+v", buy)
	}
	if _, _, err := decodeTransactions([]byte(`{"items":[{"id":1,"action":"BUY","currency":"USD"}]}`)); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("no time: %v", err)
	}
}

func TestRefusals(t *testing.T) {
	c := &caller{}
	for name, want := range map[string]error{"rate_limit.json": integrations.ErrRateLimited, "bad_signature.json": integrations.ErrReauthRequired} {
		code, msg, _, err := openEnvelope(fixture(t, name))
		if err != nil {
			t.Fatal(err)
		}
		got := c.refusal(code, msg)
		if !errors.Is(got, want) {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
		if strings.Contains(got.Error(), "private key") || strings.Contains(got.Error(), "positions") {
			t.Errorf("%s: the message is quoted: %v", name, got)
		}
	}
	brokertest.WantWait(t, "code 5 waits", c.refusal(5, ""), time.Minute)
	c.form = true
	if err := c.refusal(1000, "failed to verify signature"); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("at login: %v", err)
	}
	if err := c.refusal(1000, "common param error: biz_content"); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("a parameter error is not a dead key: %v", err)
	}
	if err := c.refusal(1, "server error"); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("code 1: %v", err)
	}
}

func TestTokenTimes(t *testing.T) {
	// The token of tiger-mcp's documentation: made 2025-01-08, valid 15 days.
	made, exp, ok := tokenTimes("MTczNjMyNzcxMDQ1NCwxNzM3NjIzNzEwNDU03YvvaR9OG6H2iIw1Re6Srg==")
	if !ok || made.UnixMilli() != 1736327710454 || exp.Sub(made) != 15*24*time.Hour {
		t.Fatalf("token times %s %s %v", made, exp, ok)
	}
	for _, bad := range []string{"", "bm90IGEgdG9rZW4=", "%%%", "MTczNjMyNzcxMDQ1NCwxNzM2MzI3NzEwNDU0AAAAAAAAAA=="} {
		if _, _, ok := tokenTimes(bad); ok {
			t.Errorf("%q read as a token", bad)
		}
	}
}

func TestSignContent(t *testing.T) {
	// The SDK's get_sign_content: sorted, name=value, & between.
	got := signContent(map[string]any{"method": "accounts", "tiger_id": "20150129", "biz_content": `{"account":"1"}`, "sign": "x", "n": 2})
	if want := `biz_content={"account":"1"}&method=accounts&n=2&tiger_id=20150129`; got != want {
		t.Errorf("sign content %q, want %q", got, want)
	}
}
