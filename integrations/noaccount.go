package integrations

// NoAccount is the error of a call for an account the login does not have
// (an AccountBook's NotFound, a Spot's NoAccount): it matches
// ErrNotSupported and names the institution only.
func NoAccount(name string) error {
	return Wrap(ErrNotSupported, name+" has no such account for this login")
}
