package statement

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/latchkey/latchkey/integrations"
)

// FuzzDecode: any bytes decode to valid UTF-8 text or ErrUnknownFormat.
func FuzzDecode(f *testing.F) {
	f.Add([]byte("a,b\n1,2\n"))
	f.Add([]byte{0xEF, 0xBB, 0xBF, 'a', ',', 'b'})
	f.Add([]byte{0xFF, 0xFE, 'a', 0, ',', 0, 'b', 0})
	f.Add([]byte{0xFE, 0xFF, 0, 'a', 0, ','})
	f.Add([]byte("caf\xe9;\x80;\x9f\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		text, enc, err := Decode(b)
		if err != nil {
			if !errors.Is(err, ErrUnknownFormat) {
				t.Fatalf("err %v", err)
			}
			return
		}
		if enc == "" || !utf8.ValidString(text) || strings.ContainsRune(text, 0) {
			t.Fatalf("enc %q text %q", enc, text)
		}
	})
}

// FuzzParseCSV: any bytes through Parse with the mapping Guess proposes give
// a result or a documented error, never a panic; results add up.
func FuzzParseCSV(f *testing.F) {
	f.Add([]byte(basicCSV))
	f.Add([]byte("Datum;Vorgang;Betrag\n31.01.2024;Kauf;-1.250,00\n"))
	f.Add([]byte("Date\tAmount\n2024-01-02\t(5)\n\nSymbol\tQuantity\tMarket Value\nX\t1\t2\n"))
	f.Add([]byte("\"Date\",\"Amount\"\n\"2024-01-02\",\"1,0\n"))
	f.Add([]byte("OFXHEADER:100\n\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</STATUS></SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKACCTFROM><ACCTID>123456</BANKACCTFROM><BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240102<TRNAMT>-5<FITID>1</STMTTRN></BANKTRANLIST><LEDGERBAL><BALAMT>1<DTASOF>20240102</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ctx := context.Background()
		tb, err := ReadTable(ctx, bytes.NewReader(b), Options{})
		if err != nil {
			checkErr(t, err)
			return
		}
		_, hdr := tb.Header()
		m := Guess(hdr)
		res, err := Parse(ctx, "f.csv", bytes.NewReader(b), Options{Mapping: &m, Presets: testPresets})
		if err != nil {
			checkErr(t, err)
			if !errors.Is(err, ErrNoRows) {
				return
			}
		}
		if res.Good+len(res.Problems) != res.Rows {
			t.Fatalf("good %d + problems %d != rows %d", res.Good, len(res.Problems), res.Rows)
		}
		n := 0
		for _, acc := range res.Dataset.Accounts {
			for _, a := range res.Dataset.Activities[acc.ID] {
				if !a.Type.Valid() || (a.TradeDate != "" && a.TradeDate.Time().IsZero()) || a.ID == "" {
					t.Fatalf("bad activity %+v", a)
				}
				n++
			}
			n += len(res.Dataset.Positions[acc.ID]) + len(res.Dataset.Balances[acc.ID])
		}
		if n != res.Good {
			t.Fatalf("dataset holds %d items, good %d", n, res.Good)
		}
		if _, err := Preview(ctx, tb, m, 5); err != nil && !errors.Is(err, ErrNeedMapping) {
			t.Fatalf("preview: %v", err)
		}
	})
}

var testPresets = []Preset{{Name: "p", Sections: []Section{
	{Name: "pos", Mapping: Mapping{Kind: KindPosition, Columns: map[Field]string{FieldSymbol: "Symbol", FieldUnits: "Quantity", FieldMarketValue: "Market Value"}}},
	{Name: "pre", Prefix: []string{"Trades"}, Mapping: Mapping{Columns: map[Field]string{FieldDate: "Date", FieldAmount: "Amount"}, Filter: map[string][]string{"Header": {"Data"}}}},
}}}

func checkErr(t *testing.T, err error) {
	t.Helper()
	for _, e := range []error{ErrEmpty, ErrUnknownFormat, ErrUnsupported, ErrMalformed, ErrNeedMapping, ErrNoRows, ErrTooLarge} {
		if errors.Is(err, e) {
			return
		}
	}
	t.Fatalf("undocumented error %v", err)
}

// FuzzMapping: any JSON mapping applied to a fixed file gives a result or a
// documented error.
func FuzzMapping(f *testing.F) {
	m, _ := json.Marshal(basicMapping)
	f.Add(m)
	f.Add([]byte(`{"kind":"position","columns":{"symbol":"Symbol","units":"#5","market_value":"Amount"},"decimal":","}`))
	f.Add([]byte(`{"columns":{"date":"Date","amount":"Amount","type":"Action"},"types":{"buy":"NOPE"},"sign":"inverted","filter":{"Action":["Buy"]}}`))
	f.Fuzz(func(t *testing.T, js []byte) {
		var m Mapping
		if json.Unmarshal(js, &m) != nil {
			return
		}
		res, err := Parse(context.Background(), "f.csv", strings.NewReader(basicCSV), Options{Mapping: &m})
		if err != nil {
			checkErr(t, err)
			return
		}
		for _, acc := range res.Dataset.Accounts {
			for _, a := range res.Dataset.Activities[acc.ID] {
				if !a.Type.Valid() {
					t.Fatalf("invalid type %q", a.Type)
				}
			}
		}
	})
}

// FuzzParseNumber: a number read is within the decimal limits; reading its
// own text back gives the same value.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1,234.56", "(12.50)", "12.50-", "€ 1.234,5", "USD 5", "−3", "1e5", "--", "1'000"} {
		f.Add(s, s[0]%2 == 0)
	}
	f.Fuzz(func(t *testing.T, s string, comma bool) {
		dec := DecimalPoint
		if comma {
			dec = DecimalComma
		}
		v, _, ok, err := ParseNumber(s, dec)
		if err != nil || !ok {
			return
		}
		back, _, ok2, err2 := ParseNumber(v.String(), DecimalPoint)
		if err2 != nil || !ok2 || !back.Equal(v) {
			t.Fatalf("%q → %s → %s %v", s, v, back, err2)
		}
	})
}

// FuzzParseDate: a date read is a real calendar date.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-01-31", "01/31/2024 09:30 EST", "31.01.24", "Jan 5, 2024", "20240229", "5 janv. 2024"} {
		f.Add(s, "MDY")
	}
	f.Fuzz(func(t *testing.T, s, order string) {
		dt, err := ParseDate(s, order)
		if err != nil {
			return
		}
		if _, err := integrations.ParseDate(string(dt)); err != nil {
			t.Fatalf("%q → %q: %v", s, dt, err)
		}
	})
}
