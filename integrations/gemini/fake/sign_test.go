package fake

import (
	"encoding/base64"
	"strings"
	"testing"
)

// TestValidSignatureDocExample: the worked example of Gemini's "Private API
// invocation" section — the /v1/order/status payload (written with
// newlines and indentation, as the docs feed it to base64), its base64, and
// `openssl sha384 -hmac "1234abcd"` of that base64 — passes; the payload or
// the signature with one byte changed does not.
func TestValidSignatureDocExample(t *testing.T) {
	const (
		b64 = "ewogICAgInJlcXVlc3QiOiAiL3YxL29yZGVyL3N0YXR1cyIsCiAgICAibm9uY2UiOiAxMjM0NTYsCgogICAgIm9yZGVyX2lkIjogMTg4MzQKfQo="
		sig = "337cc8b4ea692cfe65b4a85fcc9f042b2e3f702ac956fd098d600ab15705775017beae402be773ceee10719ff70d710f"
	)
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || !strings.Contains(string(raw), `"request": "/v1/order/status"`) || !strings.Contains(string(raw), `"order_id": 18834`) {
		t.Fatalf("the documented payload decodes to %q (%v)", raw, err)
	}
	if !validSignature("1234abcd", b64, sig) {
		t.Fatal("the documented example is refused")
	}
	if validSignature("1234abcd", "f"+b64[1:], sig) {
		t.Error("a changed payload passes")
	}
	if validSignature("1234abcd", b64, sig[:len(sig)-1]+"e") {
		t.Error("a changed signature passes")
	}
}
