package statement

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"golang.org/x/text/encoding/unicode"
)

// OFX through Parse: detected by content (whatever the name), identities
// masked, as-of the statement's; a byte-order mark, Windows-1252 text and
// UTF-16 are decoded first.
func TestParseOFX(t *testing.T) {
	b, err := os.ReadFile("ofx/testdata/ofxparse_fidelity.ofx")
	if err != nil {
		t.Fatal(err)
	}
	withName := bytes.Replace(b, []byte("SEADRILL LTD"), []byte("SEADRILL LT\xc9"), 1) // É in Windows-1252
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(b)
	cases := []struct {
		name string
		in   []byte
		enc  string
	}{
		{"plain", b, EncUTF8},
		{"bom", append([]byte{0xEF, 0xBB, 0xBF}, b...), EncUTF8BOM},
		{"cp1252", withName, EncCP1252},
		{"utf-16", u16, EncUTF16LE},
	}
	for _, c := range cases {
		res, err := Parse(context.Background(), "statement.csv", bytes.NewReader(c.in), Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if res.Format != FormatOFX || res.Encoding != c.enc || len(res.Accounts) != 1 || res.Accounts[0].Number != "••••7890" ||
			res.Good != 17+6+1 || res.AsOf().Format(time.DateOnly) != "2012-09-08" {
			t.Errorf("%s: %+v", c.name, res)
		}
		if c.name == "cp1252" {
			if got := res.Dataset.Positions[res.Accounts[0].AccountID][0].Symbol.Description; got != "SEADRILL LTÉ USD2" {
				t.Errorf("cp1252 name %q", got)
			}
		}
	}
}
