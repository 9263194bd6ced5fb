package simplefin

import (
	"errors"
	"net/http"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// TestMapStatus checks each refusal of the Bridge while logging in and
// afterwards: a refused access URL (401, 403), payment (402), the quota
// (429), the server's failures and anything else.
func TestMapStatus(t *testing.T) {
	for _, c := range []struct {
		status      int
		login, sync error
	}{
		{http.StatusUnauthorized, integrations.ErrInvalidCredentials, integrations.ErrReauthRequired},
		{http.StatusForbidden, integrations.ErrInvalidCredentials, integrations.ErrReauthRequired},
		{http.StatusPaymentRequired, integrations.ErrAccountLocked, integrations.ErrReauthRequired},
		{http.StatusTooManyRequests, integrations.ErrRateLimited, integrations.ErrRateLimited},
		{http.StatusBadGateway, integrations.ErrUnavailable, integrations.ErrUnavailable},
		{http.StatusNotFound, integrations.ErrUnavailable, integrations.ErrUnavailable},
	} {
		for login, want := range map[bool]error{true: c.login, false: c.sync} {
			a := &api{name: "SimpleFIN Bridge", login: login}
			resp := &http.Response{StatusCode: c.status, Header: http.Header{"Retry-After": {"60"}}}
			if err := a.mapStatus(resp); !errors.Is(err, want) {
				t.Errorf("HTTP %d (login %v): %v, want %v", c.status, login, err, want)
			}
		}
	}
}
