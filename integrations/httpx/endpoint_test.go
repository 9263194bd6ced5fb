package httpx_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

func TestEndpoint(t *testing.T) {
	env := integrations.Env{Endpoints: map[string]string{"api": "http://127.0.0.1:8080/v1/"}}
	if got := httpx.Endpoint(env, "api", "https://api.example.com"); got != "http://127.0.0.1:8080/v1" {
		t.Errorf("overridden: %q", got)
	}
	if got := httpx.Endpoint(env, "login", "https://login.example.com/"); got != "https://login.example.com" {
		t.Errorf("default: %q", got)
	}
}

func TestNeedEndpoint(t *testing.T) {
	env := integrations.Env{Endpoints: map[string]string{"api": "http://127.0.0.1:8080/v1/"}}
	if got, err := httpx.NeedEndpoint(env, "api", "Acme API"); err != nil || got != "http://127.0.0.1:8080/v1" {
		t.Errorf("named: %q, %v", got, err)
	}
	got, err := httpx.NeedEndpoint(env, "auth", "Acme auth")
	if got != "" || !errors.Is(err, integrations.ErrUnavailable) || !strings.HasSuffix(err.Error(), "no Acme auth address is configured") {
		t.Errorf("not named: %q, %v", got, err)
	}
}

func TestRateLimited(t *testing.T) {
	now := time.Date(2026, 3, 18, 12, 0, 0, 0, time.UTC)
	var rl *integrations.RateLimitError
	if err := httpx.RateLimited(http.Header{"Retry-After": {"7"}}, now, time.Minute); !errors.As(err, &rl) || rl.RetryAfter != 7*time.Second {
		t.Errorf("with Retry-After: %v", err)
	}
	if err := httpx.RateLimited(http.Header{}, now, time.Minute); !errors.As(err, &rl) || rl.RetryAfter != time.Minute {
		t.Errorf("without: %v", err)
	}
}
