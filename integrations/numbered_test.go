package integrations

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"testing"
)

func TestReadLogin(t *testing.T) {
	var asked string
	get := func(_ context.Context, path string, q url.Values) ([]byte, error) {
		asked = path
		if path == "/down" {
			return nil, ErrUnavailable
		}
		return []byte(path), nil
	}
	decode := func(b []byte) (string, []NumberedAccount, error) {
		if string(b) == "/bad" {
			return "", nil, ErrUnavailable
		}
		return "user-1", []NumberedAccount{{Account: Account{ID: "a1"}, Full: "111"}, {Account: Account{ID: "a2"}, Full: "222"}}, nil
	}
	user, accts, numbers, err := ReadLogin(t.Context(), get, "/accounts", decode)
	if err != nil || asked != "/accounts" || user != "user-1" || len(accts) != 2 || accts[1].ID != "a2" || !slices.Equal(numbers, []string{"111", "222"}) {
		t.Errorf("ReadLogin = %q, %v, %v, %v (asked %q)", user, accts, numbers, err, asked)
	}
	asked = ""
	accts, numbers, err = LoginAccounts(get, "/profile", decode)(t.Context())
	if err != nil || asked != "/profile" || len(accts) != 2 || accts[0].ID != "a1" || !slices.Equal(numbers, []string{"111", "222"}) {
		t.Errorf("LoginAccounts = %v, %v, %v (asked %q)", accts, numbers, err, asked)
	}
	for _, path := range []string{"/down", "/bad"} {
		if user, accts, numbers, err := ReadLogin(t.Context(), get, path, decode); !errors.Is(err, ErrUnavailable) || user != "" || accts != nil || numbers != nil {
			t.Errorf("%s: %q, %v, %v, %v", path, user, accts, numbers, err)
		}
		if accts, numbers, err := LoginAccounts(get, path, decode)(t.Context()); !errors.Is(err, ErrUnavailable) || accts != nil || numbers != nil {
			t.Errorf("LoginAccounts %s: %v, %v, %v", path, accts, numbers, err)
		}
	}
}
