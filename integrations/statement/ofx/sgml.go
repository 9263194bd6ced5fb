package ofx

import (
	"bytes"
	"errors"
)

// xmlHeader replaces an OFX 1.x SGML header: ofxgo then reads the body with
// a strict XML decoder, which is linear, instead of its SGML mode, whose
// auto-closing of leaf elements lower-cases its whole list of leaf names at
// every token (about 0.4 MB/s: a 50 MB file would take minutes).
const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>` + "\n" +
	`<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>` + "\n"

var errNotSGML = errors.New("no <OFX> element")

// sgmlToXML turns an OFX 1.x body into XML: each element followed by text
// (a leaf; SGML leaves need no end tag) is closed after its text, an end tag
// closes every element opened since its start tag (empty leaves), text is
// escaped, and the SGML header is replaced. It is one linear pass. A body
// that ends with elements still open is truncated: an error, not a repair.
func sgmlToXML(b []byte) ([]byte, error) {
	i := bytes.Index(b, []byte("<OFX>"))
	if i < 0 {
		return nil, errNotSGML
	}
	b = b[i:]
	out := make([]byte, 0, len(b)+len(b)/4+len(xmlHeader))
	out = append(out, xmlHeader...)
	var stack [][]byte
	for len(b) > 0 {
		lt := bytes.IndexByte(b, '<')
		if lt < 0 {
			break // trailing text after the last tag
		}
		b = b[lt:]
		gt := bytes.IndexByte(b, '>')
		if gt < 0 {
			return nil, errTruncated
		}
		tag := b[1:gt]
		b = b[gt+1:]
		if len(tag) == 0 || bytes.ContainsAny(tag, "<\"\x00") {
			return nil, errors.New("malformed tag")
		}
		switch tag[0] {
		case '?', '!':
			continue
		case '/':
			name := tag[1:]
			j := len(stack) - 1
			for j >= 0 && !bytes.Equal(stack[j], name) {
				j--
			}
			if j < 0 {
				continue // the end of a leaf already closed
			}
			for k := len(stack) - 1; k >= j; k-- {
				out = append(out, "</"...)
				out = append(out, stack[k]...)
				out = append(out, '>')
			}
			stack = stack[:j]
			continue
		}
		if !validName(tag) {
			return nil, errors.New("malformed tag")
		}
		next := bytes.IndexByte(b, '<')
		if next < 0 {
			next = len(b)
		}
		text := bytes.TrimSpace(b[:next])
		out = append(out, '<')
		out = append(out, tag...)
		out = append(out, '>')
		if len(text) == 0 {
			if len(stack) >= 64 {
				return nil, errors.New("elements nested too deep")
			}
			stack = append(stack, tag)
			continue
		}
		out = appendEscaped(out, text)
		out = append(out, "</"...)
		out = append(out, tag...)
		out = append(out, '>')
		b = b[next:]
		if len(b) > len(tag)+2 && b[1] == '/' && bytes.HasPrefix(b[2:], tag) && b[2+len(tag)] == '>' {
			b = b[len(tag)+3:] // the file's own end tag
		}
	}
	if len(stack) > 0 {
		return nil, errTruncated
	}
	return out, nil
}

var errTruncated = errors.New("the file ends before the statement does (truncated?)")

func validName(tag []byte) bool {
	for _, c := range tag {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// appendEscaped escapes text for XML, keeping the entities SGML files
// already write (&amp; &lt; &gt; &quot; &apos; &#…;).
func appendEscaped(out, text []byte) []byte {
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '&':
			if isEntity(text[i:]) {
				out = append(out, c)
			} else {
				out = append(out, "&amp;"...)
			}
		case '<':
			out = append(out, "&lt;"...)
		case '>':
			out = append(out, "&gt;"...)
		default:
			out = append(out, c)
		}
	}
	return out
}

func isEntity(s []byte) bool {
	for _, e := range []string{"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"} {
		if bytes.HasPrefix(s, []byte(e)) {
			return true
		}
	}
	if len(s) > 3 && s[1] == '#' {
		j := 2
		if s[j] == 'x' || s[j] == 'X' {
			j++
		}
		k := j
		for k < len(s) && k < j+8 && (s[k] >= '0' && s[k] <= '9' || s[k] >= 'a' && s[k] <= 'f' || s[k] >= 'A' && s[k] <= 'F') {
			k++
		}
		return k > j && k < len(s) && s[k] == ';'
	}
	return false
}
