package integrations

import (
	"errors"
	"testing"
)

func TestKeyRefused(t *testing.T) {
	const typed, saved = "the bank does not know this key", "the saved key no longer works"
	err := KeyRefused(true, typed, saved)
	if !errors.Is(err, ErrInvalidCredentials) || errors.Is(err, ErrReauthRequired) || err.Error() != ErrInvalidCredentials.Error()+": "+typed {
		t.Errorf("while logging in: %v, want ErrInvalidCredentials saying %q", err, typed)
	}
	err = KeyRefused(false, typed, saved)
	if !errors.Is(err, ErrReauthRequired) || errors.Is(err, ErrInvalidCredentials) || err.Error() != ErrReauthRequired.Error()+": "+saved {
		t.Errorf("after the login: %v, want ErrReauthRequired saying %q", err, saved)
	}
}
