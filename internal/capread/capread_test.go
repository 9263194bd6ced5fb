package capread

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

var errBig = errors.New("too big")

func TestReader(t *testing.T) {
	for _, c := range []struct {
		in      string
		cap     int64
		want    string
		wantErr error
	}{
		{"", 0, "", nil},
		{"abc", 3, "abc", nil},
		{"abc", 10, "abc", nil},
		{"abcd", 3, "abc", errBig},
		{"abcdefgh", 0, "", errBig},
	} {
		for _, one := range []bool{false, true} {
			var r io.Reader = strings.NewReader(c.in)
			if one {
				r = iotest.OneByteReader(r)
			}
			got, err := io.ReadAll(&Reader{R: r, Left: c.cap, Err: errBig})
			if string(got) != c.want || !errors.Is(err, c.wantErr) {
				t.Errorf("%q capped at %d (one byte a read %v): %q, %v; want %q, %v", c.in, c.cap, one, got, err, c.want, c.wantErr)
			}
		}
	}
	// Past the cap, every later read fails too.
	r := &Reader{R: strings.NewReader("abcd"), Left: 2, Err: errBig}
	io.ReadAll(r)
	if n, err := r.Read(make([]byte, 4)); n != 0 || err != errBig {
		t.Errorf("a read after the cap: %d, %v", n, err)
	}
}
