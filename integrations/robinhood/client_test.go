package robinhood_test

import (
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/robinhood"
	"github.com/latchkey/latchkey/integrations/robinhood/fake"
)

// TestSignatureDocumentedExample: the Example Signature of
// docs.robinhood.com/crypto/trading (Authentication → Headers and
// Signature). Its table gives the body as compact JSON, but the published
// signature is of the Python example's str(body) — the dict's repr, single
// quotes and all — so that is the body signed here; the message is
// api key + timestamp + path + method + body either way.
func TestSignatureDocumentedExample(t *testing.T) {
	key, err := robinhood.ParseKey("xQnTJVeQLmw1/Mg2YimEViSpw/SdJcgNXZ5kQkAXNPU=")
	if err != nil {
		t.Fatal(err)
	}
	body := `{'client_order_id': '131de903-5a9c-4260-abc1-28d562a5dcf0', 'side': 'buy', 'symbol': 'BTC-USD', 'type': 'market', 'market_order_config': {'asset_quantity': '0.1'}}`
	msg := robinhood.Message("rh-api-6148effc-c0b1-486c-8940-a1d099456be6", 1698708981, "/api/v1/crypto/trading/orders/", "post", body)
	const want = "q/nEtxp/P2Or3hph3KejBqnw5o9qeuQ+hYRnB56FaHbjDsNUY9KhB1asMxohDnzdVFSD7StaTqjSd9U9HvaRAw=="
	if got := robinhood.Sign(key, msg); got != want {
		t.Errorf("signature %s, want %s", got, want)
	}
	if !strings.HasSuffix(msg, "/api/v1/crypto/trading/orders/POST"+body) {
		t.Errorf("message %q: the method is upper case, between path and body", msg)
	}
	pub := key.Public().(ed25519.PublicKey)
	if base64.StdEncoding.EncodeToString(pub) != fake.DemoPublicKey || !robinhood.Verify(pub, msg, want) {
		t.Error("the documented public key does not verify it")
	}
}

// TestParseKeyForms: the private key as Robinhood's scripts print it —
// base64 of the 32-byte seed (Python) or of seed and public key (Node.js) —
// or as a PKCS #8 PEM block; anything else is ErrInvalidCredentials.
func TestParseKeyForms(t *testing.T) {
	seed, err := robinhood.ParseKey(fake.DemoPrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, _ := x509.MarshalPKCS8PrivateKey(seed)
	pemText := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}))
	for name, text := range map[string]string{
		"seed + public key": fake.DemoSecretKey, "wrapped": fake.DemoSecretKey[:30] + "\n" + fake.DemoSecretKey[30:],
		"PEM": pemText, "spaced": "  " + fake.DemoPrivateKey + "\n",
	} {
		k, err := robinhood.ParseKey(text)
		if err != nil || !k.Equal(seed) {
			t.Errorf("%s: %v", name, err)
		}
	}
	other, _ := robinhood.ParseKey(fake.OtherPrivateKey)
	mixed := base64.StdEncoding.EncodeToString(append(append([]byte{}, seed.Seed()...), other.Public().(ed25519.PublicKey)...))
	for name, text := range map[string]string{"public key": fake.DemoPublicKey[:20], "mismatched halves": mixed,
		"not base64": "xQnT JVeQ ***", "RSA PEM": "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----", "16 bytes": "AAAAAAAAAAAAAAAAAAAAAA=="} {
		if _, err := robinhood.ParseKey(text); !errors.Is(err, integrations.ErrInvalidCredentials) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func connect(t *testing.T, env integrations.Env, values map[string]string) integrations.Client {
	t.Helper()
	return brokertest.Connect(t, robinhood.New()[0], integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env, Values: values}, nil)
}

// TestSignedPathHasTheQuery: the signature covers the path with its query
// string as sent, and the orders' next links — absolute, on Robinhood's own
// host — are followed on the configured base by their cursor.
func TestSignedPathHasTheQuery(t *testing.T) {
	in := robinhood.New()[0]
	env, srv, _ := fake.Start(t, in)
	rec := brokertest.RecordSent(&env)
	c := connect(t, env, fake.Keys(fake.DemoAPIKey, fake.DemoPrivateKey))
	since := fakekit.T0.AddDate(0, -2, 0)
	acts, err := c.Activities(t.Context(), "crypto", since)
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	for _, r := range rec.Requests() {
		if r.URL.Path != "/api/v1/crypto/trading/orders/" {
			continue
		}
		pages++
		if r.URL.Query().Get("updated_at_start") != since.Format(time.RFC3339) || r.URL.Host != strings.TrimPrefix(srv.URL(), "http://") {
			t.Errorf("orders request %s", r.URL)
		}
		if pages > 1 && r.URL.Query().Get("cursor") == "" {
			t.Errorf("page %d without a cursor: %s", pages, r.URL)
		}
	}
	if pages < 2 || len(acts) == 0 {
		t.Fatalf("%d pages, %d activities", pages, len(acts))
	}
	for _, a := range acts {
		if a.TradeDate < integrations.DateOf(since) {
			t.Errorf("activity of %s before since", a.TradeDate)
		}
	}
}

// TestRefusals: the documented error types map onto the sentinels; no
// detail text reaches the message.
func TestRefusals(t *testing.T) {
	for _, c := range []struct {
		status int
		header string
		body   string
		want   error
		wait   time.Duration
	}{
		{401, "", `{"type":"client_error","errors":[{"detail":"Invalid signature. SECRET-DETAIL","attr":null}]}`, integrations.ErrReauthRequired, 0},
		{403, "", `{"type":"client_error","errors":[{"detail":"Forbidden SECRET-DETAIL","attr":null}]}`, integrations.ErrReauthRequired, 0},
		{429, "", `{"type":"client_error","errors":[{"detail":"Request was throttled. SECRET-DETAIL","attr":null}]}`, integrations.ErrRateLimited, 2 * time.Second},
		{429, "7", `{"type":"client_error","errors":[]}`, integrations.ErrRateLimited, 7 * time.Second},
		{400, "", `{"type":"validation_error","errors":[{"detail":"Must be a valid UUID. SECRET-DETAIL","attr":"client_order_id"}]}`, integrations.ErrUnavailable, 0},
		{404, "", `{"type":"client_error","errors":[{"detail":"Not found. SECRET-DETAIL","attr":null}]}`, integrations.ErrUnavailable, 0},
		{503, "", `{"type":"server_error","errors":[{"detail":"Down SECRET-DETAIL","attr":null}]}`, integrations.ErrUnavailable, 0},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/api/v1/crypto/trading/accounts/" && r.Header.Get("x-test-pass") == "" {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{"account_number":"5QR73619","status":"active","buying_power":"1","buying_power_currency":"USD"}`))
				return
			}
			if c.header != "" {
				w.Header().Set("Retry-After", c.header)
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(c.status)
			_, _ = w.Write([]byte(c.body))
		}))
		in := robinhood.New()[0]
		env := fakekit.Env(in.Institution(), map[string]string{"api": srv.URL}, fakekit.NewClock(fakekit.T0).Now, nil)
		cl := connect(t, env, fake.Keys(fake.DemoAPIKey, fake.DemoPrivateKey))
		_, err := cl.Positions(context.Background(), "crypto")
		srv.Close()
		var rl *integrations.RateLimitError
		switch {
		case !errors.Is(err, c.want):
			t.Errorf("%d: %v, want %v", c.status, err, c.want)
		case strings.Contains(err.Error(), "SECRET-DETAIL"):
			t.Errorf("%d: the body's detail reached the message: %v", c.status, err)
		case c.wait > 0 && (!errors.As(err, &rl) || rl.RetryAfter != c.wait):
			t.Errorf("%d: wait %v, want %v", c.status, err, c.wait)
		}
		if c.status == 400 && !strings.Contains(err.Error(), "validation_error of client_order_id") {
			t.Errorf("400 names neither type nor field: %v", err)
		}
	}
}

// TestLoginRefusals: at login a refused credential keeps the form; a clock
// more than 30 seconds off is refused like a bad signature.
func TestLoginRefusals(t *testing.T) {
	in := robinhood.New()[0]
	env, _, clk := fake.Start(t, in)
	env.Now = func() time.Time { return clk.Now().Add(-31 * time.Second) }
	lg, err := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env,
		Values: fake.Keys(fake.DemoAPIKey, fake.DemoPrivateKey)})
	if err != nil {
		t.Fatal(err)
	}
	st, err := lg.Next(t.Context(), integrations.Answer{})
	if !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Fatalf("a 31-second-old timestamp: %v", err)
	}
	if _, ok := st.(*integrations.FormStep); !ok {
		t.Errorf("step %T, want the form again", st)
	}
	env.Now = clk.Now
	lg, _ = in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env})
	if _, err := lg.Next(t.Context(), integrations.Answer{}); err != nil {
		t.Fatal(err)
	}
	if st, err := lg.Next(t.Context(), integrations.Answer{Values: fake.Keys(fake.DemoAPIKey, fake.DemoPrivateKey)}); err != nil {
		t.Fatal(err)
	} else if d, ok := st.(*integrations.DoneStep); !ok || !d.Grant.Expiry.IsZero() || d.Grant.Fingerprint == "" {
		t.Errorf("grant %+v: an API key does not expire", st)
	}
}

// TestFakeRateWindow: the fake counts requests per user account (every
// credential of the user together) and answers 429 client_error past its
// limit; the client reads that as a rate limit.
func TestFakeRateWindow(t *testing.T) {
	clk := fakekit.NewClock(fakekit.T0)
	srv, err := fake.New(fake.Options{Now: clk.Now, RateLimit: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	in := robinhood.New()[0]
	env := fakekit.Env(in.Institution(), srv.Endpoints()[robinhood.ID], clk.Now, nil)
	a := connect(t, env, fake.Keys(fake.DemoAPIKey, fake.DemoPrivateKey))     // 1
	b := connect(t, env, fake.Keys(fake.LegacyAPIKey, fake.LegacyPrivateKey)) // 2
	if _, err := a.Accounts(t.Context()); err != nil {                        // 3
		t.Fatal(err)
	}
	if _, err := b.Accounts(t.Context()); !errors.Is(err, integrations.ErrRateLimited) {
		t.Errorf("the fourth request of the minute: %v", err)
	}
	clk.Add(time.Minute)
	if _, err := b.Accounts(t.Context()); err != nil {
		t.Errorf("the next minute: %v", err)
	}
}
