package coinbaseadv_test

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/coinbaseadv"
	"github.com/latchkey/latchkey/integrations/coinbaseadv/fake"
)

// startFake runs a fake whose v2 pages hold at most pageMax rows.
func startFake(t *testing.T, pageMax int, edOnV2 bool) (integrations.Env, *fake.Server) {
	t.Helper()
	env, srv, _ := fakekit.Start(t, coinbaseadv.New()[0], nil, func(clk *fakekit.Clock) (*fake.Server, error) {
		s, err := fake.New(fake.Options{Now: clk.Now, RateLimit: 1 << 20})
		if err == nil {
			s.SetAppPageMax(pageMax)
			s.SetAppEdDSA(edOnV2)
		}
		return s, err
	})
	return env, srv
}

func byType(acts []integrations.Activity) map[integrations.ActivityType]int {
	m := map[integrations.ActivityType]int{}
	for _, a := range acts {
		m[a.Type]++
	}
	return m
}

// TestActivitiesFlows: the fills and the v2 transactions together, read
// through pages of 3 v2 rows as through whole pages; every row the fake
// counts once, no advanced_trade_fill row (the fake lists 10, the fills
// themselves are read), no pending row, no cash leg of a simple trade.
func TestActivitiesFlows(t *testing.T) {
	env, srv := startFake(t, 3, false)
	c := client(t, env, fake.DemoKeyName, fake.DemoPrivateKey)
	small, err := c.Activities(t.Context(), "portfolio", fake.Since)
	if err != nil {
		t.Fatal(err)
	}
	if want := srv.Count(brokertest.ListActivities, "portfolio"); len(small) != want {
		t.Fatalf("%d activities through pages of 3, the fake serves %d", len(small), want)
	}
	srv.SetAppPageMax(0)
	whole, err := c.Activities(t.Context(), "portfolio", fake.Since)
	if err != nil {
		t.Fatal(err)
	}
	if brokertest.ActivityIDs(small) != brokertest.ActivityIDs(whole) {
		t.Error("paging changed what is read")
	}
	got := byType(whole)
	want := map[integrations.ActivityType]int{integrations.ActivityContribution: 7, integrations.ActivityWithdrawal: 1,
		integrations.ActivityTransferIn: 1, integrations.ActivityTransferOut: 3, integrations.ActivityInterest: 12,
		integrations.ActivityFee: 1, integrations.ActivityBuy: 110, integrations.ActivitySell: 21, integrations.ActivityOther: 2}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d, want %d (%v)", k, got[k], n, got)
		}
	}
	for _, a := range whole {
		if a.RawType == "advanced_trade_fill" || (a.RawType == "buy" || a.RawType == "sell") && a.Symbol == "" {
			t.Errorf("read twice: %+v", a)
		}
		if a.Type == integrations.ActivityContribution && (a.Currency != "USD" || !a.Amount.IsPositive()) {
			t.Errorf("deposit %+v", a)
		}
	}
}

// TestActivitiesSinceFlows: a read from 1 April 2025 holds no v2 row from
// before (the lists are newest first; paging stops at older rows).
func TestActivitiesSinceFlows(t *testing.T) {
	env, _ := startFake(t, 2, false)
	c := client(t, env, fake.DemoKeyName, fake.DemoPrivateKey)
	since := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	acts, err := c.Activities(t.Context(), "portfolio", since)
	if err != nil {
		t.Fatal(err)
	}
	flows := 0
	for _, a := range acts {
		if a.TradeDate < "2025-04-01" {
			t.Errorf("%s of %s read since %s", a.ID, a.TradeDate, since)
		}
		if !strings.HasPrefix(a.ID, "fill:") {
			flows++
		}
	}
	if flows == 0 {
		t.Error("no v2 row since April")
	}
}

// TestActivitiesEd25519Partial: Coinbase warns that Ed25519 keys may fail
// on its App API. When the v2 calls are refused, the fills are still
// returned, with an error matching ErrPartial that says why in plain words;
// when Coinbase takes the key there, the read is whole.
func TestActivitiesEd25519Partial(t *testing.T) {
	env, srv := startFake(t, 0, false)
	c := client(t, env, fake.EdKeyName, fake.DemoEd25519Key)
	acts, err := c.Activities(t.Context(), "portfolio", fake.Since)
	if !errors.Is(err, integrations.ErrPartial) || errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("want ErrPartial, got %v", err)
	}
	if msg := integrations.Detail(err, integrations.ErrPartial); !strings.Contains(msg, "Ed25519") || !strings.Contains(msg, "ECDSA") {
		t.Errorf("the message does not say what to do: %q", msg)
	}
	if len(acts) != 130 || slices.ContainsFunc(acts, func(a integrations.Activity) bool { return !strings.HasPrefix(a.ID, "fill:") }) {
		t.Errorf("%d activities kept, want the 130 fills", len(acts))
	}
	srv.SetAppEdDSA(true)
	acts, err = c.Activities(t.Context(), "portfolio", fake.Since)
	if err != nil || len(acts) != srv.Count(brokertest.ListActivities, "portfolio") {
		t.Errorf("with v2 open to Ed25519: %d activities, %v", len(acts), err)
	}
}

// TestActivitiesV2Outage: a v2 answer that fails (a malformed page) keeps
// the fills with ErrPartial; a revoked key fails the whole read.
func TestActivitiesV2Outage(t *testing.T) {
	env, srv := startFake(t, 0, false)
	c := client(t, env, fake.DemoKeyName, fake.DemoPrivateKey)
	srv.InjectPath("/v2/accounts", brokertest.Malformed, 1)
	acts, err := c.Activities(t.Context(), "portfolio", fake.Since)
	if !errors.Is(err, integrations.ErrPartial) || len(acts) != 130 {
		t.Fatalf("%d activities, %v", len(acts), err)
	}
	srv.RevokeAll()
	if acts, err := c.Activities(t.Context(), "portfolio", fake.Since); !errors.Is(err, integrations.ErrReauthRequired) || acts != nil {
		t.Errorf("revoked: %d activities, %v", len(acts), err)
	}
}

// TestActivitiesNextURIChecked: a next_uri that leaves the list (another
// host, which would receive the signed token, or another path) is not
// followed: the read keeps what it has with ErrPartial.
func TestActivitiesNextURIChecked(t *testing.T) {
	for _, next := range []string{"https://evil.example/v2/accounts?limit=25&starting_after=XLM", "//evil.example/v2/accounts?starting_after=XLM", "/v2/accounts/a/../../user?starting_after=XLM"} {
		env, srv := startFake(t, 0, false)
		c := client(t, env, fake.DemoKeyName, fake.DemoPrivateKey)
		// The fills call reads this page as no fills; /v2/accounts reads it
		// as an unused wallet (no transactions to read) and a next page
		// elsewhere, whose query alone would end the list without error.
		body := `{"pagination":{"next_uri":"` + next + `"},"data":[{"id":"XLM","currency":"XLM","balance":{"amount":"0","currency":"XLM"},"created_at":null}]}`
		srv.InjectReply(brokertest.Reply{Body: body}, 2)
		acts, err := c.Activities(t.Context(), "portfolio", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		if !errors.Is(err, integrations.ErrPartial) || len(acts) != 0 {
			t.Errorf("next_uri %q: %d activities, %v", next, len(acts), err)
		}
	}
}

// TestActivitiesWalletFailureKeepsTheOthers: a wallet whose transactions
// cannot be read (a 500) makes the v2 read partial, but keeps the fills and
// every other wallet, those after it too.
func TestActivitiesWalletFailureKeepsTheOthers(t *testing.T) {
	var wallets []string // the wallets' transaction paths, in the order read
	failing := ""
	run := func() ([]integrations.Activity, error) {
		env, _ := startFake(t, 0, false)
		brokertest.Intercept(&env, func(next http.RoundTripper) http.RoundTripper {
			return brokertest.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
				p := r.URL.Path
				if strings.HasSuffix(p, "/transactions") && !slices.Contains(wallets, p) {
					wallets = append(wallets, p)
				}
				if p == failing {
					return &http.Response{StatusCode: http.StatusInternalServerError, Header: http.Header{},
						Body: io.NopCloser(strings.NewReader(`{"errors":[{"id":"internal_server_error"}]}`)), Request: r}, nil
				}
				return next.RoundTrip(r)
			})
		})
		return client(t, env, fake.DemoKeyName, fake.DemoPrivateKey).Activities(t.Context(), "portfolio", fake.Since)
	}
	all, err := run()
	if err != nil || len(wallets) < 2 {
		t.Fatalf("%v, %d wallets read", err, len(wallets))
	}
	fills := 130 // TestActivitiesV2Outage: the fills alone
	i := 0
	// The first wallet failing: the ones after it are read (it has no rows
	// since fake.Since, so everything else comes); the last (it has rows):
	// the ones before it are kept.
	for i, failing = range []string{wallets[0], wallets[len(wallets)-1]} {
		acts, err := run()
		if !errors.Is(err, integrations.ErrPartial) || len(acts) <= fills || len(acts) > len(all) || (i == 1 && len(acts) == len(all)) {
			t.Fatalf("%s failing: %d activities (fills alone %d, everything %d), %v: want the fills and the other wallets' rows with ErrPartial",
				failing, len(acts), fills, len(all), err)
		}
	}
}
