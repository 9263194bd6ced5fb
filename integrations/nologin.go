package integrations

import "fmt"

// NoLogin is the error of a login started with a method the institution
// does not offer (StartLogin's answer to it): it matches ErrNotSupported and
// names the institution and the method.
func NoLogin(name string, method AuthKind) error {
	return fmt.Errorf("%w: %s has no %q login", ErrNotSupported, name, method)
}

// LoginWithoutAccounts is the error of a login that succeeded but has no
// account to read: it matches ErrNotSupported and names the institution.
func LoginWithoutAccounts(name string) error {
	return Wrap(ErrNotSupported, "this "+name+" login has no accounts")
}
