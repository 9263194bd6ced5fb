package snaptrade

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// The testdata files are api.yaml's own examples (the example of every
// field of BrokerageAuthorization, Brokerage, Account, Balance,
// AllAccountPositionsResponse and PaginatedUniversalActivity, deprecated
// fields left out), assembled as SnapTrade's answers.

var read = brokertest.Fixture // testdata/name

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestSignatureVectors(t *testing.T) {
	var file struct {
		Vectors []struct {
			Path, Query, Canonical, Signature string
			ConsumerKey                       string  `json:"consumer_key"`
			BodyJSON                          *string `json:"body_json"`
		}
	}
	if err := json.Unmarshal(read(t, "signatures.json"), &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Vectors) < 5 {
		t.Fatalf("%d vectors", len(file.Vectors))
	}
	for _, v := range file.Vectors {
		var body []byte
		if v.BodyJSON != nil {
			body = []byte(*v.BodyJSON)
		}
		c, err := Canonical(v.Path, v.Query, body)
		if err != nil {
			t.Fatalf("%s: %v", v.Path, err)
		}
		if string(c) != v.Canonical {
			t.Errorf("%s: canonical\n got %s\nwant %s", v.Path, c, v.Canonical)
		}
		sig, err := Signature(v.ConsumerKey, v.Path, v.Query, body)
		if err != nil || sig != v.Signature {
			t.Errorf("%s: signature %q (%v), want %q", v.Path, sig, err, v.Signature)
		}
	}
	if _, err := Signature("k", "/x", "a=1", []byte(`{"a":`)); err == nil {
		t.Error("a body that is not JSON was signed")
	}
	// Whitespace and key order in the body do not change the signature.
	a, _ := Signature("k", "/p", "q=1", []byte(`{"b":1,"a":[true,null]}`))
	b, _ := Signature("k", "/p", "q=1", []byte("{ \"a\" : [ true , null ] ,\n \"b\" : 1 }"))
	if a != b {
		t.Error("the same JSON body signed two ways")
	}
}

func TestDecodeAuthorization(t *testing.T) {
	a, err := decodeAuthorization(read(t, "authorization.json"))
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "87b24961-b51e-4db8-9226-f198f6518a89" || a.Brokerage.Slug != "ROBINHOOD" || a.Brokerage.label() != "Robinhood" ||
		a.Disabled || a.DataFreshnessMode != "realtime" || a.Name != "Connection-1" {
		t.Errorf("authorization %+v", a)
	}
	list, err := decodeAuthorizations(read(t, "authorizations.json"))
	if err != nil || len(list) != 1 || list[0].ID != a.ID {
		t.Fatalf("authorizations %+v %v", list, err)
	}
	a.Disabled = true
	err = disabledError(a)
	if !errorsIs(err, integrations.ErrReauthRequired) {
		t.Fatalf("disabled: %v", err)
	}
	want := "reauthorisation required: SnapTrade reports the connection to Robinhood as disabled since 2022-01-21: " +
		"the brokerage wants you to log in again. Repair it to reconnect through SnapTrade's portal"
	if err.Error() != want {
		t.Errorf("disabled error\n got %q\nwant %q", err, want)
	}
	if _, err := decodeAuthorization([]byte(`{"name":"x"}`)); err == nil {
		t.Error("an authorization without id was accepted")
	}
}

func TestDecodeBrokerages(t *testing.T) {
	bs, err := decodeBrokerages(read(t, "brokerages.json"))
	if err != nil || len(bs) != 1 {
		t.Fatalf("%+v %v", bs, err)
	}
	b := bs[0]
	if b.Slug != "ROBINHOOD" || b.label() != "Robinhood" || b.Enabled == nil || !*b.Enabled || !b.MaintenanceMode || b.crypto() {
		t.Errorf("brokerage %+v", b)
	}
	if (wireBrokerage{Slug: "TD-DIRECT-INVESTING"}).label() != "TD Direct Investing" ||
		(wireBrokerage{Slug: "SOME-NEW-BROKER"}).label() != "Some New Broker" {
		t.Error("fallback names")
	}
}

func TestDecodeAccounts(t *testing.T) {
	accts, err := decodeAccounts(read(t, "accounts.json"), wireBrokerage{Slug: "ROBINHOOD"})
	if err != nil || len(accts) != 1 {
		t.Fatalf("%+v %v", accts, err)
	}
	a := accts[0]
	want := integrations.Account{ID: "917c8734-8470-4a3e-a18f-57c3f2ee6631", Number: "••••8443", Name: "Robinhood Individual",
		RawType: "Margin", Category: integrations.CategoryInvestment, Currency: "USD", Status: "open"}
	if a.Account != want {
		t.Errorf("account\n got %+v\nwant %+v", a.Account, want)
	}
	if !a.total.Valid || !a.total.Equal(dec("15363.23")) || !a.holdingsUnavailable {
		t.Errorf("total %v, holdings unavailable %v", a.total, a.holdingsUnavailable)
	}
	for _, c := range []struct {
		cat, raw string
		crypto   bool
		want     integrations.Category
	}{
		{"INVESTMENT", "Margin", false, integrations.CategoryInvestment},
		{"INVESTMENT", "ROTH_IRA", false, integrations.CategoryRetirement},
		{"", "Traditional IRA", false, integrations.CategoryRetirement},
		{"", "401(k)", false, integrations.CategoryRetirement},
		{"", "RRSP", false, integrations.CategoryRetirement},
		{"", "TFSA", false, integrations.CategoryInvestment},
		{"DEPOSIT", "Checking", false, integrations.CategoryCash},
		{"LOC", "", false, integrations.CategoryCash},
		{"", "", true, integrations.CategoryCrypto},
	} {
		if got := category(c.cat, c.raw, c.crypto); got != c.want {
			t.Errorf("category(%q, %q, %v) = %s, want %s", c.cat, c.raw, c.crypto, got, c.want)
		}
	}
	for in, want := range map[string]string{"Q6542138443": "••••8443", "****1234": "••••1234", "12": "••••12", "": "", "U-12-3456": "••••3456"} {
		if got := maskNumber(in); got != want {
			t.Errorf("maskNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDecodeBalances(t *testing.T) {
	bals, err := decodeBalances(read(t, "balances.json"))
	if err != nil || len(bals) != 1 {
		t.Fatalf("%+v %v", bals, err)
	}
	if b := bals[0]; b.Currency != "USD" || !b.Cash.Equal(dec("300.71")) || !b.BuyingPower.Valid || !b.BuyingPower.Decimal.Equal(dec("410.71")) {
		t.Errorf("balance %+v", b)
	}
	bals, err = decodeBalances([]byte(`[{"currency":{"code":"cad"},"cash":null,"buying_power":null},{"currency":null,"cash":5}]`))
	if err != nil || len(bals) != 1 || bals[0].Currency != "CAD" || !bals[0].Cash.IsZero() || bals[0].BuyingPower.Valid {
		t.Errorf("nulls: %+v %v", bals, err)
	}
}

func TestDecodePositions(t *testing.T) {
	now := time.Date(2026, 3, 18, 15, 0, 0, 0, time.UTC)
	pos, err := decodePositions(read(t, "positions.json"), now)
	if err != nil || len(pos) != 1 {
		t.Fatalf("%+v %v", pos, err)
	}
	p := pos[0]
	if p.Symbol.Ticker != "AAPL" || p.Symbol.Type != integrations.SecurityEquity || p.Symbol.Exchange != "XNAS" || p.Currency != "USD" ||
		!p.Units.Equal(dec("10.5")) || !p.Price.Equal(dec("123.45")) || !p.MarketValue.Equal(dec("1296.225")) ||
		!p.AverageCost.Decimal.Equal(dec("118.2")) || !p.CostBasis.Decimal.Equal(dec("1241.1")) ||
		!p.AsOf.Equal(time.Date(2026, 6, 2, 14, 30, 0, 0, time.UTC)) || p.cashEquivalent {
		t.Errorf("position %+v", p)
	}
	opt := `{"results":[{"instrument":{"kind":"option","id":"x","symbol":"AAPL  261218C00240000","option_type":"CALL","strike_price":"240",
		"expiration_date":"2026-12-18","multiplier":"10","underlying":{"kind":"stock","id":"y","symbol":"AAPL","raw_symbol":"AAPL","currency":"USD"}},
		"units":"-2","price":"3.10","cost_basis":"2.5","currency":null},
		{"instrument":{"kind":"mutualfund","id":"z","symbol":"SPAXX","raw_symbol":"SPAXX","currency":"USD"},"units":"500","price":"1","cash_equivalent":true},
		{"instrument":{"kind":"future","id":"f","symbol":"/ESM6","root_symbol":"ES","expiration_code":"M6","currency":"USD"},"units":"1","price":null},
		{"instrument":{"kind":"stock","id":"s","symbol":"X","raw_symbol":"X"},"units":"1","price":"1"},
		{"instrument":{"kind":"stock","id":"s","symbol":"Y","raw_symbol":"Y","currency":"USD"},"units":null,"price":"1"}],
		"data_freshness":{"as_of":"not a time"}}`
	pos, err = decodePositions([]byte(opt), now)
	if err != nil || len(pos) != 3 {
		t.Fatalf("%+v %v", pos, err)
	}
	if o := pos[0]; o.Symbol.Type != integrations.SecurityOption || o.Currency != "USD" || !o.MarketValue.Equal(dec("-62")) ||
		!o.CostBasis.Decimal.Equal(dec("50")) || !o.AsOf.Equal(now) {
		t.Errorf("option %+v", o)
	}
	if m := pos[1]; m.Symbol.Type != integrations.SecurityCash || !m.cashEquivalent {
		t.Errorf("money market fund %+v", m)
	}
	if f := pos[2]; f.Symbol.Type != integrations.SecurityOther || !f.PriceUnknown || !f.MarketValue.IsZero() {
		t.Errorf("future without a price %+v", f)
	}
	if _, err := decodePositions([]byte(`{"data_freshness":{"as_of":"2026-06-02T14:30:00Z"}}`), now); err == nil {
		t.Error("an answer without results was read as an empty account")
	}
}

func TestDecodeActivities(t *testing.T) {
	acts, total, err := decodeActivities(read(t, "activities.json"), "CAD")
	if err != nil || len(acts) != 1 || total != 1000 {
		t.Fatalf("%+v %d %v", acts, total, err)
	}
	a := acts[0]
	// The spec's sample is a BUY of +263.82: a buy takes cash out.
	want := integrations.Activity{ID: "2f7dc9b3-5c33-4668-3440-2b31e056ebe6", Type: integrations.ActivityBuy, RawType: "BUY BUY_TO_OPEN",
		TradeDate: "2024-03-22", SettlementDate: "2024-03-26", Symbol: "AAPL  261218C00240000",
		Units: dec("5.2"), Price: dec("0.4"), Amount: dec("-263.82"), Fee: dec("0"), Currency: "USD",
		Description: "WALT DISNEY UNIT DIST ON 21 SHS REC 12/31/21 PAY 01/06/22"}
	if a.ID != want.ID || a.Type != want.Type || a.RawType != want.RawType || a.TradeDate != want.TradeDate ||
		a.SettlementDate != want.SettlementDate || a.Symbol != want.Symbol || !a.Units.Equal(want.Units) || !a.Price.Equal(want.Price) ||
		!a.Amount.Equal(want.Amount) || !a.Fee.Equal(want.Fee) || a.Currency != want.Currency || a.Description != want.Description {
		t.Errorf("activity\n got %+v\nwant %+v", a, want)
	}
	page := `{"data":[
		{"id":"1","type":"DIVIDEND","symbol":null,"amount":1.5,"currency":null,"trade_date":"2026-01-02T00:00:00-05:00","settlement_date":null},
		{"id":"2","type":"BUY","symbol":{"symbol":"BTC"},"currency_universal_symbol":{"symbol":"USDC"},"currency":null,"units":0.1,"price":40000,"amount":-4000,"trade_date":null,"settlement_date":"2026-01-03T00:00:00Z"},
		{"id":"3","type":"FEE","amount":-1,"trade_date":null,"settlement_date":null},
		{"id":"4","type":"SELL","amount":-10,"trade_date":"2026-01-05","settlement_date":"2026-01-01T00:00:00Z"}],
		"pagination":null}`
	acts, total, err = decodeActivities([]byte(page), "EUR")
	if err != nil || total != -1 || len(acts) != 3 {
		t.Fatalf("%+v %d %v", acts, total, err)
	}
	if acts[0].TradeDate != "2026-01-02" || acts[0].Currency != "EUR" || acts[0].Symbol != "" {
		t.Errorf("dividend without symbol or currency: %+v", acts[0])
	}
	brokertest.Match(t, "crypto buy priced in a coin, dated by settlement", acts[1], integrations.Activity{TradeDate: "2026-01-03",
		Currency: "USDC", Symbol: "BTC"})
	if acts[2].ID != "4" || !acts[2].Amount.Equal(dec("10")) || acts[2].SettlementDate != "" {
		t.Errorf("sell with a negative amount and an earlier settlement: %+v", acts[2])
	}
	if _, _, err := decodeActivities([]byte(`{"data":[{"id":"","type":"BUY"}]}`), "USD"); err == nil {
		t.Error("an activity without id was accepted")
	}
}

func TestActivityTypes(t *testing.T) {
	one, neg := dec("1"), dec("-1")
	zero := decimal.Zero
	for raw, want := range map[string]integrations.ActivityType{
		"BUY": integrations.ActivityBuy, "SELL": integrations.ActivitySell, "DIVIDEND": integrations.ActivityDividend,
		"SUBSTITUTE_DIVIDEND": integrations.ActivityDividend, "DISTRIBUTION": integrations.ActivityDividend,
		"CONTRIBUTION": integrations.ActivityContribution, "WITHDRAWAL": integrations.ActivityWithdrawal,
		"REI": integrations.ActivityReinvest, "INTEREST": integrations.ActivityInterest, "FEE": integrations.ActivityFee,
		"TAX": integrations.ActivityTax, "SPLIT": integrations.ActivitySplit, "REVERSE_SPLIT": integrations.ActivitySplit,
		"EXTERNAL_ASSET_TRANSFER_IN": integrations.ActivityTransferIn, "EXTERNAL_ASSET_TRANSFER_OUT": integrations.ActivityTransferOut,
		"INTERNAL_CASH_TRANSFER_IN": integrations.ActivityTransferIn, "INTERNAL_CASH_TRANSFER_OUT": integrations.ActivityTransferOut,
		"INTERNAL_ASSET_TRANSFER_IN": integrations.ActivityTransferIn, "INTERNAL_ASSET_TRANSFER_OUT": integrations.ActivityTransferOut,
		"STOCK_DIVIDEND": integrations.ActivityOther, "OPTIONEXPIRATION": integrations.ActivityOther,
		"OPTIONASSIGNMENT": integrations.ActivityOther, "OPTIONEXERCISE": integrations.ActivityOther,
		"RETURN_OF_CAPITAL": integrations.ActivityOther, "REBATE": integrations.ActivityOther, "SPINOFF": integrations.ActivityOther,
		"STOCK_MERGER": integrations.ActivityOther, "ADJUSTMENT": integrations.ActivityOther, "SOMETHING_NEW": integrations.ActivityOther,
	} {
		if got := activityType(raw, one, zero); got != want {
			t.Errorf("%s → %s, want %s", raw, got, want)
		}
	}
	if activityType("TRANSFER", one, zero) != integrations.ActivityTransferIn || activityType("TRANSFER", neg, zero) != integrations.ActivityTransferOut ||
		activityType("TRANSFER", zero, one) != integrations.ActivityTransferIn || activityType("TRANSFER", zero, neg) != integrations.ActivityTransferOut {
		t.Error("TRANSFER is not told apart by its sign")
	}
}

func TestRateWait(t *testing.T) {
	now := time.Unix(1773846245, 0)
	h := func(kv ...string) map[string][]string {
		m := map[string][]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = []string{kv[i+1]}
		}
		return m
	}
	for _, c := range []struct {
		h    map[string][]string
		want time.Duration
	}{
		{h("Retry-After", "7"), 7 * time.Second},
		{h("X-Ratelimit-Remaining", "0", "X-Ratelimit-Reset", "12"), 13 * time.Second},
		{h("X-Ratelimit-Reset", "40", "X-Ratelimit-Account-Remaining", "0", "X-Ratelimit-Account-Reset", "9"), 10 * time.Second},
		{h("X-Ratelimit-Reset", "junk"), time.Minute},
		{h(), time.Minute},
	} {
		if got := rateWait(c.h, now); got != c.want {
			t.Errorf("rateWait(%v) = %s, want %s", c.h, got, c.want)
		}
	}
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }
