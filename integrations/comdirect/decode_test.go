package comdirect

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

var at = time.Date(2026, 3, 18, 15, 0, 0, 0, time.UTC)

var read = brokertest.Fixture // testdata/name

// The REST API documentation's samples (the token answer, the challenge
// headers) and swagger-shaped depot answers, field by field.
func TestDecodeSamples(t *testing.T) {
	tok, err := decodeToken(read(t, "token_password.json"))
	if err != nil || tok.ExpiresIn != 599 || tok.Scope != "TWO_FACTOR" || tok.Customer != "1234567890" || tok.Refresh == "" {
		t.Fatalf("token = %+v, %v", tok, err)
	}
	m, err := decodeChallenge(strings.TrimSpace(string(read(t, "challenge_mtan.txt"))))
	if err != nil || m.Typ != "M_TAN" || m.ID != "123456" || !m.offers("P_TAN") || m.offers("P_TAN_PUSH") {
		t.Fatalf("M_TAN challenge = %+v, %v", m, err)
	}
	if st, err := (&login{}).step(m); err != nil || st.(*integrations.CodeStep).Destination != "SMS to +49-1234-567XXXX" {
		t.Errorf("M_TAN step = %+v, %v", st, err)
	}
	p, err := decodeChallenge(strings.TrimSpace(string(read(t, "challenge_push.txt"))))
	if err != nil || p.Typ != "P_TAN_PUSH" || !strings.HasPrefix(p.Link.Href, "/api/session/v1/authentications/") {
		t.Fatalf("push challenge = %+v, %v", p, err)
	}
	if st, err := (&login{}).step(p); err != nil {
		t.Errorf("push step: %v", err)
	} else if _, ok := st.(*integrations.ApproveStep); !ok {
		t.Errorf("push step is a %T", st)
	}
	p.Link.Href = "https://elsewhere.example/poll"
	if _, err := (&login{}).step(p); err == nil {
		t.Error("a push link off comdirect's host was accepted")
	}
	if _, err := (&login{}).step(wireChallenge{ID: "1", Typ: "P_TAN"}); !errors.Is(err, integrations.ErrNotSupported) {
		t.Errorf("a photoTAN graphic: %v", err)
	}

	ps, value, err := decodePositions(read(t, "positions.json"), at)
	if err != nil || len(ps) != 1 || !value.Equal(d("5786.25")) {
		t.Fatalf("positions = %+v %s, %v", ps, value, err)
	}
	if x := ps[0]; x.Symbol.Ticker != "SAP" || x.Symbol.ISIN != "DE0007164600" || x.Symbol.Type != integrations.SecurityEquity ||
		!x.Units.Equal(d("25")) || !x.Price.Equal(d("231.45")) || !x.MarketValue.Equal(d("5786.25")) ||
		!x.AverageCost.Decimal.Equal(d("118.2")) || !x.CostBasis.Decimal.Equal(d("2955")) || x.Currency != "EUR" {
		t.Errorf("position = %+v", x)
	}
	w, err := decodeTransactions(read(t, "transactions.json"))
	if err != nil || len(w.Values) != 2 || w.Paging.Matches != 2 {
		t.Fatalf("transactions = %+v, %v", w, err)
	}
	buy := activity("D1", w.Values[0])
	if buy.ID != "T1" || buy.Type != integrations.ActivityBuy || buy.Symbol != "EUNL" || !buy.Amount.Equal(d("-151.11")) ||
		buy.TradeDate != "2020-04-01" || buy.SettlementDate != "2020-04-03" || buy.Currency != "EUR" {
		t.Errorf("buy = %+v", buy)
	}
	sell := activity("D1", w.Values[1])
	if sell.Type != integrations.ActivitySell || sell.Symbol != "716460" || !sell.Units.Equal(d("-1")) || !sell.Amount.Equal(d("101")) {
		t.Errorf("sell = %+v", sell)
	}
	odd := activity("D1", wireTransaction{TransactionType: "CORPORATE_ACTION", BookingDate: "2021-01-01",
		Quantity: wireAmount{Value: integrations.Number{Decimal: d("2"), Valid: true}}, TransactionDirection: "OUT"})
	if odd.Type != integrations.ActivityOther || odd.RawType != "CORPORATE_ACTION" || !odd.Units.Equal(d("-2")) || odd.ID == "" {
		t.Errorf("unknown type = %+v", odd)
	}
}

func TestStatuses(t *testing.T) {
	brokertest.WantStatuses(t, func(status int, b []byte, login bool) error {
		return tokenStatus(status, http.Header{}, b, at, login)
	}, "", []brokertest.StatusCase{
		{Status: 400, Body: []byte(`{"error":"invalid_grant"}`), Login: true, Want: integrations.ErrInvalidCredentials},
		{Status: 401, Body: []byte(`{"error":"invalid_client"}`), Login: true, Want: integrations.ErrInvalidCredentials},
		{Status: 400, Body: []byte(`{"error":"invalid_grant"}`), Want: integrations.ErrReauthRequired},
		{Status: 503, Login: true, Want: integrations.ErrUnavailable},
		{Status: 429, Want: integrations.ErrRateLimited},
	}...)
	invalid := []byte(`{"code":"request.object.invalid","messages":[{"message":"secret-ish"}]}`)
	brokertest.WantStatuses(t, func(status int, b []byte, _ bool) error { return mapStatus(status, http.Header{}, b, at) }, "secret-ish",
		[]brokertest.StatusCase{{Status: 401, Body: invalid, Want: integrations.ErrReauthRequired}, {Status: 422, Body: invalid, Want: integrations.ErrUnavailable},
			{Status: 500, Body: invalid, Want: integrations.ErrUnavailable}, {Status: 429, Body: invalid, Want: integrations.ErrRateLimited}}...)
	if info := requestInfo("abc"); !strings.Contains(info, `"sessionId":"abc"`) || !strings.Contains(info, `"requestId":"`) {
		t.Errorf("x-http-request-info = %s", info)
	}
}
