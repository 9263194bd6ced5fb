package snaptrade

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Signature is the value of a request's Signature header, as SnapTrade's
// docs/request-signatures.md defines it: base64 of the HMAC-SHA256, keyed
// with the consumer key, of the canonical JSON of
//
//	{"content": <the JSON body, or null>, "path": <the path as sent>, "query": <the raw query as sent>}
//
// Canonical means keys sorted at every level and no whitespace: the output
// of the documented Python sample, json.dumps(sig, separators=(",", ":"),
// sort_keys=True), which also escapes every character outside printable
// ASCII as \uXXXX (its default ensure_ascii). body is the request's JSON body;
// an empty body and {} both sign as null ("Use null when the request has no
// body or the body is empty ... requests where the body would otherwise be
// {}").
func Signature(consumerKey, path, query string, body []byte) (string, error) {
	c, err := Canonical(path, query, body)
	if err != nil {
		return "", err
	}
	m := hmac.New(sha256.New, []byte(consumerKey))
	m.Write(c)
	return base64.StdEncoding.EncodeToString(m.Sum(nil)), nil
}

// errBody is the error of a body that is not JSON.
var errBody = errors.New("snaptrade: the request body to sign is not JSON")

// Canonical returns the canonical JSON that Signature signs.
func Canonical(path, query string, body []byte) ([]byte, error) {
	var content any
	if len(bytes.TrimSpace(body)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&content); err != nil {
			return nil, errBody
		}
		if dec.More() {
			return nil, errBody
		}
		if m, ok := content.(map[string]any); ok && len(m) == 0 {
			content = nil
		}
	}
	var b bytes.Buffer
	if err := writeCanonical(&b, map[string]any{"content": content, "path": path, "query": query}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// writeCanonical writes v (as decoded by encoding/json with UseNumber) the
// way Python's json.dumps(v, separators=(",", ":"), sort_keys=True) does.
func writeCanonical(b *bytes.Buffer, v any) error {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case json.Number:
		// The number's own text: Python writes an int as it came and a
		// float by repr, which agree for the booleans, strings and small
		// integers Latchkey sends (see doc.go, "Not verified").
		b.WriteString(v.String())
	case string:
		writeString(b, v)
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeCanonical(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		// UTF-8 byte order is code point order, Python's str order.
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, k)
			b.WriteByte(':')
			if err := writeCanonical(b, v[k]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	default:
		return fmt.Errorf("snaptrade: cannot sign a %T", v)
	}
	return nil
}

// writeString writes s as Python's json.dumps does with ensure_ascii: the
// short escapes for " \ \n \r \t \b \f, and \uXXXX (lower-case hex,
// surrogate pairs above U+FFFF) for every other character outside ' '..'~'.
func writeString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	u := func(r rune) {
		b.WriteString(`\u`)
		b.WriteByte(hex[r>>12&0xf])
		b.WriteByte(hex[r>>8&0xf])
		b.WriteByte(hex[r>>4&0xf])
		b.WriteByte(hex[r&0xf])
	}
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r >= ' ' && r <= '~':
			b.WriteRune(r)
		case r > 0xffff:
			r1, r2 := utf16.EncodeRune(r)
			u(r1)
			u(r2)
		default:
			u(r)
		}
	}
	b.WriteByte('"')
}
