package brokertest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/latchkey/latchkey/integrations"
)

// minSecretLen is the shortest typed value the leak checks look for: shorter
// ones ("1234", "pass") match innocent text too often.
const minSecretLen = 6

// minTokenLen is the shortest string taken from a grant's secret as a token.
const minTokenLen = 8

// learn records a value that must never appear in an error text.
func (s *suite) learn(v, what string) {
	v = strings.TrimSpace(v)
	if len(v) < minSecretLen {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.secrets[v]; !ok {
		s.secrets[v] = what
	}
}

// learnValues records the values whose keys look secret.
func (s *suite) learnValues(values map[string]string) {
	for k, v := range values {
		if secretName(k) {
			s.learn(v, fmt.Sprintf("the value typed into %q", k))
		}
	}
}

// learnGrant records the tokens in a grant's secret.
func (s *suite) learnGrant(g integrations.Grant) {
	for _, p := range secretParts(g.Secret) {
		s.learn(p, "a token from a grant's secret")
	}
}

// noteErr records an error text and checks it at once against what the suite
// knows so far; checkNoLeaks checks every text again at the end.
func (s *suite) noteErr(t tb, where string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	text := err.Error()
	if v := fmt.Sprintf("%+v", err); v != text {
		text += "\n" + v
	}
	s.mu.Lock()
	s.errs = append(s.errs, seenErr{where: where, text: text})
	s.mu.Unlock()
	for _, l := range s.leaks(text) {
		t.Errorf("leak: the error from %s holds %s: %q", where, l.what, redact(text, l.value))
	}
}

type leak struct{ value, what string }

func (s *suite) leaks(text string) []leak {
	var out []leak
	if strings.Contains(text, BodyCanary) {
		out = append(out, leak{BodyCanary, "raw response body text (brokertest.BodyCanary)"})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for v, what := range s.secrets {
		if strings.Contains(text, v) {
			out = append(out, leak{v, what})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].value < out[j].value })
	return out
}

func redact(text, secret string) string {
	if secret == BodyCanary {
		return text
	}
	return strings.ReplaceAll(text, secret, "<secret>")
}

// checkNoLeaks checks every error text of the run against every secret the
// run learnt, including those learnt after the error was seen.
func (s *suite) checkNoLeaks(t tb, _ string) {
	s.mu.Lock()
	errs := append([]seenErr(nil), s.errs...)
	s.mu.Unlock()
	for _, e := range errs {
		for _, l := range s.leaks(e.text) {
			t.Errorf("leak: an error from %s holds %s: %q", e.where, l.what, redact(e.text, l.value))
		}
	}
	t.Logf("checked %d error texts against %d secrets", len(errs), len(s.secrets))
}

// secretParts returns the token-like strings in a grant's secret: the string
// leaves of a JSON secret, or the secret's own words otherwise.
func secretParts(b []byte) []string {
	var out []string
	add := func(v string) {
		if len(v) < minTokenLen || !utf8.ValidString(v) {
			return
		}
		if _, err := time.Parse(time.RFC3339Nano, v); err == nil {
			return // an expiry, not a token
		}
		out = append(out, v)
	}
	var v any
	if json.Unmarshal(b, &v) == nil {
		var walk func(any)
		walk = func(v any) {
			switch v := v.(type) {
			case string:
				add(v)
			case []any:
				for _, e := range v {
					walk(e)
				}
			case map[string]any:
				for _, e := range v {
					walk(e)
				}
			}
		}
		walk(v)
		return out
	}
	if !utf8.Valid(b) {
		return nil
	}
	add(string(b))
	for _, f := range strings.FieldsFunc(string(b), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("|,;&=\x00", r)
	}) {
		if f != string(b) {
			add(f)
		}
	}
	return out
}

// freshParts returns the parts of next that were not in prev: the tokens a
// refresh issued.
func freshParts(prev, next []byte) []string {
	old := map[string]bool{}
	for _, p := range secretParts(prev) {
		old[p] = true
	}
	var out []string
	for _, p := range secretParts(next) {
		if !old[p] {
			out = append(out, p)
		}
	}
	return out
}

// secretName reports whether a field name looks like it holds a secret:
// password, passphrase, secret, token, private key, API key, PIN. Names
// ending in "id" (key_id, client_id) are identifiers, not secrets.
func secretName(name string) bool {
	n := strings.ToLower(name)
	if strings.HasSuffix(n, "id") {
		return false
	}
	for _, w := range []string{"pass", "secret", "token", "private", "key"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	for _, w := range strings.FieldsFunc(n, func(r rune) bool { return r == '_' || r == '-' || r == ' ' || r == '.' }) {
		if w == "pin" {
			return true
		}
	}
	return false
}
