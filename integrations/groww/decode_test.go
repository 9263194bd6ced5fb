package groww

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
	"github.com/latchkey/latchkey/integrations/indiakit"
)

var d = decimal.RequireFromString

func n(s string) num { return num{Decimal: d(s), Valid: true} }

var at = time.Date(2025, 6, 16, 14, 30, 0, 0, time.UTC)

func sample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// payload reads a documented sample and returns its envelope's payload.
func payload(t *testing.T, name string) json.RawMessage {
	t.Helper()
	raw, err := decodeEnvelope(sample(t, name), at, false)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return raw
}

// The documentation's samples, field by field.
func TestDecodeDocumentedSamples(t *testing.T) {
	tok, err := decodeToken(sample(t, "token.json"))
	if err != nil || tok.Token != "{ACCESS_TOKEN}" || tok.TokenRefID != "ref-123" || tok.SessionName != "my-session" ||
		tok.Expiry != "2024-07-01T12:34:56" || tok.IsActive == nil || !*tok.IsActive {
		t.Fatalf("token = %+v, %v", tok, err)
	}
	p, err := decodeProfile(payload(t, "user.json"))
	if err != nil || p.UCC != "924189" || p.VendorUserID != "d86890d1-c60d-4ebd-9730-4f451670" || !p.NSEEnabled || !p.BSEEnabled ||
		p.DDPIEnabled || len(p.ActiveSegments) != 3 || p.ActiveSegments[2] != "COMMODITY" {
		t.Errorf("profile = %+v, %v", p, err)
	}
	m, err := decodeMargin(payload(t, "margin.json"))
	if err != nil || !m.ClearCash.Decimal.Equal(d("5000")) || !m.NetMarginUsed.Decimal.Equal(d("35000")) ||
		!m.CollateralAvailable.Decimal.Equal(d("7000")) || !m.Equity.CNCBalanceAvailable.Decimal.Equal(d("9000")) {
		t.Fatalf("margin = %+v, %v", m, err)
	}
	if b := balance(m, d("1000.50")); !b.Cash.Equal(d("5000")) || !b.BuyingPower.Decimal.Equal(d("9000")) ||
		!b.Total.Equal(d("6000.50")) || b.Currency != "INR" {
		t.Errorf("balance = %+v", b)
	}
	hs, err := decodeHoldings(payload(t, "holdings.json"), at)
	if err != nil || len(hs) != 1 {
		t.Fatalf("holdings = %+v, %v", hs, err)
	}
	if h := hs[0]; h.Symbol.Ticker != "RELIANCE" || h.Symbol.ISIN != "INE545U01014" || !h.Units.Equal(d("10")) ||
		!h.AverageCost.Decimal.Equal(d("100")) || !h.CostBasis.Decimal.Equal(d("1000")) || !h.PriceUnknown ||
		h.Symbol.Type != integrations.SecurityEquity || h.Currency != "INR" || !h.AsOf.Equal(at) {
		t.Errorf("holding = %+v", h)
	}
	// The docs' CNC row: quantity 15 is 10 carried forward (the holdings'
	// shares) and the day's net buy of 5 (credit 10 − debit 5), which alone
	// it adds, at the day's buy price.
	ps, err := decodePositions(payload(t, "positions.json"), "CASH", at)
	if err != nil || len(ps) != 1 {
		t.Fatalf("positions = %+v, %v", ps, err)
	}
	if p := ps[0]; p.Symbol.Ticker != "RELIANCE" || p.Symbol.Description != "RELIANCE CNC" || p.Symbol.Exchange != "NSE" ||
		p.Symbol.ISIN != "INE123A01016" || !p.Units.Equal(d("5")) || !p.AverageCost.Decimal.Equal(d("12500")) || !p.PriceUnknown ||
		p.Symbol.Type != integrations.SecurityEquity {
		t.Errorf("position = %+v", p)
	}
	ltp, err := decodeLTP(payload(t, "ltp.json"))
	if err != nil || len(ltp) != 2 || !ltp["NSE_RELIANCE"].Decimal.Equal(d("2334.2")) || !ltp["BSE_SENSEX"].Decimal.Equal(d("73243.4")) {
		t.Fatalf("ltp = %+v, %v", ltp, err)
	}
	key, ok := ltpKey(hs[0])
	if h := withPrice(hs[0], ltp["NSE_RELIANCE"]); !ok || key != "CASH|NSE_RELIANCE" || h.PriceUnknown || !h.Price.Equal(d("2334.2")) ||
		!h.MarketValue.Equal(d("23342")) {
		t.Errorf("holding priced by %q: %+v", key, h)
	}
	ords, err := decodeOrders(payload(t, "orders.json"))
	if err != nil || len(ords) != 1 {
		t.Fatalf("orders = %+v, %v", ords, err)
	}
	if o := ords[0]; o.GrowwOrderID != "GMK39038RDT490CCVRO" || o.TradingSymbol != "WIPRO" || o.OrderStatus != "OPEN" ||
		!o.filled() || o.segment("FNO") != "CASH" || o.Exchange != "NSE" || o.Product != "CNC" || o.TransactionType != "BUY" {
		t.Errorf("order = %+v", o)
	}
	ts, err := decodeTrades(payload(t, "trades.json"))
	if err != nil || len(ts) != 1 {
		t.Fatalf("trades = %+v, %v", ts, err)
	}
	a := activity(ts[0], ords[0], "CASH")
	if a.ID != "fill:NSE:2024-08-24:TRADE123456" || a.Type != integrations.ActivityBuy || a.RawType != "BUY" || a.Symbol != "AAPL" ||
		!a.Units.Equal(d("100")) || !a.Price.Equal(d("2500")) || !a.Amount.Equal(d("-250000")) || a.TradeDate != "2024-08-24" ||
		a.Currency != "INR" || a.Description != "AAPL CNC on NSE" {
		t.Errorf("activity = %+v", a)
	}
}

// Every raw type is mapped: BUY and SELL (and B/S), anything else OTHER
// with its raw text kept; a trade without its own side, symbol or exchange
// takes its order's.
func TestActivityTypes(t *testing.T) {
	o := wireOrder{GrowwOrderID: "G1", TradingSymbol: "NIFTY25OCT24000CE", Exchange: "NSE", Segment: "FNO", Product: "NRML", TransactionType: "SELL"}
	for raw, want := range map[string]integrations.ActivityType{"BUY": integrations.ActivityBuy, "SELL": integrations.ActivitySell,
		"b": integrations.ActivityBuy, "S": integrations.ActivitySell, "AUCTION": integrations.ActivityOther} {
		tr := wireTrade{GrowwTradeID: "T1", TransactionType: raw, Quantity: n("75"), Price: n("2"),
			TradeDateTime: "2026-03-18T09:42:17+05:30"}
		a := activity(tr, o, "FNO")
		if a.Type != want || a.RawType == "" {
			t.Errorf("%s: %+v", raw, a)
		}
		if want == integrations.ActivitySell && !a.Units.Equal(d("-75")) {
			t.Errorf("%s: units %s", raw, a.Units)
		}
	}
	tr := wireTrade{ExchangeTradeID: "EX9", Quantity: n("1"), Price: n("3"),
		CreatedAt: "2026-03-17T23:50:00Z"}
	a := activity(tr, o, "FNO")
	if a.Type != integrations.ActivitySell || a.Symbol != o.TradingSymbol || a.ID != "fill:NSE:2026-03-18:EX9" || a.TradeDate != "2026-03-18" {
		t.Errorf("a trade named by its order: %+v", a)
	}
}

// A position row names its exchange; the list's segment says what it is:
// an F&O call an option, a future "other", MCX's commodity "other" on MCX;
// a closed position (quantity 0) is left out; a short's cost is its sell
// price when net_price is zero.
func TestDecodePositionsSegments(t *testing.T) {
	body := `{"positions":[
	{"trading_symbol":"NIFTY25OCT24000CE","exchange":"NSE","quantity":75,"net_price":142.5,"product":"NRML"},
	{"trading_symbol":"BANKNIFTY25OCTFUT","exchange":"NSE","segment":"FNO","quantity":30,"net_price":51200},
	{"trading_symbol":"SBIN","exchange":"NSE","quantity":-10,"net_price":0,"credit_price":800,"debit_price":812.4},
	{"trading_symbol":"ITC","exchange":"NSE","quantity":0}]}`
	ps, err := decodePositions([]byte(body), "FNO", at)
	if err != nil || len(ps) != 3 {
		t.Fatalf("%+v, %v", ps, err)
	}
	if ps[0].Symbol.Type != integrations.SecurityOption || ps[1].Symbol.Type != integrations.SecurityOther || ps[0].Symbol.Exchange != "NSE" {
		t.Errorf("F&O: %+v / %+v", ps[0].Symbol, ps[1].Symbol)
	}
	if !ps[2].AverageCost.Decimal.Equal(d("812.4")) || !ps[2].Units.Equal(d("-10")) {
		t.Errorf("short: %+v", ps[2])
	}
	mcx, err := decodePositions([]byte(`{"positions":[{"trading_symbol":"GOLDM26MARFUT","exchange":"MCX","quantity":1,"net_price":71250}]}`), "COMMODITY", at)
	if err != nil || len(mcx) != 1 || mcx[0].Symbol.Exchange != "MCX" || mcx[0].Symbol.Type != integrations.SecurityOther {
		t.Errorf("MCX: %+v, %v", mcx, err)
	}
	for _, bad := range []string{`{"positions":[{"exchange":"NSE","quantity":1}]}`, `{"positions":[{"trading_symbol":"X"}]}`, `[]`, `nope`} {
		if _, err := decodePositions([]byte(bad), "CASH", at); !errors.Is(err, integrations.ErrUnavailable) {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

// An ETF is told by its INF ISIN; a sold holding (quantity 0) is left out.
func TestDecodeHoldingsShapes(t *testing.T) {
	body := `{"holdings":[{"isin":"INF204KB14I2","trading_symbol":"NIFTYBEES","quantity":200,"average_price":212.35},
	{"isin":"INE467B01029","trading_symbol":"TCS","quantity":0,"average_price":3380}]}`
	hs, err := decodeHoldings([]byte(body), at)
	if err != nil || len(hs) != 1 || hs[0].Symbol.Type != integrations.SecurityETF || !hs[0].CostBasis.Decimal.Equal(d("42470")) {
		t.Fatalf("%+v, %v", hs, err)
	}
	if hs, err := decodeHoldings([]byte(`{"holdings":[]}`), at); err != nil || len(hs) != 0 {
		t.Errorf("none: %+v, %v", hs, err)
	}
	if _, err := decodeHoldings([]byte(`{"holdings":[{"isin":"X","quantity":1}]}`), at); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("a holding without a symbol: %v", err)
	}
}

// The envelope: a FAILURE is a refusal even in a 200; anything but SUCCESS
// or FAILURE is malformed; SUCCESS without a payload is null.
func TestEnvelope(t *testing.T) {
	if _, err := decodeEnvelope(sample(t, "error_ga001.json"), at, false); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("GA001: %v", err)
	}
	if _, err := decodeEnvelope([]byte(`{"status":"FAILURE","error":{"code":"GA005","message":"secret"}}`), at, false); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("GA005 after the login: %v", err)
	}
	for _, bad := range []string{`{}`, `[]`, `nope`, `{"status":"OK","payload":{}}`} {
		if _, err := decodeEnvelope([]byte(bad), at, false); !errors.Is(err, integrations.ErrUnavailable) {
			t.Errorf("%s: %v", bad, err)
		}
	}
	if raw, err := decodeEnvelope([]byte(`{"status":"SUCCESS"}`), at, false); err != nil || string(raw) != "null" {
		t.Errorf("no payload: %s, %v", raw, err)
	}
}

// The token answer: its own fields, or a payload's; no token, or one
// Groww says is not active, is refused.
func TestDecodeTokenShapes(t *testing.T) {
	if tok, err := decodeToken([]byte(`{"status":"SUCCESS","payload":{"token":"abc","expiry":"2026-03-19T06:00:00"}}`)); err != nil || tok.Token != "abc" {
		t.Errorf("enveloped: %+v, %v", tok, err)
	}
	if _, err := decodeToken([]byte(`{"token":"abc","isActive":false}`)); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("inactive: %v", err)
	}
	for _, bad := range []string{`{}`, `{"token":" "}`, `nope`} {
		if _, err := decodeToken([]byte(bad)); !errors.Is(err, integrations.ErrUnavailable) {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

// A token ends at the next 06:00 India time, or earlier when its expiry or
// its JWT's exp says so; an end already past or after 06:00 is ignored.
func TestTokenEnd(t *testing.T) {
	now := time.Date(2026, 3, 18, 20, 34, 5, 0, indiakit.IST)
	six := time.Date(2026, 3, 19, 6, 0, 0, 0, indiakit.IST)
	for name, c := range map[string]struct {
		expiry string
		want   time.Time
	}{
		"none":          {"", six},
		"earlier":       {"2026-03-19T01:00:00", time.Date(2026, 3, 19, 1, 0, 0, 0, indiakit.IST)},
		"later":         {"2026-03-20T06:00:00", six},
		"past":          {"2026-03-18T06:00:00", six},
		"with its zone": {"2026-03-18T21:00:00Z", time.Date(2026, 3, 19, 2, 30, 0, 0, indiakit.IST)},
	} {
		if got := tokenEnd("not-a-jwt", c.expiry, now); !got.Equal(c.want) {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
	}
}

func TestMapStatus(t *testing.T) {
	body := func(code string) []byte {
		return []byte(`{"status":"FAILURE","error":{"code":"` + code + `","message":"secret-ish","metadata":null}}`)
	}
	brokertest.WantStatuses(t, func(status int, b []byte, login bool) error {
		return mapStatus(status, http.Header{}, b, at, login)
	}, "secret-ish", []brokertest.StatusCase{
		{Status: 401, Body: body("GA005"), Want: integrations.ErrReauthRequired},
		{Status: 401, Want: integrations.ErrReauthRequired},
		{Status: 403, Want: integrations.ErrReauthRequired},
		{Status: 401, Body: body("GA005"), Login: true, Want: integrations.ErrInvalidCredentials},
		{Status: 200, Body: body("GA005"), Login: true, Want: integrations.ErrInvalidCredentials},
		{Status: 429, Want: integrations.ErrRateLimited},
		{Status: 500, Body: body("GA000"), Want: integrations.ErrUnavailable},
		{Status: 400, Body: body("GA003"), Want: integrations.ErrUnavailable},
		{Status: 503, Want: integrations.ErrUnavailable},
		{Status: 400, Body: body("GA001"), Want: integrations.ErrUnavailable},
		{Status: 404, Body: body("GA004"), Want: integrations.ErrUnavailable},
	}...)
	brokertest.WantStatuses(t, func(status int, b []byte, login bool) error {
		return mapToken(status, http.Header{}, b, at, login)
	}, "secret-ish", []brokertest.StatusCase{
		{Status: 401, Body: body("GA005"), Login: true, Want: integrations.ErrInvalidCredentials},
		{Status: 403, Login: true, Want: integrations.ErrInvalidCredentials},
		{Status: 400, Body: body("GA001"), Login: true, Want: integrations.ErrInvalidMFACode},
		{Status: 429, Login: true, Want: integrations.ErrRateLimited},
		{Status: 502, Login: true, Want: integrations.ErrUnavailable},
	}...)
	if err := mapStatus(400, nil, body("GA001"), at, false); err == nil || !strings.Contains(err.Error(), "GA001") {
		t.Errorf("an unmapped code is named: %v", err)
	}
}

// A position is priced in its own segment on its own exchange (a holding,
// which names none, on NSE); a price absent or not positive leaves it
// PriceUnknown.
func TestLTPKeys(t *testing.T) {
	body := `{"positions":[{"trading_symbol":"NIFTY25OCT24000CE","exchange":"NSE","quantity":75,"net_price":142.5},
	{"trading_symbol":"SBIN","exchange":"BSE","quantity":-10,"net_price":812.4}]}`
	fno, _ := decodePositions([]byte(body), "FNO", at)
	cash, _ := decodePositions([]byte(body), "CASH", at)
	mcx, _ := decodePositions([]byte(`{"positions":[{"trading_symbol":"GOLDM26MARFUT","exchange":"MCX","quantity":1}]}`), "COMMODITY", at)
	for want, p := range map[string]integrations.Position{"FNO|NSE_NIFTY25OCT24000CE": fno[0], "CASH|BSE_SBIN": cash[1],
		"COMMODITY|MCX_GOLDM26MARFUT": mcx[0]} {
		if got, ok := ltpKey(p); !ok || got != want {
			t.Errorf("%s: key %q", p.Symbol.Ticker, got)
		}
	}
	if p := withPrice(cash[1], n("0")); !p.PriceUnknown {
		t.Errorf("a zero price: %+v", p)
	}
	if p := withPrice(cash[1], n("800")); p.PriceUnknown || !p.MarketValue.Equal(d("-8000")) {
		t.Errorf("a short priced: %+v", p)
	}
}
