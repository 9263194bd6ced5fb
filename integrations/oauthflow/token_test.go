package oauthflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// loggedIn runs a login against as and returns the oauth2 config and token.
func loggedIn(t *testing.T, as *authServer) (*oauth2.Config, *oauth2.Token) {
	t.Helper()
	f, cb := answered(t, as.config())
	tok, err := f.Exchange(context.Background(), cb.Get("code"))
	if err != nil {
		t.Fatal(err)
	}
	return f.OAuth2(), tok
}

// vault records saved tokens.
type vault struct {
	mu    sync.Mutex
	saved []*oauth2.Token
	fail  error
}

func (v *vault) save(ctx context.Context, tok *oauth2.Token) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.fail != nil {
		return v.fail
	}
	v.saved = append(v.saved, tok)
	return nil
}

func (v *vault) has(access string) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, t := range v.saved {
		if t.AccessToken == access {
			return true
		}
	}
	return false
}

func (v *vault) count() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return len(v.saved)
}

func expired(tok *oauth2.Token) *oauth2.Token {
	cp := *tok
	cp.Expiry = time.Now().Add(-time.Hour)
	return &cp
}

func TestRefreshRotationPersistedBeforeUse(t *testing.T) {
	as := newAuthServer(t)
	conf, tok := loggedIn(t, as)
	var v vault
	// The API checks that every token it sees was saved first.
	var (
		mu   sync.Mutex
		used []string
	)
	as.set(func(as *authServer) {
		as.onAPI = func(access string) {
			if !v.has(access) {
				t.Errorf("API used a token before it was saved")
			}
			mu.Lock()
			used = append(used, access)
			mu.Unlock()
		}
	})
	ctx := WithHTTPClient(context.Background(), as.srv.Client())
	ts := TokenSource(ctx, conf, expired(tok), v.save)
	client := oauth2.NewClient(ctx, ts)
	for range 2 {
		resp, err := client.Get(as.srv.URL + "/api")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("api status %d", resp.StatusCode)
		}
	}
	if v.count() != 1 || refreshCount(as) != 1 {
		t.Fatalf("saved %d tokens after %d refreshes, want 1 and 1", v.count(), refreshCount(as))
	}
	nt := v.saved[0]
	mu.Lock()
	defer mu.Unlock()
	if nt.RefreshToken == tok.RefreshToken || nt.AccessToken == tok.AccessToken || len(used) != 2 || used[0] != nt.AccessToken {
		t.Fatalf("rotation: saved %q/%q, used %v", nt.AccessToken, nt.RefreshToken, used)
	}
	// The old refresh token is spent at the server: using it again would need
	// a new login, which is why the new one had to be saved.
	ts2 := TokenSource(ctx, conf, expired(tok), v.save)
	if _, err := ts2.Token(); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("old refresh token: %v", err)
	}
}

func TestRefreshSaveFailureWithholdsToken(t *testing.T) {
	as := newAuthServer(t)
	conf, tok := loggedIn(t, as)
	v := vault{fail: errors.New("vault locked")}
	var apiCalls atomic.Int32
	as.set(func(as *authServer) { as.onAPI = func(string) { apiCalls.Add(1) } })
	ctx := WithHTTPClient(context.Background(), as.srv.Client())
	ts := TokenSource(ctx, conf, expired(tok), v.save)
	client := oauth2.NewClient(ctx, ts)
	_, err := client.Get(as.srv.URL + "/api")
	if err == nil || !strings.Contains(err.Error(), "vault locked") || apiCalls.Load() != 0 {
		t.Fatalf("err %v, api calls %d", err, apiCalls.Load())
	}
	if _, err := ts.Token(); err == nil {
		t.Fatal("token returned while unsaved")
	}
	// Once the vault works, the refreshed token is saved and used, without
	// another refresh (the old refresh token is spent).
	v.mu.Lock()
	v.fail = nil
	v.mu.Unlock()
	nt, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	if refreshCount(as) != 1 || v.count() != 1 || v.saved[0].AccessToken != nt.AccessToken {
		t.Fatalf("refreshes %d, saved %d", as.refreshCalls, v.count())
	}
}

func TestRefreshValidTokenNotRefreshed(t *testing.T) {
	as := newAuthServer(t)
	conf, tok := loggedIn(t, as)
	var v vault
	got, err := TokenSource(context.Background(), conf, tok, v.save).Token()
	if err != nil || got.AccessToken != tok.AccessToken || refreshCount(as) != 0 || v.count() != 0 {
		t.Fatalf("%v %v", got, err)
	}
}

func TestRefreshInvalidGrant(t *testing.T) {
	for _, c := range []struct {
		status int
		code   string
		want   error
	}{
		{400, "invalid_grant", integrations.ErrReauthRequired},
		{401, "invalid_client", integrations.ErrReauthRequired},
		{400, "", integrations.ErrReauthRequired},
		{401, "", integrations.ErrReauthRequired},
		{403, "", integrations.ErrReauthRequired},
		{200, "invalid_grant", integrations.ErrReauthRequired},
		{503, "", integrations.ErrUnavailable},
		{500, "server_error", integrations.ErrUnavailable},
		{429, "", integrations.ErrRateLimited},
	} {
		t.Run(fmt.Sprintf("%d-%s", c.status, c.code), func(t *testing.T) {
			as := newAuthServer(t)
			conf, tok := loggedIn(t, as)
			as.set(func(as *authServer) { as.failRefresh, as.refreshError = c.status, c.code })
			var v vault
			ctx := WithHTTPClient(context.Background(), as.srv.Client())
			_, err := TokenSource(ctx, conf, expired(tok), v.save).Token()
			if !errors.Is(err, c.want) {
				t.Fatalf("err %v, want %v", err, c.want)
			}
			if strings.Contains(err.Error(), bodyMarker) || strings.Contains(err.Error(), tok.RefreshToken) {
				t.Fatalf("error leaks: %q", err)
			}
			if v.count() != 0 {
				t.Error("saved after a failed refresh")
			}
		})
	}
}

func TestRefreshWithoutRefreshToken(t *testing.T) {
	conf := &oauth2.Config{Endpoint: oauth2.Endpoint{TokenURL: "http://127.0.0.1:1/token"}}
	_, err := TokenSource(context.Background(), conf, &oauth2.Token{AccessToken: "a", Expiry: time.Now().Add(-time.Hour)}, nil).Token()
	if !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("err %v", err)
	}
	_, err = TokenSource(context.Background(), conf, nil, nil).Token()
	if !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("nil token: %v", err)
	}
}

func TestRefreshCancelledCallerContextIgnored(t *testing.T) {
	as := newAuthServer(t)
	conf, tok := loggedIn(t, as)
	ctx, cancel := context.WithCancel(WithHTTPClient(context.Background(), as.srv.Client()))
	ts := TokenSource(ctx, conf, expired(tok), nil)
	cancel() // the call that built the client is over
	if _, err := ts.Token(); err != nil {
		t.Fatal(err)
	}
}

func TestRefreshThroughHTTPXUnreachable(t *testing.T) {
	conf := &oauth2.Config{ClientID: "c", Endpoint: oauth2.Endpoint{TokenURL: "http://127.0.0.1:1/token?client_secret=SEKRET", AuthStyle: oauth2.AuthStyleInParams}}
	hc := httpx.New(integrations.Institution{ID: "x"}, httpx.Options{RPS: -1, MaxTries: 1})
	_, err := TokenSource(WithHTTPClient(context.Background(), hc), conf, &oauth2.Token{RefreshToken: "rt-SEKRET"}, nil).Token()
	if !errors.Is(err, integrations.ErrUnavailable) || strings.Contains(err.Error(), "SEKRET") {
		t.Fatalf("err %v", err)
	}
}

func TestMapTokenError(t *testing.T) {
	resp := func(status int, hdr http.Header) *http.Response {
		if hdr == nil {
			hdr = http.Header{}
		}
		return &http.Response{StatusCode: status, Status: fmt.Sprint(status), Header: hdr}
	}
	body := []byte(`{"error":"x","access_token":"LEAKED-TOKEN"} ` + bodyMarker)
	cases := []struct {
		err  error
		want error
	}{
		{&oauth2.RetrieveError{Response: resp(400, nil), Body: body, ErrorCode: "invalid_grant", ErrorDescription: bodyMarker}, integrations.ErrReauthRequired},
		{&oauth2.RetrieveError{Response: resp(401, nil), Body: body, ErrorCode: "invalid_client"}, integrations.ErrInvalidCredentials},
		{&oauth2.RetrieveError{Response: resp(400, nil), Body: body}, integrations.ErrInvalidCredentials},
		{&oauth2.RetrieveError{Response: resp(400, nil), Body: body, ErrorCode: "<script>"}, integrations.ErrInvalidCredentials},
		{&oauth2.RetrieveError{Response: resp(502, nil), Body: body}, integrations.ErrUnavailable},
		{&oauth2.RetrieveError{Response: resp(404, nil), Body: body}, integrations.ErrUnavailable},
		{&oauth2.RetrieveError{Response: resp(429, http.Header{"Retry-After": {"60"}}), Body: body}, integrations.ErrRateLimited},
		{&oauth2.RetrieveError{Body: body, ErrorCode: "slow_down"}, integrations.ErrRateLimited},
		{fmt.Errorf("oauth2: %w", context.Canceled), context.Canceled},
		{context.DeadlineExceeded, integrations.ErrUnavailable},
		{errors.New("oauth2: server response missing access_token"), integrations.ErrUnavailable},
		{errors.New("oauth2: cannot parse json: " + bodyMarker), integrations.ErrUnavailable},
		{httpx.ErrResponseTooLarge, integrations.ErrUnavailable},
		{&integrations.RateLimitError{RetryAfter: time.Minute}, integrations.ErrRateLimited},
		{integrations.ErrReauthRequired, integrations.ErrReauthRequired},
	}
	for i, c := range cases {
		got := MapTokenError(c.err)
		if !errors.Is(got, c.want) {
			t.Errorf("%d: %v → %v, want %v", i, c.err, got, c.want)
			continue
		}
		for _, leak := range []string{bodyMarker, "LEAKED-TOKEN", "<script>"} {
			if strings.Contains(got.Error(), leak) {
				t.Errorf("%d: %q leaks %q", i, got, leak)
			}
		}
	}
	brokertest.WantWait(t, "retry after", MapTokenError(cases[6].err), time.Minute)
	if MapTokenError(nil) != nil {
		t.Error("nil")
	}
	// A deadline stays visible to errors.Is, so the error is transient.
	if got := MapTokenError(context.DeadlineExceeded); !errors.Is(got, context.DeadlineExceeded) || !integrations.Transient(got) {
		t.Errorf("deadline: %v", got)
	}
}

func TestRefreshNow(t *testing.T) {
	as := newAuthServer(t)
	conf, tok := loggedIn(t, as)
	// The token is still valid by its own expiry: Refresh trades it anyway,
	// the caller having decided it is due.
	nt, err := Refresh(context.Background(), as.srv.Client(), conf, tok.AccessToken, tok.RefreshToken)
	if err != nil || nt.AccessToken == tok.AccessToken || nt.RefreshToken == "" || refreshCount(as) != 1 {
		t.Fatalf("Refresh = %+v, %v after %d refreshes", nt, err, refreshCount(as))
	}
	// The spent refresh token is refused: the login is over.
	if _, err := Refresh(context.Background(), as.srv.Client(), conf, tok.AccessToken, tok.RefreshToken); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("spent refresh token: %v", err)
	}
	if _, err := Refresh(context.Background(), as.srv.Client(), conf, "a", ""); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("no refresh token: %v", err)
	}
}
