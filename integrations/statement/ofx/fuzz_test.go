package ofx

import (
	"context"
	"os"
	"strings"
	"testing"
)

// FuzzParse: any bytes give a statement or an error, never a panic, and a
// statement never holds a full account number of more than four characters.
func FuzzParse(f *testing.F) {
	files := fixtures(f)
	for _, name := range files {
		b, _ := os.ReadFile(name)
		if len(b) < 8000 {
			f.Add(b)
		}
	}
	f.Add([]byte("OFXHEADER:100\n\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</STATUS></SONRS></SIGNONMSGSRSV1></OFX>"))
	f.Add([]byte("<OFX><A><B>1e999999999</OFX>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		st, err := ParseBytes(context.Background(), append([]byte(nil), b...))
		if err != nil {
			return
		}
		for _, num := range acctIDs(string(b)) {
			if len(num) <= 4 {
				continue
			}
			for _, a := range st.Dataset.Accounts {
				if strings.Contains(a.Number, num) {
					t.Fatalf("account number %q in %q", num, a.Number)
				}
			}
		}
	})
}
