package angelone

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var d = decimal.RequireFromString

var at = time.Date(2025, 6, 16, 14, 30, 0, 0, time.UTC)

// data reads a documented sample and returns its envelope's data.
func data(t *testing.T, name string) json.RawMessage {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := decodeEnvelope(b, at, false)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return raw
}

func TestDecodeDocumentedSamples(t *testing.T) {
	s, err := decodeSession(data(t, "login.json"))
	if err != nil || !strings.HasPrefix(s.JWT, "eyJ") || s.Refresh == "" || s.Feed == "" {
		t.Fatalf("session = %+v, %v", s, err)
	}
	if p, err := decodeProfile(data(t, "profile.json")); err != nil || p.ClientCode != "YOUR_CLIENT_CODE" {
		t.Errorf("profile = %+v, %v", p, err)
	}
	r, err := decodeRMS(data(t, "rms.json"))
	if err != nil {
		t.Fatal(err)
	}
	if b := balance(r, d("10")); !b.Cash.Equal(d("9999999999999")) || !b.Total.Equal(d("10000000000009")) || b.Currency != "INR" {
		t.Errorf("balance = %+v", b)
	}
	hs, err := decodeHoldings(data(t, "all_holding.json"), at)
	if err != nil || len(hs) != 2 {
		t.Fatalf("holdings = %+v, %v", hs, err)
	}
	if h := hs[0]; h.Symbol.Ticker != "TATASTEEL" || h.Symbol.Description != "TATASTEEL-EQ" || h.Symbol.ISIN != "INE081A01020" ||
		!h.Units.Equal(d("2")) || !h.Price.Equal(d("130.15")) || !h.MarketValue.Equal(d("260.3")) || !h.AverageCost.Decimal.Equal(d("111.87")) ||
		h.Symbol.Exchange != "NSE" || h.Symbol.Type != integrations.SecurityEquity {
		t.Errorf("holding = %+v", h)
	}
	ps, err := decodePositions(data(t, "position.json"), at)
	if err != nil || len(ps) != 1 {
		t.Fatalf("positions = %+v, %v", ps, err)
	}
	if p := ps[0]; p.Symbol.Ticker != "RELIANCE" || !p.Units.Equal(d("1")) || !p.PriceUnknown || !p.AverageCost.Decimal.Equal(d("2235.80")) {
		t.Errorf("position = %+v", p)
	}
	// A delivery row carrying the holdings' TATASTEEL 2 forward
	// (position_carried.json: the positions sample's row with cfbuyqty 2 at
	// the holding's 111.87 and 1 bought today at 130.15) adds the day's 1
	// at the day's buyavgprice, not 3 at avgnetprice.
	ps, err = decodePositions(data(t, "position_carried.json"), at)
	if err != nil || len(ps) != 1 {
		t.Fatalf("carried positions = %+v, %v", ps, err)
	}
	if p := ps[0]; p.Symbol.Ticker != "TATASTEEL" || !p.Units.Equal(d("1")) || !p.AverageCost.Decimal.Equal(d("130.15")) {
		t.Errorf("delivery position = %+v, want the day's 1 at 130.15", p)
	}
	if ps, err := decodePositions(data(t, "empty_positions.json"), at); err != nil || len(ps) != 0 {
		t.Errorf("data null: %+v, %v", ps, err)
	}
	ts, err := decodeTrades(data(t, "trade_book.json"))
	if err != nil || len(ts) != 1 {
		t.Fatalf("trades = %+v, %v", ts, err)
	}
	if a := activity(ts[0], "2025-06-16"); a.Type != integrations.ActivityBuy || a.Symbol != "ITC" || !a.Amount.Equal(d("-175")) ||
		a.TradeDate != "2025-06-16" || a.ID != "fill:NSE:2025-06-16:50005750" {
		t.Errorf("activity = %+v", a)
	}
}

func TestEnvelopeRefusals(t *testing.T) {
	b, _ := os.ReadFile(filepath.Join("testdata", "error_ag8001.json"))
	if _, err := decodeEnvelope(b, at, false); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("AG8001 in a 200: %v", err)
	}
	for _, bad := range []string{`{}`, `[]`, `nope`, `{"status":"yes"}`} {
		if _, err := decodeEnvelope([]byte(bad), at, false); !errors.Is(err, integrations.ErrUnavailable) {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func TestMapStatus(t *testing.T) {
	body := func(code string) []byte {
		return []byte(`{"status":false,"message":"secret-ish","errorcode":"` + code + `","data":""}`)
	}
	brokertest.WantStatuses(t, func(status int, b []byte, login bool) error {
		return mapStatus(status, http.Header{}, b, at, login)
	}, "secret-ish", []brokertest.StatusCase{
		{Status: 401, Body: body("AG8001"), Want: integrations.ErrReauthRequired},
		{Status: 200, Body: body("AG8002"), Want: integrations.ErrReauthRequired},
		{Status: 200, Body: body("AB1010"), Want: integrations.ErrReauthRequired},
		{Status: 403, Want: integrations.ErrReauthRequired},
		{Status: 200, Body: body("AB1000"), Login: true, Want: integrations.ErrInvalidCredentials},
		{Status: 200, Body: body("AG8004"), Login: true, Want: integrations.ErrInvalidCredentials},
		{Status: 200, Body: body("AB1050"), Login: true, Want: integrations.ErrInvalidMFACode},
		{Status: 200, Body: body("AB1006"), Login: true, Want: integrations.ErrAccountLocked},
		{Status: 200, Body: body("AB2001"), Login: true, Want: integrations.ErrUnavailable},
		{Status: 429, Want: integrations.ErrRateLimited},
		{Status: 503, Want: integrations.ErrUnavailable},
		{Status: 200, Body: body("AB1009"), Want: integrations.ErrUnavailable},
		{Status: 404, Want: integrations.ErrUnavailable},
	}...)
}

func TestDecodeHoldingsShapes(t *testing.T) {
	row := `{"tradingsymbol":"INFY-EQ","exchange":"NSE","isin":"INE009A01021","quantity":"2","t1quantity":"1","averageprice":1400,"ltp":1500.5}`
	sold := `{"tradingsymbol":"TCS-EQ","exchange":"NSE","quantity":"0","t1quantity":"0","ltp":3500}`
	for name, body := range map[string]string{
		"getAllHolding": `{"holdings":[` + row + `,` + sold + `]}`,
		"getHolding":    `[` + row + `,` + sold + `]`, // the list itself
	} {
		ps, err := decodeHoldings([]byte(body), at)
		if err != nil || len(ps) != 1 {
			t.Fatalf("%s: %+v, %v", name, ps, err)
		}
		if p := ps[0]; p.Symbol.Ticker != "INFY" || !p.Units.Equal(d("3")) || !p.Price.Equal(d("1500.5")) || !p.MarketValue.Equal(d("4501.5")) {
			t.Errorf("%s: %+v", name, p)
		}
	}
	for _, body := range []string{`null`, `""`} {
		if ps, err := decodeHoldings([]byte(body), at); err != nil || len(ps) != 0 {
			t.Errorf("%s: %+v, %v", body, ps, err)
		}
	}
	for _, body := range []string{`{"holdings":[{"exchange":"NSE","quantity":"1"}]}`, `{"holdings":7}`} {
		if _, err := decodeHoldings([]byte(body), at); !errors.Is(err, integrations.ErrUnavailable) {
			t.Errorf("%s: %v, want the malformed error", body, err)
		}
	}
	// A success envelope without data is an empty answer.
	if data, err := decodeEnvelope([]byte(`{"status":true,"message":"SUCCESS","errorcode":""}`), at, false); err != nil || string(data) != "null" {
		t.Errorf("no data: %s, %v", data, err)
	}
}
