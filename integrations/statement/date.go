package statement

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// Date orders a Mapping names. Dates with the year first (2024-01-31,
// 20240131, 2024/01/31) and dates with a month name (Jan 31, 2024;
// 31-Jan-2024) are read whatever the order; the order decides numeric dates
// with the year last (01/02/2024).
const (
	DateMDY = "MDY" // 01/31/2024, the US order
	DateDMY = "DMY" // 31/01/2024, 31.01.2024: most of the world
	DateYMD = "YMD" // year first only: a numeric date with the year last is refused
)

var errDate = errors.New("not a date")

var monthNames = map[string]time.Month{
	"jan": 1, "january": 1, "janv": 1, "janvier": 1, "januar": 1, "ene": 1, "enero": 1, "gen": 1,
	"feb": 2, "february": 2, "fév": 2, "fev": 2, "févr": 2, "février": 2, "februar": 2, "febr": 2,
	"mar": 3, "march": 3, "mars": 3, "märz": 3, "mär": 3, "mrz": 3, "marzo": 3,
	"apr": 4, "april": 4, "avr": 4, "avril": 4, "abr": 4, "abril": 4,
	"may": 5, "mai": 5, "mayo": 5, "mei": 5, "mag": 5,
	"jun": 6, "june": 6, "juin": 6, "juni": 6, "junio": 6,
	"jul": 7, "july": 7, "juil": 7, "juillet": 7, "juli": 7, "julio": 7,
	"aug": 8, "august": 8, "août": 8, "aout": 8, "ago": 8, "agosto": 8,
	"sep": 9, "sept": 9, "september": 9, "septembre": 9, "septiembre": 9, "set": 9,
	"oct": 10, "october": 10, "octobre": 10, "okt": 10, "oktober": 10, "octubre": 10, "ott": 10,
	"nov": 11, "november": 11, "novembre": 11, "noviembre": 11,
	"dec": 12, "december": 12, "déc": 12, "décembre": 12, "dez": 12, "dezember": 12, "dic": 12, "diciembre": 12,
}

// ParseDate reads the date at the start of a cell (a time after it is
// ignored: "01/31/2024 09:30:00 EST" is 2024-01-31) in the given order
// (DateMDY, DateDMY or DateYMD; "" means DateMDY).
func ParseDate(s, order string) (integrations.Date, error) {
	if d, err, ok := parseDate10(s, order); ok {
		return d, err
	}
	return parseDateTokens(s, order)
}

// parseDate10 reads the most common shapes without splitting the cell:
// exactly 2024-01-31 (or with / or . between) and 01/31/2024 (or - or .);
// ok is false for any other cell. It agrees with parseDateTokens.
func parseDate10(s, order string) (d integrations.Date, err error, ok bool) {
	if len(s) != 10 {
		return "", nil, false
	}
	digit := func(i int) bool { return s[i] >= '0' && s[i] <= '9' }
	num := func(i, n int) int {
		v := 0
		for j := i; j < i+n; j++ {
			v = v*10 + int(s[j]-'0')
		}
		return v
	}
	sep := func(c byte) bool { return c == '/' || c == '-' || c == '.' }
	switch {
	case sep(s[4]) && sep(s[7]) && digit(0) && digit(1) && digit(2) && digit(3) && digit(5) && digit(6) && digit(8) && digit(9):
		y, m, dd := num(0, 4), num(5, 2), num(8, 2)
		if s[4] == '-' && s[7] == '-' {
			if _, err := mkDate(y, m, dd); err != nil {
				return "", err, true
			}
			return integrations.Date(s), nil, true // already written as a Date
		}
		d, err := mkDate(y, m, dd)
		return d, err, true
	case sep(s[2]) && sep(s[5]) && digit(0) && digit(1) && digit(3) && digit(4) && digit(6) && digit(7) && digit(8) && digit(9):
		a, b, y := num(0, 2), num(3, 2), num(6, 4)
		switch order {
		case DateDMY:
			d, err := mkDate(y, b, a)
			return d, err, true
		case DateYMD:
			return "", errDate, true
		default:
			d, err := mkDate(y, a, b)
			return d, err, true
		}
	}
	return "", nil, false
}

func parseDateTokens(s, order string) (integrations.Date, error) {
	toks := dateTokens(s)
	if len(toks) == 0 {
		return "", errDate
	}
	// 20240131 or 20240131093000 (compact, year first)
	if t := toks[0]; len(toks) >= 1 && allDigits(t) && (len(t) == 8 || len(t) == 14) && (len(toks) == 1 || len(t) == 8) {
		y, _ := strconv.Atoi(t[:4])
		m, _ := strconv.Atoi(t[4:6])
		d, _ := strconv.Atoi(t[6:8])
		return mkDate(y, m, d)
	}
	if len(toks) < 3 {
		return "", errDate
	}
	a, b, c := toks[0], toks[1], toks[2]
	// A month name anywhere among the three.
	for i, t := range []string{a, b, c} {
		m, ok := monthNames[strings.ToLower(strings.TrimSuffix(t, "."))]
		if !ok {
			continue
		}
		var rest []string
		for j, u := range []string{a, b, c} {
			if j != i {
				rest = append(rest, u)
			}
		}
		if !allDigits(rest[0]) || !allDigits(rest[1]) {
			return "", errDate
		}
		var y, d int
		switch {
		case len(rest[0]) == 4: // 2024-Jan-31
			y, d = atoi(rest[0]), atoi(rest[1])
		case i == 0: // Jan 31, 2024
			d, y = atoi(rest[0]), year(rest[1])
		default: // 31 Jan 2024
			d, y = atoi(rest[0]), year(rest[1])
		}
		return mkDate(y, int(m), d)
	}
	if !allDigits(a) || !allDigits(b) || !allDigits(c) {
		return "", errDate
	}
	if len(a) == 4 {
		return mkDate(atoi(a), atoi(b), atoi(c))
	}
	if len(c) != 4 && len(c) != 2 {
		return "", errDate
	}
	switch order {
	case DateDMY:
		return mkDate(year(c), atoi(b), atoi(a))
	case DateYMD:
		return "", errDate
	default:
		return mkDate(year(c), atoi(a), atoi(b))
	}
}

// dateTokens splits the date part of a cell into its first runs of digits or
// letters; a "T" between an ISO date and its time ends the date.
func dateTokens(s string) []string {
	s = strings.TrimFunc(s, isSpace)
	if len(s) > 64 {
		return nil
	}
	var toks []string
	start := -1
	flush := func(i int) {
		if start >= 0 {
			toks = append(toks, s[start:i])
			start = -1
		}
	}
	for i, r := range s {
		isDig := r >= '0' && r <= '9'
		isLet := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7F && r != '\u00A0'
		switch {
		case isDig:
			if start >= 0 && !allDigits(s[start:i]) {
				flush(i)
			}
			if start < 0 {
				start = i
			}
		case isLet:
			if start >= 0 && allDigits(s[start:i]) {
				flush(i)
				if len(toks) == 3 || (r == 'T' && len(toks) > 0) {
					return toks[:min(len(toks), 3)]
				}
			}
			if start < 0 {
				start = i
			}
		default:
			flush(i)
			if r == ':' && len(toks) < 3 {
				return nil // a time where the date should be
			}
		}
		if len(toks) >= 3 {
			return toks[:3]
		}
	}
	flush(len(s))
	if len(toks) > 3 {
		toks = toks[:3]
	}
	return toks
}

func atoi(s string) int {
	if len(s) > 4 {
		return -1
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

func year(s string) int {
	switch len(s) {
	case 4:
		return atoi(s)
	case 2:
		n := atoi(s)
		if n < 70 {
			return 2000 + n
		}
		return 1900 + n
	}
	return -1
}

func mkDate(y, m, d int) (integrations.Date, error) {
	if y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return "", errDate
	}
	b := [10]byte{
		byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d/10), byte('0' + d%10),
	}
	return integrations.Date(b[:]), nil
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// DetectDateOrder chooses the order in which a column's dates parse: the one
// of DateMDY and DateDMY under which every value parses. When both do
// (every day is 12 or less) ambiguous is true and preferDMY chooses.
func DetectDateOrder(values []string, preferDMY bool) (order string, ambiguous bool) {
	var v dateVote
	for _, x := range values {
		v.add(x)
	}
	return v.result(preferDMY)
}

// dateVote is DetectDateOrder fed one value at a time.
type dateVote struct {
	badMDY, badDMY bool
	any, done      bool
	prev           string
}

func (v *dateVote) add(x string) {
	if v.done || x == v.prev || strings.TrimSpace(x) == "" {
		return
	}
	v.prev = x
	if v.badMDY != v.badDMY && v.any {
		v.done = true // decided: one order already failed
		return
	}
	d1, e1 := ParseDate(x, DateMDY)
	d2, e2 := ParseDate(x, DateDMY)
	if e1 != nil && e2 != nil {
		return // not a date in either order: the row's own problem
	}
	if e1 == nil && e2 == nil && d1 != d2 {
		v.any = true
	}
	v.badMDY = v.badMDY || e1 != nil
	v.badDMY = v.badDMY || e2 != nil
}

func (v *dateVote) result(preferDMY bool) (order string, ambiguous bool) {
	switch {
	case !v.badMDY && v.badDMY:
		return DateMDY, false
	case !v.badDMY && v.badMDY:
		return DateDMY, false
	}
	if preferDMY {
		return DateDMY, v.any
	}
	return DateMDY, v.any
}
