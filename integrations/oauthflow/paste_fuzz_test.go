package oauthflow

import (
	"errors"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

func TestParsePasted(t *testing.T) {
	cases := []struct {
		in, code, errCode string
	}{
		{"http://127.0.0.1:5000/callback/x/y?code=abc&state=s", "abc", ""},
		{"https://127.0.0.1/cb#code=frag&state=s", "frag", ""},
		{"/callback?code=rel", "rel", ""},
		{"?code=q&state=s", "q", ""},
		{"code=q2", "q2", ""},
		{"4/0AbCd-ef_gh.ij~kl", "4/0AbCd-ef_gh.ij~kl", ""},
		{"YWJj==", "YWJj==", ""},
		{"http://127.0.0.1/cb?error=access_denied&state=s", "", "access_denied"},
	}
	for _, c := range cases {
		v, err := parsePasted(c.in, "code")
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if v.Get("code") != c.code || v.Get("error") != c.errCode {
			t.Errorf("%q: %v", c.in, v)
		}
	}
	for _, bad := range []string{"", "a b", "http://x/?c=1", "<x>", "code=", "http://x/?code=a%00b", "\"quoted\""} {
		if _, err := parsePasted(bad, "code"); !errors.Is(err, integrations.ErrInvalidCredentials) {
			t.Errorf("%q accepted", bad)
		}
	}
}

func FuzzParsePasted(f *testing.F) {
	for _, s := range []string{
		"http://127.0.0.1:5000/callback/x/y?code=abc&state=s",
		"https://127.0.0.1/cb#code=frag&state=s",
		"?code=q&state=s", "code=q2&x=%zz", "4/0AbCd-ef_gh", "YWJj==", "%", "://", "/", "?",
		"http://127.0.0.1/cb?error=access_denied", "http://[::1]:80/?code=%00", "request_token=rt&action=login",
	} {
		f.Add(s, "code")
	}
	f.Add("https://kite.test/?request_token=x", "request_token")
	f.Fuzz(func(t *testing.T, s, param string) {
		if param == "" {
			param = "code"
		}
		v, err := parsePasted(s, param)
		if err != nil {
			if !errors.Is(err, integrations.ErrInvalidCredentials) {
				t.Fatalf("error %v does not match ErrInvalidCredentials", err)
			}
			if strings.TrimSpace(s) != "" && len(s) > 3 && strings.Contains(err.Error(), strings.TrimSpace(s)) {
				t.Fatalf("error echoes the paste: %q", err)
			}
			return
		}
		code, e := v.Get(param), v.Get("error")
		if code == "" && e == "" {
			t.Fatalf("%q: accepted without code or error: %v", s, v)
		}
		if code != "" && !cleanValue(code) {
			t.Fatalf("%q: code with control characters %q", s, code)
		}
		if len(strings.TrimSpace(s)) > maxPaste {
			t.Fatalf("over-long paste accepted")
		}
	})
}
