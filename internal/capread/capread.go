// Package capread reads a stream up to a size cap and fails past it: the
// HTTP client's response bodies and the statement importer's files.
package capread

import "io"

// Reader reads at most Left bytes of R. A read that would go past them
// returns the bytes within the cap and Err, and so does every read after.
// It asks R for one byte more than it allows, so a stream of exactly Left
// bytes ends with R's own io.EOF, not Err.
type Reader struct {
	R    io.Reader
	Left int64
	Err  error
}

func (c *Reader) Read(p []byte) (int, error) {
	if c.Left < 0 {
		return 0, c.Err
	}
	if int64(len(p)) > c.Left+1 {
		p = p[:c.Left+1]
	}
	n, err := c.R.Read(p)
	c.Left -= int64(n)
	if c.Left < 0 {
		return n + int(c.Left), c.Err
	}
	return n, err
}
