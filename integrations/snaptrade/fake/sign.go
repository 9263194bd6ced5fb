package fake

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"unicode/utf16"
)

// validSignature reports whether sig is the Signature header of a request
// as SnapTrade's docs/request-signatures.md defines it (passiv/snaptrade-sdks;
// its Python example compute_request_signature): base64 of the
// HMAC-SHA256, keyed with the consumer key, of
// json.dumps({"content": body, "path": path, "query": query},
// separators=(",", ":"), sort_keys=True) — the body as JSON, null when there
// is none or it is {}; the path and the raw query exactly as sent. Written
// from the docs with encoding/json, not from the snaptrade package, so that
// the fake checks SnapTrade's rule.
func validSignature(consumerKey, path, query string, body []byte, sig string) bool {
	var content any
	if len(bytes.TrimSpace(body)) > 0 {
		d := json.NewDecoder(bytes.NewReader(body))
		d.UseNumber()
		if d.Decode(&content) != nil || d.More() {
			return false
		}
		if m, ok := content.(map[string]any); ok && len(m) == 0 {
			content = nil
		}
	}
	msg, err := pythonJSON(map[string]any{"content": content, "path": path, "query": query})
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, []byte(consumerKey))
	m.Write(msg)
	return hmac.Equal([]byte(sig), []byte(base64.StdEncoding.EncodeToString(m.Sum(nil))))
}

// pythonJSON renders v as Python's json.dumps(v, separators=(",", ":"),
// sort_keys=True) does: encoding/json sorts map keys and writes no
// whitespace (the docs' own Go example, with SetEscapeHTML(false)); Python's
// default ensure_ascii then writes every character outside printable ASCII
// as \uXXXX (lower-case hex, a surrogate pair above U+FFFF), which only
// string contents can hold.
func pythonJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	for _, r := range string(bytes.TrimSuffix(b.Bytes(), []byte("\n"))) {
		switch {
		case r >= 0x20 && r < 0x7f:
			out.WriteRune(r)
		case r > 0xffff:
			hi, lo := utf16.EncodeRune(r)
			fmt.Fprintf(&out, `\u%04x\u%04x`, hi, lo)
		default:
			fmt.Fprintf(&out, `\u%04x`, r)
		}
	}
	return out.Bytes(), nil
}
