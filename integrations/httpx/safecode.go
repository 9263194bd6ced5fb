package httpx

import (
	"encoding/json"
	"strings"
)

// SafeCode returns code when it may go into an error text: 1 to max
// characters, each an ASCII letter or digit or one of extra ("_-."); else
// "". Institutions' error bodies name a code (AG8001, DH-901,
// invalid_grant) beside a message that may quote the request: an error
// names the code, never the message, and only a code that looks like one.
func SafeCode(code string, max int, extra string) string {
	if code == "" || len(code) > max {
		return ""
	}
	for _, r := range code {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune(extra, r)) {
			return ""
		}
	}
	return code
}

// BodyCode is the error code an error body names in its top-level string
// field (matched as encoding/json matches a struct's field: the exact name
// first, else regardless of case), trimmed and kept only when SafeCode
// keeps it; "" otherwise.
func BodyCode(body []byte, field string, max int, extra string) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return ""
	}
	raw, ok := m[field]
	if !ok {
		for k, v := range m {
			if strings.EqualFold(k, field) {
				raw = v
				break
			}
		}
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return SafeCode(strings.TrimSpace(s), max, extra)
}
