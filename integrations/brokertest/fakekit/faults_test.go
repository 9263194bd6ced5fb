package fakekit

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

func TestFaults(t *testing.T) {
	write := func(w http.ResponseWriter, status int, code int, msg string) {
		WriteText(w, status, fmt.Sprintf("%d: %s", code, msg))
	}
	answer := Faults(write, map[brokertest.Fault]Answer[int]{
		brokertest.RateLimited:  {Status: http.StatusTooManyRequests, Code: 429001, Message: "slow down", RetryAfter: true},
		brokertest.Unauthorized: {Status: http.StatusUnauthorized, Code: 401001, Message: "who are you?", Header: func(h http.Header) { h.Set("X-Why", "token") }},
	})
	rec := httptest.NewRecorder()
	if !answer(rec, nil, brokertest.RateLimited) || rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" ||
		rec.Body.String() != "429001: slow down "+brokertest.BodyCanary {
		t.Errorf("rate limited: %d %v %q", rec.Code, rec.Header(), rec.Body)
	}
	rec = httptest.NewRecorder()
	if !answer(rec, nil, brokertest.Unauthorized) || rec.Code != http.StatusUnauthorized || rec.Header().Get("X-Why") != "token" ||
		rec.Header().Get("Retry-After") != "" || !strings.HasPrefix(rec.Body.String(), "401001: who are you? ") {
		t.Errorf("unauthorized: %d %v %q", rec.Code, rec.Header(), rec.Body)
	}
	rec = httptest.NewRecorder()
	if answer(rec, nil, brokertest.ServerError) || rec.Body.Len() != 0 {
		t.Errorf("a fault not named was answered: %q", rec.Body)
	}
}

func TestReply(t *testing.T) {
	write := func(w http.ResponseWriter, status int, code string, msg string) { WriteText(w, status, code+": "+msg) }
	rec := httptest.NewRecorder()
	Reply(write, http.StatusUnauthorized, "E401", "no token")(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusUnauthorized || rec.Body.String() != "E401: no token" {
		t.Errorf("reply %d %q", rec.Code, rec.Body)
	}
}
