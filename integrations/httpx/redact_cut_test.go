package httpx

import "testing"

// TestRedactCutShort: a quoted value with no closing quote is redacted to
// the end of its line (name=value) or of the text (JSON), so a secret cut
// short by a truncated log line never shows.
func TestRedactCutShort(t *testing.T) {
	cases := []struct{ in, want string }{
		{"password=\"hunter2\nnext line", "password=\"[redacted]\"\nnext line"},
		{"password=\"hunter2", "password=\"[redacted]\""},
		{`{"access_token": {"a": "b"`, `{"access_token": "[redacted]"`},
		{`{"access_token": "abc`, `{"access_token": "[redacted]"`},
	}
	for _, c := range cases {
		if got := Redact(c.in); got != c.want {
			t.Errorf("Redact(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}
