package fakekit_test

import (
	"encoding/base64"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// TestJWT: the header as written, the claims as JSON, both base64url
// without padding, and a signature that differs from token to token.
func TestJWT(t *testing.T) {
	for _, c := range []struct {
		header string
		claims map[string]any
	}{
		{`{"typ":"JWT","alg":"HS256"}`, map[string]any{"iss": "api.fyers.in", "fy_id": "XY1234", "exp": float64(1767225600)}},
		{`{"alg":"HS512"}`, map[string]any{"username": "A1", "userdata": map[string]any{"token": "ab"}}},
		{`{"alg":"RS256","typ":"JWT"}`, map[string]any{}},
	} {
		tok := fakekit.JWT(c.header, c.claims)
		parts := strings.Split(tok, ".")
		if len(parts) != 3 || strings.ContainsAny(tok, "=+/") {
			t.Fatalf("JWT %q: want three base64url parts without padding", tok)
		}
		header, err1 := base64.RawURLEncoding.DecodeString(parts[0])
		body, err2 := base64.RawURLEncoding.DecodeString(parts[1])
		var claims map[string]any
		if err1 != nil || err2 != nil || json.Unmarshal(body, &claims) != nil {
			t.Fatalf("JWT %q: %v %v, claims %s", tok, err1, err2, body)
		}
		if string(header) != c.header || !reflect.DeepEqual(claims, c.claims) {
			t.Errorf("JWT: header %s claims %v, want %s %v", header, claims, c.header, c.claims)
		}
		if len(parts[2]) != 32 || fakekit.JWT(c.header, c.claims) == tok {
			t.Errorf("JWT %q: want a fresh random signature of 16 bytes in hex", tok)
		}
	}
}
