package httpx_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

func TestNeedHost(t *testing.T) {
	env := func(u string) integrations.Env {
		return integrations.Env{Endpoints: map[string]string{"api": u}}
	}
	base, u, err := httpx.NeedHost(env("http://127.0.0.1:8080/base/"), "api", "Acme API")
	if err != nil || base != "http://127.0.0.1:8080/base" || u.Host != "127.0.0.1:8080" || u.Path != "/base" {
		t.Errorf("NeedHost = %q, %v, %v", base, u, err)
	}
	for _, bad := range []string{"", "not a url", "http://%zz"} {
		if _, _, err := httpx.NeedHost(env(bad), "api", "Acme API"); !errors.Is(err, integrations.ErrUnavailable) ||
			!strings.Contains(err.Error(), "no usable Acme API address is configured") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
