package ecb

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"io"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

var (
	errNoCSV    = errors.New("no " + HistCSVName + " in the zip")
	errTooLarge = errors.New("the time series is too large")
	errShape    = errors.New("not the reference rates' shape")
)

// envelope is the gesmes:Envelope of every XML file (see the package doc).
// Element names are matched without their namespaces.
type envelope struct {
	XMLName xml.Name `xml:"Envelope"`
	Outer   struct {
		Days []struct {
			Time  string `xml:"time,attr"`
			Rates []struct {
				Currency string `xml:"currency,attr"`
				Rate     string `xml:"rate,attr"`
			} `xml:"Cube"`
		} `xml:"Cube"`
	} `xml:"Cube"`
}

// DecodeXML reads eurofxref-daily.xml or a time series XML: one table per
// day, in the file's order. Days without a valid date are an error; rates
// that are not positive decimals, or whose code is not three letters, are
// dropped.
func DecodeXML(b []byte) ([]integrations.RateTable, error) {
	var env envelope
	if err := xml.Unmarshal(b, &env); err != nil {
		return nil, err
	}
	out := make([]integrations.RateTable, 0, len(env.Outer.Days))
	for _, d := range env.Outer.Days {
		date, err := integrations.ParseDate(strings.TrimSpace(d.Time))
		if err != nil {
			return nil, errShape
		}
		t := integrations.RateTable{Date: date, Base: "EUR", Rates: make(map[string]decimal.Decimal, len(d.Rates))}
		for _, r := range d.Rates {
			if c, v, ok := rate(r.Currency, r.Rate); ok {
				t.Rates[c] = v
			}
		}
		out = append(out, t)
	}
	return out, nil
}

// DecodeCSV reads eurofxref-hist.csv: a Date column, then one column per
// currency, "N/A" for no rate, an empty trailing column.
func DecodeCSV(b []byte) ([]integrations.RateTable, error) {
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return nil, errShape
	}
	if len(head) < 2 || strings.TrimSpace(strings.TrimPrefix(head[0], "\ufeff")) != "Date" {
		return nil, errShape
	}
	codes := make([]string, len(head))
	for i, h := range head[1:] {
		codes[i+1] = strings.TrimSpace(h)
	}
	var out []integrations.RateTable
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, errShape
		}
		if len(rec) == 0 || len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		date, err := integrations.ParseDate(strings.TrimSpace(rec[0]))
		if err != nil {
			return nil, errShape
		}
		t := integrations.RateTable{Date: date, Base: "EUR", Rates: map[string]decimal.Decimal{}}
		for i := 1; i < len(rec) && i < len(codes); i++ {
			if c, v, ok := rate(codes[i], rec[i]); ok {
				t.Rates[c] = v
			}
		}
		out = append(out, t)
	}
	return out, nil
}

// rate validates one currency's rate.
func rate(code, value string) (string, decimal.Decimal, bool) {
	code = strings.TrimSpace(code)
	if len(code) != 3 || strings.ToUpper(code) != code {
		return "", decimal.Decimal{}, false
	}
	for _, r := range code {
		if r < 'A' || r > 'Z' {
			return "", decimal.Decimal{}, false
		}
	}
	value = strings.TrimSpace(value)
	if value == "" || value == "N/A" || len(value) > 32 {
		return "", decimal.Decimal{}, false
	}
	v, err := decimal.NewFromString(value)
	if err != nil || v.Sign() <= 0 || strings.ContainsAny(value, "eE") {
		return "", decimal.Decimal{}, false
	}
	return code, v, true
}

func sortDays(days []integrations.RateTable) {
	sort.SliceStable(days, func(i, j int) bool { return days[i].Date < days[j].Date })
}
