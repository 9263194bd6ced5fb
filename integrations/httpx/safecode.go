package httpx

import "strings"

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
