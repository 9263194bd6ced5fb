package statement

import "testing"

func TestParseDate(t *testing.T) {
	cases := []struct{ in, order, want string }{
		{"2024-01-31", "", "2024-01-31"},
		{"2024/1/5", DateDMY, "2024-01-05"},
		{"20240131", "", "2024-01-31"},
		{"2024-01-31T09:30:00Z", "", "2024-01-31"},
		{"2024-01-31 09:30:00 EST", "", "2024-01-31"},
		{"01/31/2024", DateMDY, "2024-01-31"},
		{"01/31/2024 09:30:12 EST", DateMDY, "2024-01-31"},
		{"31/01/2024", DateDMY, "2024-01-31"},
		{"31.01.2024", DateDMY, "2024-01-31"},
		{"31-01-24", DateDMY, "2024-01-31"},
		{"1/2/2024", DateMDY, "2024-01-02"},
		{"1/2/2024", DateDMY, "2024-02-01"},
		{"Jan 31, 2024", "", "2024-01-31"},
		{"31 Jan 2024", DateMDY, "2024-01-31"},
		{"31-Jan-2024", "", "2024-01-31"},
		{"5 janv. 2024", "", "2024-01-05"},
		{"2024-Feb-29", "", "2024-02-29"},
		{"29.02.2024", DateDMY, "2024-02-29"},
	}
	for _, c := range cases {
		got, err := ParseDate(c.in, c.order)
		if err != nil || string(got) != c.want {
			t.Errorf("%q (%s): %q %v, want %s", c.in, c.order, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "Total", "2023-02-29", "31/01/2024 ", "13/13/2024", "12:30", "2024-13-01", "01/31/2024"} {
		order := DateDMY
		if bad == "31/01/2024 " {
			order = DateMDY
		}
		if got, err := ParseDate(bad, order); err == nil {
			t.Errorf("%q (%s): %q, want an error", bad, order, got)
		}
	}
	if _, err := ParseDate("01/02/2024", DateYMD); err == nil {
		t.Error("YMD accepted a year-last date")
	}
}

func TestDetectDateOrder(t *testing.T) {
	cases := []struct {
		vals      []string
		preferDMY bool
		want      string
		ambiguous bool
	}{
		{[]string{"01/02/2024", "01/31/2024"}, true, DateMDY, false},
		{[]string{"01/02/2024", "31/01/2024"}, false, DateDMY, false},
		{[]string{"01/02/2024", "03/04/2024"}, false, DateMDY, true},
		{[]string{"01/02/2024", "03/04/2024"}, true, DateDMY, true},
		{[]string{"2024-01-02", "Total"}, false, DateMDY, false},
		{[]string{"05/05/2024"}, false, DateMDY, false},
	}
	for _, c := range cases {
		got, amb := DetectDateOrder(c.vals, c.preferDMY)
		if got != c.want || amb != c.ambiguous {
			t.Errorf("%v: %s %v, want %s %v", c.vals, got, amb, c.want, c.ambiguous)
		}
	}
}

func FuzzParseDate10(f *testing.F) {
	for _, s := range []string{"2024-01-31", "2024/01/31", "2024.02.30", "01/31/2024", "31.01.2024", "13-01-2024", "00/00/0000", "2024-1-031", "1/31/2024 ", "2199-12-31", "1899-12-31"} {
		f.Add(s, DateMDY)
		f.Add(s, DateDMY)
		f.Add(s, DateYMD)
	}
	f.Fuzz(func(t *testing.T, s, order string) {
		d, err, ok := parseDate10(s, order)
		if !ok {
			return
		}
		wd, werr := parseDateTokens(s, order)
		if d != wd || (err == nil) != (werr == nil) {
			t.Fatalf("parseDate10(%q, %q) = %q, %v; parseDateTokens: %q, %v", s, order, d, err, wd, werr)
		}
	})
}
