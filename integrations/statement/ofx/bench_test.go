package ofx

import (
	"bytes"
	"context"
	"testing"

	"github.com/latchkey/latchkey/integrations/statement/internal/gen"
)

// BenchmarkParse50MB parses a generated 50 MB OFX 1.02 investment statement
// (about 230,000 transactions) as a stream. Peak memory of a whole import
// from a file: see internal/benchcmd.
func BenchmarkParse50MB(b *testing.B) {
	data := gen.OFX(50 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var acts int
	for i := 0; i < b.N; i++ {
		st, err := Parse(context.Background(), bytes.NewReader(data), int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		acts = len(st.Dataset.Activities[st.Accounts[0].AccountID])
	}
	b.ReportMetric(float64(acts), "activities")
}
