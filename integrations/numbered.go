package integrations

import (
	"context"
	"net/url"
)

// NumberedAccount is an account with its full number, which only the
// client keeps (its paths name it, [AccountPath]): what a decoder gives an
// AccountBook[string].
type NumberedAccount struct {
	Account
	Full string
}

// Split is the account and its number ([SplitAccounts]).
func (a NumberedAccount) Split() (Account, string) { return a.Account, a.Full }

// ReadLogin reads a login's accounts with one call, get(path): the answer,
// decoded, names the login's user (a grant's fingerprint) and its
// accounts. It returns the user, the accounts, and their numbers at the
// same index (an AccountBook[string]'s Read).
func ReadLogin(ctx context.Context, get func(ctx context.Context, path string, q url.Values) ([]byte, error), path string,
	decode func([]byte) (string, []NumberedAccount, error)) (string, []Account, []string, error) {
	b, err := get(ctx, path, nil)
	if err != nil {
		return "", nil, nil, err
	}
	user, list, err := decode(b)
	if err != nil {
		return "", nil, nil, err
	}
	accts, numbers := SplitAccounts(list, NumberedAccount.Split)
	return user, accts, numbers, nil
}

// LoginAccounts is the Read of an AccountBook[string] whose accounts one
// call lists: ReadLogin's accounts and numbers, the user left out (a
// client's book needs no fingerprint).
func LoginAccounts(get func(ctx context.Context, path string, q url.Values) ([]byte, error), path string,
	decode func([]byte) (string, []NumberedAccount, error)) func(context.Context) ([]Account, []string, error) {
	return func(ctx context.Context) ([]Account, []string, error) {
		_, accts, numbers, err := ReadLogin(ctx, get, path, decode)
		return accts, numbers, err
	}
}
