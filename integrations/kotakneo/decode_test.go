package kotakneo

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var d = decimal.RequireFromString

var at = time.Date(2025, 1, 22, 10, 0, 0, 0, time.UTC)

var read = brokertest.Fixture // testdata/name

// The documentation's samples (from the official SDK's docs/) decoded field
// by field; positions.json is built from the documented Positions
// Calculations (the docs' positions sample repeats the trade report's).
func TestDecodeDocumentedSamples(t *testing.T) {
	// The documented login answers have their tokens blanked: refused.
	for _, n := range []string{"totp_login.json", "totp_validate.json"} {
		if _, err := decodeSession(read(t, n), "View"); !errors.Is(err, integrations.ErrUnavailable) {
			t.Errorf("%s with a blank token: %v", n, err)
		}
	}
	filled := strings.Replace(strings.Replace(string(read(t, "totp_login.json")), `"token": ""`, `"token": "VIEW"`, 1), `"sid": ""`, `"sid": "S1"`, 1)
	if s, err := decodeSession([]byte(filled), "View"); err != nil || s.Token != "VIEW" || s.SID != "S1" {
		t.Errorf("view session = %+v, %v", s, err)
	}
	if _, err := decodeSession([]byte(filled), "Trade"); err == nil {
		t.Error("a View token was taken for a Trade token")
	}

	l, err := decodeLimits(read(t, "limits.json"))
	if err != nil {
		t.Fatal(err)
	}
	if b := balance(l, d("327.6")); !b.Cash.Equal(d("19.41")) || !b.Total.Equal(d("347.01")) || b.Currency != "INR" {
		t.Errorf("balance = %+v", b)
	}

	hs, err := decodeHoldings(read(t, "holdings.json"), at)
	if err != nil || len(hs) != 1 {
		t.Fatalf("holdings = %+v, %v", hs, err)
	}
	if h := hs[0]; h.Symbol.Ticker != "IDEA" || !h.Units.Equal(d("35")) || !h.Price.Equal(d("9.36")) || !h.MarketValue.Equal(d("327.6")) ||
		!h.AverageCost.Decimal.Equal(d("9.5699")) || h.Symbol.Exchange != "NSE" || h.Symbol.Type != integrations.SecurityEquity {
		t.Errorf("holding = %+v", h)
	}

	ps, err := decodePositions(read(t, "positions.json"), at)
	if err != nil || len(ps) != 3 {
		t.Fatalf("positions = %+v, %v (the squared-off one left out)", ps, err)
	}
	// net = (75+75) − (0+50) = 100; buy average = (10500+11250) / 150 = 145.
	if p := ps[0]; p.Symbol.Ticker != "NIFTY25JAN23500CE" || !p.Units.Equal(d("100")) || !p.AverageCost.Decimal.Equal(d("145")) ||
		p.Symbol.Type != integrations.SecurityOption || !p.PriceUnknown {
		t.Errorf("position = %+v", p)
	}
	// A delivery (CNC) row counts the day's fills only: IDEA's 35 carried
	// forward are the holdings' 35 (holdings.json), so the row adds the
	// day's 1 at 9.39 (the trade report's fill), not 36.
	if p := ps[1]; p.Symbol.Ticker != "IDEA" || !p.Units.Equal(d("1")) || !p.AverageCost.Decimal.Equal(d("9.39")) {
		t.Errorf("delivery position = %+v, want the day's 1 at 9.39", p)
	}
	// The current docs' CNC sample (AXISBANK, bought today, no carried
	// quantity): 9 at 5862.90 / 9.
	if p := ps[2]; p.Symbol.Ticker != "AXISBANK" || !p.Units.Equal(d("9")) || !p.AverageCost.Decimal.Equal(d("651.43")) ||
		p.Symbol.Type != integrations.SecurityEquity || p.Symbol.Exchange != "NSE" {
		t.Errorf("delivery position = %+v", p)
	}

	// The current SDK's positions sample (Kotak-Neo/kotak-neo-python
	// docs/functions/portfolio/positions.md, byte for byte): an NRML future,
	// 225 bought today and nothing carried; units are kept (not lots),
	// average 475200 / 225.
	ps, err = decodePositions(read(t, "positions_sdk.json"), at)
	if err != nil || len(ps) != 1 {
		t.Fatalf("SDK positions = %+v, %v", ps, err)
	}
	if p := ps[0]; p.Symbol.Ticker != "TCS26JULFUT" || !p.Units.Equal(d("225")) || !p.AverageCost.Decimal.Equal(d("2112")) ||
		p.Symbol.Type != integrations.SecurityOther || p.Symbol.Exchange != "NSE" {
		t.Errorf("SDK position = %+v", p)
	}

	ts, err := decodeTrades(read(t, "trades.json"))
	if err != nil || len(ts) == 0 {
		t.Fatalf("trades = %+v, %v", ts, err)
	}
	if a := activity(ts[0]); a.Type != integrations.ActivityBuy || a.Symbol != "IDEA" || a.TradeDate != "2025-01-22" ||
		!a.Units.Equal(d("1")) || !a.Price.Equal(d("9.39")) || !a.Amount.Equal(d("-9.39")) || a.ID != "fill:NSE:2025-01-22:207983744" {
		t.Errorf("activity = %+v", a)
	}
}

func TestRefusals(t *testing.T) {
	if _, err := decodeLimits([]byte(`{"stat":"Not_Ok","stCode":1005,"errMsg":"x"}`)); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("limits Not_Ok: %v", err)
	}
	if _, err := decodeTrades([]byte(`{"stat":"Not_Ok","stCode":5203,"errMsg":"x"}`)); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("trades Not_Ok: %v", err)
	}
	if rows, err := decodeTrades([]byte(`{"stat":"ok","stCode":200,"data":null}`)); err != nil || len(rows) != 0 {
		t.Errorf("no fills: %v %v", rows, err)
	}
	brokertest.WantStatuses(t, func(status int, b []byte, login bool) error {
		return mapStatus(status, http.Header{}, b, at, login)
	}, "", []brokertest.StatusCase{
		{Status: 401, Login: true, Want: integrations.ErrInvalidCredentials}, {Status: 400, Login: true, Want: integrations.ErrInvalidCredentials},
		{Status: 401, Want: integrations.ErrReauthRequired}, {Status: 403, Want: integrations.ErrReauthRequired},
		{Status: 429, Want: integrations.ErrRateLimited}, {Status: 502, Login: true, Want: integrations.ErrUnavailable}, {Status: 404, Want: integrations.ErrUnavailable},
	}...)
}

// The session's address must be Kotak's own (or the overridden login
// endpoint's host): the session token goes there.
func TestCheckBase(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://e21.kotaksecurities.com":          true,
		"https://e21.kotaksecurities.com/":         true,
		"http://e21.kotaksecurities.com":           false,
		"https://kotaksecurities.com.evil.example": false,
		"https://evil.example/kotaksecurities.com": false,
		"https://user@e21.kotaksecurities.com":     false,
		"":                                         false,
	} {
		if _, err := checkBase(raw, DefaultLoginURL); (err == nil) != ok {
			t.Errorf("checkBase(%q) = %v, want ok=%v", raw, err, ok)
		}
	}
	if _, err := checkBase("http://127.0.0.1:4567", "http://127.0.0.1:4567"); err != nil {
		t.Errorf("the overridden login host: %v", err)
	}
	if _, err := checkBase("http://127.0.0.1:9999", "http://127.0.0.1:4567"); err == nil {
		t.Error("another loopback port was accepted")
	}
}

func TestMobile(t *testing.T) {
	brokertest.WantMapped(t, "mobile", mobile, map[string]string{"9999996708": "+919999996708", "+91 99999 96708": "+919999996708", "09999996708": "+919999996708"})
}

func TestSessionEnd(t *testing.T) {
	now := time.Date(2025, 6, 16, 14, 30, 0, 0, time.UTC) // 20:00 India time
	if got := sessionEnd("not-a-jwt", now); !got.Equal(time.Date(2025, 6, 16, 18, 30, 0, 0, time.UTC)) {
		t.Errorf("without a JWT the session ends at %v, want midnight India time", got)
	}
}

func TestDecodeSession(t *testing.T) {
	ok := `{"data":{"token":"tok","sid":"sid","kType":"Trade","status":"success","baseUrl":"https://e21.kotaksecurities.com"}}`
	if s, err := decodeSession([]byte(ok), "Trade"); err != nil || s.Token != "tok" || s.SID != "sid" || s.BaseURL != "https://e21.kotaksecurities.com" {
		t.Fatalf("trade session: %+v, %v", s, err)
	}
	for name, body := range map[string]string{
		"not JSON":             `<html>`,
		"no data":              `{"message":"ok"}`,
		"no sid":               `{"data":{"token":"tok","kType":"Trade","status":"success","baseUrl":"https://e21.kotaksecurities.com"}}`,
		"a failed status":      `{"data":{"token":"tok","sid":"sid","kType":"Trade","status":"failed","baseUrl":"https://e21.kotaksecurities.com"}}`,
		"a view token":         `{"data":{"token":"tok","sid":"sid","kType":"View","status":"success","baseUrl":"https://e21.kotaksecurities.com"}}`,
		"a trade without base": `{"data":{"token":"tok","sid":"sid","kType":"Trade","status":"success"}}`,
	} {
		if _, err := decodeSession([]byte(body), "Trade"); !errors.Is(err, integrations.ErrUnavailable) {
			t.Errorf("%s: %v, want the malformed error", name, err)
		}
	}
	// The view session (the first step) needs no base URL.
	if _, err := decodeSession([]byte(`{"data":{"token":"tok","sid":"sid","kType":"View","status":"success"}}`), "View"); err != nil {
		t.Errorf("view session: %v", err)
	}
}

// The login form is checked before any request: the access token, mobile
// number and UCC are required, the MPIN is digits, the TOTP six digits.
func TestLogInForm(t *testing.T) {
	form := func(field, value string) func() error {
		v := map[string]string{FieldToken: "access-token", FieldUCC: "ab123", FieldMobile: "9999996708", FieldTOTP: "123456", FieldMPIN: "1234", field: value}
		return func() error { _, err := logIn(t.Context(), integrations.Env{}, v); return err }
	}
	brokertest.WantRefused(t, integrations.ErrInvalidCredentials, map[string]func() error{
		"a short access token": form(FieldToken, "short"), "no UCC": form(FieldUCC, " "), "a short mobile number": form(FieldMobile, "123"),
		"an MPIN with a letter": form(FieldMPIN, "12a4"), "no MPIN": form(FieldMPIN, ""),
	})
	brokertest.WantRefused(t, integrations.ErrInvalidMFACode, map[string]func() error{"a 5-digit TOTP": form(FieldTOTP, "12345")})
}

// A sold holding (quantity 0) is left out, even with a market value; one
// without its symbol makes the answer malformed.
func TestSoldHolding(t *testing.T) {
	ps, err := decodeHoldings([]byte(`{"data":[{"displaySymbol":"IDEA","symbol":"IDEA","quantity":0,"mktValue":12.5,"exchangeSegment":"nse_cm"},`+
		`{"displaySymbol":"TCS","symbol":"TCS","quantity":2,"closingPrice":4100,"exchangeSegment":"nse_cm"}]}`), at)
	if err != nil || len(ps) != 1 || ps[0].Symbol.Ticker != "TCS" {
		t.Errorf("decodeHoldings = %+v, %v", ps, err)
	}
	if _, err := decodeHoldings([]byte(`{"data":[{"quantity":2}]}`), at); !errors.Is(err, errMalformed) {
		t.Errorf("a holding without its symbol: %v", err)
	}
}
