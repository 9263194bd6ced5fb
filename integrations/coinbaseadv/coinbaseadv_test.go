package coinbaseadv

import (
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

const testKey = "-----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEIIlhFCzppubXU7jMSuXh4BH4edVNfP/SRmfdrJygcvLboAoGCCqGSM49\\nAwEHoUQDQgAE4V8FPnQ6HO3uB+SM58XiVZ3BkFqpoR4bwOSOjbNFW2b/cjNPeOHZ\\ncNo5qj23R6DHVptYsTD3ae3DdYqMyOYk9g==\\n-----END EC PRIVATE KEY-----\\n"

// TestToken checks the JWT's header and claims, and that the PEM may come
// with literal \n as in Coinbase's key file.
func TestToken(t *testing.T) {
	k, err := ParseKey(testKey)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tok, err := Token("organizations/o/apiKeys/k", k, "GET", "api.coinbase.com", "/api/v3/brokerage/accounts", now)
	if err != nil {
		t.Fatal(err)
	}
	claims := jwt.MapClaims{}
	parsed, err := jwt.ParseWithClaims(tok, claims, func(*jwt.Token) (any, error) { return &k.PublicKey, nil },
		jwt.WithTimeFunc(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	if parsed.Header["kid"] != "organizations/o/apiKeys/k" || parsed.Header["alg"] != "ES256" || len(parsed.Header["nonce"].(string)) != 32 {
		t.Errorf("header %v", parsed.Header)
	}
	if claims["uri"] != "GET api.coinbase.com/api/v3/brokerage/accounts" || claims["sub"] != "organizations/o/apiKeys/k" ||
		claims["iss"] != "cdp" || claims["exp"].(float64)-claims["nbf"].(float64) != 60 {
		t.Errorf("claims %v", claims)
	}
	if _, err := ParseKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("a public key: %v", err)
	}
}

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestFillFixture(t *testing.T) {
	body := []byte(`{"fills":[{"entry_id":"22222-2222222-22222222","trade_id":"1111-11111-111111","order_id":"0000-000000-000000","trade_time":"2021-05-31T09:59:59.000Z","trade_type":"FILL","price":"10000.00","size":"0.001","commission":"1.25","product_id":"BTC-USD","sequence_timestamp":"2021-05-31T09:58:59.000Z","liquidity_indicator":"MAKER","size_in_quote":false,"user_id":"3333-333333-3333333","side":"BUY"}],"cursor":"789100"}`)
	var p fillPage
	if err := decodeResponse(200, nil, body, false, &p); err != nil || p.Cursor != "789100" {
		t.Fatal(err)
	}
	a, err := fillActivity(p.Fills[0])
	if err != nil || a.Type != integrations.ActivityBuy || !a.Units.Equal(d("0.001")) || !a.Amount.Equal(d("-11.25")) ||
		!a.Fee.Equal(d("1.25")) || a.Symbol != "BTC" || a.Currency != "USD" || a.TradeDate != "2021-05-31" {
		t.Errorf("fill %+v %v", a, err)
	}
	for status, want := range map[int]error{401: integrations.ErrReauthRequired, 403: integrations.ErrReauthRequired,
		429: integrations.ErrRateLimited, 503: integrations.ErrUnavailable} {
		if err := decodeResponse(status, nil, []byte("Unauthorized"), false, &p); !errors.Is(err, want) {
			t.Errorf("%d: %v", status, err)
		}
	}
}

func FuzzDecoders(f *testing.F) {
	f.Add(200, []byte(`{"fills":[{"entry_id":"e","trade_time":"2021-05-31T09:59:59Z","price":"1","size":"1","product_id":"BTC-USD","side":"SELL"}]}`))
	f.Add(200, []byte(`{"accounts":[{"currency":"BTC","available_balance":{"value":"1e5"}}]}`))
	f.Fuzz(func(t *testing.T, status int, b []byte) {
		var p fillPage
		if decodeResponse(status, nil, b, false, &p) == nil {
			for _, x := range p.Fills {
				if _, err := fillActivity(x); err != nil && !errors.Is(err, integrations.ErrUnavailable) {
					t.Errorf("fill: %v", err)
				}
			}
		}
		var w walletPage
		if decodeResponse(status, nil, b, false, &w) == nil {
			if tot, err := totals(w.Accounts); err == nil {
				_, _ = holdings(tot, nil, time.Time{})
			}
		}
	})
}
