package dhan

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var read = brokertest.Fixture // testdata/name

var d = decimal.RequireFromString

var at = time.Date(2025, 6, 16, 14, 30, 0, 0, time.UTC)

// The documentation's samples, field by field.
func TestDecodeDocumentedSamples(t *testing.T) {
	p, err := decodeProfile(read(t, "profile.json"))
	if err != nil || p.ClientID != "1100003626" {
		t.Fatalf("profile = %+v, %v", p, err)
	}
	if v, ok := p.validity(); !ok || !v.Equal(time.Date(2025, 3, 30, 10, 7, 0, 0, time.UTC)) {
		t.Errorf("tokenValidity 30/03/2025 15:37 IST = %v %v", v, ok)
	}

	f, err := decodeFunds(read(t, "fundlimit.json"))
	if err != nil {
		t.Fatal(err)
	}
	b := balance(f, d("1000.5"))
	if !b.Cash.Equal(d("98440")) || !b.BuyingPower.Decimal.Equal(d("98440")) || !b.Total.Equal(d("99440.5")) || b.Currency != "INR" {
		t.Errorf("balance = %+v", b)
	}

	hs, err := decodeHoldings(read(t, "holdings.json"), at)
	if err != nil || len(hs) != 1 {
		t.Fatalf("holdings = %+v, %v", hs, err)
	}
	h := hs[0]
	// The documented sample carries no last price: the units stay, unpriced.
	if h.Symbol.Ticker != "HDFC" || h.Symbol.ISIN != "INE001A01036" || h.Symbol.Exchange != "NSE" || !h.Units.Equal(d("1000")) ||
		!h.PriceUnknown || !h.AverageCost.Decimal.Equal(d("2655")) || !h.CostBasis.Decimal.Equal(d("2655000")) {
		t.Errorf("holding = %+v", h)
	}

	ps, err := decodePositions(read(t, "positions.json"), at)
	if err != nil || len(ps) != 1 {
		t.Fatalf("positions = %+v, %v", ps, err)
	}
	if p := ps[0]; p.Symbol.Ticker != "TCS" || !p.Units.Equal(d("40")) || !p.AverageCost.Decimal.Equal(d("3215")) ||
		p.Symbol.Type != integrations.SecurityEquity || !p.PriceUnknown {
		t.Errorf("position = %+v", p)
	}

	th, err := decodeTrades(read(t, "trade_history.json"))
	if err != nil || len(th) != 1 {
		t.Fatalf("trade history = %+v, %v", th, err)
	}
	a := activity(th[0])
	if a.Type != integrations.ActivityBuy || a.TradeDate != "2022-12-30" || a.Symbol != "Tata Motors" || !a.Units.Equal(d("1")) ||
		!a.Price.Equal(d("390.9")) || !a.Fee.Equal(d("0.02")) || !a.Amount.Equal(d("-390.92")) || a.ID != "trade:NSE:2022-12-30:407958" {
		t.Errorf("history activity = %+v", a)
	}
	tb, err := decodeTrades(read(t, "trade_book.json"))
	if err != nil || len(tb) != 1 {
		t.Fatalf("trade book = %+v, %v", tb, err)
	}
	if a := activity(tb[0]); a.Type != integrations.ActivityBuy || a.TradeDate != "2021-11-25" || a.Symbol != "TCS" ||
		!a.Amount.Equal(d("-133832")) || !a.Fee.IsZero() {
		t.Errorf("trade book activity = %+v", a)
	}
}

func TestDecodeRefusesBrokenRows(t *testing.T) {
	brokertest.WantRefused(t, integrations.ErrUnavailable, map[string]func() error{
		"profile without id":    func() error { _, err := decodeProfile([]byte(`{"tokenValidity":"x"}`)); return err },
		"funds without balance": func() error { _, err := decodeFunds([]byte(`{"dhanClientId":"1"}`)); return err },
		"holding without qty":   func() error { _, err := decodeHoldings([]byte(`[{"tradingSymbol":"X"}]`), at); return err },
		"trade without date": func() error {
			_, err := decodeTrades([]byte(`[{"orderId":"1","transactionType":"BUY","tradedQuantity":1}]`))
			return err
		},
		"not a list": func() error { _, err := decodeTrades([]byte(`{}`)); return err },
	})
	if got, _ := decodeHoldings([]byte(`[{"tradingSymbol":"X","totalQty":0,"dpQty":0}]`), at); len(got) != 0 {
		t.Errorf("a sold-out holding was kept: %+v", got)
	}
}

// expiry without a JWT: the profile's tokenValidity (with or without
// seconds, India time), else the documented 24 hours from now.
func TestExpiryWithoutJWT(t *testing.T) {
	now := time.Date(2025, 3, 30, 4, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Time{
		"30/03/2025 15:37:05": time.Date(2025, 3, 30, 10, 7, 5, 0, time.UTC),
		"":                    now.Add(24 * time.Hour),
		"2025-03-30T15:37":    now.Add(24 * time.Hour),
	} {
		if got := expiry("opaque-token", wireProfile{TokenValidity: v}, now); !got.Equal(want) {
			t.Errorf("tokenValidity %q: expiry %v, want %v", v, got, want)
		}
	}
}

// Dhan's documented errors (the annexure's DH-9xx codes), by code first.
func TestMapStatus(t *testing.T) {
	body := func(code string) []byte {
		return []byte(`{"errorType":"x","errorCode":"` + code + `","errorMessage":"secret-ish text"}`)
	}
	h := http.Header{}
	brokertest.WantStatuses(t, func(status int, b []byte, login bool) error {
		return mapStatus(status, h, b, at, login)
	}, "secret-ish", []brokertest.StatusCase{
		{Status: 401, Body: body("DH-901"), Want: integrations.ErrReauthRequired},
		{Status: 400, Body: body("DH-901"), Login: true, Want: integrations.ErrInvalidCredentials},
		{Status: 401, Want: integrations.ErrReauthRequired},
		{Status: 403, Login: true, Want: integrations.ErrInvalidCredentials},
		{Status: 400, Body: body("DH-902"), Want: integrations.ErrNotSupported},
		{Status: 400, Body: body("DH-903"), Want: integrations.ErrNotSupported},
		{Status: 429, Want: integrations.ErrRateLimited},
		{Status: 400, Body: body("DH-904"), Want: integrations.ErrRateLimited},
		{Status: 400, Body: body("DH-905"), Want: integrations.ErrUnavailable},
		{Status: 500, Body: body("DH-908"), Want: integrations.ErrUnavailable},
		{Status: 502, Want: integrations.ErrUnavailable},
		{Status: 404, Want: integrations.ErrUnavailable},
		{Status: 200, Body: []byte(`<html>`), Want: integrations.ErrUnavailable}, // a success that is not Dhan's JSON
	}...)
	brokertest.WantWait(t, "429 without Retry-After waits", mapStatus(429, h, nil, at, false), time.Second)
}

func TestConsentRefusals(t *testing.T) {
	c := &consent{env: integrations.Env{Now: func() time.Time { return time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC) }}}
	answer := func(status int) *http.Response { return &http.Response{StatusCode: status, Header: http.Header{}} }
	// generate-consent: a refusal is the form's (answer it again); consumeApp-consent: the app registration's.
	if err := c.status(answer(http.StatusBadRequest), nil); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("generate-consent 400: %v", err)
	}
	if err := c.consumeStatus(answer(http.StatusBadRequest), nil); !errors.Is(err, integrations.ErrNeedsApp) {
		t.Errorf("consumeApp-consent 400: %v", err)
	}
	for _, refuse := range []func(*http.Response, []byte) error{c.status, c.consumeStatus} {
		if err := refuse(answer(http.StatusServiceUnavailable), nil); !errors.Is(err, integrations.ErrUnavailable) {
			t.Errorf("503: %v", err)
		}
		if err := refuse(answer(http.StatusTooManyRequests), nil); !errors.Is(err, integrations.ErrRateLimited) {
			t.Errorf("429: %v", err)
		}
	}
	// Nothing to paste before the browser login began.
	if err := c.paste("http://127.0.0.1:8715/callback?tokenId=x"); !errors.Is(err, integrations.ErrNotSupported) {
		t.Errorf("an early paste: %v", err)
	}
}
