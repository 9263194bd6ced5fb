package alpaca_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/alpaca"
	"github.com/latchkey/latchkey/integrations/alpaca/fake"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// login logs in with the paper key pair and returns a client.
func login(t *testing.T, env integrations.Env) integrations.Client {
	t.Helper()
	in := integration(t, alpaca.PaperID)
	done, err := brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: integrations.AuthAPIKey,
		Values: keys(fake.PaperKeyID, fake.PaperSecretKey), Env: env})
	if err != nil {
		t.Fatal(err)
	}
	if !done.Grant.Expiry.IsZero() {
		t.Errorf("an API key grant has an expiry: %s", done.Grant.Expiry)
	}
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Alpaca's 429 carries X-RateLimit-Reset and no Retry-After: the wait comes
// from the reset time.
func TestRateLimitFromResetHeader(t *testing.T) {
	clk := fakekit.NewClock(fakekit.T0)
	srv, err := fake.New(fake.Options{Now: clk.Now, RateLimit: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	in := integration(t, alpaca.PaperID)
	env := integrations.Env{Endpoints: srv.Endpoints()[alpaca.PaperID], Now: clk.Now,
		HTTP: httpx.New(in.Institution(), httpx.Options{RPS: -1, MaxTries: 1})}
	c := login(t, env) // one request
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err) // two
	}
	_, err = c.Accounts(t.Context())
	d, ok := integrations.RetryAfter(err)
	if !ok {
		t.Fatalf("third request in the minute: %v, want a rate-limit error", err)
	}
	// t0 is 15:04:05; the window resets at 15:05:00.
	if d != 56*time.Second {
		t.Errorf("RetryAfter = %s, want 56s", d)
	}
	clk.Add(time.Minute)
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Errorf("next minute: %v", err)
	}
}

func TestOAuthNeedsApp(t *testing.T) {
	_, env, _ := start(t, alpaca.ID)
	env.App = nil
	_, err := integration(t, alpaca.ID).StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env})
	if err == nil || errors.Is(err, integrations.ErrNotSupported) {
		t.Fatalf("OAuth without an app registration: %v", err)
	}
}

func TestWrongAccountID(t *testing.T) {
	_, env, _ := start(t, alpaca.PaperID)
	c := login(t, env)
	if _, err := c.Positions(t.Context(), "not-this-login's"); err == nil {
		t.Error("positions of another account")
	}
}

// The fake pages like Alpaca: newest first by default, page_token is the
// id the next page starts after.
func TestFakePagingDefaultsToDescending(t *testing.T) {
	srv, _, _ := start(t, alpaca.ID)
	get := func(token string) []fake.Activity {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL()+"/v2/account/activities?page_token="+token, nil)
		req.Header.Set("APCA-API-KEY-ID", fake.LiveKeyID)
		req.Header.Set("APCA-API-SECRET-KEY", fake.LiveSecretKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.Header.Get("X-RateLimit-Reset") == "" {
			t.Error("no X-RateLimit-Reset")
		}
		var rows []fake.Activity
		if err := json.NewDecoder(resp.Body).Decode(&rows); err != nil {
			t.Fatal(err)
		}
		return rows
	}
	first := get("")
	all := srv.Portfolio(alpaca.ID).Activities
	if len(first) != 100 || first[0].ID != all[len(all)-1].ID {
		t.Fatalf("first page: %d rows", len(first))
	}
	second := get(first[99].ID)
	if len(second) != len(all)-100 || second[len(second)-1].ID != all[0].ID {
		t.Errorf("second page: %d rows", len(second))
	}
}

// TestNewClientRefusesStrangeSecret: a saved secret that is not the
// integration's asks for a new login, in either variant.
func TestNewClientRefusesStrangeSecret(t *testing.T) {
	fakekit.WantStrangeSecretRefused(t, alpaca.New()...)
}

// pagedServer answers GET /v2/account and GET /v2/account/activities as the
// account-activities docs describe page_token with direction=asc (the page
// begins right after the row named), but never more than perPage rows a
// page, whatever page_size asks: a short page is not the end, an empty one
// is (alpaca-py's _get_account_activities_iterator reads until []). It
// records each activities query.
func pagedServer(t *testing.T, rows []map[string]string, perPage int) (*httptest.Server, *[]url.Values) {
	t.Helper()
	var queries []url.Values
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v2/account", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("APCA-API-KEY-ID") != "AKPAGED" || r.Header.Get("APCA-API-SECRET-KEY") != "paged-secret" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"code":40110000,"message":"request is not authorized"}`))
			return
		}
		_, _ = w.Write([]byte(`{"id":"acc-1","account_number":"PA1234567","status":"ACTIVE","currency":"USD","cash":"1","equity":"1"}`))
	})
	mux.HandleFunc("GET /v2/account/activities", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		queries = append(queries, q)
		start := 0
		if tok := q.Get("page_token"); tok != "" {
			start = len(rows)
			for i, row := range rows {
				if row["id"] == tok {
					start = i + 1
				}
			}
		}
		page := rows[start:min(start+perPage, len(rows))]
		b, _ := json.Marshal(page)
		_, _ = w.Write(b)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &queries
}

// TestActivitiesReadUntilEmptyPage: pages shorter than page_size do not end
// the read; the empty page does. Each request asks direction=asc,
// page_size=100 (the documented maximum without date), after a day before
// since (a date, one of the two formats the docs accept) and, after the
// first, page_token = the previous page's last id.
func TestActivitiesReadUntilEmptyPage(t *testing.T) {
	var rows []map[string]string
	for i := range 5 {
		rows = append(rows, map[string]string{"activity_type": "CSD", "id": fmt.Sprintf("2026030%d000000000::row-%d", i+1, i),
			"date": fmt.Sprintf("2026-03-0%d", i+1), "net_amount": "10", "status": "executed"})
	}
	srv, queries := pagedServer(t, rows, 2)
	in := integration(t, alpaca.PaperID)
	now := func() time.Time { return time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC) }
	env := integrations.Env{Endpoints: map[string]string{"api": srv.URL}, Now: now,
		HTTP: httpx.New(in.Institution(), httpx.Options{RPS: -1, MaxTries: 1})}
	done, err := brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: integrations.AuthAPIKey,
		Values: keys("AKPAGED", "paged-secret"), Env: env})
	if err != nil {
		t.Fatal(err)
	}
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	acts, err := c.Activities(t.Context(), "acc-1", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 5 || acts[4].ID != "20260305000000000::row-4" {
		t.Fatalf("got %d activities, want all 5 across short pages", len(acts))
	}
	// Pages of 2, 2, 1, then the empty page.
	if len(*queries) != 4 {
		t.Fatalf("%d requests, want 4 (2+2+1 rows, then the empty page)", len(*queries))
	}
	for i, q := range *queries {
		if q.Get("direction") != "asc" || q.Get("page_size") != "100" || q.Get("after") != "2026-02-28" || q.Has("date") || q.Has("until") {
			t.Errorf("request %d: %v", i, q)
		}
		want := ""
		if i > 0 {
			want = rows[min(2*i, len(rows))-1]["id"]
		}
		if q.Get("page_token") != want {
			t.Errorf("request %d: page_token %q, want %q", i, q.Get("page_token"), want)
		}
	}
}

// The authorize URL carries what Alpaca's OAuth guide asks for
// (response_type=code, client_id, redirect_uri, state) and the env its own
// CLI sends; no scope (read-only access, the documented default) and no PKCE
// challenge (Alpaca documents none).
func TestAuthorizeURL(t *testing.T) {
	for _, id := range []string{alpaca.ID, alpaca.PaperID} {
		srv, env, _ := start(t, id)
		in := integration(t, id)
		_, step, err := brokertest.FirstStep(t, in, integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env})
		if err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(step.(*integrations.BrowserStep).URL)
		if err != nil {
			t.Fatal(err)
		}
		if got := u.Scheme + "://" + u.Host + u.Path; got != srv.URL()+"/oauth/authorize" {
			t.Errorf("%s: authorize endpoint %s", id, got)
		}
		q := u.Query()
		wantEnv := map[string]string{alpaca.ID: "live", alpaca.PaperID: "paper"}[id]
		for k, v := range map[string]string{"response_type": "code", "client_id": env.App.ClientID, "env": wantEnv} {
			if q.Get(k) != v {
				t.Errorf("%s: %s = %q, want %q", id, k, q.Get(k), v)
			}
		}
		// The test app's port is any free one; the path is the registered one.
		if r, err := url.Parse(q.Get("redirect_uri")); err != nil || r.Scheme != "http" || r.Hostname() != "127.0.0.1" || r.Path != "/callback" {
			t.Errorf("%s: redirect_uri %q", id, q.Get("redirect_uri"))
		}
		if q.Get("state") == "" || q.Has("scope") || q.Has("code_challenge") || q.Has("code_challenge_method") {
			t.Errorf("%s: %v", id, q)
		}
	}
}
