package fake

import "testing"

// TestValidAppIDHashVector: FYERS publishes no appIdHash with the App ID
// and secret it came from, so the vector was computed with the official
// Node SDK's own code (fyers-api-v3's getSHA256Hash of
// `${client_id}:${secret_key}`, run in Node) for the fake's test App ID and
// AppSecret. It passes; with one byte of the App ID or of the hash changed
// it does not.
func TestValidAppIDHashVector(t *testing.T) {
	const (
		appID = "FAKEAPP01-100"
		hash  = "746ec1475e13d8c6f131c89fbcb5d351f5cfead75cc74df2553f68ccc0cb2125"
	)
	if !validAppIDHash(appID, AppSecret, hash) {
		t.Fatal("the SDK's appIdHash is refused")
	}
	if validAppIDHash("FAKEAPP01-101", AppSecret, hash) {
		t.Error("a changed App ID passes")
	}
	if validAppIDHash(appID, AppSecret, hash[:len(hash)-1]+"6") {
		t.Error("a changed appIdHash passes")
	}
}
