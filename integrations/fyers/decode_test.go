package fyers

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var d = decimal.RequireFromString

var at = time.Date(2023, 12, 18, 10, 0, 0, 0, time.UTC)

var read = brokertest.Fixture // testdata/name

// AppIDHash is the hex SHA-256 of "app_id:app_secret" (the value computed
// apart, with Python's hashlib).
func TestAppIDHash(t *testing.T) {
	if got := AppIDHash("XB12345-100", "SECRETKEY"); got != "09679d75ed9c558815f9e1509ec8629d767d1531276c7cc8198f741c155b2690" {
		t.Fatalf("AppIDHash = %q", got)
	}
}

func TestDecodeDocumentedSamples(t *testing.T) {
	tok, err := decodeToken(read(t, "validate_authcode.json"), at)
	if err != nil || tok.Access == "" || tok.Refresh == "" {
		t.Fatalf("token = %+v, %v", tok, err)
	}
	if exp, ok := integrations.JWTExpiry(tok.Access); !ok || !exp.Equal(time.Date(2020, 7, 2, 0, 30, 13, 0, time.UTC)) {
		t.Errorf("the sample token's exp (06:00 India time) = %v %v", exp, ok)
	}
	b, _ := body(read(t, "profile.json"), at, false)
	if p, err := decodeProfile(b); err != nil || p.FyID != "XA00XXX" {
		t.Errorf("profile = %+v, %v", p, err)
	}
	bal, err := decodeFunds(read(t, "funds.json"), d("100"))
	if err != nil || !bal.Cash.Equal(d("58.15")) || !bal.Total.Equal(d("158.15")) || bal.Currency != "INR" {
		t.Errorf("balance = %+v, %v", bal, err)
	}
	hs, err := decodeHoldings(read(t, "holdings.json"), at)
	if err != nil || len(hs) != 1 {
		t.Fatalf("holdings = %+v, %v", hs, err)
	}
	if h := hs[0]; h.Symbol.Ticker != "RELIANCE" || h.Symbol.Exchange != "NSE" || h.Symbol.ISIN != "INE002A01018" ||
		!h.Units.Equal(d("2")) || !h.Price.Equal(d("2451.3")) || !h.MarketValue.Equal(d("4902.6")) || !h.AverageCost.Decimal.Equal(d("2461.25")) {
		t.Errorf("holding = %+v", h)
	}
	ps, err := decodePositions(read(t, "positions.json"), at)
	if err != nil || len(ps) != 1 {
		t.Fatalf("positions = %+v, %v", ps, err)
	}
	if p := ps[0]; p.Symbol.Ticker != "SILVERMIC20NOVFUT" || p.Symbol.Exchange != "MCX" || p.Symbol.Type != integrations.SecurityOther ||
		!p.Units.Equal(d("1")) || !p.Price.Equal(d("72717")) || !p.AverageCost.Decimal.Equal(d("71856")) {
		t.Errorf("position = %+v", p)
	}
	// A CNC row carrying the holdings' RELIANCE 2 forward
	// (positions_carried.json: the positions sample's row made CNC, cfBuyQty
	// 2 and dayBuyQty 1) adds the day's 1, not 3.
	ps, err = decodePositions(read(t, "positions_carried.json"), at)
	if err != nil || len(ps) != 1 {
		t.Fatalf("carried positions = %+v, %v", ps, err)
	}
	if p := ps[0]; p.Symbol.Ticker != "RELIANCE" || p.Symbol.Type != integrations.SecurityEquity || !p.Units.Equal(d("1")) ||
		!p.MarketValue.Equal(d("2451.3")) {
		t.Errorf("delivery position = %+v, want the day's 1", p)
	}
	ts, err := decodeTrades(read(t, "tradebook.json"))
	if err != nil || len(ts) != 1 {
		t.Fatalf("trades = %+v, %v", ts, err)
	}
	if a := activity(ts[0]); a.Type != integrations.ActivityBuy || a.Symbol != "SBIN" || a.TradeDate != "2023-12-18" ||
		!a.Amount.Equal(d("-642.15")) || a.ID != "trade:NSE:2023-12-18:51326937" {
		t.Errorf("activity = %+v", a)
	}
}

// segmentName: FYERS' segment codes 10, 11, 12 and 20, and MCX's rows
// that name no segment.
func TestSegmentName(t *testing.T) {
	for _, c := range []struct {
		exchange string
		segment  int
		want     string
	}{
		{"NSE", 10, "NSE"}, {"NSE", 11, "NSE_FNO"}, {"BSE", 12, "BSE_CURRENCY"},
		{"MCX", 20, "MCX_COMM"}, {"MCX", 0, "MCX_COMM"}, {"BSE", 0, "BSE"},
	} {
		if got := segmentName(c.exchange, c.segment); got != c.want {
			t.Errorf("segmentName(%s, %d) = %s, want %s", c.exchange, c.segment, got, c.want)
		}
	}
}

func TestDecodeRefusesBrokenRows(t *testing.T) {
	brokertest.WantRefused(t, integrations.ErrUnavailable, map[string]func() error{
		"funds not JSON": func() error { _, err := decodeFunds([]byte(`<html>`), decimal.Zero); return err },
		"available balance without equity": func() error {
			_, err := decodeFunds([]byte(`{"fund_limit":[{"id":10,"title":"Available Balance"}]}`), decimal.Zero)
			return err
		},
		"holdings not JSON": func() error { _, err := decodeHoldings([]byte(`{`), at); return err },
		"holding without qty": func() error {
			_, err := decodeHoldings([]byte(`{"holdings":[{"symbol":"NSE:SBIN-EQ"}]}`), at)
			return err
		},
		"positions not JSON": func() error { _, err := decodePositions([]byte(`[`), at); return err },
		"position without qty": func() error {
			_, err := decodePositions([]byte(`{"netPositions":[{"symbol":"NSE:SBIN-EQ"}]}`), at)
			return err
		},
		"position without name": func() error { _, err := decodePositions([]byte(`{"netPositions":[{"netQty":1}]}`), at); return err },
		"trades not JSON":       func() error { _, err := decodeTrades([]byte(`nope`)); return err },
		"trade without date": func() error {
			_, err := decodeTrades([]byte(`{"tradeBook":[{"tradeNumber":"1","side":1,"tradedQty":1,"orderDateTime":"yesterday"}]}`))
			return err
		},
	})
	if got, err := decodeHoldings([]byte(`{"holdings":[{"symbol":"NSE:SBIN-EQ","quantity":0,"ltp":500}]}`), at); err != nil || len(got) != 0 {
		t.Errorf("a sold-out holding was kept: %+v %v", got, err)
	}
}

func TestMapStatus(t *testing.T) {
	if _, err := body(read(t, "error_token.json"), at, false); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("-16 in a 200: %v", err)
	}
	e := func(code string) []byte { return []byte(`{"s":"error","code":` + code + `,"message":"secret-ish"}`) }
	brokertest.WantStatuses(t, func(status int, b []byte, login bool) error {
		return mapStatus(status, http.Header{}, b, at, login)
	}, "secret-ish", []brokertest.StatusCase{
		{Status: 401, Body: e("-16"), Want: integrations.ErrReauthRequired},
		{Status: 400, Body: e("-8"), Want: integrations.ErrReauthRequired},
		{Status: 401, Want: integrations.ErrReauthRequired},
		{Status: 400, Body: e("-371"), Login: true, Want: integrations.ErrInvalidCredentials},
		{Status: 400, Body: e("-374"), Login: true, Want: integrations.ErrInvalidCredentials},
		{Status: 403, Body: e("-373"), Want: integrations.ErrNotSupported},
		{Status: 429, Body: e("-353"), Want: integrations.ErrRateLimited},
		{Status: 200, Body: e("-353"), Want: integrations.ErrRateLimited},
		{Status: 500, Body: e("-96"), Login: true, Want: integrations.ErrUnavailable},
		{Status: 400, Body: e("-202"), Want: integrations.ErrUnavailable},
		{Status: 400, Body: e("-50"), Want: integrations.ErrUnavailable},
		{Status: 404, Want: integrations.ErrUnavailable},
	}...)
}
