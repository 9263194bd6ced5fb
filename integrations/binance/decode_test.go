package binance

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// TestSignDocExample checks Sign against the HMAC example of Binance's
// "Request security" page.
func TestSignDocExample(t *testing.T) {
	got := Sign("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j",
		"symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559")
	if want := "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"; got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
}

var fixture = brokertest.Fixture // testdata/name

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestAccountFixture(t *testing.T) {
	var a account
	if err := decodeResponse(200, nil, fixture(t, "account.json"), false, &a); err != nil {
		t.Fatal(err)
	}
	tot, err := a.totals()
	if err != nil || !tot["BTC"].Equal(d("4723846.89208129")) || !tot["LTC"].Equal(d("4763368.68006011")) {
		t.Fatalf("totals %v %v", tot, err)
	}
	if got := a.owner("K"); got != "uid:354937868" {
		t.Errorf("owner %s", got)
	}
	if got := (account{}).owner("K"); got != "key:K" {
		t.Errorf("owner without uid %s", got)
	}
}

func TestTradeFixture(t *testing.T) {
	var ts []trade
	if err := decodeResponse(200, nil, fixture(t, "mytrades.json"), false, &ts); err != nil || len(ts) != 1 {
		t.Fatal(err)
	}
	a, err := tradeActivity(symbolInfo{Symbol: "BNBBTC", BaseAsset: "BNB", QuoteAsset: "BTC"}, ts[0])
	if err != nil {
		t.Fatal(err)
	}
	// The fee was paid in BNB, the base: it comes off the units bought.
	if a.ID != "trade:BNBBTC:28457" || a.Type != integrations.ActivityBuy || a.Symbol != "BNB" || a.Currency != "BTC" ||
		!a.Units.Equal(d("1.9")) || !a.Price.Equal(d("4.000001")) || !a.Amount.Equal(d("-48.000012")) || !a.Fee.IsZero() ||
		a.TradeDate != "2017-07-12" {
		t.Errorf("activity %+v", a)
	}
	ts[0].IsBuyer, ts[0].CommissionAsset, ts[0].Commission = false, "BTC", num{Decimal: d("0.048"), Valid: true}
	a, _ = tradeActivity(symbolInfo{Symbol: "BNBBTC", BaseAsset: "BNB", QuoteAsset: "BTC"}, ts[0])
	if a.Type != integrations.ActivitySell || !a.Units.Equal(d("-12")) || !a.Amount.Equal(d("47.952012")) || !a.Fee.Equal(d("0.048")) {
		t.Errorf("sell %+v", a)
	}
}

func TestTransferFixtures(t *testing.T) {
	var deps []deposit
	if err := decodeResponse(200, nil, fixture(t, "deposits.json"), false, &deps); err != nil || len(deps) != 2 {
		t.Fatal(err)
	}
	if !deps[0].credited() || deps[1].credited() {
		t.Errorf("statuses %d %d", deps[0].Status, deps[1].Status)
	}
	a, err := depositActivity(deps[0], "USDT")
	if err != nil || a.ID != "deposit:769800519366885376" || a.Type != integrations.ActivityTransferIn || a.Symbol != "BNB" ||
		!a.Units.Equal(d("0.001")) || a.TradeDate != "2022-08-26" {
		t.Errorf("deposit %+v %v", a, err)
	}
	var wds []withdrawal
	if err := decodeResponse(200, nil, fixture(t, "withdrawals.json"), false, &wds); err != nil || len(wds) != 1 {
		t.Fatal(err)
	}
	a, err = withdrawalActivity(wds[0], "USDT")
	if err != nil || a.Type != integrations.ActivityWithdrawal || a.Currency != "USDT" || !a.Amount.Equal(d("-8.914")) ||
		!a.Fee.Equal(d("0.004")) || a.TradeDate != "2019-10-12" || !wds[0].sent() {
		t.Errorf("withdrawal %+v %v", a, err)
	}
}

func TestErrorMapping(t *testing.T) {
	key := fixture(t, "error_key.json")
	var out account
	if err := decodeResponse(401, nil, key, false, &out); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("data: %v", err)
	}
	if err := decodeResponse(401, nil, key, true, &out); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("login: %v", err)
	}
	h := http.Header{"Retry-After": {"120"}}
	decodeAs := func(status int, b []byte, login bool) error { return decodeResponse(status, h, b, login, &out) }
	brokertest.WantStatuses(t, decodeAs, "", []brokertest.StatusCase{
		{Status: 400, Body: []byte(`{"code":-1022,"msg":"Signature for this request is not valid."}`), Want: integrations.ErrReauthRequired},
		{Status: 400, Body: []byte(`{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}`), Want: integrations.ErrUnavailable},
		{Status: 429, Body: []byte(`{"code":-1003,"msg":"Too much request weight used"}`), Want: integrations.ErrRateLimited},
		{Status: 418, Body: []byte(`{"code":-1003,"msg":"Way too much request weight used; IP banned until 1."}`), Want: integrations.ErrRateLimited},
		{Status: 403, Body: []byte(`<html>WAF</html>`), Want: integrations.ErrUnavailable},
		{Status: 502, Body: []byte(``), Want: integrations.ErrUnavailable},
		{Status: 400, Body: []byte(`{"code":-1121,"msg":"Invalid symbol."}`), Want: integrations.ErrUnavailable},
		// errors.md: -1003 and -1015 are rate limits even without a 429 (no Retry-After is read then)
		{Status: 400, Body: []byte(`{"code":-1015,"msg":"Too many new orders."}`), Want: integrations.ErrRateLimited},
		// a 401 without one of the key codes is still a refused key
		{Status: 401, Body: []byte(`{"msg":"unauthorized"}`), Want: integrations.ErrReauthRequired},
		// -1001 DISCONNECTED, -1007 TIMEOUT, -1016 SERVICE_SHUTTING_DOWN: Binance's side
		{Status: 400, Body: []byte(`{"code":-1001,"msg":"Internal error; unable to process your request. Please try again."}`), Want: integrations.ErrUnavailable},
		{Status: 400, Body: []byte(`{"code":-1016,"msg":"This service is no longer available."}`), Want: integrations.ErrUnavailable},
	}...)
	brokertest.WantWait(t, "418", decodeAs(418, []byte(`{"code":-1003,"msg":"Way too much request weight used; IP banned until 1."}`), false), 120*time.Second)
	// no Retry-After is read for a rate-limit code in a 400
	brokertest.WantWait(t, "-1015 in a 400", decodeAs(400, []byte(`{"code":-1015,"msg":"Too many new orders."}`), false), time.Minute)
}
