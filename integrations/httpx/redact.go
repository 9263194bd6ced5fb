package httpx

import (
	"encoding/json"
	"errors"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Redacted replaces every secret Redact and Redactor remove.
const Redacted = "[redacted]"

// sensitiveKeys are query, form, JSON or header names whose values are
// always secret.
var sensitiveKeys = map[string]bool{
	"code": true, "state": true, "key": true, "otp": true, "pin": true, "sig": true, "sign": true,
	"auth": true, "session": true, "sessionid": true, "sid": true, "request_token": true,
	"client_assertion": true, "assertion": true, "nonce": true, "totp": true, "mfa": true,
	"passcode": true, "pass": true, "pwd": true, "verifier": true, "ticket": true,
	"authorization": true, "cookie": true, "jwt": true, "bearer": true,
}

// sensitiveParts make a name secret when its lower-cased form contains them
// (access_token, oauth_token, refresh_token, client_secret, x-amz-signature,
// api_key, apikey, code_verifier, password, passphrase, ...).
var sensitiveParts = []string{
	"token", "secret", "passw", "passphrase", "signature", "apikey", "api_key", "api-key",
	"verifier", "credential", "private", "session", "cookie",
}

// sensitiveKey reports whether a query, form, JSON or header name holds a
// secret.
func sensitiveKey(k string) bool {
	k = strings.ToLower(strings.TrimSuffix(k, "[]"))
	if sensitiveKeys[k] {
		return true
	}
	for _, p := range sensitiveParts {
		if strings.Contains(k, p) {
			return true
		}
	}
	// Header-style names (API-Key, KC-API-PASSPHRASE, OK-ACCESS-SIGN).
	return strings.ContainsAny(k, "-") && SecretHeader(k)
}

// secretHeaderParts make a header name secret when it contains them.
var secretHeaderParts = []string{
	"key", "secret", "sign", "token", "pass", "auth", "session", "cookie",
	"credential", "otp", "payload", "claim", "private", "device", "jwt", "csrf",
}

// SecretHeader reports whether a request or response header's value must
// never be logged or sent to another origin: Authorization, Cookie and any
// name containing key, secret, sign, token, pass (password, passphrase),
// auth, session, cookie, credential, otp, payload, claim, private, device,
// jwt or csrf, in any case (APCA-API-SECRET-KEY, X-MBX-APIKEY, API-Sign,
// KC-API-PASSPHRASE, Access-Token, x-ws-session-id, X-GEMINI-PAYLOAD).
func SecretHeader(name string) bool {
	n := strings.ToLower(name)
	for _, p := range secretHeaderParts {
		if strings.Contains(n, p) {
			return true
		}
	}
	return false
}

var (
	// key=value pairs in query strings, fragments, form bodies and log
	// text; the value is found by scanAssigned.
	reAssign = regexp.MustCompile(`[A-Za-z0-9_.\-\[\]%]+=`)
	// A following field: "name=", "name: " (where a value with spaces ends).
	reField = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.\-\[\]]*(?:=[^=]|:\s|:$)`)
	// "key": value pairs in JSON-ish text (also single-quoted); the value,
	// of any type, is found by skipJSONValue.
	reJSONKey = regexp.MustCompile(`"((?:[^"\\\n]|\\.){1,128})"\s*:\s*|'([^'\\\n]{1,128})'\s*:\s*`)
	// Header lines ("Access-Token: xyz", "Authorization:Bearer xyz"): the
	// value runs to the end of the line.
	reHeaderLine = regexp.MustCompile(`(^|[\s{,;(\[])([A-Za-z][A-Za-z0-9_-]*)([ \t]*:)([^\r\n]*)`)
	// URL user info: scheme://user:password@host (all of it).
	reUserinfo = regexp.MustCompile(`(://)([^/\s@?#]+)(@)`)
	// Bearer and Basic credentials anywhere, in any case.
	reBearer = regexp.MustCompile(`(?i)\b(bearer|basic)(\s+)([A-Za-z0-9\-._~+/]{8,}=*)`)
)

// Redact removes secrets from a URL or a text (a log line, an error, a
// request or response dump):
//   - the values of query, fragment and form parameters, JSON members and
//     "name=value" pairs whose names mark them secret (access_token,
//     refresh_token, token, code, state, code_verifier, client_secret,
//     password, passphrase, pin, secret, signature, api_key, key, apikey,
//     otp and names containing those words), whatever the value's type
//     (JSON numbers, objects and arrays too) or quoting ("x y", 'x y');
//     an unquoted value in text runs over spaces and commas up to the next
//     "name=" or "name: " field;
//   - secret header lines (see SecretHeader) to their end;
//   - Bearer and Basic credentials, in any case;
//   - URL user info.
//
// Each becomes "[redacted]". It cannot know secrets by their look alone:
// register the exact secrets an integration holds with a Redactor too.
func Redact(s string) string {
	if s == "" {
		return s
	}
	s = reHeaderLine.ReplaceAllStringFunc(s, func(m string) string {
		sub := reHeaderLine.FindStringSubmatch(m)
		v := strings.TrimSpace(sub[4])
		if v == "" || v == Redacted || !(SecretHeader(sub[2]) || sensitiveKey(sub[2])) {
			return m
		}
		return sub[1] + sub[2] + sub[3] + " " + Redacted
	})
	s = reBearer.ReplaceAllString(s, "${1}${2}"+Redacted)
	s = reUserinfo.ReplaceAllString(s, "${1}"+Redacted+"${3}")
	s = redactJSON(s)
	s = redactAssignments(s)
	return s
}

// redactJSON replaces the values of secret JSON members, at any depth.
func redactJSON(s string) string {
	var b strings.Builder
	last := 0
	for pos := 0; pos < len(s); {
		loc := reJSONKey.FindStringSubmatchIndex(s[pos:])
		if loc == nil {
			break
		}
		for i := range loc {
			if loc[i] >= 0 {
				loc[i] += pos
			}
		}
		key := ""
		if loc[2] >= 0 {
			key = s[loc[2]:loc[3]]
		} else {
			key = s[loc[4]:loc[5]]
		}
		vstart := loc[1]
		if !sensitiveKey(key) || vstart >= len(s) {
			pos = vstart
			continue
		}
		vend := skipJSONValue(s, vstart)
		v := s[vstart:vend]
		if v == "" || v == "true" || v == "false" || v == "null" || v == `"`+Redacted+`"` || v == `""` {
			pos = max(vend, vstart+1)
			continue
		}
		b.WriteString(s[last:vstart])
		b.WriteString(`"` + Redacted + `"`)
		last, pos = vend, vend
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// skipJSONValue returns the end of the JSON value starting at i: a string
// (double- or single-quoted), an object or array (brackets matched outside
// strings), or a scalar. A value cut short runs to the end of s.
func skipJSONValue(s string, i int) int {
	switch c := s[i]; c {
	case '"', '\'':
		return skipQuoted(s, i, false)
	case '{', '[':
		depth := 0
		for j := i; j < len(s); j++ {
			switch s[j] {
			case '"':
				j = skipQuoted(s, j, false) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return len(s)
	default:
		j := i
		for j < len(s) && !strings.ContainsRune(",}] \t\r\n", rune(s[j])) {
			j++
		}
		return j
	}
}

// skipQuoted returns the index after the closing quote of the quoted string
// starting at i (backslash escapes honoured). Unterminated, it runs to the
// end of the line when lineEnds, else to the end of s.
func skipQuoted(s string, i int, lineEnds bool) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case q:
			return j + 1
		case '\n':
			if lineEnds {
				return j
			}
		}
	}
	return len(s)
}

// redactAssignments replaces the values of secret name=value pairs.
func redactAssignments(s string) string {
	var b strings.Builder
	last := 0
	for pos := 0; pos < len(s); {
		loc := reAssign.FindStringIndex(s[pos:])
		if loc == nil {
			break
		}
		ks, vs := pos+loc[0], pos+loc[1]
		key := s[ks : vs-1]
		if uk, err := url.QueryUnescape(key); err == nil {
			key = uk
		}
		if !sensitiveKey(key) {
			pos = vs
			continue
		}
		ve, quoted := scanAssigned(s, vs)
		if ve == vs || s[vs:ve] == Redacted {
			pos = max(ve, vs)
			continue
		}
		b.WriteString(s[last:vs])
		if quoted {
			b.WriteString(s[vs:vs+1] + Redacted + s[vs:vs+1])
		} else {
			b.WriteString(Redacted)
		}
		last, pos = ve, ve
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// scanAssigned returns the end of the value of a name=value pair starting at
// i, and whether it is quoted. A quoted value ends at its closing quote (or
// the end of the line); an unquoted one at &, a quote or the end of the
// line, and at a space, tab, comma or semicolon only when another field
// ("name=", "name: ") or the end of the text follows.
func scanAssigned(s string, i int) (int, bool) {
	if i < len(s) && (s[i] == '"' || s[i] == '\'') {
		return skipQuoted(s, i, true), true
	}
	j := i
	for j < len(s) {
		switch c := s[j]; c {
		case '&', '"', '\'', '\n', '\r':
			return j, false
		case ' ', '\t', ',', ';':
			k := j
			for k < len(s) && strings.IndexByte(" \t,;", s[k]) >= 0 {
				k++
			}
			if k == len(s) || strings.IndexByte("&\"'\n\r", s[k]) >= 0 || reField.MatchString(s[k:min(len(s), k+256)]) {
				return j, false
			}
			j = k
		default:
			j++
		}
	}
	return j, false
}

// RedactURL returns u as a string with secrets removed (see Redact), its
// user info dropped, and path segments that look like account numbers (six
// or more digits) masked to their last four characters: many APIs put the
// full account number in the path.
func RedactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	if c.Path != "" {
		c.Path, c.RawPath = MaskPath(c.EscapedPath()), ""
		if p, err := url.PathUnescape(c.Path); err == nil {
			c.Path = p
		}
	}
	hadUser := c.User != nil
	c.User = nil
	s := c.String()
	if hadUser {
		if i := strings.Index(s, "://"); i >= 0 {
			s = s[:i+3] + Redacted + "@" + s[i+3:]
		}
	}
	return Redact(s)
}

// MaskPath masks the segments of a URL path that look like account numbers
// (six or more digits) to their last four characters.
func MaskPath(p string) string {
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		if reAccountish.MatchString(seg) {
			segs[i] = "••••" + seg[len(seg)-4:]
		}
	}
	return strings.Join(segs, "/")
}

// reAccountish matches a path segment holding a run of six or more digits
// (an account number such as 12345678 or VA12345678).
var reAccountish = regexp.MustCompile(`^[A-Za-z0-9-]*[0-9]{6,}[A-Za-z0-9-]*$`)

// minSecretLen is the shortest secret a Redactor replaces: shorter strings
// would redact ordinary words and digits.
const minSecretLen = 4

// Redactor replaces exact secret strings (the tokens and keys an integration
// holds) with "[redacted]", besides what Redact removes. It is safe for
// concurrent use; the zero value is ready, and a nil *Redactor only applies
// Redact.
type Redactor struct {
	mu      sync.RWMutex
	secrets []string // longest first, so a secret containing another goes first
}

// NewRedactor returns a Redactor that knows the given secrets.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	r.Add(secrets...)
	return r
}

// Add registers secrets. Empty strings and strings shorter than four bytes
// are ignored. The URL-escaped and JSON-escaped forms are registered too,
// since secrets often appear in URLs and bodies.
func (r *Redactor) Add(secrets ...string) {
	r.edit(secrets, func(v string) {
		if len(v) >= minSecretLen && !strings.Contains(Redacted, v) && !slices.Contains(r.secrets, v) {
			r.secrets = append(r.secrets, v)
		}
	})
}

// edit calls f with every spelling (forms) of every secret under the write
// lock, then keeps the list longest first. A nil Redactor does nothing.
func (r *Redactor) edit(secrets []string, f func(v string)) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		for _, v := range forms(s) {
			f(v)
		}
	}
	sort.SliceStable(r.secrets, func(i, j int) bool { return len(r.secrets[i]) > len(r.secrets[j]) })
}

// forms are the spellings of a secret in text, URLs and JSON.
func forms(s string) []string {
	out := []string{s, url.QueryEscape(s), url.PathEscape(s)}
	if b, err := json.Marshal(s); err == nil && len(b) >= 2 {
		out = append(out, string(b[1:len(b)-1]))
	}
	return out
}

// Remove forgets secrets (e.g. a token that was replaced).
func (r *Redactor) Remove(secrets ...string) {
	r.edit(secrets, func(v string) {
		if i := slices.Index(r.secrets, v); i >= 0 {
			r.secrets = slices.Delete(r.secrets, i, i+1)
		}
	})
}

// Redact replaces the registered secrets in s, then applies Redact. A
// replacement can join its neighbours into another copy of a secret, so it
// repeats until none is left; past a few rounds the whole text is withheld.
func (r *Redactor) Redact(s string) string {
	if r != nil {
		r.mu.RLock()
		for round := 0; ; round++ {
			found := false
			for _, sec := range r.secrets {
				if strings.Contains(s, sec) {
					found = true
					s = strings.ReplaceAll(s, sec, Redacted)
				}
			}
			if !found {
				break
			}
			if round == 4 {
				s = Redacted
				break
			}
		}
		r.mu.RUnlock()
	}
	return Redact(s)
}

// Error returns err with its text redacted. The result still matches what
// err matched with errors.Is and errors.As. It returns nil for nil.
func (r *Redactor) Error(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	red := r.Redact(msg)
	if red == msg {
		return err
	}
	return &redactedError{msg: red, err: err}
}

// redactedError shows a redacted text and unwraps to the original error.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// SafeError makes an error from an http.Client safe to log or show: a
// *url.Error's URL loses its secret query values (http.Client puts the full
// request URL in it), and the whole text is redacted by r (nil: by Redact
// only). errors.Is and errors.As still see the original chain.
func SafeError(err error, r *Redactor) error {
	if err == nil {
		return nil
	}
	var ue *url.Error
	if errors.As(err, &ue) && ue.URL != "" {
		red := r.Redact(ue.URL)
		if red != ue.URL {
			cp := *ue
			cp.URL = red
			if ue == err {
				err = &cp
			} else {
				return &redactedError{msg: r.Redact(strings.ReplaceAll(err.Error(), ue.URL, red)), err: err}
			}
		}
	}
	return r.Error(err)
}
