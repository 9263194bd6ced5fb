package bitvavo

import (
	"errors"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// TestSign checks Sign against a value computed independently with
// Python's hmac (Bitvavo publishes no worked example).
func TestSign(t *testing.T) {
	if got := Sign("bitvavo", "1548172481125", "GET", "/v2/balance", ""); got != "c8b8f973d8d4d41f907e8eef893199d9b550e74019d5f2dc29b000acd1a2838a" {
		t.Fatalf("Sign = %s", got)
	}
}

func readFixture(name string) ([]byte, error) { return os.ReadFile("testdata/" + name) }

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := readFixture(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestFixtures(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var rows []balance
	if err := decodeResponse(200, nil, fixture(t, "balance.json"), false, now, &rows); err != nil {
		t.Fatal(err)
	}
	tot, err := totals(rows)
	if err != nil || !tot["BTC"].Equal(d("2.32425567")) {
		t.Fatalf("totals %v %v", tot, err)
	}
	bals, pos := holdings(tot, map[string]decimal.Decimal{"BTC": d("50000")}, now)
	if len(bals) != 1 || !bals[0].Total.Equal(d("117462.78")) || len(pos) != 1 || !pos[0].MarketValue.Equal(d("116212.78")) {
		t.Errorf("holdings %+v %+v", bals, pos)
	}
	var ts []trade
	if err := decodeResponse(200, nil, fixture(t, "trades.json"), false, now, &ts); err != nil || len(ts) != 1 {
		t.Fatal(err)
	}
	a, err := tradeActivity(ts[0])
	if err != nil || a.ID != "trade:108c3633-0276-4480-a902-17a01829deae" || a.Type != integrations.ActivityBuy || a.Symbol != "BTC" ||
		!a.Units.Equal(d("0.005")) || !a.Amount.Equal(d("-25.0305")) || !a.Fee.Equal(d("0.03")) || a.TradeDate != "2018-11-23" {
		t.Errorf("trade %+v %v", a, err)
	}
	var deps []transfer
	if err := decodeResponse(200, nil, fixture(t, "deposits.json"), false, now, &deps); err != nil || len(deps) != 1 {
		t.Fatal(err)
	}
	a, err = transferActivity(deps[0], true)
	if err != nil || a.Type != integrations.ActivityTransferIn || !a.Units.Equal(d("0.99994")) ||
		a.ID != "deposit:927b3ea50c5bb52c6854152d305dfa1e27fc01d10464cf10825d96d69d235eb3" || !deps[0].done(true) {
		t.Errorf("deposit %+v %v", a, err)
	}
	// A bank deposit has no txId: its id is a stable hash of the row.
	bank := transfer{Timestamp: 1, Symbol: "EUR", Amount: num{Decimal: d("100"), Valid: true}, Status: "completed"}
	a1, _ := transferActivity(bank, true)
	a2, _ := transferActivity(bank, true)
	if a1.ID != a2.ID || a1.Type != integrations.ActivityContribution || !a1.Amount.Equal(d("100")) {
		t.Errorf("bank deposit %+v", a1)
	}
}

func TestErrorMapping(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var out []balance
	sig := fixture(t, "error_signature.json")
	if err := decodeResponse(403, nil, sig, false, now, &out); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("data: %v", err)
	}
	if err := decodeResponse(403, nil, sig, true, now, &out); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("login: %v", err)
	}
	reset := http.Header{"Bitvavo-Ratelimit-Resetat": {strconv.FormatInt(now.Add(42*time.Second).UnixMilli(), 10)},
		"Bitvavo-Ratelimit-Allowat": {strconv.FormatInt(now.Add(15*time.Minute).UnixMilli(), 10)}}
	err := decodeResponse(429, reset, []byte(`{"errorCode":103,"error":"You have been rate limited."}`), false, now, &out)
	if d, ok := integrations.RetryAfter(err); !ok || d != 42*time.Second {
		t.Errorf("103: %v", err)
	}
	err = decodeResponse(403, reset, []byte(`{"errorCode":105,"error":"banned"}`), false, now, &out)
	if d, ok := integrations.RetryAfter(err); !ok || d != 15*time.Minute {
		t.Errorf("105: %v", err)
	}
	for code, want := range map[int]error{304: integrations.ErrUnavailable, 311: integrations.ErrReauthRequired,
		305: integrations.ErrReauthRequired, 101: integrations.ErrUnavailable, 205: integrations.ErrUnavailable} {
		b := []byte(`{"errorCode":` + strconv.Itoa(code) + `,"error":"x"}`)
		if err := decodeResponse(400, nil, b, false, now, &out); !errors.Is(err, want) {
			t.Errorf("%d: %v", code, err)
		}
	}
}
