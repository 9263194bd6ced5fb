package webull

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// TestSignatureDocumentedExample reproduces the worked example of Webull's
// Signature page (developer.webull.com/apis/docs/authentication/signature),
// and signs it as the Java SDK does (DefaultSignatureComposer.getSign:
// HMAC-SHA256, SHA-256 body digest); the SHA-256 want values were computed
// with the Python SDK's composer steps (default_signature_composer.py with
// sha_hmac256_new).
func TestSignatureDocumentedExample(t *testing.T) {
	for _, c := range []struct {
		name, algorithm, encoded, signature string
	}{
		{"the page's HMAC-SHA1", "", "%2Ftrade%2Fplace_order%26a1%3Dwebull%26a2%3D123%26a3%3Dxxx%26host%3Dapi.webull.com%26q1%3Dyyy%26x-app-key%3D776da210ab4a452795d74e726ebd74b6%26x-signature-algorithm%3DHMAC-SHA1%26x-signature-nonce%3D48ef5afed43d4d91ae514aaeafbc29ba%26x-signature-version%3D1.0%26x-timestamp%3D2022-01-04T03%3A55%3A31Z%26E296C96787E1A309691CEF3692F5EEDD", "kvlS6opdZDhEBo5jq40nHYXaLvM="},
		{"the SDKs' HMAC-SHA256", SigAlgorithmSHA256, "%2Ftrade%2Fplace_order%26a1%3Dwebull%26a2%3D123%26a3%3Dxxx%26host%3Dapi.webull.com%26q1%3Dyyy%26x-app-key%3D776da210ab4a452795d74e726ebd74b6%26x-signature-algorithm%3DHMAC-SHA256%26x-signature-nonce%3D48ef5afed43d4d91ae514aaeafbc29ba%26x-signature-version%3D1.0%26x-timestamp%3D2022-01-04T03%3A55%3A31Z%2608B9F294222127D6BA471D2A53634393B4FB8E8F038B09183AF6B2164F610C08", "WmKFpDtQMSUhCYjmgA66EX5dQo+pS4qOwu3Kl0tb6KU="},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := SignInput{
				Path:      "/trade/place_order",
				Query:     url.Values{"a1": {"webull"}, "a2": {"123"}, "a3": {"xxx"}, "q1": {"yyy"}},
				Body:      []byte(`{"k1":123,"k2":"this is the api request body","k3":true,"k4":{"foo":[1,2]}}`),
				Host:      "api.webull.com",
				AppKey:    "776da210ab4a452795d74e726ebd74b6",
				Timestamp: "2022-01-04T03:55:31Z",
				Nonce:     "48ef5afed43d4d91ae514aaeafbc29ba",
				Algorithm: c.algorithm,
			}
			if got := SignString(in); got != c.encoded {
				t.Errorf("SignString:\n got %s\nwant %s", got, c.encoded)
			}
			if got := Signature(in, "0f50a2e853334a9aae1a783bee120c1f"); got != c.signature {
				t.Errorf("Signature = %s, want %s", got, c.signature)
			}
		})
	}
}

func TestSignatureRules(t *testing.T) {
	base := SignInput{Path: "/account/balance", Host: "api.webull.com", AppKey: "k", Timestamp: "2022-01-04T03:55:31Z", Nonce: "n"}
	noBody := SignString(base)
	withSpace := base
	withSpace.Query = url.Values{"q": {"a b"}}
	if s := SignString(withSpace); !strings.Contains(s, "q%3Da%20b") {
		t.Errorf("a space must encode as %%20: %s", s)
	}
	repeated := base
	repeated.Query = url.Values{"name1": {"value3", "value1", "value2"}}
	if s := SignString(repeated); !strings.Contains(s, "name1%3Dvalue1%26value2%26value3") {
		t.Errorf("repeated values must be sorted and joined with &: %s", s)
	}
	if strings.Contains(noBody, "%26%26") || noBody[len(noBody)-3:] == "%26" {
		t.Errorf("no body must add no digest: %s", noBody)
	}
}

var fixture = brokertest.Fixture // testdata/name

var eq = brokertest.EqualDecimal // got equals want's text

func TestDecodeBalanceDocumented(t *testing.T) {
	bals, err := decodeBalance(fixture(t, "balance.json"), true)
	if err != nil {
		t.Fatal(err)
	}
	if len(bals) != 1 || bals[0].Currency != "USD" {
		t.Fatalf("balances = %+v", bals)
	}
	brokertest.Match(t, "bals[0]", bals[0], integrations.Balance{Cash: brokertest.Dec("305600889.30"),
		Total: brokertest.Dec("458809435.44"), BuyingPower: brokertest.NullDec("305587431.94")})
}

func TestDecodePositionsDocumented(t *testing.T) {
	asOf := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
	pos, more, last, err := decodePositions(fixture(t, "positions.json"), asOf)
	if err != nil {
		t.Fatal(err)
	}
	if !more || last != "913256135" || len(pos) != 1 { // has_next "true": a String in Java AccountPositions
		t.Fatalf("more=%v last=%q n=%d", more, last, len(pos))
	}
	p := pos[0]
	if p.Symbol.Ticker != "AAPL" || p.Symbol.Type != integrations.SecurityEquity || p.Currency != "USD" || !p.AsOf.Equal(asOf) {
		t.Errorf("position = %+v", p)
	}
	// Units: a JSON number
	brokertest.Match(t, "p", p, integrations.Position{Units: brokertest.Dec("11000.0"), Price: brokertest.Dec("52.250"),
		MarketValue: brokertest.Dec("574750.00"), AverageCost: brokertest.NullDec("9.54"),
		CostBasis: brokertest.NullDec("105006.00")})
}

func TestDecodeSubscriptionsDocumented(t *testing.T) {
	subs, err := decodeSubscriptions(fixture(t, "subscriptions.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 1 || subs[0].UserID != "1111702234" || subs[0].AccountID != "QJHO3P1PR9425Q6UAT7QLJTEKB" {
		t.Fatalf("subscriptions = %+v", subs)
	}
	a := account(subs[0], wireProfile{AccountNumber: "5MV06064", AccountType: "MARGIN", AccountStatus: "NORMAL"})
	brokertest.Match(t, "account", a, integrations.Account{Number: "••••6064", Status: "open",
		Category: integrations.CategoryInvestment})
}

// TestDecodeOrders reads testdata/orders.json: the reply of GET
// /openapi/trade/order/history as the SDKs parse it (a bare array of Java
// v2.OrderHistory, each with its NOrderItem orders), with the example
// values of the order-history reference page.
func TestDecodeOrders(t *testing.T) {
	acts, n, last, err := decodeOrders(fixture(t, "orders.json"))
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 || last != "THI82O5JB7MQ2K76LL5FSDS2CD" {
		t.Errorf("entries=%d last=%q", n, last)
	}
	if len(acts) != 2 {
		t.Fatalf("want the two filled orders (the cancelled one skipped), got %d activities", len(acts))
	}
	a := acts[0]
	brokertest.Match(t, "activity", a, integrations.Activity{ID: "0352U72LQI6DT0KF41GK000000",
		Type: integrations.ActivityBuy, RawType: "BUY", TradeDate: "2023-05-04", Symbol: "AAPL", Currency: "USD",
		Units: brokertest.Dec("100"), Price: brokertest.Dec("195.42"), Amount: brokertest.Dec("-19542.00"),
		Fee: brokertest.Dec("0.00")})

	o := acts[1]
	// Fee: ORF + SEC
	// Amount: 2 × 3.15 × 100 − 1.12
	brokertest.Match(t, "option activity", o, integrations.Activity{ID: "0352U72LQI6DT0KF41GK000002",
		Type: integrations.ActivitySell, TradeDate: "2023-05-08", Units: brokertest.Dec("-2"),
		Price: brokertest.Dec("3.15"), Fee: brokertest.Dec("1.12"), Amount: brokertest.Dec("628.88")})
}

// TestDecodeOrdersDeprecatedItems: entries that still carry their orders in
// the deprecated items list (v2.OrderHistory getItems) and only the
// deprecated quantity and option_contract_multiplier are read alike.
func TestDecodeOrdersDeprecatedItems(t *testing.T) {
	b := []byte(`[{"client_order_id":"c1","items":[{"order_id":"o1","symbol":"AAPL","side":"BUY","status":"FILLED",
		"instrument_type":"OPTION","quantity":"1","filled_quantity":"1","filled_price":"2.5","option_contract_multiplier":"10",
		"filled_time_at":"2024-01-02T15:00:00Z"}]}]`)
	acts, n, last, err := decodeOrders(b)
	if err != nil || n != 1 || last != "c1" || len(acts) != 1 {
		t.Fatalf("acts=%v n=%d last=%q err=%v", acts, n, last, err)
	}
	eq(t, "amount", acts[0].Amount, "-25.0")
}

// TestOrderTimes: a fill's date is its New York date, read from
// filled_time_at, else filled_time (Unix milliseconds), else the place
// times.
func TestOrderTimes(t *testing.T) {
	for _, c := range []struct{ item, want string }{
		{`"filled_time_at":"2024-03-05T01:40:00.000Z"`, "2024-03-04"}, // 20:40 in New York
		{`"filled_time":"1709602800000"`, "2024-03-04"},               // 2024-03-05T01:40:00Z
		{`"filled_time":1709602800000`, "2024-03-04"},                 // as a JSON number
		{`"place_time_at":"2024-03-05T15:00:00Z"`, "2024-03-05"},
		{`"filled_time_at":"2024-03-05 09:31:00"`, "2024-03-05"}, // New York time
	} {
		b := []byte(`[{"client_order_id":"c","orders":[{"order_id":"o","symbol":"X","side":"BUY","filled_quantity":"1","filled_price":"1",` + c.item + `}]}]`)
		acts, _, _, err := decodeOrders(b)
		if err != nil || len(acts) != 1 {
			t.Fatalf("%s: %v %v", c.item, acts, err)
		}
		if string(acts[0].TradeDate) != c.want {
			t.Errorf("%s: trade date %s, want %s", c.item, acts[0].TradeDate, c.want)
		}
	}
	b := []byte(`[{"client_order_id":"c","orders":[{"order_id":"o","symbol":"X","side":"BUY","filled_quantity":"1","filled_price":"1"}]}]`)
	if _, _, _, err := decodeOrders(b); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("a fill without any time: %v", err)
	}
}

// TestActivityTypeMapping: each side's type and signs; a side Webull does
// not document moves no cash that can be told (integrations.Traded).
func TestActivityTypeMapping(t *testing.T) {
	for side, want := range map[string]struct {
		typ           integrations.ActivityType
		units, amount string
	}{
		"BUY": {integrations.ActivityBuy, "2", "-3"}, "SELL": {integrations.ActivitySell, "-2", "3"},
		"SHORT": {integrations.ActivitySell, "-2", "3"}, "EXERCISE": {integrations.ActivityOther, "2", "0"},
	} {
		b := []byte(`[{"client_order_id":"c1","orders":[{"order_id":"o1","side":"` + side +
			`","symbol":"X","filled_quantity":"2","filled_price":"1.5","filled_time_at":"2024-01-02T15:00:00.000Z"}]}]`)
		acts, _, _, err := decodeOrders(b)
		if err != nil || len(acts) != 1 {
			t.Fatalf("%s: %v %v", side, acts, err)
		}
		a := acts[0]
		if a.Type != want.typ || a.RawType != side || !a.Units.Equal(brokertest.Dec(want.units)) || !a.Amount.Equal(brokertest.Dec(want.amount)) {
			t.Errorf("%s → %s (raw %s) units %s amount %s, want %+v", side, a.Type, a.RawType, a.Units, a.Amount, want)
		}
	}
}

// TestOrderHistoryIsAnArray: the object envelope Latchkey used to expect
// ({"has_next", "orders"}) is not the SDKs' reply.
func TestOrderHistoryIsAnArray(t *testing.T) {
	if _, _, _, err := decodeOrders([]byte(`{"has_next":false,"orders":[]}`)); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("an object reply: %v, want ErrUnavailable", err)
	}
	if _, n, _, err := decodeOrders([]byte(`[]`)); err != nil || n != 0 {
		t.Errorf("an empty page: n=%d err=%v", n, err)
	}
}

func TestDecodeConfig(t *testing.T) {
	on, err := decodeConfig(fixture(t, "config.json"))
	if err != nil || !on {
		t.Errorf("config.json: %v %v", on, err)
	}
	if on, err := decodeConfig([]byte(`{}`)); err != nil || on {
		t.Errorf("no token_check_enabled means no token: %v %v", on, err)
	}
}

func TestDecodeMalformed(t *testing.T) {
	for _, b := range []string{`<html>`, `{"holdings":[{"symbol":"A","instrument_id":"1","qty":"x","last_price":"1","market_value":"1"}]}`,
		`{"has_next":true,"holdings":[]}`} {
		if _, _, _, err := decodePositions([]byte(b), time.Time{}); !errors.Is(err, integrations.ErrUnavailable) {
			t.Errorf("%s: %v", b, err)
		}
	}
	if _, err := decodeToken([]byte(`{"status":"NORMAL"}`)); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("a NORMAL token without a token: %v", err)
	}
}
