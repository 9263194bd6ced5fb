package groww_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/groww"
	"github.com/latchkey/latchkey/integrations/groww/fake"
	"github.com/latchkey/latchkey/integrations/indiakit"
	"github.com/latchkey/latchkey/integrations/indiakit/indiafake"
)

func login(t *testing.T, in integrations.Integration, env integrations.Env, method integrations.AuthKind, v map[string]string) (*integrations.DoneStep, error) {
	t.Helper()
	return brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: method, Values: v, Env: env})
}

// Both logins' tokens end at 06:00 India time ("Expires daily at 6:00
// AM"): the grant's expiry, shown as expiring from 03:00; at it the client
// refuses at once, without asking Groww.
func TestDailyEnd(t *testing.T) {
	in := groww.New()[0]
	if got := in.Institution().ExpiringWithin; got != 3*time.Hour {
		t.Errorf("ExpiringWithin = %v", got)
	}
	// T0 is 20:34 India time on 18 March: the end is 06:00 on the 19th.
	want := time.Date(2026, 3, 19, 6, 0, 0, 0, indiakit.IST)
	for method, v := range map[integrations.AuthKind]map[string]string{
		integrations.AuthToken:       fake.TokenValues(fake.MainToken),
		integrations.AuthCredentials: fake.TOTPValues(fake.MainAPIKey, fake.TOTP),
	} {
		env, srv, clk := fake.Start(t, in, fake.Options{})
		done, err := login(t, in, env, method, v)
		if err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		if !done.Grant.Expiry.Equal(want) {
			t.Errorf("%s: expiry %v, want %v", method, done.Grant.Expiry, want)
		}
		c, err := in.NewClient(context.Background(), done.Grant, env, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Accounts(t.Context()); err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		clk.Set(want)
		served := srv.Served()
		if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) || srv.Served() != served {
			t.Errorf("%s at 06:00: %v, %d requests", method, err, srv.Served()-served)
		}
	}
}

// The TOTP login trades the API key and code once for the day's token.
func TestTOTPExchange(t *testing.T) {
	in := groww.New()[0]
	env, srv, _ := fake.Start(t, in, fake.Options{})
	if _, err := login(t, in, env, integrations.AuthCredentials, fake.TOTPValues(fake.MainAPIKey, fake.TOTP)); err != nil {
		t.Fatal(err)
	}
	if n := srv.Exchanges(); n != 1 {
		t.Errorf("%d token exchanges, want 1", n)
	}
}

// Positions and fills are read for the segments the login's profile names:
// the main login's MCX future (COMMODITY, which the default CASH and FNO
// leave out) is there; the second login, cash only, has its two holdings.
func TestSegmentsFromProfile(t *testing.T) {
	in := groww.New()[0]
	env, _, _ := fake.Start(t, in, fake.Options{})
	for _, c := range []struct {
		token, ucc string
		positions  int
		mcx        bool
	}{{fake.MainToken, fake.MainUCC, 10, true}, {fake.SecondToken, fake.SecondUCC, 2, false}} {
		done, err := login(t, in, env, integrations.AuthToken, fake.TokenValues(c.token))
		if err != nil {
			t.Fatal(err)
		}
		cl, _ := in.NewClient(context.Background(), done.Grant, env, nil)
		ps, err := cl.Positions(t.Context(), fake.AccountID(c.ucc))
		if err != nil || len(ps) != c.positions {
			t.Fatalf("%s: %d positions, %v", c.ucc, len(ps), err)
		}
		mcx := false
		for _, p := range ps {
			mcx = mcx || p.Symbol.Exchange == "MCX"
		}
		if mcx != c.mcx {
			t.Errorf("%s: an MCX position %v, want %v", c.ucc, mcx, c.mcx)
		}
	}
}

// Only orders that filled have their trades read: the day's rejected
// order's trades are never asked for (they fail here).
func TestTradesOfFilledOrdersOnly(t *testing.T) {
	in := groww.New()[0]
	env, srv, _ := fake.Start(t, in, fake.Options{})
	done, err := login(t, in, env, integrations.AuthToken, fake.TokenValues(fake.MainToken))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := in.NewClient(context.Background(), done.Grant, env, nil)
	srv.InjectPath("/v1/order/trades/GMKREJECTED01", brokertest.ServerError, 100)
	acts, err := c.Activities(t.Context(), fake.AccountID(fake.MainUCC), time.Time{})
	if err != nil || len(acts) != 2 {
		t.Fatalf("activities %d, %v", len(acts), err)
	}
	for _, a := range acts {
		if a.TradeDate != "2026-03-18" {
			t.Errorf("fill %s dated %s, want the India date of the day", a.ID, a.TradeDate)
		}
	}
}

// A login whose profile fails after the token was accepted ends with that
// error, and no grant.
func TestLoginProfileFails(t *testing.T) {
	in := groww.New()[0]
	env, srv, _ := fake.Start(t, in, fake.Options{})
	srv.InjectPath("/v1/user/detail", brokertest.ServerError, 100)
	if done, err := login(t, in, env, integrations.AuthCredentials, fake.TOTPValues(fake.MainAPIKey, fake.TOTP)); !errors.Is(err, integrations.ErrUnavailable) || done != nil {
		t.Errorf("profile failing: %v, %v", done, err)
	}
}

// A grant whose secret is not a login of the package's is refused: the user
// logs in again.
func TestNewClientRefusesAStrangeSecret(t *testing.T) {
	fakekit.WantStrangeSecretRefused(t, groww.New()...)
}

// Holdings and positions are priced by the LTP call: the balance's total
// is the clear cash and the holdings at their last price.
func TestPricedBalance(t *testing.T) {
	in := groww.New()[0]
	env, _, _ := fake.Start(t, in, fake.Options{})
	done, err := login(t, in, env, integrations.AuthToken, fake.TokenValues(fake.MainToken))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := in.NewClient(context.Background(), done.Grant, env, nil)
	b := indiafake.Of(fake.MainUCC, fake.SecondUCC, fakekit.T0)
	want := b.Cash
	for _, h := range b.Holdings {
		want = want.Add(decimal.NewFromInt(h.Units()).Mul(h.LTP).Round(2))
	}
	bals, err := c.Balances(t.Context(), fake.AccountID(fake.MainUCC))
	if err != nil || len(bals) != 1 || !bals[0].Cash.Equal(b.Cash) || !bals[0].Total.Equal(want) {
		t.Fatalf("balances %+v, %v; want cash %s, total %s", bals, err, b.Cash, want)
	}
	ps, err := c.Positions(t.Context(), fake.AccountID(fake.MainUCC))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.PriceUnknown || !p.Price.IsPositive() {
			t.Errorf("%s is not priced: %+v", p.Symbol.Ticker, p)
		}
	}
}

// A refusal of the live prices (403 GA005: Groww sells market data with the
// Trading API subscription) is not the token's: the holdings and positions
// keep their units without a price, Positions says the prices are missing
// (ErrPartial), and the connection is not sent to a new login.
func TestPricesRefusedKeepTheConnection(t *testing.T) {
	for _, status := range []int{http.StatusForbidden, http.StatusOK} {
		in := groww.New()[0]
		env, _, _ := fake.Start(t, in, fake.Options{})
		done, err := login(t, in, env, integrations.AuthToken, fake.TokenValues(fake.MainToken))
		if err != nil {
			t.Fatal(err)
		}
		brokertest.Intercept(&env, func(next http.RoundTripper) http.RoundTripper {
			return brokertest.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
				if r.URL.Path != "/v1/live-data/ltp" {
					return next.RoundTrip(r)
				}
				body := `{"status":"FAILURE","error":{"code":"GA005","message":"User not authorised to perform this operation"}}`
				return brokertest.JSONAnswer(r, status, body), nil
			})
		})
		c, err := in.NewClient(context.Background(), done.Grant, env, nil)
		if err != nil {
			t.Fatal(err)
		}
		id := fake.AccountID(fake.MainUCC)
		ps, err := c.Positions(t.Context(), id)
		if !errors.Is(err, integrations.ErrPartial) || errors.Is(err, integrations.ErrReauthRequired) || len(ps) == 0 {
			t.Fatalf("HTTP %d: positions %d, %v; want them unpriced with ErrPartial", status, len(ps), err)
		}
		for _, p := range ps {
			if !p.PriceUnknown || !p.Units.IsPositive() && !p.Units.IsNegative() {
				t.Errorf("HTTP %d: %s: %+v, want its units and PriceUnknown", status, p.Symbol.Ticker, p)
			}
		}
		if _, err := c.Balances(t.Context(), id); err != nil {
			t.Errorf("HTTP %d: balances: %v", status, err)
		}
		if _, err := c.Accounts(t.Context()); err != nil {
			t.Errorf("HTTP %d: accounts after the refused prices: %v", status, err)
		}
	}
}

// The docs' own samples, served together: RELIANCE 10 in the holdings and a
// CNC position of 15 of which 10 were carried forward. A share is counted
// once: the holding's 10 and the day's net buy of 5, 15 in all — not 25.
func TestDeliveryPositionCountedOnce(t *testing.T) {
	in := groww.New()[0]
	env, _, _ := fake.Start(t, in, fake.Options{})
	done, err := login(t, in, env, integrations.AuthToken, fake.TokenValues(fake.MainToken))
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
		return brokertest.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
			body := ""
			switch {
			case r.URL.Path == "/v1/holdings/user":
				body = holdings
			case r.URL.Path == "/v1/positions/user" && r.URL.Query().Get("segment") == "CASH":
				body = positions
			case r.URL.Path == "/v1/positions/user":
				body = `{"status":"SUCCESS","payload":{"positions":[]}}`
			default:
				return next.RoundTrip(r)
			}
			return brokertest.JSONAnswer(r, 200, body), nil
		})
	})
	c, _ := in.NewClient(context.Background(), done.Grant, env, nil)
	ps, err := c.Positions(t.Context(), fake.AccountID(fake.MainUCC))
	if err != nil && !errors.Is(err, integrations.ErrPartial) {
		t.Fatal(err)
	}
	units := decimal.Zero
	for _, p := range ps {
		if p.Symbol.Ticker == "RELIANCE" {
			units = units.Add(p.Units)
		}
	}
	if !units.Equal(decimal.NewFromInt(15)) {
		t.Errorf("RELIANCE %s shares in %d rows, want 15 (10 held, 5 bought today)", units, len(ps))
	}
}
