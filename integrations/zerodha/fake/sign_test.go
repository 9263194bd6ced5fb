package fake

import (
	"strings"
	"testing"
)

// TestValidChecksumVector: Kite publishes no worked checksum, so the vector
// was computed with the official Python client's own expression
// (pykiteconnect generate_session: hashlib.sha256(api_key.encode("utf-8") +
// request_token.encode("utf-8") + api_secret.encode("utf-8")).hexdigest(),
// run in Python 3) for the fake's test API key and secret. It passes, in
// either case of hex; with one byte of the request token or of the
// checksum changed it does not.
func TestValidChecksumVector(t *testing.T) {
	const (
		apiKey       = "kitetestkey01"
		requestToken = "hXUDqyoSDuqNqs2l5tCXvVX5lhsfDFRR"
		checksum     = "43fd101e86143159c4ee71eb564d8c3f4280d1f82f4e90fa347c7c7f8e87df67"
	)
	if !validChecksum(apiKey, requestToken, APISecret, checksum) {
		t.Fatal("the SDK's checksum is refused")
	}
	if !validChecksum(apiKey, requestToken, APISecret, strings.ToUpper(checksum)) {
		t.Error("the SDK's checksum in upper-case hex is refused")
	}
	if validChecksum(apiKey, requestToken[:len(requestToken)-1]+"S", APISecret, checksum) {
		t.Error("a changed request token passes")
	}
	if validChecksum(apiKey, requestToken, APISecret, checksum[:len(checksum)-1]+"8") {
		t.Error("a changed checksum passes")
	}
}
