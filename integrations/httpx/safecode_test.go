package httpx_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/httpx"
)

func TestSafeCode(t *testing.T) {
	for _, c := range []struct {
		code, extra string
		max         int
		want        string
	}{
		{"AG8001", "", 64, "AG8001"},
		{"DH-901", "-", 64, "DH-901"},
		{"DH-901", "", 64, ""},
		{"invalid_grant", "_", 64, "invalid_grant"},
		{"a.b_c-d", "._-", 64, "a.b_c-d"},
		{"", "_", 64, ""},
		{"ABCDEFGHIJKLMNOPQ", "", 16, ""},
		{"ABCDEFGHIJKLMNOP", "", 16, "ABCDEFGHIJKLMNOP"},
		{"token sk_live_123", "_", 64, ""},
		{"Ünïcode", "", 64, ""},
		{`x"y`, "_", 64, ""},
	} {
		if got := httpx.SafeCode(c.code, c.max, c.extra); got != c.want {
			t.Errorf("SafeCode(%q, %d, %q) = %q, want %q", c.code, c.max, c.extra, got, c.want)
		}
	}
}

func TestBodyCode(t *testing.T) {
	for _, c := range []struct {
		body, field, want string
	}{
		{`{"errorCode":"DH-901","errorMessage":"token sk_live_1 invalid"}`, "errorCode", "DH-901"},
		{`{"status":false,"errorcode":" AG8001 ","message":"Invalid Token"}`, "errorcode", "AG8001"},
		{`{"ErrorCode":"X1"}`, "errorCode", "X1"},
		{`{"errorCode":"has space"}`, "errorCode", ""},
		{`{"errorCode":1017}`, "errorCode", ""},
		{`{"other":"X1"}`, "errorCode", ""},
		{`not json`, "errorCode", ""},
		{`[]`, "errorCode", ""},
	} {
		if got := httpx.BodyCode([]byte(c.body), c.field, 64, "-"); got != c.want {
			t.Errorf("BodyCode(%s, %q) = %q, want %q", c.body, c.field, got, c.want)
		}
	}
}
