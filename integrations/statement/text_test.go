package statement

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func utf16(t *testing.T, s string, order unicode.Endianness, bom unicode.BOMPolicy) []byte {
	t.Helper()
	b, err := unicode.UTF16(order, bom).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecode(t *testing.T) {
	const s = "Date;Description;Amount\n31.01.2024;Café Zürich;-12,50\n"
	cp, _ := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	cases := []struct {
		name string
		in   []byte
		enc  string
	}{
		{"utf-8", []byte(s), EncUTF8},
		{"utf-8 bom", append([]byte{0xEF, 0xBB, 0xBF}, s...), EncUTF8BOM},
		{"utf-16le bom", utf16(t, s, unicode.LittleEndian, unicode.UseBOM), EncUTF16LE},
		{"utf-16be bom", utf16(t, s, unicode.BigEndian, unicode.UseBOM), EncUTF16BE},
		{"utf-16le no bom", utf16(t, s, unicode.LittleEndian, unicode.IgnoreBOM), EncUTF16LE},
		{"utf-16be no bom", utf16(t, s, unicode.BigEndian, unicode.IgnoreBOM), EncUTF16BE},
		{"windows-1252", cp, EncCP1252},
	}
	for _, c := range cases {
		text, enc, err := Decode(c.in)
		if err != nil || enc != c.enc || text != s {
			t.Errorf("%s: enc %q err %v text %q", c.name, enc, err, text)
		}
	}
	// Windows-1252's own characters (€ is 0x80 there, a control in Latin-1).
	text, enc, err := Decode([]byte("Amount\n\x8012,50\n"))
	if err != nil || enc != EncCP1252 || !strings.Contains(text, "€12,50") {
		t.Errorf("cp1252 euro: %q %q %v", text, enc, err)
	}
}

func TestDecodeRefusesBinary(t *testing.T) {
	bin := make([]byte, 4096)
	for i := range bin {
		bin[i] = byte(i*7919 + i/3)
	}
	for _, in := range [][]byte{bin, []byte("a,b\x00c\n"), []byte("\x01\x02\x03\x04\x05\x06\x07\x08hello")} {
		if _, _, err := Decode(in); !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("%q…: err %v", in[:min(8, len(in))], err)
		}
	}
}

func TestParseRefusals(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		in   []byte
		opts Options
		want error
	}{
		{"empty", nil, Options{}, ErrEmpty},
		{"spaces", []byte(" \n\t\r\n"), Options{}, ErrEmpty},
		{"pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), Options{}, ErrUnsupported},
		{"xlsx", []byte("PK\x03\x04\x14\x00\x06\x00"), Options{}, ErrUnknownFormat},
		{"xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, Options{}, ErrUnknownFormat},
		{"too large", bytes.Repeat([]byte("a,b,c\n"), 100), Options{MaxBytes: 599}, ErrTooLarge},
		{"csv without mapping", []byte("Date,Amount\n2024-01-02,5\n"), Options{}, ErrNeedMapping},
		{"unknown preset", []byte("Date,Amount\n2024-01-02,5\n"), Options{Preset: "nope"}, ErrUnknownPreset},
		{"truncated ofx", []byte("OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0"), Options{}, ErrMalformed},
	}
	for _, c := range cases {
		_, err := Parse(ctx, "f", bytes.NewReader(c.in), c.opts)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: err %v, want %v", c.name, err, c.want)
		}
	}
	// Past the cap with a reader that does not know its size: caught while
	// streaming an OFX file, or while reading a CSV.
	ofxBody, _ := os.ReadFile("ofx/testdata/ofxparse_fidelity.ofx")
	for _, in := range [][]byte{ofxBody, bytes.Repeat([]byte("a,b,c\n"), 5000)} {
		_, err := Parse(ctx, "f", io.MultiReader(bytes.NewReader(in)), Options{MaxBytes: int64(len(in) - 1)})
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("unsized %q…: err %v", in[:10], err)
		}
	}
	// Exactly at the cap is fine.
	m := Mapping{Columns: map[Field]string{FieldDate: "Date", FieldAmount: "Amount"}}
	in := []byte("Date,Amount\n2024-01-02,5\n")
	if _, err := Parse(ctx, "f", bytes.NewReader(in), Options{MaxBytes: int64(len(in)), Mapping: &m}); err != nil {
		t.Errorf("at the cap: %v", err)
	}
}

func TestDetectDelimiter(t *testing.T) {
	cases := map[string]rune{
		"a,b,c\n1,2,3\n4,5,6\n": ',',
		"Datum;Betrag;Text\n31.01.2024;-12,50;A, B\n01.02.2024;3,00;C\n": ';',
		"a\tb\tc\n1\t2,5\t3\n": '\t',
		"a|b|c\n1|2|3\n":       '|',
		"Account: x, y\n\n\"Date\",\"Desc\",\"Amt\"\n\"1/2/2024\",\"a; b\",\"1\"\n\"1/3/2024\",\"c; d\",\"2\"\n": ',',
	}
	for in, want := range cases {
		if got := DetectDelimiter(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestReadTable(t *testing.T) {
	in := "Preamble line\n\nDate,Desc,Amount\n2024-01-02,\"Apple, Inc.\",\"1,234.50\"\n2024-01-03,\"two\nlines\",5\n\n\nNext,Header\nx,y\n"
	tb, err := ReadTable(context.Background(), strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	type rec struct {
		line  int
		cells int
		first string
	}
	var got []rec
	for _, r := range tb.Records {
		f := ""
		if len(r.Cells) > 0 {
			f = r.Cells[0]
		}
		got = append(got, rec{r.Line, len(r.Cells), f})
	}
	want := []rec{{1, 1, "Preamble line"}, {2, 0, ""}, {3, 3, "Date"}, {4, 3, "2024-01-02"}, {5, 3, "2024-01-03"},
		{7, 0, ""}, {9, 2, "Next"}, {10, 2, "x"}}
	if len(got) != len(want) {
		t.Fatalf("records %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("record %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if tb.Records[3].Cells[1] != "Apple, Inc." || tb.Records[4].Cells[1] != "two\nlines" {
		t.Errorf("quoted cells %q %q", tb.Records[3].Cells[1], tb.Records[4].Cells[1])
	}
}
