package trading212

import "github.com/latchkey/latchkey/integrations"

// WithPageSize returns a copy of a Trading 212 variant that asks the history
// lists for pages of n: small pages make long walks out of the fake's data.
func WithPageSize(in integrations.Integration, n int) integrations.Integration {
	c := *in.(*Integration)
	c.pageSize = n
	return &c
}
