package fakekit

import "testing"

// TestHashedID: the ids of Public.com's and IBKR Flex's accounts (the
// digests as sha256sum prints them).
func TestHashedID(t *testing.T) {
	for _, c := range []struct{ prefix, inst, number, want string }{
		{"pub-", "public", "5OP12345", "pub-33dcec67b96eb58d"},
		{"ibkr-", "ibkr-flex", "U1234567", "ibkr-b5942e50ab2c9fcf"},
	} {
		if got := HashedID(c.prefix, c.inst, c.number); got != c.want {
			t.Errorf("HashedID(%q, %q, %q) = %q, want %q", c.prefix, c.inst, c.number, got, c.want)
		}
	}
}
