package ecb_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/ecb"
)

func FuzzDecodeXML(f *testing.F) {
	brokertest.SeedTestdata(f, "*.xml")
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
	brokertest.SeedTestdata(f, "*.csv")
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
