package httpx_test

import (
	"testing"

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
