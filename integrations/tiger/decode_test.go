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
	bals, futures, err := decodeAssets(data(t, "prime_assets.json"))
	if err != nil || len(bals) != 1 || !futures {
		t.Fatalf("assets: %v %+v, futures segment %v (the sample has S and F)", err, bals, futures)
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

// TestTokenRefusals: a refusal naming the token is a dead login for a TBHK
// client (and invalid at a login); a business parameter's refusal naming a
// token (a page_token, a method's own parameter) never is, nor a refusal
// naming a token to a TBSG client, which sends none.
func TestTokenRefusals(t *testing.T) {
	hk := &caller{hk: true}
	if err := hk.refusal(1000, "token is invalid or expired"); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("TBHK, refused token: %v", err)
	}
	for _, c := range []struct {
		caller *caller
		code   int64
		msg    string
	}{
		{hk, 1010, "biz param error: page_token is invalid"},
		{hk, 1099, "biz param error: token of the fund query is invalid"},
		{&caller{}, 1000, "token is invalid or expired"},
		{&caller{form: true}, 1010, "biz param error: page_token is invalid"},
	} {
		err := c.caller.refusal(c.code, c.msg)
		if !errors.Is(err, integrations.ErrUnavailable) || errors.Is(err, integrations.ErrReauthRequired) {
			t.Errorf("hk %v, code %d %q: %v, want a refused request", c.caller.hk, c.code, c.msg, err)
		}
	}
	if err := (&caller{form: true}).refusal(1000, "token is invalid or expired"); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("a login's refused token: %v", err)
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

func TestDecodeFunding(t *testing.T) {
	// Tiger's documented answer: one completed deposit.
	acts, err := decodeFunding(data(t, "transfer_fund.json"), time.Time{})
	if err != nil || len(acts) != 1 {
		t.Fatalf("funding: %v %+v", err, acts)
	}
	brokertest.Match(t, "deposit", acts[0], integrations.Activity{ID: "funding-24924145879575129", Type: integrations.ActivityContribution,
		RawType: "Deposit", TradeDate: "2024-11-15", Currency: "USD", Amount: brokertest.Dec("300000")})
	// Each documented type takes its direction from the type, whatever the
	// amount's sign; a record not completed waits; an unknown type is OTHER.
	rows := `[
		{"id":1,"type":3,"typeDesc":"Withdrawal","currency":"usd","amount":1200,"businessDate":"2025/01/02","completedStatus":true},
		{"id":2,"type":20,"typeDesc":"Withdrawal Fee","currency":"USD","amount":-5,"businessDate":"2025/01/02","completedStatus":true},
		{"id":3,"type":21,"typeDesc":"Withdrawal Refund","currency":"USD","amount":1200,"businessDate":"2025/01/03","completedStatus":true},
		{"id":4,"type":22,"typeDesc":"Withdrawal Failed-Refund","currency":"USD","amount":"50.5","businessDate":"2025-01-03"},
		{"id":5,"type":23,"typeDesc":"Withdrawal Fee-Refund","currency":"USD","amount":5,"businessDate":"20250103","completedStatus":true},
		{"id":6,"type":1,"typeDesc":"Deposit","currency":"USD","amount":800,"businessDate":"2025/01/04","completedStatus":false},
		{"id":7,"type":99,"currency":"SGD","amount":-3.5,"createdAt":1736035200000,"completedStatus":true}]`
	acts, err = decodeFunding([]byte(rows), time.Time{})
	if err != nil || len(acts) != 6 {
		t.Fatalf("funding rows: %v %+v", err, acts)
	}
	want := []struct {
		typ    integrations.ActivityType
		amount string
		date   integrations.Date
	}{
		{integrations.ActivityWithdrawal, "-1200", "2025-01-02"}, {integrations.ActivityFee, "-5", "2025-01-02"},
		{integrations.ActivityContribution, "1200", "2025-01-03"}, {integrations.ActivityContribution, "50.5", "2025-01-03"},
		{integrations.ActivityFee, "5", "2025-01-03"}, {integrations.ActivityOther, "-3.5", "2025-01-05"},
	}
	for i, w := range want {
		a := acts[i]
		if a.Type != w.typ || !a.Amount.Equal(brokertest.Dec(w.amount)) || a.TradeDate != w.date {
			t.Errorf("row %d: %s %s %s, want %s %s %s", i, a.Type, a.Amount, a.TradeDate, w.typ, w.amount, w.date)
		}
	}
	if acts[0].Currency != "USD" || acts[5].RawType != "type 99" || acts[5].ID != "funding-7" {
		t.Errorf("currency %s, raw type %q, id %s", acts[0].Currency, acts[5].RawType, acts[5].ID)
	}
	// A lone record is one; rows without an id get stable distinct ids.
	one, err := decodeFunding([]byte(`{"type":1,"typeDesc":"Deposit","currency":"USD","amount":1,"businessDate":"2025/01/02"}`), time.Time{})
	if err != nil || len(one) != 1 || one[0].Type != integrations.ActivityContribution {
		t.Fatalf("lone record: %v %+v", err, one)
	}
	twin := `[{"type":1,"currency":"USD","amount":1,"businessDate":"2025/01/02"},{"type":1,"currency":"USD","amount":1,"businessDate":"2025/01/02"}]`
	a1, _ := decodeFunding([]byte(twin), time.Time{})
	a2, _ := decodeFunding([]byte(twin), time.Time{})
	if len(a1) != 2 || a1[0].ID == a1[1].ID || a1[0].ID != a2[0].ID || a1[1].ID != a2[1].ID {
		t.Errorf("row ids: %+v then %+v", a1, a2)
	}
	// Read from a day on: the records of that day on, and an older one
	// updated since (completed late), dated by its business day.
	late := `[
		{"id":1,"type":1,"currency":"USD","amount":1,"businessDate":"2025/03/01","completedStatus":true,"updatedAt":1740830400000},
		{"id":2,"type":3,"currency":"USD","amount":2,"businessDate":"2025/02/20","completedStatus":true,"updatedAt":1741435200000},
		{"id":3,"type":1,"currency":"USD","amount":3,"businessDate":"2025/02/20","completedStatus":true,"updatedAt":1740052800000},
		{"id":4,"type":1,"currency":"USD","amount":4,"businessDate":"2025/02/20","completedStatus":true}]`
	from := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	got, err := decodeFunding([]byte(late), from)
	if err != nil || len(got) != 2 || got[0].ID != "funding-1" || got[1].ID != "funding-2" || got[1].TradeDate != "2025-02-20" {
		t.Errorf("from %s: %v %+v, want funding-1 and funding-2 (completed 2025-03-08)", from, err, got)
	}
	if got, err := decodeFunding([]byte(`null`), time.Time{}); err != nil || len(got) != 0 {
		t.Errorf("no records: %v %+v", err, got)
	}
	for _, bad := range []string{
		`[{"id":1,"type":1,"currency":"USD","amount":1}]`,                               // no date
		`[{"id":1,"type":1,"currency":"","amount":1,"businessDate":"2025/01/02"}]`,      // no currency
		`[{"id":1,"type":1,"currency":"USD","businessDate":"2025/01/02"}]`,              // no amount
		`[{"id":1,"currency":"USD","amount":1,"businessDate":"2025/01/02"}]`,            // no type
		`[{"id":1,"type":1,"currency":"USD","amount":"x","businessDate":"2025/01/02"}]`, // not a number
	} {
		if _, err := decodeFunding([]byte(bad), time.Time{}); !errors.Is(err, integrations.ErrUnavailable) {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func TestDecodeFundDetails(t *testing.T) {
	// Tiger's documented answer (asked for ALL): an internal transfer and
	// financing interest, spelled "Tnterest" as the sample spells it.
	var ids integrations.RowIDs
	acts, total, err := decodeFundDetails(data(t, "fund_details.json"), "OTHER", &ids)
	if err != nil || len(acts) != 2 || total != 5 {
		t.Fatalf("details: %v %d %+v", err, total, acts)
	}
	brokertest.Match(t, "transfer", acts[0], integrations.Activity{ID: "detail-3969803304", Type: integrations.ActivityOther,
		RawType: "Internal Funds Transfer Out", TradeDate: "2025-03-25", Currency: "HKD", Amount: brokertest.Dec("-1")})
	brokertest.Match(t, "interest", acts[1], integrations.Activity{ID: "detail-3942009038", Type: integrations.ActivityInterest,
		RawType: "Financing Tnterest", TradeDate: "2025-03-06", Currency: "HKD", Amount: brokertest.Dec("-2.43")})
	page := `{"page":1,"limit":50,"items":[
		{"id":"1","currency":"USD","type":"Cash Dividend","contractName":"AAPL","segType":"SEC","amount":12.4,"businessDate":"2025-02-14"},
		{"id":2,"currency":"USD","type":"Dividend Tax","segType":"SEC","amount":-3.72,"businessDate":"2025-02-14"},
		{"id":"3","currency":"USD","type":"Platform Fee","segType":"SEC","amount":-1.99,"businessDate":"2025-02-15"},
		{"id":"4","currency":"USD","type":"Interest","segType":"SEC","amount":0.5,"businessDate":"2025-02-28"},
		{"currency":"USD","type":"Something","desc":"a charge","segType":"FUT","amount":-2,"updatedAt":1741247923000},
		{"currency":"USD","type":"Activity Award","segType":"SEC","amount":10,"businessDate":"2025/03/01"}]}`
	acts, total, err = decodeFundDetails([]byte(page), "FEE", &ids)
	if err != nil || len(acts) != 6 || total != -1 {
		t.Fatalf("page: %v %d %+v", err, total, acts)
	}
	for i, want := range []integrations.ActivityType{integrations.ActivityDividend, integrations.ActivityTax, integrations.ActivityFee,
		integrations.ActivityInterest, integrations.ActivityFee, integrations.ActivityFee} {
		if acts[i].Type != want {
			t.Errorf("entry %d (%s): %s, want %s", i, acts[i].RawType, acts[i].Type, want)
		}
	}
	if acts[1].ID != "detail-2" || acts[4].TradeDate != "2025-03-06" || acts[4].ID == "" || acts[4].ID == acts[5].ID ||
		acts[0].Description != "Cash Dividend AAPL" || acts[4].Description != "a charge" {
		t.Errorf("ids, dates and descriptions: %+v", acts)
	}
	// The type's words before the desc's, a tax before interest: a
	// withholding tax on interest is a tax, a dividend whose desc names a
	// fee a dividend; a desc decides when the type's words do not.
	words := `{"items":[
		{"id":"1","currency":"USD","type":"Interest Withholding Tax","segType":"SEC","amount":-0.05,"businessDate":"2025-02-28"},
		{"id":"2","currency":"USD","type":"Cash Dividend","desc":"AAPL dividend, ADR fee deducted","segType":"SEC","amount":12,"businessDate":"2025-02-14"},
		{"id":"3","currency":"USD","type":"Adjustment","desc":"credit interest","segType":"SEC","amount":0.4,"businessDate":"2025-02-28"}]}`
	acts, _, err = decodeFundDetails([]byte(words), "OTHER", &ids)
	if err != nil || len(acts) != 3 {
		t.Fatalf("words: %v %+v", err, acts)
	}
	for i, want := range []integrations.ActivityType{integrations.ActivityTax, integrations.ActivityDividend, integrations.ActivityInterest} {
		if acts[i].Type != want {
			t.Errorf("%s / %s: %s, want %s", acts[i].RawType, acts[i].Description, acts[i].Type, want)
		}
	}
	// Outside FEE, words the client does not know are OTHER, kept raw.
	other, _, _ := decodeFundDetails([]byte(`{"items":[{"id":"9","currency":"USD","type":"Cash in Lieu","segType":"SEC","amount":3,"businessDate":"2025-01-02"}]}`), "CORPORATE_ACTION", &ids)
	if len(other) != 1 || other[0].Type != integrations.ActivityOther || other[0].RawType != "Cash in Lieu" {
		t.Errorf("unknown words: %+v", other)
	}
	for _, bad := range []string{
		`{"items":[{"id":"1","currency":"USD","type":"Fee","amount":1}]}`,
		`{"items":[{"id":"1","currency":"US","type":"Fee","amount":1,"businessDate":"2025-01-02"}]}`,
		`{"items":[{"id":"1","currency":"USD","type":"Fee","businessDate":"2025-01-02"}]}`,
		`{"items":[{"id":{},"currency":"USD","type":"Fee","amount":1,"businessDate":"2025-01-02"}]}`,
		`[]`,
	} {
		if _, _, err := decodeFundDetails([]byte(bad), "FEE", &ids); !errors.Is(err, integrations.ErrUnavailable) {
			t.Errorf("%s: %v", bad, err)
		}
	}
}
