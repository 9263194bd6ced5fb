package cryptokit

import (
	"context"
	"errors"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

func TestValidate(t *testing.T) {
	type api struct{ login bool }
	acct := Account("spot", "Exchange spot wallet", "spot", "USD")
	newAPI := func(_ integrations.Env, k KeyPair, login bool) (*api, error) {
		if k.Key == "" {
			return nil, integrations.Wrap(integrations.ErrUnavailable, "no API address is configured")
		}
		return &api{login: login}, nil
	}
	owner := func(a *api, _ context.Context) (string, error) {
		if !a.login {
			return "", errors.New("the API was not built for a login")
		}
		return "uid:7", nil
	}
	k := KeyPair{Key: "LKdemoKey", Secret: "LKdemoSecret"}
	done, err := Validate(t.Context(), integrations.Env{}, k, newAPI, owner, "exchange", k.Encode(), acct)
	if err != nil || done == nil || string(done.Grant.Secret) != string(k.Encode()) || len(done.Accounts) != 1 || done.Accounts[0] != acct {
		t.Fatalf("Validate = %+v, %v", done, err)
	}
	if done.Grant.Fingerprint == KeyDone("exchange", "uid:8", k.Encode(), acct).Grant.Fingerprint {
		t.Error("the grant's fingerprint does not name the owner")
	}
	if _, err := Validate(t.Context(), integrations.Env{}, KeyPair{}, newAPI, owner, "exchange", nil, acct); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("an API that cannot be built: %v", err)
	}
	refused := integrations.Wrap(integrations.ErrInvalidCredentials, "the key was refused")
	if _, err := Validate(t.Context(), integrations.Env{}, k, newAPI, func(*api, context.Context) (string, error) { return "", refused }, "exchange", nil, acct); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("a refused key: %v", err)
	}
}
