package integrations

import (
	"errors"
	"testing"
)

func TestNoLogin(t *testing.T) {
	err := NoLogin("Acme", AuthAPIKey)
	if !errors.Is(err, ErrNotSupported) || err.Error() != ErrNotSupported.Error()+`: Acme has no "apikey" login` {
		t.Errorf("NoLogin: %v", err)
	}
}

func TestLoginWithoutAccounts(t *testing.T) {
	err := LoginWithoutAccounts("Acme")
	if !errors.Is(err, ErrNotSupported) || err.Error() != ErrNotSupported.Error()+": this Acme login has no accounts" {
		t.Errorf("LoginWithoutAccounts: %v", err)
	}
}
