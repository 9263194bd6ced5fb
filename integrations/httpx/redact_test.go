package httpx

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

func TestRedact(t *testing.T) {
	cases := []struct{ in, want string }{
		{"https://api.test/v1/x?access_token=abc123&page=2", "https://api.test/v1/x?access_token=[redacted]&page=2"},
		{"https://api.test/cb?code=c0de&state=st4te", "https://api.test/cb?code=[redacted]&state=[redacted]"},
		{"https://api.test/?refresh_token=r&token=t&code_verifier=v&client_secret=s", "https://api.test/?refresh_token=[redacted]&token=[redacted]&code_verifier=[redacted]&client_secret=[redacted]"},
		{"?password=hunter2&secret=x&signature=y&api_key=k&key=k2&apikey=k3&otp=123456", "?password=[redacted]&secret=[redacted]&signature=[redacted]&api_key=[redacted]&key=[redacted]&apikey=[redacted]&otp=[redacted]"},
		{"https://x.test/a?X-Amz-Signature=abc&oauth_token=o&Access_Token=A", "https://x.test/a?X-Amz-Signature=[redacted]&oauth_token=[redacted]&Access_Token=[redacted]"},
		{"https://x.test/cb#access_token=abc&token_type=bearer", "https://x.test/cb#access_token=[redacted]&token_type=[redacted]"},
		{"https://x.test/a?monkey=1&keyboard=2&page=3", "https://x.test/a?monkey=1&keyboard=2&page=3"},
		{"Authorization: Bearer eyJhbGciOi.J9.sig", "Authorization: [redacted]"},
		{"authorization=Basic dXNlcjpwYXNz", "authorization=[redacted]"},
		{`{"Authorization": "Basic dXNlcjpwYXNz"}`, `{"Authorization": "[redacted]"}`},
		{"API-Key: k-123\nAccept: json", "API-Key: [redacted]\nAccept: json"},
		{"X-MBX-APIKEY: zzz", "X-MBX-APIKEY: [redacted]"},
		{"sent Bearer abcdefghijklmnop to server", "sent Bearer [redacted] to server"},
		{"https://user:pa55w0rd@host.test/x", "https://[redacted]@host.test/x"},
		{`{"access_token": "abc", "expires_in": 3600, "refresh_token":"r\"x"}`, `{"access_token": "[redacted]", "expires_in": 3600, "refresh_token":"[redacted]"}`},
		{"login failed: password=hunter2 user=bob", "login failed: password=[redacted] user=bob"},
		{"https://api.test/v1/accounts?page=2", "https://api.test/v1/accounts?page=2"},
		{"access%5Ftoken=abc", "access%5Ftoken=[redacted]"},
		{"", ""},
	}
	for _, c := range cases {
		if got := Redact(c.in); got != c.want {
			t.Errorf("Redact(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
	u, _ := url.Parse("https://u:p@x.test/a?token=t1&b=2")
	if got := RedactURL(u); strings.Contains(got, "t1") || strings.Contains(got, ":p@") || !strings.Contains(got, "b=2") {
		t.Errorf("RedactURL = %q", got)
	}
	if RedactURL(nil) != "" {
		t.Error("RedactURL(nil)")
	}
}

// TestRedactGaps are the gaps of issue 11.7.
func TestRedactGaps(t *testing.T) {
	cases := []struct{ in, want string }{
		// passphrase, in every form.
		{"passphrase=open-sesame&x=1", "passphrase=[redacted]&x=1"},
		{`{"passphrase":"open sesame","x":1}`, `{"passphrase":"[redacted]","x":1}`},
		{"KC-API-PASSPHRASE: open sesame", "KC-API-PASSPHRASE: [redacted]"},
		// Quoted values.
		{`login failed: password="x y" user=bob`, `login failed: password="[redacted]" user=bob`},
		{`password='x y z'`, `password='[redacted]'`},
		{`password="a \"quoted\" b"!`, `password="[redacted]"!`},
		// Values with spaces and commas.
		{"login failed: password=my secret words user=bob", "login failed: password=[redacted] user=bob"},
		{"token=abc,def&page=2", "token=[redacted]&page=2"},
		{"token=abc;def", "token=[redacted]"},
		{"password=hunter2, then gave up", "password=[redacted]"},
		{"token=abc failed: timeout", "token=[redacted] failed: timeout"},
		// Numbers, objects and arrays under secret JSON keys, at any depth.
		{`{"pin":123456,"name":"x"}`, `{"pin":"[redacted]","name":"x"}`},
		{`{"a":{"b":[{"otp": 654321}]}}`, `{"a":{"b":[{"otp": "[redacted]"}]}}`},
		{`{"credentials":{"user":"bob","pw":"p"},"n":1}`, `{"credentials":"[redacted]","n":1}`},
		{`{"tokens":["t1","t2"],"n":1}`, `{"tokens":"[redacted]","n":1}`},
		{`{"secret":true,"token":null}`, `{"secret":true,"token":null}`},
		{"{'api_key': 'k-1', 'n': 2}", `{'api_key': "[redacted]", 'n': 2}`},
		// Headers of any secret name, in any case.
		{"Access-Token: abc123\r\nAccept: json", "Access-Token: [redacted]\r\nAccept: json"},
		{"x-access-token:abc123", "x-access-token: [redacted]"},
		{"APCA-API-SECRET-KEY: s3cr3t", "APCA-API-SECRET-KEY: [redacted]"},
		{"x-ws-session-id: sess-1\nx-ws-device-id: dev-1", "x-ws-session-id: [redacted]\nx-ws-device-id: [redacted]"},
		{"Cookie: a=1; session=xyz", "Cookie: [redacted]"},
		// BEARER in any case.
		{"sent BEARER abcdefghijkl", "sent BEARER [redacted]"},
		{"sent bEaReR abcdefghijkl", "sent bEaReR [redacted]"},
		// Form bodies.
		{"grant_type=password&username=bob&password=x+y%21&client_secret=cs-1", "grant_type=password&username=bob&password=[redacted]&client_secret=[redacted]"},
		{"user%5Bpassword%5D=pw-1&remember=1", "user%5Bpassword%5D=[redacted]&remember=1"},
		// URL query parameters.
		{"https://x.test/a?apiKey=k1&sig=s1&X-Amz-Credential=c1&page=2", "https://x.test/a?apiKey=[redacted]&sig=[redacted]&X-Amz-Credential=[redacted]&page=2"},
		// Harmless text is kept.
		{"status: 503, retry later", "status: 503, retry later"},
		{`{"status":"ok","count":3}`, `{"status":"ok","count":3}`},
	}
	for _, c := range cases {
		if got := Redact(c.in); got != c.want {
			t.Errorf("Redact(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestRedactor(t *testing.T) {
	r := NewRedactor("sk_live_abc/def+ghi", "ab", "")
	r.Add("sk_live_abc/def+ghi") // duplicate
	r.Add("acct-5550001")
	in := "failed for acct-5550001 with key sk_live_abc/def+ghi (url form sk_live_abc%2Fdef%2Bghi) ab"
	got := r.Redact(in)
	want := "failed for [redacted] with key [redacted] (url form [redacted]) ab"
	if got != want {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	r.Remove("acct-5550001")
	if got := r.Redact("acct-5550001"); got != "acct-5550001" {
		t.Errorf("after Remove: %q", got)
	}

	base := fmt.Errorf("call with sk_live_abc/def+ghi: %w", integrations.ErrInvalidCredentials)
	err := r.Error(base)
	if strings.Contains(err.Error(), "sk_live") || !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("Error: %v", err)
	}
	if r.Error(nil) != nil {
		t.Error("Error(nil)")
	}
	clean := errors.New("nothing secret")
	if r.Error(clean) != clean {
		t.Error("clean error was wrapped")
	}

	var nilR *Redactor
	nilR.Add("x")
	nilR.Remove("x")
	if nilR.Redact("token=abc") != "token=[redacted]" {
		t.Error("nil redactor")
	}
}

func TestSafeError(t *testing.T) {
	ue := &url.Error{Op: "Get", URL: "https://x.test/a?access_token=SEKRET1", Err: context.DeadlineExceeded}
	err := SafeError(ue, nil)
	if strings.Contains(err.Error(), "SEKRET1") || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("%v", err)
	}
	var got *url.Error
	if !errors.As(err, &got) || strings.Contains(got.URL, "SEKRET1") {
		t.Errorf("url.Error not redacted: %v", got)
	}
	wrapped := fmt.Errorf("listing: %w", ue)
	err = SafeError(wrapped, nil)
	if strings.Contains(err.Error(), "SEKRET1") || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("wrapped: %v", err)
	}
	if SafeError(nil, nil) != nil {
		t.Error("nil")
	}
}

func FuzzRedact(f *testing.F) {
	f.Add("https://x.test/a?b=1", "s3cr3t-value")
	f.Add("Authorization: Bearer abc", "tok-123456")
	f.Fuzz(func(t *testing.T, text, secret string) {
		_ = Redact(text)
		// A secret sent as a token query value never survives.
		if secret == "" || strings.ContainsAny(secret, "&#;\"'<>, \t\r\n\v\f") || strings.Contains(Redacted, secret) {
			return
		}
		out := Redact("https://x.test/cb?access_token=" + secret + "&page=1")
		if strings.Contains(out, "access_token="+secret) {
			t.Fatalf("secret %q survived: %q", secret, out)
		}
		r := NewRedactor(secret)
		if len(secret) >= minSecretLen && strings.Contains(r.Redact("x "+secret+" y"), secret) {
			t.Fatalf("registered secret %q survived", secret)
		}
	})
}

func TestRedactURLMasksAccountNumbers(t *testing.T) {
	u, _ := url.Parse("https://api.example.com/v1/accounts/VA12345678/positions?access_token=tok123456")
	got := RedactURL(u)
	if strings.Contains(got, "12345678") || strings.Contains(got, "tok123456") || !strings.Contains(got, "5678/positions") {
		t.Fatalf("RedactURL = %q", got)
	}
	u, _ = url.Parse("https://api.example.com/v2/orders/abc-12")
	if got := RedactURL(u); !strings.Contains(got, "/v2/orders/abc-12") {
		t.Fatalf("ordinary path changed: %q", got)
	}
}

func TestSecretHeader(t *testing.T) {
	for _, h := range credentialHeaders {
		if !SecretHeader(h) || !SecretHeader(strings.ToUpper(h)) || !SecretHeader(strings.ToLower(h)) {
			t.Errorf("%s is not secret", h)
		}
	}
	for _, h := range []string{"Accept", "Content-Type", "User-Agent", "X-Request-Id", "Keep-Alive", "X-RateLimit-Remaining", "Cache-Control", "Retry-After"} {
		if SecretHeader(h) {
			t.Errorf("%s is secret", h)
		}
	}
}
