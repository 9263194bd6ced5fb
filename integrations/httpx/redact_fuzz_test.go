package httpx

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// secretParams are query, form and JSON names that hold secrets in the
// institutions' documented requests and answers.
var secretParams = []string{
	"access_token", "refresh_token", "id_token", "apiKey", "api_key", "signature", "X-Amz-Signature",
	"password", "passphrase", "client_secret", "pin", "otp", "code", "token", "secret", "sig",
	"code_verifier", "oauth_token", "session", "private_key", "totp", "credentials",
}

// placement is one way a secret travels in a request or a response.
type placement struct {
	name string
	// build returns the text with value in place.
	build func(value string) (string, bool)
}

// placements puts the secret, under the names picked by pick, in every
// place a request or a response carries one. depth nests the JSON body.
func placements(pick uint8, depth uint8, pretty bool) []placement {
	hdr := credentialHeaders[int(pick)%len(credentialHeaders)]
	param := secretParams[int(pick)%len(secretParams)]
	dump := func(r *http.Request) (string, bool) {
		b, err := httputil.DumpRequest(r, true)
		return string(b), err == nil
	}
	req := func(target string, body string) *http.Request {
		r, err := http.NewRequest(http.MethodPost, "https://api.test/v1/orders", strings.NewReader(body))
		if err != nil {
			panic(err)
		}
		r.URL, _ = url.Parse(target)
		r.Header.Set("Accept", "application/json")
		return r
	}
	nested := func(v any) string {
		for i := range int(depth % 9) {
			if i%2 == 0 {
				v = map[string]any{"data": v, "status": "ok", "n": i}
			} else {
				v = []any{1, "x", v}
			}
		}
		var b []byte
		if pretty {
			b, _ = json.MarshalIndent(v, "", "  ")
		} else {
			b, _ = json.Marshal(v)
		}
		return string(b)
	}
	return []placement{
		{"header " + hdr, func(s string) (string, bool) {
			if strings.ContainsAny(s, "\r\n") || strings.TrimSpace(s) != s || s == "" {
				return "", false
			}
			r := req("https://api.test/v1/orders?page=2", "")
			r.Header.Set(hdr, s)
			return dump(r)
		}},
		{"bearer", func(s string) (string, bool) {
			if strings.ContainsAny(s, "\r\n") || strings.TrimSpace(s) != s || s == "" {
				return "", false
			}
			r := req("https://api.test/v1/orders", "")
			r.Header.Set("Authorization", "Bearer "+s)
			return dump(r)
		}},
		{"response header", func(s string) (string, bool) {
			if strings.ContainsAny(s, "\r\n;") || strings.TrimSpace(s) != s || s == "" {
				return "", false
			}
			return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nSet-Cookie: session=" + s + "; Path=/; HttpOnly\r\n\r\n{}", true
		}},
		{"query " + param, func(s string) (string, bool) {
			return "GET https://api.test/v1/accounts?page=2&" + param + "=" + url.QueryEscape(s) + "&limit=50 failed", true
		}},
		{"request line " + param, func(s string) (string, bool) {
			return dump(req("https://api.test/v1/accounts?"+param+"="+url.QueryEscape(s)+"&page=1", ""))
		}},
		{"form " + param, func(s string) (string, bool) {
			return dump(req("https://api.test/oauth/token", "grant_type=password&username=bob&"+param+"="+url.QueryEscape(s)+"&scope=read"))
		}},
		{"json " + param, func(s string) (string, bool) {
			return dump(req("https://api.test/v1/login", nested(map[string]any{"user": "bob", param: s, "remember": true})))
		}},
		{"json number " + param, func(s string) (string, bool) {
			if _, err := strconv.ParseUint(s, 10, 64); err != nil {
				return "", false
			}
			return nested(map[string]any{"user": "bob", param: json.RawMessage(s)}), true
		}},
		{"quoted " + param, func(s string) (string, bool) {
			if strings.ContainsAny(s, "\r\n") {
				return "", false
			}
			q := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
			return fmt.Sprintf(`login failed: %s="%s" user=bob`, param, q), true
		}},
	}
}

// survives reports whether a spelling of secret is in out but not in
// without, the same text redacted with a harmless value instead (where the
// spelling would come from the text around the secret).
func survives(secret, out, without string) (string, bool) {
	js, _ := json.Marshal(secret)
	for _, f := range []string{secret, url.QueryEscape(secret), string(js[1 : len(js)-1])} {
		if f != "" && strings.Contains(out, f) && !strings.Contains(without, f) {
			return f, true
		}
	}
	return "", false
}

// FuzzRedactSecretAnywhere: a secret placed anywhere a request or a response
// carries one (a secret header, the Authorization header, a cookie, a
// query parameter, a form body, a JSON body at any depth, as a string or a
// number, a quoted value) never survives Redact; and a secret registered
// with a Redactor never survives anywhere, even under a harmless name.
func FuzzRedactSecretAnywhere(f *testing.F) {
	f.Add("s3cr3t-value", uint8(0), uint8(0), false)
	f.Add("123456", uint8(8), uint8(5), true)
	f.Add(`x y, "z"`, uint8(3), uint8(2), false)
	f.Add("Bearer abc=def&ghi", uint8(11), uint8(7), true)
	f.Add("a\\b\u00e9\x00\xff", uint8(5), uint8(4), false)
	f.Fuzz(func(t *testing.T, secret string, pick, depth uint8, pretty bool) {
		if strings.Contains(secret, Redacted) || strings.Contains(Redacted, secret) {
			return
		}
		for _, p := range placements(pick, depth, pretty) {
			text, ok := p.build(secret)
			if !ok {
				continue
			}
			plain, ok := p.build("harmless")
			if !ok {
				plain, _ = p.build("97531")
			}
			if f, bad := survives(secret, Redact(text), Redact(plain)); bad {
				t.Fatalf("%s: %q survived:\n%s\n→\n%s", p.name, f, text, Redact(text))
			}
		}
		if len(secret) < minSecretLen {
			return
		}
		// Registered: anywhere, under a harmless name.
		r := NewRedactor(secret)
		js, _ := json.Marshal(map[string]any{"note": secret, "list": []string{"a", secret}})
		for _, text := range []string{
			"failed for " + secret + " at noon",
			"https://api.test/v1/accounts/" + url.PathEscape(secret) + "/positions?q=" + url.QueryEscape(secret),
			string(js),
			"X-Request-Note: " + secret,
		} {
			out := r.Redact(text)
			if f, bad := survives(secret, out, r.Redact(strings.ReplaceAll(text, secret, "harmless"))); bad {
				t.Fatalf("registered %q survived:\n%s\n→\n%s", f, text, out)
			}
		}
	})
}

// TestRedactFuzzSeedsCover makes sure every placement is exercised by the
// seeds (a placement that never builds would make the fuzz test vacuous).
func TestRedactFuzzSeedsCover(t *testing.T) {
	built := map[string]bool{}
	for pick := range uint8(len(credentialHeaders) + len(secretParams)) {
		for _, p := range placements(pick, pick, pick%2 == 0) {
			for _, s := range []string{"s3cr3t-value", "123456"} {
				if text, ok := p.build(s); ok {
					built[strings.Fields(p.name)[0]] = true
					if !strings.Contains(text, s) && !strings.Contains(text, url.QueryEscape(s)) {
						t.Errorf("%s: the secret is not in %q", p.name, text)
					}
					if _, bad := survives(s, Redact(text), ""); bad {
						t.Errorf("%s: %q survived: %s", p.name, s, Redact(text))
					}
				}
			}
		}
	}
	for _, want := range []string{"header", "bearer", "response", "query", "request", "form", "json", "quoted"} {
		if !built[want] {
			t.Errorf("placement %s never built", want)
		}
	}
}
