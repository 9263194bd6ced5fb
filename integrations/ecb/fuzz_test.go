package ecb_test

import (
	"os"
	"testing"

	"github.com/latchkey/latchkey/integrations/ecb"
)

func FuzzDecodeXML(f *testing.F) {
	for _, n := range []string{"eurofxref-daily.xml", "eurofxref-hist-90d.xml"} {
		b, _ := os.ReadFile("testdata/" + n)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		days, err := ecb.DecodeXML(b)
		if err != nil {
			return
		}
		for _, d := range days {
			if d.Date == "" || d.Base != "EUR" {
				t.Fatalf("day %+v", d)
			}
			for c, v := range d.Rates {
				if len(c) != 3 || v.Sign() <= 0 {
					t.Fatalf("rate %s = %s", c, v)
				}
			}
		}
	})
}

func FuzzDecodeCSV(f *testing.F) {
	b, _ := os.ReadFile("testdata/eurofxref-hist.csv")
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		days, err := ecb.DecodeCSV(b)
		if err != nil {
			return
		}
		for _, d := range days {
			for c, v := range d.Rates {
				if len(c) != 3 || v.Sign() <= 0 {
					t.Fatalf("rate %s = %s", c, v)
				}
			}
		}
	})
}
