package httpx_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

func TestRefreshApp(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.FormValue("refresh_token") {
		case "keep":
			_, _ = w.Write([]byte(`{"access_token":"A2","expires_in":600}`))
		case "rotate":
			_, _ = w.Write([]byte(`{"access_token":"A3","refresh_token":"R3","refresh_token_expires_in":3600}`))
		case "empty":
			_, _ = w.Write([]byte(`{"token_type":"bearer"}`))
		default:
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	defer srv.Close()
	api := &httpx.API{Name: "Acme", Client: srv.Client(), Base: srv.URL,
		Status: httpx.Status{Name: "Acme", Refused: []int{http.StatusUnauthorized}}.Map}
	refresh := func(tok string) (integrations.AppTokens, httpx.TokenAnswer, error) {
		req := httpx.Request{Method: http.MethodPost, Path: "/token", Form: map[string][]string{"refresh_token": {tok}}}
		return httpx.RefreshApp(t.Context(), api, req, integrations.AppTokens{Access: "A1", Refresh: tok, ClientID: "app"}, callNow, time.Hour)
	}
	got, _, err := refresh("keep")
	if err != nil || got.Access != "A2" || got.Refresh != "keep" || got.ClientID != "app" || !got.AccessExpiry.Equal(callNow.Add(10*time.Minute)) {
		t.Errorf("kept refresh token: %+v, %v", got, err)
	}
	got, ans, err := refresh("rotate")
	if err != nil || got.Access != "A3" || got.Refresh != "R3" || !got.AccessExpiry.Equal(callNow.Add(time.Hour)) || ans.RefreshExpiresIn != 3600 {
		t.Errorf("rotated refresh token: %+v, %+v, %v", got, ans, err)
	}
	if _, _, err := refresh("empty"); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("an answer without an access token: %v, want ErrUnavailable", err)
	}
	if got, _, err := refresh("dead"); !errors.Is(err, integrations.ErrReauthRequired) || got != (integrations.AppTokens{}) {
		t.Errorf("a refused refresh: %+v, %v, want ErrReauthRequired", got, err)
	}
}

func TestBearer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"auth":"` + r.Header.Get("Authorization") + `","path":"` + r.URL.Path + `","q":"` + r.URL.RawQuery + `"}`))
	}))
	defer srv.Close()
	api := &httpx.API{Name: "Acme", Client: srv.Client(), Base: srv.URL, Status: httpx.Status{Name: "Acme"}.Map}
	b, err := api.Bearer("tok-1")(t.Context(), "/v1/profile", map[string][]string{"a": {"b"}})
	if want := `{"auth":"Bearer tok-1","path":"/v1/profile","q":"a=b"}`; err != nil || string(b) != want {
		t.Errorf("Bearer's GET: %s, %v; want %s", b, err, want)
	}
}
