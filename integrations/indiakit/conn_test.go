package indiakit

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

func TestConn(t *testing.T) {
	requests := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests++
		if r.URL.Path == "/refuse" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	now := time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC)
	env := integrations.Env{Now: func() time.Time { return now }}
	var logins []bool
	c := Conn{API: &httpx.API{Name: "Broker", Client: srv.Client(), Base: srv.URL}, Env: env,
		Map: func(status int, _ http.Header, _ []byte, at time.Time, login bool) error {
			logins = append(logins, login)
			if !at.Equal(now) {
				t.Errorf("mapped at %v, want the env's now", at)
			}
			if login {
				return integrations.ErrInvalidCredentials
			}
			return integrations.ErrReauthRequired
		}}
	ctx := t.Context()
	if b, err := c.Do(ctx, now.Add(time.Hour), httpx.Request{Path: "/ok"}); err != nil || string(b) != `{"ok":true}` {
		t.Errorf("Do = %q, %v", b, err)
	}
	if b, err := c.Do(ctx, time.Time{}, httpx.Request{Path: "/ok"}); err != nil || len(b) == 0 {
		t.Errorf("Do with the session's end unknown = %q, %v", b, err)
	}
	if _, err := c.Do(ctx, now.Add(time.Hour), httpx.Request{Path: "/refuse"}); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("Do refused: %v", err)
	}
	if _, err := c.LoginDo(ctx, httpx.Request{Path: "/refuse"}); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("LoginDo refused: %v", err)
	}
	if len(logins) != 2 || logins[0] || !logins[1] {
		t.Errorf("mapped with login %v, want [false true]", logins)
	}
	before := requests
	_, err := c.Do(ctx, now.Add(-time.Minute), httpx.Request{Path: "/ok"})
	if !errors.Is(err, integrations.ErrReauthRequired) || !strings.Contains(err.Error(), "Broker's daily login ended") {
		t.Errorf("Do after the session's end: %v", err)
	}
	if requests != before {
		t.Errorf("Do after the session's end sent a request")
	}
	// A request's own Status is kept.
	own := errors.New("own mapping")
	if _, err := c.Do(ctx, time.Time{}, httpx.Request{Path: "/refuse", Status: func(*http.Response, []byte) error { return own }}); !errors.Is(err, own) {
		t.Errorf("Do with the request's own Status: %v", err)
	}
}
