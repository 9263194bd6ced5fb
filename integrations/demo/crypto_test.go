package demo

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

func TestCryptoLogin(t *testing.T) {
	r := newRig(t, Options{})
	d := r.cryptoLogin(t)
	if d.Grant.Method != integrations.AuthAPIKey || !d.Grant.Expiry.IsZero() ||
		d.Grant.Fingerprint != integrations.Fingerprint(CryptoID, cryptoUserID("satoshi")) {
		t.Errorf("grant %v, expiry %s", d.Grant, d.Grant.Expiry)
	}
	if len(d.Accounts) != 1 || d.Accounts[0].Category != integrations.CategoryCrypto {
		t.Errorf("accounts %+v", d.Accounts)
	}
	d2, _, err := r.login(t, r.exch, integrations.AuthAPIKey, map[string]string{"key_id": CryptoKey2, "secret": CryptoSecret2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d2.Grant.Fingerprint == d.Grant.Fingerprint || d2.Accounts[0].ID == d.Accounts[0].ID {
		t.Error("the second key's user has the first's fingerprint or account")
	}
	if again := r.cryptoLogin(t); again.Grant.Fingerprint != d.Grant.Fingerprint || bytesEqual(again.Grant.Secret, d.Grant.Secret) {
		t.Error("two logins with one key: want the same fingerprint, different connection ids")
	}

	for name, vals := range map[string]map[string]string{
		"wrong secret": {"key_id": CryptoKey, "secret": "demo_secret_wrong"},
		"unknown key":  {"key_id": "nobody_key", "secret": CryptoSecret},
	} {
		_, step, err := r.login(t, r.exch, integrations.AuthAPIKey, vals, nil)
		if !errors.Is(err, integrations.ErrInvalidCredentials) {
			t.Errorf("%s: %v, want ErrInvalidCredentials", name, err)
		}
		if _, ok := step.(*integrations.FormStep); !ok {
			t.Errorf("%s: %T with the error, want the FormStep again", name, step)
		}
	}

	// Without values: the form first.
	lg, step, err := brokertest.FirstStep(t, r.exch, integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: r.env})
	form, ok := step.(*integrations.FormStep)
	if err != nil || !ok || len(form.Fields) != 2 || form.Fields[1].Kind != integrations.FieldSecret {
		t.Fatalf("first step %#v, %v", step, err)
	}
	if again, err := lg.Next(ctxT(t), integrations.Answer{Values: map[string]string{"key_id": CryptoKey}}); !errors.Is(err, integrations.ErrInvalidCredentials) || again != form {
		t.Fatalf("missing secret: %T %v", again, err)
	}
	step, err = lg.Next(ctxT(t), integrations.Answer{Values: map[string]string{"key_id": CryptoKey, "secret": CryptoSecret}})
	if _, ok := step.(*integrations.DoneStep); err != nil || !ok {
		t.Fatalf("%T %v", step, err)
	}
}

func bytesEqual(a, b []byte) bool { return string(a) == string(b) }

func TestCryptoData(t *testing.T) {
	r := newRig(t, Options{})
	c := r.client(t, r.exch, r.cryptoLogin(t).Grant, nil)
	s := read(t, c, time.Time{})
	if len(s.accounts) != 1 {
		t.Fatalf("%d accounts", len(s.accounts))
	}
	id := s.accounts[0].ID
	if len(s.positions[id]) != 5 {
		t.Errorf("%d positions, want 5", len(s.positions[id]))
	}
	mv := decimal.Zero
	for _, p := range s.positions[id] {
		if p.Symbol.Type != integrations.SecurityCrypto || p.AverageCost.Valid || p.Currency != "USD" {
			t.Errorf("position %+v", p)
		}
		if !p.MarketValue.Equal(p.Units.Mul(p.Price).Round(2)) {
			t.Errorf("%s: %s × %s ≠ %s", p.Symbol.Ticker, p.Units, p.Price, p.MarketValue)
		}
		mv = mv.Add(p.MarketValue)
	}
	bals := s.balances[id]
	if len(bals) != 1 || bals[0].Currency != "USD" || !bals[0].Total.Equal(bals[0].Cash.Add(mv)) {
		t.Errorf("balances %+v", bals)
	}
	types := map[integrations.ActivityType]int{}
	for _, a := range s.activities[id] {
		types[a.Type]++
		if a.Type == integrations.ActivityContribution && (a.Symbol != "" || !a.Units.IsZero() || !a.Amount.IsPositive()) {
			t.Errorf("deposit %+v", a)
		}
	}
	for _, at := range []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityContribution,
		integrations.ActivityWithdrawal, integrations.ActivityTransferIn, integrations.ActivityTransferOut,
		integrations.ActivityInterest, integrations.ActivityFee, integrations.ActivityOther} {
		if types[at] == 0 {
			t.Errorf("no %s activity", at)
		}
	}
	if n := len(s.activities[id]); n < 150 {
		t.Errorf("%d activities", n)
	}
	// The ledger pages with a cursor and honours since.
	if pages := r.tr.count("/crypto/v1/ledger"); pages < 2 {
		t.Errorf("the ledger took %d pages", pages)
	}
	since := t0.AddDate(0, -1, 0)
	recent, err := c.Activities(ctxT(t), id, since)
	if err != nil || len(recent) == 0 || len(recent) >= len(s.activities[id]) {
		t.Fatalf("%d since %s: %v", len(recent), since, err)
	}
	for _, a := range recent {
		if a.TradeDate < integrations.DateOf(since) {
			t.Errorf("activity of %s since %s", a.TradeDate, since)
		}
	}
	if _, err := c.Positions(ctxT(t), "sp_nope"); err == nil {
		t.Error("positions of an unknown account")
	}
	if _, err := c.Activities(ctxT(t), "sp_nope", time.Time{}); err == nil {
		t.Error("activities of an unknown account")
	}
}

// signedGet sends a demo-crypto request signed with key and secret at ts.
func signedGet(t *testing.T, r *rig, path, key, sec string, ts time.Time) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, r.srv.URL()+path, nil)
	signRequest(&requestInfo{req: req}, secret{Key: key, Secret: sec, Conn: "conn_test"}, ts)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e apiError
	b, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(b, &e)
	return resp.StatusCode, e.Error
}

func TestCryptoSignature(t *testing.T) {
	r := newRig(t, Options{})
	if st, _ := signedGet(t, r, "/crypto/v1/account", CryptoKey, CryptoSecret, t0); st != http.StatusOK {
		t.Fatalf("a good signature: %d", st)
	}
	for name, tc := range map[string]struct {
		key, sec string
		ts       time.Time
		want     string
	}{
		"wrong secret": {CryptoKey, "x", t0, "invalid_signature"},
		"unknown key":  {"k", CryptoSecret, t0, "invalid_api_key"},
		"stale":        {CryptoKey, CryptoSecret, t0.Add(-time.Minute), "invalid_timestamp"},
	} {
		if st, code := signedGet(t, r, "/crypto/v1/account", tc.key, tc.sec, tc.ts); st != http.StatusUnauthorized || code != tc.want {
			t.Errorf("%s: %d %s, want 401 %s", name, st, code, tc.want)
		}
	}
	// A tampered path: signed for one, sent to another.
	req, _ := http.NewRequest(http.MethodGet, r.srv.URL()+"/crypto/v1/balances", nil)
	signRequest(&requestInfo{req: req}, secret{Key: CryptoKey, Secret: CryptoSecret, Conn: "c"}, t0)
	req.URL.Path = "/crypto/v1/ledger"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("tampered path: %s", resp.Status)
	}
	if got := req.Header.Get(headerTimestamp); got != strconv.FormatInt(t0.Unix(), 10) {
		t.Errorf("timestamp header %q", got)
	}

	// A client whose clock is off: a transient error, not a dead grant.
	g := r.cryptoLogin(t).Grant
	skewed := r.env
	skewed.Now = func() time.Time { return r.clk.Now().Add(time.Hour) }
	c, _ := r.exch.NewClient(ctxT(t), g, skewed, nil)
	if _, err := c.Accounts(ctxT(t)); !errors.Is(err, integrations.ErrUnavailable) || errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("skewed clock: %v, want ErrUnavailable", err)
	}
}

func TestInstitutions(t *testing.T) {
	list := New(Options{})
	if len(list) != 2 || list[0].Institution().ID != ID || list[1].Institution().ID != CryptoID {
		t.Fatal("New does not return demo and demo-crypto")
	}
	b, x := list[0].Institution(), list[1].Institution()
	if b.Kind != integrations.KindBroker || x.Kind != integrations.KindCryptoExchange {
		t.Error("kinds")
	}
	for _, in := range []integrations.Institution{b, x} {
		if len(in.Capabilities) != 3 || in.Monogram != in.ID || in.Website == "" || in.Region != "global" || in.Help == "" {
			t.Errorf("%s: %+v", in.ID, in)
		}
		for _, m := range in.AuthMethods {
			if m.NeedsApp || m.Label == "" || m.Help == "" {
				t.Errorf("%s %s: %+v", in.ID, m.Kind, m)
			}
		}
	}
	if _, ok := b.Method(integrations.AuthOAuth2); !ok {
		t.Error("demo has no OAuth")
	}
	if m, _ := b.Method(integrations.AuthCredentials); !containsAll(m.Help, "user_good", "pass_good", "123456", "blue", "rex") {
		t.Errorf("the credentials help does not tell the demo logins: %s", m.Help)
	}
	if m, _ := x.Method(integrations.AuthAPIKey); !containsAll(m.Help, CryptoKey, CryptoSecret) {
		t.Errorf("the API key help does not tell the demo key: %s", m.Help)
	}
	if !IsDemo(ID) || !IsDemo(CryptoID) || IsDemo("alpaca") {
		t.Error("IsDemo")
	}
}

func containsAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}
