package httpx_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

type tokSecret struct{ Access string }

func TestDoWithTokens(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer fresh" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_, _ = w.Write([]byte(`{"q":"` + r.URL.RawQuery + `"}`))
	}))
	t.Cleanup(srv.Close)
	api := &httpx.API{Name: "Acme", Client: srv.Client(), Base: srv.URL,
		Status: httpx.Status{Name: "Acme", Now: func() time.Time { return callNow }}.Map}
	var saved []integrations.Grant
	refreshes := 0
	ts := &integrations.TokenSource[tokSecret]{Name: "Acme", Secret: tokSecret{Access: "stale"}, Now: func() time.Time { return callNow },
		Access: func(s tokSecret) (string, time.Time) { return s.Access, time.Time{} },
		Refresh: func(context.Context, tokSecret) (tokSecret, error) {
			refreshes++
			return tokSecret{Access: "fresh"}, nil
		},
		Encode: func(g integrations.Grant, s tokSecret) integrations.Grant { g.Secret = []byte(s.Access); return g },
		Save:   func(_ context.Context, g integrations.Grant) error { saved = append(saved, g); return nil }}

	// A refused token is refreshed, saved, and the request sent again with it.
	b, err := httpx.DoWithTokens(context.Background(), api, ts, httpx.Request{Path: "/x", Bearer: "ignored", Query: map[string][]string{"a": {"1"}}})
	if err != nil || string(b) != `{"q":"a=1"}` || refreshes != 1 || len(saved) != 1 || string(saved[0].Secret) != "fresh" {
		t.Fatalf("refused token: %q %v, %d refreshes, saved %v", b, err, refreshes, saved)
	}
	// The fresh token is used as it is.
	if b, err = httpx.DoWithTokens(context.Background(), api, ts, httpx.Request{Path: "/y"}); err != nil || string(b) != `{"q":""}` || refreshes != 1 {
		t.Fatalf("fresh token: %q %v, %d refreshes", b, err, refreshes)
	}
	// A token refused again after its refresh is the refusal.
	ts.Secret = tokSecret{Access: "stale"}
	ts.Refresh = func(context.Context, tokSecret) (tokSecret, error) { return tokSecret{Access: "also-stale"}, nil }
	if _, err = httpx.DoWithTokens(context.Background(), api, ts, httpx.Request{Path: "/z"}); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("refused twice: %v", err)
	}
}
