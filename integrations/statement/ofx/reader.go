package ofx

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/charmap"
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
// in one linear pass over r, and returns the root <OFX> element with
// everything that was not streamed to h. Only the open elements and the
// current item are in memory, never the whole file. A body that ends with
// elements open is truncated: an error, never a repair.
func read(r io.Reader, h handler, cp1252 *bool) (*elem, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var stack []*elem
	var root *elem
	names := make(map[string]string)
	var texts textCache
	// free are the elements of streamed items already handed over: h keeps
	// their text, never the elements, so they are used again.
	var free []*elem
	var release func(e *elem)
	release = func(e *elem) {
		for _, k := range e.kids {
			release(k)
		}
		clear(e.kids)
		*e = elem{kids: e.kids[:0]}
		free = append(free, e)
	}
	closeTop := func() error {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if len(stack) == 0 {
			root = e
			return nil
		}
		parent := stack[len(stack)-1]
		if streamed[parent.name] {
			err := h(parent.name, e, stack)
			release(e)
			return err
		}
		parent.kids = append(parent.kids, e)
		return nil
	}
	var text []byte
	for root == nil {
		// Up to the next tag. Text outside a leaf (between aggregates) is
		// whitespace or junk, and is skipped.
		if err := skipPast(br, '<'); err != nil {
			return nil, eof(err)
		}
		first, err := br.Peek(1)
		if err != nil {
			return nil, eof(err)
		}
		switch first[0] {
		case '!', '?': // a comment, a processing instruction, a doctype
			if err := skipMarkup(br); err != nil {
				return nil, err
			}
			continue
		}
		tag, err := readTag(br)
		if err != nil {
			return nil, err
		}
		if tag[0] == '/' {
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
		if tag[len(tag)-1] == '/' { // <EMPTY/>
			tag = tag[:len(tag)-1]
		}
		if !validName(tag) {
			return nil, errors.New("malformed tag")
		}
		if len(stack) == 0 && string(tag) != "OFX" {
			continue // before <OFX>: header tags of some exporters
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
		var e *elem
		if n := len(free); n > 0 {
			e, free = free[n-1], free[:n-1]
			e.name = name
		} else {
			e = &elem{name: name}
		}
		stack = append(stack, e)
		if text, err = readText(br, text[:0]); err != nil {
			return nil, err
		}
		raw := bytes.TrimSpace(text)
		if len(raw) == 0 {
			continue // an aggregate, or an empty leaf closed later
		}
		if t, ok := texts.get(raw); ok {
			e.text = t
		} else {
			e.text = unescape(raw, cp1252)
		}
		// The file's own end tag, if it writes one.
		if p, _ := br.Peek(len(name) + 3); len(p) == len(name)+3 && p[0] == '<' && p[1] == '/' &&
			string(p[2:2+len(name)]) == name && p[len(p)-1] == '>' {
			if _, err := br.Discard(len(p)); err != nil {
				return nil, eof(err)
			}
		}
		if err := closeTop(); err != nil {
			return nil, err
		}
	}
	return root, nil
}

// textCache holds the short texts read last, by hash: the values a
// statement repeats (security ids, types, prices, dates) are kept once
// instead of once per transaction.
type textCache [1024]string

// get returns raw as text when raw is short plain ASCII (nothing to
// unescape or decode), held once; ok is false for other text.
func (c *textCache) get(raw []byte) (string, bool) {
	if len(raw) > 32 {
		return "", false
	}
	h := uint32(2166136261)
	for _, b := range raw {
		if b >= utf8.RuneSelf || b == '&' {
			return "", false
		}
		h = (h ^ uint32(b)) * 16777619
	}
	slot := &c[h%uint32(len(c))]
	if *slot != string(raw) || *slot == "" {
		*slot = string(raw)
	}
	return *slot, true
}

func eof(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errTruncated
	case errors.Is(err, bufio.ErrBufferFull), errors.Is(err, bufio.ErrNegativeCount), errors.Is(err, errTruncated):
		return err
	}
	return readError{err}
}

// skipPast discards input up to and including the byte c.
func skipPast(br *bufio.Reader, c byte) error {
	for {
		_, err := br.ReadSlice(c)
		if err == nil {
			return nil
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
}

// skipMarkup discards a comment (to "-->"), a CDATA section outside a
// leaf, or a processing instruction or declaration (to ">").
func skipMarkup(br *bufio.Reader) error {
	if p, _ := br.Peek(3); string(p) == "!--" {
		var last [2]byte
		for {
			c, err := br.ReadByte()
			if err != nil {
				return eof(err)
			}
			if c == '>' && last == [2]byte{'-', '-'} {
				return nil
			}
			last[0], last[1] = last[1], c
		}
	}
	return eof(skipPast(br, '>'))
}

// readTag reads a tag's name up to '>' (the '<' already read).
func readTag(br *bufio.Reader) ([]byte, error) {
	tag, err := br.ReadSlice('>')
	if errors.Is(err, bufio.ErrBufferFull) || (err == nil && len(tag) > 80) {
		return nil, errors.New("malformed tag")
	}
	if err != nil {
		return nil, eof(err)
	}
	tag = tag[:len(tag)-1]
	if len(tag) == 0 || bytes.IndexByte(tag, '<') >= 0 {
		return nil, errors.New("malformed tag")
	}
	return tag, nil
}

// maxText bounds one element's text (a MEMO, a NAME): 1 MiB.
const maxText = 1 << 20

// readText reads an element's text up to the next tag, leaving the '<'
// unread; a CDATA section is taken as it is.
func readText(br *bufio.Reader, buf []byte) ([]byte, error) {
	for {
		chunk, err := br.ReadSlice('<')
		switch {
		case err == nil:
			buf = append(buf, chunk[:len(chunk)-1]...)
			if err := br.UnreadByte(); err != nil {
				return nil, err
			}
			if p, _ := br.Peek(9); string(p) == "<![CDATA[" {
				if _, err := br.Discard(9); err != nil {
					return nil, eof(err)
				}
				for {
					c, err := br.ReadSlice('>')
					if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
						return nil, eof(err)
					}
					buf = append(buf, c...)
					if len(buf) > maxText {
						return nil, errors.New("an element's text is too long")
					}
					if err == nil && bytes.HasSuffix(buf, []byte("]]>")) {
						buf = buf[:len(buf)-3]
						break
					}
				}
				continue
			}
			return buf, nil
		case errors.Is(err, bufio.ErrBufferFull):
			buf = append(buf, chunk...)
			if len(buf) > maxText {
				return nil, errors.New("an element's text is too long")
			}
		default:
			return nil, eof(err)
		}
	}
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

// unescape decodes the XML entities text may hold (numeric ones too). Text
// that is not UTF-8 is Windows-1252, the CHARSET most 1.x files declare.
func unescape(raw []byte, cp1252 *bool) string {
	var s string
	if utf8.Valid(raw) {
		s = string(raw)
	} else if d, err := charmap.Windows1252.NewDecoder().Bytes(raw); err == nil {
		s = string(d)
		if cp1252 != nil {
			*cp1252 = true
		}
	} else {
		s = strings.ToValidUTF8(string(raw), "\uFFFD")
	}
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
