package kotakneo_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/kotakneo"
	"github.com/latchkey/latchkey/integrations/kotakneo/fake"
)

// The trade token's JWT exp is the grant's expiry; after it the client
// refuses at once. A session on an address that is not Kotak's is refused.
func TestSessionExpiry(t *testing.T) {
	in := kotakneo.New()[0]
	env, _, clk := fake.Start(t, in, fake.Options{})
	done, err := brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: integrations.AuthCredentials, Env: env,
		Values: fake.Values(fake.AccessToken, fake.MainMobile, fake.MainUCC, fake.TOTP, fake.MainMPIN)})
	if err != nil {
		t.Fatal(err)
	}
	g := done.Grant
	if want := fakekit.T0.Add(fake.TokenLife); !g.Expiry.Equal(want) {
		t.Errorf("expiry %v, want %v", g.Expiry, want)
	}
	c, err := in.NewClient(context.Background(), g, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	clk.Add(fake.TokenLife)
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("after the end: %v", err)
	}
	env.Endpoints = map[string]string{"login": "https://mis.kotaksecurities.com"}
	if _, err := in.NewClient(context.Background(), g, env, nil); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("a saved session on a loopback address with Kotak's real login endpoint: %v", err)
	}
}

func TestNewClientRefusesAStrangeSecret(t *testing.T) {
	fakekit.WantStrangeSecretRefused(t, kotakneo.New()...)
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// The docs' holdings sample (IDEA 35) served with a positions answer whose
// delivery (CNC) row carries those 35 forward and buys 1 today: a share is
// counted once, 35 held and 1 bought today, 36 in all — not 71.
func TestDeliveryPositionCountedOnce(t *testing.T) {
	in := kotakneo.New()[0]
	env, _, _ := fake.Start(t, in, fake.Options{})
	done, err := brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: integrations.AuthCredentials, Env: env,
		Values: fake.Values(fake.AccessToken, fake.MainMobile, fake.MainUCC, fake.TOTP, fake.MainMPIN)})
	if err != nil {
		t.Fatal(err)
	}
	sample := func(name string) string {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	holdings, positions := sample("holdings.json"), sample("positions.json")
	brokertest.Intercept(&env, func(next http.RoundTripper) http.RoundTripper {
		return roundTrip(func(r *http.Request) (*http.Response, error) {
			body := ""
			switch r.URL.Path {
			case "/portfolio/v1/holdings":
				body = holdings
			case "/quick/user/positions":
				body = positions
			default:
				return next.RoundTrip(r)
			}
			return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
				Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
		})
	})
	c, err := in.NewClient(context.Background(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := c.Positions(t.Context(), fake.AccountID(fake.MainUCC))
	if err != nil {
		t.Fatal(err)
	}
	units, rows := decimal.Zero, 0
	for _, p := range ps {
		if p.Symbol.Ticker == "IDEA" {
			units, rows = units.Add(p.Units), rows+1
		}
	}
	if !units.Equal(decimal.NewFromInt(36)) || rows != 2 {
		t.Errorf("IDEA %s shares in %d rows, want 36 in 2 (35 held, 1 bought today)", units, rows)
	}
}
