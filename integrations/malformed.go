package integrations

import "strings"

// Malformed is the error of an answer of the institution name's that could
// not be read (not JSON, a required field missing): it matches
// ErrUnavailable, and names the institution only ("Saxo's answer could not
// be understood").
func Malformed(name string) error {
	own := name + "'s"
	if strings.HasSuffix(strings.ToLower(name), "s") {
		own = name + "'"
	}
	return Wrap(ErrUnavailable, own+" answer could not be understood")
}
