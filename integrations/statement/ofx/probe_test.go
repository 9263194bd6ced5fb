package ofx

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestProbe(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.*fx")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		st, err := Parse(context.Background(), bytesReader(b))
		if err != nil {
			t.Logf("%s: ERR %v", f, err)
			continue
		}
		n := 0
		for _, a := range st.Dataset.Activities {
			n += len(a)
		}
		p := 0
		for _, a := range st.Dataset.Positions {
			p += len(a)
		}
		t.Logf("%s: accts=%v acts=%d pos=%d bal=%d probs=%v asof=%v", f, st.Accounts, n, p, len(st.Dataset.Balances), st.Problems, st.Dataset.AsOf)
	}
}

func bytesReader(b []byte) *bytesR { return &bytesR{b: b} }

type bytesR struct{ b []byte }

func (r *bytesR) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}
