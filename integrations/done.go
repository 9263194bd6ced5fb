package integrations

import "time"

// Done ends a login: its grant (method, secret, expiry; zero when the
// institution names none) fingerprinted by inst and ids (what names the
// login there: its user, its account numbers, in any order, so that a new
// login to the same accounts repairs the connection), and the accounts it
// read.
func Done(inst string, method AuthKind, secret []byte, expiry time.Time, accts []Account, ids ...string) *DoneStep {
	return &DoneStep{
		Grant:    Grant{Method: method, Secret: secret, Expiry: expiry, Fingerprint: Fingerprint(inst, ids...)},
		Accounts: accts,
	}
}
