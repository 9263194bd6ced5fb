package ofx

import (
	"os"
	"testing"
)

// FuzzSGMLToXML: the SGML→XML pass never panics and, when it succeeds,
// starts with the XML header.
func FuzzSGMLToXML(f *testing.F) {
	b, _ := os.ReadFile("testdata/ofxparse_fidelity.ofx")
	f.Add(b[:4000])
	f.Add([]byte("<OFX><A><B>x & y<C>1</C><D></A></OFX>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := sgmlToXML(b)
		if err == nil && len(out) < len(xmlHeader) {
			t.Fatal("short output")
		}
	})
}
