package alpaca_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/alpaca"
	"github.com/latchkey/latchkey/integrations/alpaca/fake"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// noRedirect is an HTTP client that hands redirects back.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// fakeCode approves an authorize request on the fake's consent page and
// returns the code it redirects back with.
func fakeCode(t *testing.T, srv *fake.Server, redirect string) string {
	t.Helper()
	form := url.Values{"response_type": {"code"}, "client_id": {"my-app"}, "redirect_uri": {redirect},
		"state": {"s1"}, "env": {"paper"}, "decision": {"approve"}}
	resp, err := noRedirect.PostForm(srv.URL()+"/oauth/authorize", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || back.Query().Get("code") == "" || back.Query().Get("state") != "s1" {
		t.Fatalf("consent answered %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return back.Query().Get("code")
}

// The fake's token endpoint answers as Alpaca's OAuth guide shows
// (alpacahq/alpaca-docs content/oauth/guide.md: access_token, token_type
// bearer and scope, no expires_in, no refresh_token), and takes the client
// from the form's client_id and client_secret, as the guide asks, not from
// HTTP Basic.
func TestFakeTokenAnswerAsDocumented(t *testing.T) {
	srv, _, _ := start(t, alpaca.ID)
	redirect := "http://127.0.0.1:53171/callback"
	exchange := func(code string, basic bool) (int, map[string]any) {
		form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect}}
		if !basic {
			form.Set("client_id", "my-app")
			form.Set("client_secret", "my-secret")
		}
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL()+"/oauth/token", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if basic {
			req.SetBasicAuth("my-app", "my-secret")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, m
	}
	if status, m := exchange(fakeCode(t, srv, redirect), true); status != http.StatusUnauthorized || m["error"] != "invalid_client" {
		t.Errorf("client in HTTP Basic: %d %v, want 401 invalid_client", status, m)
	}
	status, m := exchange(fakeCode(t, srv, redirect), false)
	if status != http.StatusOK {
		t.Fatalf("token: %d %v", status, m)
	}
	if len(m) != 3 || m["access_token"] == "" || m["token_type"] != "bearer" || m["scope"] != "" {
		t.Errorf("token answer %v, want exactly access_token, token_type bearer and scope", m)
	}
}

// activitiesQuery asks the fake's live API for activities with q.
func activitiesQuery(t *testing.T, srv *fake.Server, q url.Values) (int, []fake.Activity) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL()+"/v2/account/activities?"+q.Encode(), nil)
	req.Header.Set("APCA-API-KEY-ID", fake.LiveKeyID)
	req.Header.Set("APCA-API-SECRET-KEY", fake.LiveSecretKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var rows []fake.Activity
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(b, &rows); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode, rows
}

// The fake's date parameter, as the reference describes it: the rows
// created on that day (UTC), every one of them unless page_size says
// otherwise; not with after or until.
func TestFakeActivitiesDate(t *testing.T) {
	srv, _, _ := start(t, alpaca.ID)
	all := srv.Portfolio(alpaca.ID).Activities
	day := all[len(all)/2].ID[:8] // the id's timestamp starts with the creation day
	want := 0
	for _, a := range all {
		if strings.HasPrefix(a.ID, day) {
			want++
		}
	}
	d, _ := time.Parse("20060102", day)
	status, rows := activitiesQuery(t, srv, url.Values{"date": {d.Format(time.DateOnly)}, "direction": {"asc"}})
	if status != http.StatusOK || len(rows) != want || want == 0 {
		t.Fatalf("date %s: %d, %d rows, want %d", d.Format(time.DateOnly), status, len(rows), want)
	}
	for _, a := range rows {
		if !strings.HasPrefix(a.ID, day) {
			t.Errorf("row %s is not of %s", a.ID, day)
		}
	}
	if status, _ := activitiesQuery(t, srv, url.Values{"date": {d.Format(time.DateOnly)}, "after": {"2020-01-01"}}); status != http.StatusUnprocessableEntity {
		t.Errorf("date with after: %d, want 422", status)
	}
	// Without date, pages stay at 100 whatever page_size asks.
	if status, rows := activitiesQuery(t, srv, url.Values{"page_size": {"500"}}); status != http.StatusOK || len(rows) != 100 {
		t.Errorf("page_size 500: %d, %d rows, want 100", status, len(rows))
	}
}

// The fake serves the documentation's samples among its rows, and the
// client reads them: the TradeActivity sample (a buy of 1 LPCN at 1.63),
// the NonTradeActivity sample (a dividend of 1.02 on 2 T), the Go SDK's
// partial fill, the Broker API's CSD sample, the Position samples (AAPL,
// BTCUSD); the canceled deposit is not read.
func TestFakeServesDocumentedSamples(t *testing.T) {
	srv, env, _ := start(t, alpaca.ID)
	p := srv.Portfolio(alpaca.ID)
	byUUID := map[string]fake.Activity{}
	canceled := 0
	for _, a := range p.Activities {
		byUUID[a.ID[strings.Index(a.ID, "::")+2:]] = a
		if a.Canceled() {
			canceled++
		}
	}
	for _, id := range []string{"8efc7b9a-8b2b-4000-9955-d36e7db0df74", "5f596936-6f23-4cef-bdf1-3806aae57dbf",
		"18a82342-245e-4e8a-9703-87ae38d9b629", "46b11ac3-baa2-4c36-bd5d-f917ab52d3e7"} {
		if _, ok := byUUID[id]; !ok {
			t.Errorf("the fake lacks the documented row %s", id)
		}
	}
	if canceled != 1 {
		t.Errorf("%d canceled rows, want 1", canceled)
	}
	in := integration(t, alpaca.ID)
	done, err := brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: integrations.AuthAPIKey,
		Values: keys(fake.LiveKeyID, fake.LiveSecretKey), Env: env})
	if err != nil {
		t.Fatal(err)
	}
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	acts, err := c.Activities(t.Context(), p.Account.ID, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != len(p.Activities)-1 {
		t.Errorf("%d activities read, want %d (all but the canceled one)", len(acts), len(p.Activities)-1)
	}
	got := map[string]integrations.Activity{}
	for _, a := range acts {
		got[a.ID[strings.Index(a.ID, "::")+2:]] = a
		if a.RawType == "CSD" && a.Amount.String() == "2500" {
			t.Errorf("the canceled deposit was read: %+v", a)
		}
	}
	if a := got["8efc7b9a-8b2b-4000-9955-d36e7db0df74"]; a.Type != integrations.ActivityBuy || a.Symbol != "LPCN" ||
		a.Amount.String() != "-1.63" || a.Units.String() != "1" {
		t.Errorf("TradeActivity sample: %+v", a)
	}
	if a := got["5f596936-6f23-4cef-bdf1-3806aae57dbf"]; a.Type != integrations.ActivityDividend || a.Symbol != "T" ||
		a.Amount.String() != "1.02" || a.Price.String() != "0.51" {
		t.Errorf("NonTradeActivity sample: %+v", a)
	}
	if a := got["18a82342-245e-4e8a-9703-87ae38d9b629"]; a.Type != integrations.ActivitySell || a.Units.String() != "-643" {
		t.Errorf("partial fill: %+v", a)
	}
	pos, err := c.Positions(t.Context(), p.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]integrations.Position{}
	for _, x := range pos {
		seen[x.Symbol.Ticker] = x
	}
	if a := seen["AAPL"]; a.Units.String() != "5" || a.MarketValue.String() != "600" || a.Price.String() != "120" {
		t.Errorf("AAPL sample: %+v", a)
	}
	if b := seen["BTCUSD"]; b.Symbol.Type != integrations.SecurityCrypto || b.Units.String() != "2.61937" {
		t.Errorf("BTCUSD sample: %+v", b)
	}
	if s := seen["TSLA"]; !s.Units.IsNegative() {
		t.Errorf("the short TSLA position: %+v", s)
	}
}
