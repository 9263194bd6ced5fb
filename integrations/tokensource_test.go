package integrations_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// tsSecret is a test secret: tokens numbered by their refresh.
type tsSecret struct {
	Access, Refresh string
	Expiry          time.Time
}

// tsRig is a TokenSource over a fake token endpoint that rotates the
// refresh token, counting refreshes and recording saves.
type tsRig struct {
	mu        sync.Mutex
	now       time.Time
	refreshes int
	saves     []integrations.Grant
	saveErr   error
	refuse    error
	ts        *integrations.TokenSource[tsSecret]
}

func newTSRig() *tsRig {
	r := &tsRig{now: time.Date(2026, 3, 18, 12, 0, 0, 0, time.UTC)}
	r.ts = &integrations.TokenSource[tsSecret]{
		Name:   "Acme",
		Grant:  integrations.Grant{Method: integrations.AuthOAuth2, Fingerprint: "fp", Secret: []byte("a0")},
		Secret: tsSecret{Access: "a0", Refresh: "r0", Expiry: r.now.Add(30 * time.Minute)},
		Access: func(s tsSecret) (string, time.Time) { return s.Access, s.Expiry },
		Refresh: func(_ context.Context, s tsSecret) (tsSecret, error) {
			r.mu.Lock()
			defer r.mu.Unlock()
			if r.refuse != nil {
				return tsSecret{}, r.refuse
			}
			r.refreshes++
			n := r.refreshes
			return tsSecret{Access: fmt.Sprintf("a%d", n), Refresh: fmt.Sprintf("r%d", n), Expiry: r.now.Add(30 * time.Minute)}, nil
		},
		Encode: func(g integrations.Grant, s tsSecret) integrations.Grant {
			g.Secret, g.Expiry = []byte(s.Access), s.Expiry.Add(time.Hour)
			return g
		},
		Save: func(_ context.Context, g integrations.Grant) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			if r.saveErr != nil {
				return r.saveErr
			}
			r.saves = append(r.saves, g)
			return nil
		},
		Now: func() time.Time {
			r.mu.Lock()
			defer r.mu.Unlock()
			return r.now
		},
	}
	return r
}

func (r *tsRig) advance(d time.Duration) {
	r.mu.Lock()
	r.now = r.now.Add(d)
	r.mu.Unlock()
}

func (r *tsRig) counts() (refreshes int, saved []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, g := range r.saves {
		saved = append(saved, string(g.Secret))
	}
	return r.refreshes, saved
}

func TestTokenSourceRefreshesWhenDueAndSavesFirst(t *testing.T) {
	r := newTSRig()
	s, err := r.ts.Token(t.Context())
	if err != nil || s.Access != "a0" {
		t.Fatalf("a fresh token: %+v %v", s, err)
	}
	if n, saved := r.counts(); n != 0 || len(saved) != 0 {
		t.Fatalf("a token that is not due was refreshed (%d) or saved (%v)", n, saved)
	}
	r.advance(29*time.Minute + 30*time.Second) // within the minute's margin
	if s, err = r.ts.Token(t.Context()); err != nil || s.Access != "a1" || s.Refresh != "r1" {
		t.Fatalf("a due token: %+v %v", s, err)
	}
	if n, saved := r.counts(); n != 1 || strings.Join(saved, ",") != "a1" {
		t.Fatalf("after a refresh: %d refreshes, saved %v", n, saved)
	}
	g, cur := r.ts.Current()
	if string(g.Secret) != "a1" || cur.Access != "a1" || !g.Expiry.Equal(cur.Expiry.Add(time.Hour)) || g.Fingerprint != "fp" {
		t.Errorf("Current: %+v %+v", g, cur)
	}
}

func TestTokenSourceNeverUsesAnUnsavedToken(t *testing.T) {
	r := newTSRig()
	r.advance(time.Hour)
	r.saveErr = errors.New("disk full")
	if s, err := r.ts.Token(t.Context()); err == nil || !strings.Contains(err.Error(), "disk full") || s.Access != "" {
		t.Fatalf("a failed save: %+v %v; want the save's error and no token", s, err)
	}
	if _, err := r.ts.Token(t.Context()); err == nil {
		t.Fatal("the second call used the unsaved token")
	}
	r.saveErr = nil
	s, err := r.ts.Token(t.Context())
	if err != nil || s.Access != "a1" {
		t.Fatalf("once saving works: %+v %v; want the token refreshed before, saved now", s, err)
	}
	// The rotated refresh token was kept: no second refresh spent it.
	if n, saved := r.counts(); n != 1 || strings.Join(saved, ",") != "a1" {
		t.Fatalf("%d refreshes, saved %v; want 1 and [a1]", n, saved)
	}
}

func TestTokenSourceSerialisesRefreshes(t *testing.T) {
	r := newTSRig()
	var wg sync.WaitGroup
	got := make([]string, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := r.ts.Refused(t.Context(), "a0")
			if err != nil {
				t.Error(err)
			}
			got[i] = s.Access
		}()
	}
	wg.Wait()
	for _, a := range got {
		if a != "a1" {
			t.Errorf("a caller got %q; want every caller to share the one refresh (a1)", a)
		}
	}
	if n, _ := r.counts(); n != 1 {
		t.Errorf("%d refreshes for one refused token; want 1", n)
	}
	// A token refused that was already replaced refreshes nothing.
	if s, _ := r.ts.Refused(t.Context(), "a0"); s.Access != "a1" {
		t.Errorf("a stale refusal: %q", s.Access)
	}
	if n, _ := r.counts(); n != 1 {
		t.Errorf("a stale refusal refreshed again (%d)", n)
	}
}

func TestTokenSourceDo(t *testing.T) {
	r := newTSRig()
	var used []string
	err := r.ts.Do(t.Context(), func(_ context.Context, s tsSecret) error {
		used = append(used, s.Access)
		if s.Access == "a0" {
			return integrations.Wrap(integrations.ErrReauthRequired, "HTTP 401")
		}
		return nil
	})
	if err != nil || strings.Join(used, ",") != "a0,a1" {
		t.Fatalf("Do after a refused token: %v, used %v", err, used)
	}
	calls := 0
	err = r.ts.Do(t.Context(), func(context.Context, tsSecret) error {
		calls++
		return integrations.Wrap(integrations.ErrReauthRequired, "revoked")
	})
	if !errors.Is(err, integrations.ErrReauthRequired) || calls != 2 {
		t.Fatalf("a revoked grant: %v after %d calls; want ErrReauthRequired after 2", err, calls)
	}
	calls = 0
	err = r.ts.Do(t.Context(), func(context.Context, tsSecret) error {
		calls++
		return integrations.ErrUnavailable
	})
	if !errors.Is(err, integrations.ErrUnavailable) || calls != 1 {
		t.Fatalf("an outage: %v after %d calls; want no refresh", err, calls)
	}
}

func TestTokenSourceRefusedRefresh(t *testing.T) {
	for _, c := range []struct {
		name       string
		refuse     error
		want       error
		notReauth  bool
		textHasNot string
	}{
		{"invalid_grant", integrations.TokenRefusal([]byte(`{"error":"invalid_grant","error_description":"tok-SECRET gone"}`)), integrations.ErrReauthRequired, false, "tok-SECRET"},
		{"refused credential", integrations.Wrap(integrations.ErrInvalidCredentials, "HTTP 400"), integrations.ErrReauthRequired, false, ""},
		{"outage", integrations.Wrap(integrations.ErrUnavailable, "HTTP 503"), integrations.ErrUnavailable, true, ""},
		{"rate limit", &integrations.RateLimitError{RetryAfter: time.Second}, integrations.ErrRateLimited, true, ""},
		{"cancelled", context.Canceled, context.Canceled, true, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newTSRig()
			r.refuse = c.refuse
			r.advance(time.Hour)
			_, err := r.ts.Token(t.Context())
			if !errors.Is(err, c.want) || (c.notReauth && errors.Is(err, integrations.ErrReauthRequired)) {
				t.Fatalf("got %v; want %v", err, c.want)
			}
			if c.textHasNot != "" && strings.Contains(err.Error(), c.textHasNot) {
				t.Errorf("the error quotes the answer: %v", err)
			}
			if _, saved := r.counts(); len(saved) != 0 {
				t.Errorf("a failed refresh saved %v", saved)
			}
		})
	}
}

func TestTokenSourceWithoutRefresh(t *testing.T) {
	r := newTSRig()
	r.ts.Refresh = nil
	if s, err := r.ts.Refused(t.Context(), "a0"); err != nil || s.Access != "a0" {
		t.Fatalf("a refused token without refresh: %+v %v; want it back as it is", s, err)
	}
	calls := 0
	err := r.ts.Do(t.Context(), func(context.Context, tsSecret) error {
		calls++
		return integrations.ErrReauthRequired
	})
	if !errors.Is(err, integrations.ErrReauthRequired) || calls != 1 {
		t.Fatalf("Do without refresh: %v after %d calls", err, calls)
	}
	r.advance(time.Hour)
	if _, err := r.ts.Token(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) || !strings.Contains(err.Error(), "Acme") {
		t.Fatalf("an expired token without refresh: %v", err)
	}
	// An empty access token is always due; a token without expiry never.
	r.ts.Secret = tsSecret{Access: "forever"}
	if s, err := r.ts.Token(t.Context()); err != nil || s.Access != "forever" {
		t.Fatalf("a token without expiry: %+v %v", s, err)
	}
	r.ts.Secret = tsSecret{}
	if _, err := r.ts.Token(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("no access token and no refresh: %v", err)
	}
	r.ts.Ended = "the Acme sign-in lasts a day; sign in again"
	if _, err := r.ts.Token(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) || !strings.Contains(err.Error(), "lasts a day") {
		t.Fatalf("an ended login with its own message: %v", err)
	}
}

func TestTokenRefusal(t *testing.T) {
	for body, want := range map[string]error{
		`{"error":"invalid_grant","error_description":"Refresh token expired"}`: integrations.ErrReauthRequired,
		`{"error":"invalid_client"}`:            integrations.ErrReauthRequired,
		`{"error":"temporarily_unavailable"}`:   integrations.ErrUnavailable,
		`{"error":"server_error"}`:              integrations.ErrUnavailable,
		`{"error":"<script>alert(1)</script>"}`: nil,
		`{"error":{"code":"x"}}`:                nil,
		`{"errors":[{"title":"Unauthorized"}]}`: nil,
		`not json`:                              nil,
		``:                                      nil,
	} {
		got := integrations.TokenRefusal([]byte(body))
		if (want == nil) != (got == nil) || (want != nil && !errors.Is(got, want)) {
			t.Errorf("%s: %v; want %v", body, got, want)
		}
		if got != nil && strings.Contains(got.Error(), "expired") {
			t.Errorf("%s: the description is quoted: %v", body, got)
		}
	}
}

func TestEncodeGrant(t *testing.T) {
	encode := func(s tsSecret) []byte { return integrations.EncodeSecret(s) }
	end := time.Date(2026, 3, 18, 12, 0, 0, 0, time.UTC)
	old := integrations.Grant{Method: integrations.AuthOAuth2, Fingerprint: "fp", Expiry: end.Add(-time.Hour), Secret: []byte("old")}
	s := tsSecret{Access: "a2", Refresh: "r2", Expiry: end}

	g := integrations.EncodeGrant(encode, nil)(old, s)
	if string(g.Secret) != string(encode(s)) || !g.Expiry.Equal(old.Expiry) || g.Fingerprint != "fp" || g.Method != integrations.AuthOAuth2 {
		t.Errorf("without expiry: %+v", g)
	}
	g = integrations.EncodeGrant(encode, func(s tsSecret) time.Time { return s.Expiry })(old, s)
	if string(g.Secret) != string(encode(s)) || !g.Expiry.Equal(end) || g.Fingerprint != "fp" {
		t.Errorf("with expiry: %+v", g)
	}
	if string(old.Secret) != "old" {
		t.Error("the grant given was changed")
	}
}
