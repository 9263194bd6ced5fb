package gemini

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// TestSign checks Sign against the worked example of Gemini's "Private API
// invocation" section (developer.gemini.com/authentication/api-key: the
// /v1/order/status payload, written with newlines as the docs feed it to
// base64, signed with `openssl sha384 -hmac "1234abcd"`), and against a
// value of Latchkey's own compact payload computed independently with
// Python's hmac.
func TestSign(t *testing.T) {
	for _, c := range []struct{ name, secret, payload, b64, sig string }{
		{"the docs' example", "1234abcd",
			"{\n    \"request\": \"/v1/order/status\",\n    \"nonce\": 123456,\n\n    \"order_id\": 18834\n}\n",
			"ewogICAgInJlcXVlc3QiOiAiL3YxL29yZGVyL3N0YXR1cyIsCiAgICAibm9uY2UiOiAxMjM0NTYsCgogICAgIm9yZGVyX2lkIjogMTg4MzQKfQo=",
			"337cc8b4ea692cfe65b4a85fcc9f042b2e3f702ac956fd098d600ab15705775017beae402be773ceee10719ff70d710f"},
		{"a compact payload", "LKdemoGeminiSecret0000000000", `{"request":"/v1/balances","nonce":"1700000000"}`,
			"eyJyZXF1ZXN0IjoiL3YxL2JhbGFuY2VzIiwibm9uY2UiOiIxNzAwMDAwMDAwIn0=",
			"7a4159d2cf9081fde42989ca4defeeebae47541fa4dcbc1ec97a2148e4833925569c866342d06585f8738646e8a0270f"},
	} {
		if b64, sig := Sign(c.secret, []byte(c.payload)); b64 != c.b64 || sig != c.sig {
			t.Errorf("%s: Sign = %s %s", c.name, b64, sig)
		}
	}
}

func TestNonces(t *testing.T) {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	if n := nonce(secret{Key: "a"}, at); n != at.Unix() {
		t.Errorf("time-based nonce %d", n)
	}
	inc := secret{Key: "b", Nonce: nonceIncreasing}
	a, b := nonce(inc, at), nonce(inc, at)
	c := nonce(secret{Key: "c", Nonce: nonceIncreasing}, at)
	if a != at.UnixMilli() || b != a+1 || c != at.UnixMilli() {
		t.Errorf("increasing nonces %d %d %d", a, b, c)
	}
}

var fixture = brokertest.Fixture // testdata/name

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestNotionalFixture(t *testing.T) {
	rows, err := decodeNotional(fixture(t, "notionalbalances.json"))
	if err != nil {
		t.Fatal(err)
	}
	bals, pos, err := holdings(rows, time.Time{})
	if err != nil || len(bals) != 1 || len(pos) != 1 {
		t.Fatalf("%v %v %v", bals, pos, err)
	}
	if !bals[0].Cash.Equal(d("18722.79")) || !bals[0].BuyingPower.Decimal.Equal(d("14481.62")) || !bals[0].Total.Equal(d("10404723.38")) {
		t.Errorf("balance %+v", bals[0])
	}
	p := pos[0]
	if p.Symbol.Ticker != "BTC" || !p.Units.Equal(d("1154.62034001")) || !p.MarketValue.Equal(d("10386000.59")) ||
		!p.Price.Equal(d("8995.16510328")) {
		t.Errorf("position %+v", p)
	}
	plain, err := decodeNotional(fixture(t, "balances.json"))
	if err != nil || len(plain) != 3 {
		t.Fatal(err)
	}
}

// TestBalancesAsNumbers: the current reference (docs.gemini.com/rest/
// fund-management, Get Available Balances) shows amounts as JSON numbers
// and two more fields; they read as the older strings did. A row without
// a notional value is PriceUnknown.
func TestBalancesAsNumbers(t *testing.T) {
	rows, err := decodeNotional(fixture(t, "balances_numbers.json"))
	if err != nil || len(rows) != 2 || !rows[0].Amount.Equal(d("10.5")) || !rows[1].Available.Equal(d("900")) {
		t.Fatalf("%+v %v", rows, err)
	}
	bals, pos, err := holdings(rows, time.Time{})
	if err != nil || len(pos) != 1 || !pos[0].PriceUnknown || !pos[0].MarketValue.IsZero() || !bals[0].Total.Equal(d("1000.25")) {
		t.Errorf("%+v %+v %v", bals, pos, err)
	}
}

func TestTradeFixture(t *testing.T) {
	ts, err := decodeTrades(fixture(t, "mytrades.json"))
	if err != nil || len(ts) != 1 {
		t.Fatal(err)
	}
	a, err := tradeActivity("btcusd", ts[0])
	if err != nil {
		t.Fatal(err)
	}
	// 0.0027343246 × 3648.09 = 9.975062190... plus the fee in USD.
	if a.ID != "trade:107317526" || a.Type != integrations.ActivityBuy || a.Symbol != "BTC" || a.Currency != "USD" ||
		!a.Units.Equal(d("0.0027343246")) || !a.Price.Equal(d("3648.09")) || !a.Fee.Equal(d("0.024937655575035")) ||
		!a.Amount.Equal(d("-9.999999885589035")) || a.TradeDate != "2019-01-11" {
		t.Errorf("activity %+v", a)
	}
}

func TestTransferFixture(t *testing.T) {
	ts, err := decodeTransfers(fixture(t, "transfers.json"))
	if err != nil || len(ts) != 3 {
		t.Fatal(err)
	}
	want := []struct {
		typ    integrations.ActivityType
		amount string
		units  string
	}{{integrations.ActivityContribution, "36", "0"}, {integrations.ActivityTransferIn, "0", "100"}, {integrations.ActivityTransferOut, "0", "-0.05"}}
	for i, tr := range ts {
		a, err := transferActivity(tr)
		if err != nil || !tr.settled() || a.Type != want[i].typ || !a.Amount.Equal(d(want[i].amount)) || !a.Units.Equal(d(want[i].units)) {
			t.Errorf("transfer %d: %+v %v", i, a, err)
		}
	}
}

func TestSplitSymbol(t *testing.T) {
	for sym, want := range map[string][2]string{"btcusd": {"BTC", "USD"}, "btcgusd": {"BTC", "GUSD"}, "ethbtc": {"ETH", "BTC"}, "BTCUSD": {"BTC", "USD"}} {
		b, q, ok := splitSymbol(sym)
		if !ok || b != want[0] || q != want[1] {
			t.Errorf("%s: %s %s %v", sym, b, q, ok)
		}
	}
	if _, _, ok := splitSymbol("usd"); ok {
		t.Error("usd split")
	}
}

func TestErrorMapping(t *testing.T) {
	now := time.Unix(1700000000, 0)
	sig := fixture(t, "error_signature.json")
	if err := mapError(400, nil, sig, false, now, rateWait); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("data: %v", err)
	}
	if err := mapError(400, nil, sig, true, now, rateWait); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("login: %v", err)
	}
	reason := func(r string) []byte { return []byte(`{"result":"error","reason":"` + r + `","message":"x"}`) }
	brokertest.WantStatuses(t, func(status int, b []byte, login bool) error {
		return mapError(status, http.Header{}, b, login, now, rateWait)
	}, "", []brokertest.StatusCase{
		{Status: 400, Body: reason("InvalidNonce"), Want: integrations.ErrUnavailable}, {Status: 429, Body: reason("RateLimited"), Want: integrations.ErrRateLimited},
		{Status: 503, Body: reason("Maintenance"), Want: integrations.ErrUnavailable}, {Status: 403, Body: reason("MissingRole"), Want: integrations.ErrReauthRequired},
		{Status: 403, Body: reason("AccountFrozen"), Want: integrations.ErrAccountLocked}, {Status: 500, Body: reason("System"), Want: integrations.ErrUnavailable},
		{Status: 400, Body: reason("InvalidSymbol"), Want: integrations.ErrUnavailable},
	}...)
	var v []notional
	if err := decode([]byte(`{"result":"error","reason":"System"}`), &v); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("an error body with 200: %v", err)
	}
}

// TestCursor: a walk's cursor reads back; one it cannot read starts over,
// and none starts before since.
func TestCursor(t *testing.T) {
	c := walkCursor{Phase: phaseTrades, From: 42, Symbols: []string{"btcusd", "ethusd"}}
	if got := parseCursor(c.String(), 10); got.Phase != phaseTrades || got.From != 42 || len(got.Symbols) != 2 {
		t.Errorf("%+v", got)
	}
	for _, bad := range []string{"", "{", `{"p":"x"}`, `{"p":"trades","t":5}`} {
		if got := parseCursor(bad, 10); got.Phase != phaseTransfers || got.From != 10 {
			t.Errorf("%q: %+v", bad, got)
		}
	}
	if got := parseCursor(walkCursor{Phase: phaseTransfers, From: 3}.String(), 10); got.From != 10 {
		t.Errorf("a cursor before since: %+v", got)
	}
}
