package integrations

import "time"

// Done ends a login: its grant (method, secret) fingerprinted by inst and
// ids (what names the login there: its user, its account numbers, in any
// order, so that a new login to the same accounts repairs the connection),
// and the accounts it read. The grant has no end unless Until gives one.
func Done(inst string, method AuthKind, secret []byte, accts []Account, ids ...string) *DoneStep {
	return &DoneStep{
		Grant:    Grant{Method: method, Secret: secret, Fingerprint: Fingerprint(inst, ids...)},
		Accounts: accts,
	}
}

// Until sets when d's grant ends (zero: when the institution says) and
// returns d.
func (d *DoneStep) Until(expiry time.Time) *DoneStep {
	d.Grant.Expiry = expiry
	return d
}
