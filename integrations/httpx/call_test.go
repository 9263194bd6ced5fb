package httpx_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

const canary = "raw-body-canary-0c41"

var callNow = time.Date(2026, 3, 18, 15, 4, 5, 0, time.UTC)

// callServer answers by path: what a real API's refusals look like.
func callServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		switch r.URL.Path {
		case "/echo":
			body, _ := io.ReadAll(r.Body)
			h.Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"method":` + strconv.Quote(r.Method) + `,"auth":` + strconv.Quote(r.Header.Get("Authorization")) +
				`,"accept":` + strconv.Quote(r.Header.Get("Accept")) + `,"key":` + strconv.Quote(r.Header.Get("X-Key")) +
				`,"ctype":` + strconv.Quote(r.Header.Get("Content-Type")) + `,"query":` + strconv.Quote(r.URL.RawQuery) +
				`,"body":` + strconv.Quote(string(body)) + `}`))
		case "/xml":
			h.Set("Content-Type", "application/xml")
			_, _ = w.Write([]byte(`<a>` + canary + `</a>`))
		case "/malformed":
			h.Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"a":` + canary))
		case "/truncated":
			h.Set("Content-Length", "4096")
			_, _ = w.Write([]byte(`{"a":"` + canary))
		case "/429-retry-after":
			h.Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
		case "/429-reset":
			h.Set("X-RateLimit-Reset", strconv.FormatInt(callNow.Add(42*time.Second).Unix(), 10))
			w.WriteHeader(http.StatusTooManyRequests)
		case "/429":
			w.WriteHeader(http.StatusTooManyRequests)
		case "/code":
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"code":1017,"message":"` + canary + `"}`))
		default:
			code, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
			w.WriteHeader(code)
			_, _ = w.Write([]byte(canary))
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func callAPI(srv *httptest.Server, login bool) *httpx.API {
	st := httpx.Status{Name: "Acme", Login: login, Now: func() time.Time { return callNow },
		Reset: httpx.ResetUnix("X-RateLimit-Reset"), Wait: 3 * time.Second, Refused: []int{401, 403},
		Body: func(status int, body []byte) error {
			if strings.Contains(string(body), `"code":1017`) {
				return integrations.Wrap(integrations.ErrReauthRequired, "acme refused the token")
			}
			return nil
		}}
	return &httpx.API{Name: "Acme", Client: srv.Client(), Base: srv.URL + "/", Header: http.Header{"X-Key": {"k1"}},
		Status: st.Map, JSONOnly: true}
}

func TestAPIBuildsAndDecodes(t *testing.T) {
	srv := callServer(t)
	api := callAPI(srv, false)
	var got map[string]string
	err := api.JSON(t.Context(), httpx.Request{Path: "echo", Query: url.Values{"a": {"1 2"}}, Bearer: "tok"}, &got)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"method": "GET", "auth": "Bearer tok", "accept": "application/json", "key": "k1", "query": "a=1+2"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q; want %q", k, got[k], v)
		}
	}
	if err := api.JSON(t.Context(), httpx.Request{Method: http.MethodPost, Path: "/echo", JSON: map[string]int{"n": 1}}, &got); err != nil {
		t.Fatal(err)
	}
	if got["ctype"] != "application/json" || got["body"] != `{"n":1}` || got["method"] != "POST" {
		t.Errorf("JSON body: %v", got)
	}
	if err := api.JSON(t.Context(), httpx.Request{Method: http.MethodPost, Path: srv.URL + "/echo?x=1", Form: url.Values{"g": {"h"}},
		Query: url.Values{"y": {"2"}}}, &got); err != nil {
		t.Fatal(err)
	}
	if got["ctype"] != "application/x-www-form-urlencoded" || got["body"] != "g=h" || got["query"] != "x=1&y=2" {
		t.Errorf("form body on an absolute URL: %v", got)
	}
}

func TestAPIMapsAnswers(t *testing.T) {
	srv := callServer(t)
	cases := []struct {
		path  string
		login bool
		want  error
		wait  time.Duration
	}{
		{path: "/429-retry-after", want: integrations.ErrRateLimited, wait: 7 * time.Second},
		{path: "/429-reset", want: integrations.ErrRateLimited, wait: 43 * time.Second},
		{path: "/429", want: integrations.ErrRateLimited, wait: 3 * time.Second},
		{path: "/401", want: integrations.ErrReauthRequired},
		{path: "/403", login: true, want: integrations.ErrInvalidCredentials},
		{path: "/503", want: integrations.ErrUnavailable},
		{path: "/code", want: integrations.ErrReauthRequired},
		{path: "/malformed", want: integrations.ErrUnavailable},
		{path: "/truncated", want: integrations.ErrUnavailable},
		{path: "/xml", want: integrations.ErrUnavailable},
	}
	for _, c := range cases {
		var v map[string]any
		err := callAPI(srv, c.login).JSON(t.Context(), httpx.Request{Path: c.path, Bearer: "secret-token"}, &v)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v; want %v", c.path, err, c.want)
			continue
		}
		if strings.Contains(err.Error(), canary) || strings.Contains(err.Error(), "secret-token") || strings.Contains(err.Error(), srv.URL) {
			t.Errorf("%s: the error %q holds the body, the token or the URL", c.path, err)
		}
		if d, ok := integrations.RetryAfter(err); c.wait > 0 && (!ok || d != c.wait) {
			t.Errorf("%s: wait %s; want %s", c.path, d, c.wait)
		}
	}
	var sce *httpx.StatusCodeError
	if _, err := callAPI(srv, false).Do(t.Context(), httpx.Request{Path: "/404"}); !errors.As(err, &sce) || sce.StatusCode != 404 {
		t.Errorf("404: %v", err)
	}
	body, err := callAPI(srv, false).Do(t.Context(), httpx.Request{Path: "/code", Status: func(*http.Response, []byte) error { return nil }})
	if err != nil || !strings.Contains(string(body), "1017") {
		t.Errorf("a call's own mapper accepting a refusal: %q %v", body, err)
	}
}

func TestAPIUnreachableAndCancelled(t *testing.T) {
	srv := callServer(t)
	api := callAPI(srv, false)
	srv.Close()
	_, err := api.Do(t.Context(), httpx.Request{Path: "/echo", Query: url.Values{"token": {"secret-token"}}})
	var ne *httpx.NetError
	if !errors.As(err, &ne) || ne.Name != "Acme" || strings.Contains(err.Error(), "secret-token") {
		t.Errorf("unreachable: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := api.Do(ctx, httpx.Request{Path: "/echo"}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if _, err := (&httpx.API{Name: "Acme", Client: http.DefaultClient, Base: "http://bad host"}).Do(t.Context(), httpx.Request{}); err == nil {
		t.Error("a bad base URL was accepted")
	}
}

func TestUnmarshal(t *testing.T) {
	var v struct{ A int }
	if err := httpx.Unmarshal([]byte(`{"A":"`+canary+`"}`), &v); !errors.Is(err, integrations.ErrUnavailable) || strings.Contains(err.Error(), canary) {
		t.Errorf("bad JSON: %v", err)
	}
	if err := httpx.Unmarshal([]byte(`{"A":3}`), &v); err != nil || v.A != 3 {
		t.Errorf("good JSON: %v %v", v, err)
	}
}

// TestAPIAnsweredSeesHeaders: a client pacing by the usage an institution
// reports on every answer sees the headers of successes and refusals.
func TestAPIAnsweredSeesHeaders(t *testing.T) {
	srv := callServer(t)
	api := callAPI(srv, false)
	var seen []string
	answered := func(status int, h http.Header) {
		seen = append(seen, strconv.Itoa(status)+" "+h.Get("Content-Type")+h.Get("Retry-After"))
	}
	var got map[string]string
	if err := api.JSON(t.Context(), httpx.Request{Path: "echo", Answered: answered}, &got); err != nil {
		t.Fatal(err)
	}
	_, _ = api.Do(t.Context(), httpx.Request{Path: "429-retry-after", Answered: answered})
	if len(seen) != 2 || seen[0] != "200 application/json" || seen[1] != "429 7" {
		t.Fatalf("answered: %q", seen)
	}
}

func TestUnmarshalOr(t *testing.T) {
	bad := errors.New("the answer could not be understood")
	var v struct{ A int }
	if err := httpx.UnmarshalOr([]byte(`{"A":7}`), &v, bad); err != nil || v.A != 7 {
		t.Fatalf("good JSON: %v %+v", err, v)
	}
	for _, b := range []string{``, `{`, `{"A":"x"}`, `[1]`} {
		if err := httpx.UnmarshalOr([]byte(b), &v, bad); err != bad {
			t.Errorf("%q: %v, want the institution's error", b, err)
		}
	}
}

func TestStatusStatuses(t *testing.T) {
	forbidden := integrations.Wrap(integrations.ErrNotSupported, "Acme refused the request (HTTP 403)")
	bodyCalls := 0
	s := httpx.Status{Name: "Acme", Statuses: map[int]error{http.StatusForbidden: forbidden},
		Body: func(int, []byte) error { bodyCalls++; return nil }}
	answer := func(code int) error { return s.Map(&http.Response{StatusCode: code, Header: http.Header{}}, nil) }
	if err := answer(http.StatusForbidden); err != forbidden || bodyCalls != 0 {
		t.Errorf("403: %v (body read %d times), want the institution's own error", err, bodyCalls)
	}
	// The common rules come first: a listed 401 is still a dead login.
	s.Statuses[http.StatusUnauthorized] = forbidden
	if err := answer(http.StatusUnauthorized); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("401: %v, want ErrReauthRequired", err)
	}
	// A status not listed goes on to Body, then the plain status error.
	var sc *httpx.StatusCodeError
	if err := answer(http.StatusNotFound); !errors.As(err, &sc) || sc.StatusCode != http.StatusNotFound || bodyCalls != 1 {
		t.Errorf("404: %v (body read %d times)", err, bodyCalls)
	}
}

func TestMapAt(t *testing.T) {
	at := time.Date(2026, 3, 18, 12, 0, 0, 0, time.UTC)
	var got string
	m := func(status int, h http.Header, body []byte, now time.Time, login bool) error {
		got = fmt.Sprintf("%d %s %s %s %v", status, h.Get("X-Code"), body, now.Format(time.RFC3339), login)
		return integrations.ErrRateLimited
	}
	mapper := httpx.MapAt(m, func() time.Time { return at }, true)
	err := mapper(&http.Response{StatusCode: 429, Header: http.Header{"X-Code": {"AB1019"}}}, []byte("{}"))
	if !errors.Is(err, integrations.ErrRateLimited) || got != "429 AB1019 {} 2026-03-18T12:00:00Z true" {
		t.Errorf("MapAt: %v, the mapping saw %q", err, got)
	}
}

func TestRows(t *testing.T) {
	bad := errors.New("the answer could not be understood")
	type row struct{ ID string }
	valid := func(r row) bool { return r.ID != "" }
	rows, err := httpx.Rows([]byte(`[{"ID":"a"},{"ID":"b"}]`), bad, valid)
	if err != nil || len(rows) != 2 || rows[1].ID != "b" {
		t.Fatalf("good rows: %+v, %v", rows, err)
	}
	if rows, err := httpx.Rows([]byte(`[]`), bad, valid); err != nil || len(rows) != 0 {
		t.Errorf("no rows: %+v, %v", rows, err)
	}
	for _, b := range []string{``, `{"ID":"a"}`, `[{"ID":"a"},{"ID":""}]`, `[{"ID":7}]`} {
		if rows, err := httpx.Rows([]byte(b), bad, valid); err != bad || rows != nil {
			t.Errorf("%q: %+v, %v, want the institution's error", b, rows, err)
		}
	}
}
