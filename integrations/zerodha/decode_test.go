package zerodha

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

var fixture = brokertest.Fixture // testdata/name

// data returns the "data" of a fixture's success envelope.
func data(t *testing.T, name string) json.RawMessage {
	t.Helper()
	var env struct {
		Status string          `json:"status"`
		Data   json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(fixture(t, name), &env); err != nil || env.Status != "success" {
		t.Fatalf("%s: %v", name, err)
	}
	return env.Data
}

var eq = brokertest.EqualDecimal // got equals want's text

var asOf = time.Date(2025, 6, 16, 14, 30, 0, 0, time.UTC)

// The checksum is SHA-256 over api_key + request_token + api_secret: with
// "a", "b" and "c" it is the FIPS 180-2 test vector of "abc".
func TestChecksum(t *testing.T) {
	if got := Checksum("a", "b", "c"); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("Checksum = %s", got)
	}
	if Checksum("ab", "", "c") != Checksum("a", "b", "c") {
		t.Errorf("the checksum is not over the plain concatenation")
	}
}

// kiteconnect-mocks' generate_session.json.
func TestFixtureSession(t *testing.T) {
	s, err := decodeSession(data(t, "generate_session.json"))
	if err != nil || s.UserID != "XX0000" || s.AccessToken != "XXXXXX" || s.LoginTime != "2021-01-01 16:15:14" || len(s.Exchanges) != 8 {
		t.Fatalf("%+v %v", s, err)
	}
	if _, err := decodeSession(json.RawMessage(`{"user_id":"X"}`)); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("a session without an access token: %v", err)
	}
}

// kiteconnect-mocks' user_profile.json: MCX is enabled.
func TestFixtureProfile(t *testing.T) {
	p, err := decodeProfile(data(t, "user_profile.json"))
	if err != nil {
		t.Fatal(err)
	}
	accts := accounts(p.UserID, p.Exchanges)
	if len(accts) != 2 || accts[0].ID != "AB1234-equity" || accts[1].ID != "AB1234-commodity" || accts[0].Number != "••••1234" {
		t.Errorf("%+v", accts)
	}
}

// kiteconnect-mocks' user_margins.json; the float artefact of "net"
// (99725.05000000002) is Kite's own.
func TestFixtureMargins(t *testing.T) {
	m, err := decodeMargins(data(t, "user_margins.json"), segEquity)
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "cash", m.Available.Cash.Decimal, "245431.6")
	eq(t, "net", m.Net.Decimal, "99725.05000000002")
	eq(t, "net in paise", m.Net.Decimal.Round(2), "99725.05")
	c, err := decodeMargins(data(t, "user_margins.json"), segCommodity)
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "commodity cash", c.Available.Cash.Decimal, "100661.7")
	// GET /user/margins/:segment answers the segment object itself.
	seg, _ := json.Marshal(map[string]any{"enabled": true, "net": json.Number("10.5"), "available": map[string]any{"cash": json.Number("12")}})
	m, err = decodeMargins(seg, segEquity)
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "segment net", m.Net.Decimal, "10.5")
}

// kiteconnect-mocks' holdings.json: shares bought yesterday sit in
// t1_quantity (RELIANCE: quantity 0, t1_quantity 2).
func TestFixtureHoldings(t *testing.T) {
	pos, err := decodeHoldings(data(t, "holdings.json"), asOf)
	if err != nil || len(pos) != 5 {
		t.Fatalf("%d holdings, %v", len(pos), err)
	}
	byTicker := map[string]integrations.Position{}
	for _, p := range pos {
		byTicker[p.Symbol.Ticker] = p
	}
	rel := byTicker["RELIANCE"]
	brokertest.Match(t, "rel", rel, integrations.Position{Units: brokertest.Dec("2"), MarketValue: brokertest.Dec("4428")})
	sbin := byTicker["SBIN"]
	brokertest.Match(t, "sbin", sbin, integrations.Position{Units: brokertest.Dec("18"),
		MarketValue: brokertest.Dec("7684.2"), CostBasis: brokertest.NullDec("7722")})
	jp := byTicker["JPPOWER"]
	brokertest.Match(t, "jp", jp, integrations.Position{AverageCost: brokertest.NullDec("3.216667"),
		CostBasis: brokertest.NullDec("19.3")})
	if byTicker["GOLDBEES"].Symbol.Type != integrations.SecurityETF || sbin.Symbol.Type != integrations.SecurityEquity ||
		sbin.Symbol.ISIN != "INE062A01020" || sbin.Symbol.Exchange != "BSE" || sbin.Currency != "INR" {
		t.Errorf("types: %+v %+v", byTicker["GOLDBEES"].Symbol, sbin.Symbol)
	}
}

// kiteconnect-mocks' mf_orders.json (rejected and open orders: not
// activities) with a completed SIP instalment added.
func TestFixtureMFOrders(t *testing.T) {
	orders, err := decodeMFOrders(data(t, "mf_orders.json"))
	if err != nil || len(orders) != 3 {
		t.Fatalf("%d orders, %v", len(orders), err)
	}
	var acts []integrations.Activity
	for _, o := range orders {
		if a, ok := mfActivity(o); ok {
			acts = append(acts, a)
		}
	}
	if len(acts) != 1 {
		t.Fatalf("%d activities, want the one completed order", len(acts))
	}
	a := acts[0]
	brokertest.Match(t, "a", a, integrations.Activity{ID: "mf:9b0e7c1a-2f9b-4b2e-a7f1-5d3c2c1b0a99",
		Type: integrations.ActivityBuy, RawType: "MF_BUY", TradeDate: "2021-06-29", Symbol: "INF179K01VY8",
		Description: "HDFC Balanced Advantage Fund - Direct Plan (sip)", Units: brokertest.Dec("163.601"),
		Price: brokertest.Dec("30.5621"), Amount: brokertest.Dec("-5000")})
}

func TestFixtureTrades(t *testing.T) {
	rows, err := decodeTrades(data(t, "trades.json"))
	if err != nil || len(rows) != 2 {
		t.Fatalf("%v %v", rows, err)
	}
	buy, sell := tradeActivity(rows[0]), tradeActivity(rows[1])
	brokertest.Match(t, "buy", buy, integrations.Activity{ID: "trade:NSE:2021-05-31:10000000",
		Type: integrations.ActivityBuy, TradeDate: "2021-05-31", Amount: brokertest.Dec("-420.65")})
	if sell.Type != integrations.ActivitySell || !indiakit.IsCommodity(rows[1].Exchange) {
		t.Errorf("%+v", sell)
	}
	brokertest.Match(t, "sell", sell, integrations.Activity{Units: brokertest.Dec("-1"), Amount: brokertest.Dec("48735")})
}

func TestPositionsSplit(t *testing.T) {
	raw := json.RawMessage(`{"net":[
	{"tradingsymbol":"NIFTY25JUN24500CE","exchange":"NFO","product":"NRML","quantity":75,"multiplier":1,"average_price":98.1,"last_price":112.4},
	{"tradingsymbol":"CRUDEOILM25JULFUT","exchange":"MCX","product":"NRML","quantity":10,"multiplier":10,"average_price":5412,"last_price":5468},
	{"tradingsymbol":"SBIN","exchange":"NSE","product":"MIS","quantity":0,"multiplier":1,"average_price":0,"last_price":812.25}],"day":[]}`)
	eqp, err := decodePositions(raw, segEquity, asOf)
	if err != nil || len(eqp) != 1 || eqp[0].Symbol.Type != integrations.SecurityOption {
		t.Fatalf("%+v %v", eqp, err)
	}
	eq(t, "option value", eqp[0].MarketValue, "8430")
	com, err := decodePositions(raw, segCommodity, asOf)
	if err != nil || len(com) != 1 || com[0].Symbol.Type != integrations.SecurityOther {
		t.Fatalf("%+v %v", com, err)
	}
	eq(t, "future value", com[0].MarketValue, "546800") // 10 lots × 5468 × multiplier 10
}

// A CNC row carrying the holdings' SBIN overnight (positions_carried.json:
// the mocks' SBIN net row made CNC, overnight_quantity 7 — the holdings
// mock's t1_quantity — and 1 bought today at 308.4) adds the day's 1 at
// day_buy_price, not 8 at the blended average_price.
func TestDeliveryPositionCountsTheDay(t *testing.T) {
	var w struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(fixture(t, "positions_carried.json"), &w); err != nil {
		t.Fatal(err)
	}
	ps, err := decodePositions(w.Data, segEquity, asOf)
	if err != nil || len(ps) != 1 {
		t.Fatalf("%+v %v", ps, err)
	}
	if p := ps[0]; p.Symbol.Ticker != "SBIN" || !p.Units.Equal(brokertest.Dec("1")) || !p.AverageCost.Decimal.Equal(brokertest.Dec("308.4")) {
		t.Errorf("delivery position = %+v, want the day's 1 at 308.4", p)
	}
}

func TestErrorMapping(t *testing.T) {
	resp := &http.Response{StatusCode: 403, Header: http.Header{}}
	if err := mapStatus(resp.StatusCode, resp.Header, fixture(t, "token_exception.json"), time.Now(), false); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("403 TokenException: %v", err)
	}
	if err := mapStatus(resp.StatusCode, resp.Header, fixture(t, "token_exception.json"), time.Now(), true); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("403 TokenException at login: %v", err)
	}
	if err := mapStatus(resp.StatusCode, resp.Header, []byte(`{"status":"error","message":"x","error_type":"PermissionException"}`), time.Now(), false); !errors.Is(err, errPermission) {
		t.Errorf("PermissionException: %v", err)
	}
	resp.StatusCode = 429
	brokertest.WantWait(t, "429", mapStatus(resp.StatusCode, resp.Header, nil, time.Now(), false), time.Second)
	resp.StatusCode = 502
	if err := mapStatus(resp.StatusCode, resp.Header, []byte("<html>bad gateway</html>"), time.Now(), false); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("502: %v", err)
	}
	resp.StatusCode = 200
	if err := mapStatus(resp.StatusCode, resp.Header, []byte(`{"status":"error"}`), time.Now(), false); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("200 error without a type: %v", err)
	}
}

// Kite's login URL carries the flow's state in redirect_params.
func TestKiteLoginURL(t *testing.T) {
	in := "https://kite.zerodha.com/connect/login?client_id=k&redirect_uri=http%3A%2F%2F127.0.0.1%3A8712%2Fcallback&response_type=code&state=S7a-_b&v=3&api_key=k"
	u, err := url.Parse(kiteLoginURL(in, "k"))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if q.Get("v") != "3" || q.Get("api_key") != "k" || q.Get("redirect_params") != "state=S7a-_b" ||
		q.Get("state") != "" || q.Get("client_id") != "" || q.Get("response_type") != "" ||
		q.Get("redirect_uri") != "http://127.0.0.1:8712/callback" || u.Path != "/connect/login" {
		t.Errorf("%s", u)
	}
}

func TestSessionEnd(t *testing.T) {
	for in, want := range map[string]string{
		"2025-06-16T14:30:00Z": "2025-06-17T00:30:00Z", // 20:00 IST → 06:00 IST next day
		"2025-06-16T00:00:00Z": "2025-06-16T00:30:00Z", // 05:30 IST → 06:00 the same morning
		"2025-06-16T00:30:00Z": "2025-06-17T00:30:00Z", // 06:00 IST exactly → the next day's
	} {
		at, _ := time.Parse(time.RFC3339, in)
		if got := SessionEnd(at).Format(time.RFC3339); got != want {
			t.Errorf("SessionEnd(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestErrorTypesOfBothSDKs: gokiteconnect (errors.go) names the permission
// error "PermissionError" where pykiteconnect and the docs say
// "PermissionException"; both are the app's missing permission. A 403
// without an error type is a TokenException (GetErrorName), and every
// other refusal still matches a documented sentinel.
func TestErrorTypesOfBothSDKs(t *testing.T) {
	now := time.Now()
	for _, et := range []string{"PermissionException", "PermissionError"} {
		body := []byte(`{"status":"error","message":"x","error_type":"` + et + `"}`)
		if err := mapStatus(403, nil, body, now, false); !errors.Is(err, errPermission) || !errors.Is(err, integrations.ErrNotSupported) {
			t.Errorf("%s: %v", et, err)
		}
	}
	if err := mapStatus(403, nil, []byte(`<html>forbidden</html>`), now, false); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("403 without a type: %v", err)
	}
	for _, et := range []string{"UserException", "OrderException", "GeneralException", "TwoFAException"} {
		body := []byte(`{"status":"error","message":"x","error_type":"` + et + `"}`)
		if err := mapStatus(400, nil, body, now, false); !errors.Is(err, integrations.ErrUnavailable) {
			t.Errorf("%s: %v; want a documented sentinel", et, err)
		}
	}
}

// A position without its trading symbol makes the answer malformed.
func TestPositionWithoutSymbol(t *testing.T) {
	brokertest.WantRefused(t, errMalformed, map[string]func() error{
		"a net position without tradingsymbol": func() error {
			_, err := decodePositions([]byte(`{"net":[{"exchange":"NSE","quantity":1}]}`), segEquity, time.Now())
			return err
		},
	})
}

// Kite's envelope: an answer that is not JSON, or whose status is neither
// success nor error, or that carries no data, is malformed; a fill time that
// is not Kite's date and time has no date.
func TestOddEnvelopes(t *testing.T) {
	at := time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC)
	for _, b := range []string{`<html>`, `{"status":"pending","data":{}}`, `{"status":"success"}`} {
		if _, err := decodeEnvelope([]byte(b), false, at); !errors.Is(err, errMalformed) {
			t.Errorf("decodeEnvelope(%s) = %v, want errMalformed", b, err)
		}
	}
	for _, s := range []string{"2025-06-16 9:42", "16-06-2025", "2025-06-16T09:42:17"} {
		if d, ok := kiteDate(s); ok {
			t.Errorf("kiteDate(%q) = %q", s, d)
		}
	}
	if got := kiteLoginURL("%zz", "key"); got != "%zz" {
		t.Errorf("kiteLoginURL of a broken URL = %q", got)
	}
}
