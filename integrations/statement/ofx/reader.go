package ofx

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// elem is one OFX element: a leaf with text, or an aggregate with children.
type elem struct {
	name string
	text string
	kids []*elem
}

// child returns the first child of that name.
func (e *elem) child(name string) *elem {
	if e == nil {
		return nil
	}
	for _, k := range e.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// at follows a path of child names ("INVTRAN/FITID").
func (e *elem) at(path string) *elem {
	for e != nil && path != "" {
		name := path
		if i := strings.IndexByte(path, '/'); i >= 0 {
			name, path = path[:i], path[i+1:]
		} else {
			path = ""
		}
		e = e.child(name)
	}
	return e
}

// str is the text at path, trimmed ("" when absent).
func (e *elem) str(path string) string {
	if x := e.at(path); x != nil {
		return x.text
	}
	return ""
}

// errAmount marks an amount that is not a plain decimal.
var errAmount = errors.New("not an OFX amount")

// num reads the amount at path: an optional sign, digits, a decimal point
// or comma (the spec allows either). Absent is zero.
func (e *elem) num(path string) (decimal.Decimal, error) {
	s := e.str(path)
	if s == "" {
		return decimal.Zero, nil
	}
	return parseAmount(s)
}

func parseAmount(s string) (decimal.Decimal, error) {
	if len(s) > 64 {
		return decimal.Zero, errAmount
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case (c == '+' || c == '-') && i == 0, c == '.', c == ',':
		default:
			return decimal.Zero, errAmount
		}
	}
	if digits == 0 || strings.Count(s, ".")+strings.Count(s, ",") > 1 {
		return decimal.Zero, errAmount
	}
	d, err := decimal.NewFromString(strings.Replace(strings.TrimPrefix(s, "+"), ",", ".", 1))
	if err != nil {
		return decimal.Zero, errAmount
	}
	return d, nil
}

// errDate marks a date that is not an OFX date.
var errDate = errors.New("not an OFX date")

// ofxTime reads an OFX date-time: YYYYMMDD[HHMMSS[.XXX]][[±HH[.MM][:TZ]]],
// in GMT when no offset is given (as the spec says).
func ofxTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	zone := time.UTC
	if i := strings.IndexByte(s, '['); i >= 0 {
		tz := strings.TrimSuffix(s[i+1:], "]")
		s = strings.TrimSpace(s[:i])
		if j := strings.IndexByte(tz, ':'); j >= 0 {
			tz = tz[:j]
		}
		if tz != "" && tz != "-" && tz != "+" {
			h, m := tz, ""
			if j := strings.IndexByte(tz, '.'); j >= 0 {
				h, m = tz[:j], tz[j+1:]
			}
			hh, err := strconv.Atoi(h)
			if err != nil || hh < -14 || hh > 14 {
				return time.Time{}, errDate
			}
			mm := 0
			if m != "" {
				if mm, err = strconv.Atoi(m); err != nil || mm < 0 || mm > 59 {
					return time.Time{}, errDate
				}
				if m != "" && len(m) == 2 && mm < 60 && hh < 0 {
					mm = -mm
				}
			}
			zone = time.FixedZone("", hh*3600+mm*60)
		}
	}
	if len(s) < 8 || !digitsOnly(s[:8]) {
		return time.Time{}, errDate
	}
	y, _ := strconv.Atoi(s[:4])
	mo, _ := strconv.Atoi(s[4:6])
	d, _ := strconv.Atoi(s[6:8])
	var hh, mi, ss int
	rest := s[8:]
	if len(rest) >= 4 && digitsOnly(rest[:4]) {
		hh, _ = strconv.Atoi(rest[:2])
		mi, _ = strconv.Atoi(rest[2:4])
		rest = rest[4:]
		if len(rest) >= 2 && digitsOnly(rest[:2]) {
			ss, _ = strconv.Atoi(rest[:2])
			rest = rest[2:]
		}
	}
	if rest != "" && (rest[0] != '.' || !digitsOnly(rest[1:])) {
		return time.Time{}, errDate
	}
	t := time.Date(y, time.Month(mo), d, hh, mi, ss, 0, zone)
	if y < 1900 || y > 2199 || t.Month() != time.Month(mo) || t.Day() != d || hh > 23 || mi > 59 || ss > 60 {
		return time.Time{}, errDate
	}
	return t, nil
}

// date reads the date at path as written (in the file's own zone).
func (e *elem) date(path string) (integrations.Date, error) {
	s := e.str(path)
	if s == "" {
		return "", nil
	}
	t, err := ofxTime(s)
	if err != nil {
		return "", err
	}
	return integrations.DateOf(t), nil
}

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// errTruncated is returned when the file ends inside an element.
var errTruncated = errors.New("the file ends before the statement does (truncated?)")

// handler receives each element that closes directly inside a list the
// reader streams (INVTRANLIST, BANKTRANLIST, INVPOSLIST, SECLIST), with the
// stack of open elements above it. Streamed elements are not kept.
type handler func(list string, e *elem, stack []*elem) error

// streamed are the lists whose items are handed over and dropped, so a
// large file never lives in memory as a tree.
var streamed = map[string]bool{"INVTRANLIST": true, "BANKTRANLIST": true, "INVPOSLIST": true, "SECLIST": true}

// read walks an OFX body — 1.x SGML (leaves without end tags) or 2.x XML —
// in one linear pass, and returns the root <OFX> element with everything
// that was not streamed to h. A body that ends with elements open is
// truncated: an error, never a repair.
func read(b []byte, h handler) (*elem, error) {
	i := bytes.Index(b, []byte("<OFX>"))
	if i < 0 {
		return nil, errors.New("no <OFX> element")
	}
	b = b[i:]
	var stack []*elem
	var root *elem
	names := make(map[string]string)
	closeTop := func() error {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if len(stack) == 0 {
			root = e
			return nil
		}
		parent := stack[len(stack)-1]
		if streamed[parent.name] {
			return h(parent.name, e, stack)
		}
		parent.kids = append(parent.kids, e)
		return nil
	}
	for len(b) > 0 && root == nil {
		lt := bytes.IndexByte(b, '<')
		if lt < 0 {
			break
		}
		b = b[lt:]
		switch {
		case bytes.HasPrefix(b, []byte("<!--")):
			end := bytes.Index(b, []byte("-->"))
			if end < 0 {
				return nil, errTruncated
			}
			b = b[end+3:]
			continue
		case bytes.HasPrefix(b, []byte("<?")):
			end := bytes.Index(b, []byte("?>"))
			if end < 0 {
				return nil, errTruncated
			}
			b = b[end+2:]
			continue
		}
		gt := bytes.IndexByte(b, '>')
		if gt < 0 {
			return nil, errTruncated
		}
		tag := b[1:gt]
		b = b[gt+1:]
		if len(tag) > 0 && tag[0] == '/' {
			name := string(tag[1:])
			j := len(stack) - 1
			for j >= 0 && stack[j].name != name {
				j--
			}
			if j < 0 {
				continue // the end tag of a leaf already closed
			}
			for len(stack) > j {
				if err := closeTop(); err != nil {
					return nil, err
				}
			}
			continue
		}
		if len(tag) > 0 && tag[len(tag)-1] == '/' { // <EMPTY/>
			tag = tag[:len(tag)-1]
		}
		if !validName(tag) {
			return nil, errors.New("malformed tag")
		}
		if len(stack) >= 64 {
			return nil, errors.New("elements nested too deep")
		}
		name, ok := names[string(tag)] // no allocation for a known name
		if !ok {
			name = string(tag)
			if len(names) < 4096 {
				names[name] = name
			}
		}
		e := &elem{name: name}
		next := bytes.IndexByte(b, '<')
		if next < 0 {
			next = len(b)
		}
		raw := bytes.TrimSpace(b[:next])
		if bytes.HasPrefix(b[next:], []byte("<![CDATA[")) {
			end := bytes.Index(b[next:], []byte("]]>"))
			if end < 0 {
				return nil, errTruncated
			}
			raw = b[next+9 : next+end]
			next += end + 3
		}
		stack = append(stack, e)
		if len(raw) == 0 {
			continue // an aggregate, or an empty leaf closed later
		}
		e.text = unescape(raw)
		b = b[next:]
		if len(b) > len(tag)+2 && b[1] == '/' && bytes.HasPrefix(b[2:], tag) && b[2+len(tag)] == '>' {
			b = b[len(tag)+3:] // the file's own end tag
		}
		if err := closeTop(); err != nil {
			return nil, err
		}
	}
	if root == nil {
		return nil, errTruncated
	}
	return root, nil
}

func validName(tag []byte) bool {
	if len(tag) == 0 || len(tag) > 64 {
		return false
	}
	for _, c := range tag {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

var entities = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'", "&nbsp;", "\u00a0")

// unescape decodes the XML entities text may hold (numeric ones too).
func unescape(raw []byte) string {
	s := string(raw)
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	s = entities.Replace(s)
	for {
		i := strings.Index(s, "&#")
		if i < 0 {
			return s
		}
		j := strings.IndexByte(s[i:], ';')
		if j < 0 || j > 10 {
			return s
		}
		num := s[i+2 : i+j]
		base := 10
		if strings.HasPrefix(num, "x") || strings.HasPrefix(num, "X") {
			num, base = num[1:], 16
		}
		n, err := strconv.ParseUint(num, base, 32)
		r := "\uFFFD"
		if err == nil && n > 0 && n < 0x110000 {
			r = string(rune(n))
		}
		s = s[:i] + r + s[i+j+1:]
	}
}
