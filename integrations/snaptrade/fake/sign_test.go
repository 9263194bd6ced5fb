package fake

import "testing"

// TestValidSignatureDocVectors: SnapTrade publishes no signature value, so
// these are the inputs of docs/request-signatures.md's End-to-End Example
// (YOUR_CONSUMER_KEY, POST /api/v1/symbols?clientId=YOUR_CLIENT_ID&
// timestamp=1715123456 with {"substring":"AAPL"}) and of Latchkey's own
// calls, each signed with the docs' Python compute_request_signature
// (Python 3, json.dumps(separators=(",", ":"), sort_keys=True)): the same
// values as the snaptrade package's testdata/signatures.json, checked here
// by the fake's own code. Each passes; one byte changed in the path, the
// query, the body or the signature does not.
func TestValidSignatureDocVectors(t *testing.T) {
	for _, v := range []struct{ key, path, query, body, sig string }{
		{"YOUR_CONSUMER_KEY", "/api/v1/symbols", "clientId=YOUR_CLIENT_ID&timestamp=1715123456", `{"substring": "AAPL"}`,
			"XURYf7Z+QeT+M7Y4OPdK/NaYhDQsds4cEKunvbtu5sE="},
		{"test-consumer-key", "/authorizations", "clientId=PERSONAL-TEST&timestamp=1773846245", "",
			"HnN+svH/9gO2rf5Gn3UUFx1LVFwkSIsS3rWlp3OVMXA="},
		// {} signs as null ("requests where the body would otherwise be {}").
		{"test-consumer-key", "/connection/8b5f262d-4bb9-365d-888a-202bd3b15fa1", "clientId=PERSONAL-TEST&timestamp=1773846245", "{}",
			"t/sv45Vzh9rJmikCq5mol37ibWVq2ovxsOSCLhcVNgQ="},
		// Keys sorted at every level, numbers as written, and Python's
		// ensure_ascii: é, DEL, U+2028 and an emoji as \u escapes.
		{"test-consumer-key", "/snapTrade/login", "clientId=PERSONAL-TEST&timestamp=1773846245",
			`{"immediateRedirect": true, "customRedirect": "http://127.0.0.1:40123/callback/snaptrade/abc?x=1&y=<2>", "broker": "WEBULL-CANADA", "connectionType": "read", "nested": {"b": [1, 2.5, null, false], "a": "\u00e9\u007f\n\"\\\t\u2028\ud83d\ude00"}}`,
			"ijn/ahbH3c5DItM6k4nhDYXtiw0CTigGz8urPyHCOlw="},
	} {
		if !validSignature(v.key, v.path, v.query, []byte(v.body), v.sig) {
			t.Errorf("%s: the vector is refused", v.path)
		}
		for name, bad := range map[string]bool{
			"path":      validSignature(v.key, v.path+"x", v.query, []byte(v.body), v.sig),
			"query":     validSignature(v.key, v.path, v.query[:len(v.query)-1]+"0", []byte(v.body), v.sig),
			"body":      validSignature(v.key, v.path, v.query, []byte(`{"a":1}`), v.sig),
			"signature": validSignature(v.key, v.path, v.query, []byte(v.body), "A"+v.sig[1:]),
		} {
			if bad {
				t.Errorf("%s: a changed %s passes", v.path, name)
			}
		}
	}
	if validSignature("k", "/p", "q", []byte("{not json"), "") || validSignature("k", "/p", "q", []byte("{} {}"), "") {
		t.Error("a body that is not one JSON value passes")
	}
}
