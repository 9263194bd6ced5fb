package httpx

import (
	"errors"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Redacted replaces every secret Redact and Redactor remove.
const Redacted = "[redacted]"

// sensitiveKeys are query or form keys whose values are always secret.
var sensitiveKeys = map[string]bool{
	"code": true, "state": true, "key": true, "otp": true, "pin": true, "sig": true,
	"auth": true, "session": true, "sessionid": true, "request_token": true,
	"client_assertion": true, "assertion": true, "nonce": true, "totp": true,
	"passcode": true, "pass": true, "pwd": true, "verifier": true, "ticket": true,
	"authorization": true, "cookie": true,
}

// sensitiveParts make a key secret when its lower-cased name contains them
// (access_token, oauth_token, refresh_token, client_secret, x-amz-signature,
// api_key, apikey, code_verifier, password, ...).
var sensitiveParts = []string{
	"token", "secret", "passw", "signature", "apikey", "api_key", "api-key",
	"verifier", "credential", "private",
}

// sensitiveKey reports whether a query, form or header key holds a secret.
func sensitiveKey(k string) bool {
	k = strings.ToLower(k)
	if sensitiveKeys[k] {
		return true
	}
	for _, p := range sensitiveParts {
		if strings.Contains(k, p) {
			return true
		}
	}
	return false
}

var (
	// key=value pairs in query strings, fragments, form bodies and log text.
	reKeyValue = regexp.MustCompile(`([A-Za-z0-9_.\-\[\]]+)(=)([^&\s#;"'<>,]*)`)
	// "key": "value" pairs in JSON-ish text.
	reJSONPair = regexp.MustCompile(`"([A-Za-z0-9_.\-]+)"(\s*:\s*)"((?:[^"\\]|\\.)*)"`)
	// Secret header lines: "Authorization: Bearer xyz", "API-Key: xyz".
	reHeader = regexp.MustCompile(`(?i)\b((?:proxy-)?authorization|[a-z0-9-]*api-?key|[a-z0-9-]*api-sign(?:ature)?|x-[a-z0-9-]*(?:token|secret|signature|passphrase)|cookie|set-cookie)(\s*:\s*)([^\r\n]*)`)
	// Passwords in URL user info: scheme://user:password@host.
	reUserinfo = regexp.MustCompile(`(://[^/\s:@]*:)([^/\s@]*)(@)`)
	// Bearer tokens anywhere.
	reBearer = regexp.MustCompile(`\b(Bearer|Basic|bearer)(\s+)([A-Za-z0-9\-._~+/]{8,}=*)`)
)

// Redact removes secrets from a URL or a line of log or error text: the values
// of query, fragment and form parameters whose names mark them secret
// (access_token, refresh_token, token, code, state, code_verifier,
// client_secret, password, secret, signature, api_key, key, apikey, otp and
// names containing those words), secret header values (Authorization,
// API-Key and the like), bearer tokens, and passwords in URL user info. Each
// is replaced by "[redacted]". It cannot know secrets by their look alone:
// register the exact secrets an integration holds with a Redactor too.
func Redact(s string) string {
	if s == "" {
		return s
	}
	s = reHeader.ReplaceAllString(s, "${1}${2}"+Redacted)
	s = reBearer.ReplaceAllString(s, "${1}${2}"+Redacted)
	s = reUserinfo.ReplaceAllString(s, "${1}"+Redacted+"${3}")
	s = reKeyValue.ReplaceAllStringFunc(s, func(m string) string {
		sub := reKeyValue.FindStringSubmatch(m)
		key := sub[1]
		if uk, err := url.QueryUnescape(key); err == nil {
			key = uk
		}
		if sub[3] == "" || !sensitiveKey(strings.TrimSuffix(key, "[]")) {
			return m
		}
		return sub[1] + sub[2] + Redacted
	})
	s = reJSONPair.ReplaceAllStringFunc(s, func(m string) string {
		sub := reJSONPair.FindStringSubmatch(m)
		if sub[3] == "" || !sensitiveKey(sub[1]) {
			return m
		}
		return `"` + sub[1] + `"` + sub[2] + `"` + Redacted + `"`
	})
	return s
}

// RedactURL returns u as a string with secrets removed (see Redact), and
// with path segments that look like account numbers (six or more digits)
// masked to their last four characters: many APIs put the full account
// number in the path.
func RedactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	if c.Path != "" {
		segs := strings.Split(c.Path, "/")
		for i, seg := range segs {
			if reAccountish.MatchString(seg) {
				segs[i] = "••••" + seg[len(seg)-4:]
			}
		}
		c.Path, c.RawPath = strings.Join(segs, "/"), ""
	}
	return Redact(c.Redacted())
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
// are ignored. The URL-escaped forms are registered too, since secrets often
// appear in URLs.
func (r *Redactor) Add(secrets ...string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		for _, v := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
			if len(v) < minSecretLen || contains(r.secrets, v) {
				continue
			}
			r.secrets = append(r.secrets, v)
		}
	}
	sort.SliceStable(r.secrets, func(i, j int) bool { return len(r.secrets[i]) > len(r.secrets[j]) })
}

// Remove forgets secrets (e.g. a token that was replaced).
func (r *Redactor) Remove(secrets ...string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		for _, v := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
			for i, have := range r.secrets {
				if have == v {
					r.secrets = append(r.secrets[:i], r.secrets[i+1:]...)
					break
				}
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Redact replaces the registered secrets in s, then applies Redact.
func (r *Redactor) Redact(s string) string {
	if r != nil {
		r.mu.RLock()
		for _, sec := range r.secrets {
			if strings.Contains(s, sec) {
				s = strings.ReplaceAll(s, sec, Redacted)
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
