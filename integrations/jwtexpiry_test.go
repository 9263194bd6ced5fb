package integrations

import (
	"encoding/base64"
	"testing"
	"time"
)

func jwtWith(payload string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"HS512","typ":"JWT"}`)) + "." + enc([]byte(payload)) + ".c2ln"
}

func TestJWTExpiry(t *testing.T) {
	want := time.Date(2025, 3, 30, 10, 7, 0, 0, time.UTC)
	got, ok := JWTExpiry(jwtWith(`{"iss":"dhan","partnerId":"","exp":1743329220,"tokenConsumerType":"SELF","dhanClientId":"1100003626"}`))
	if !ok || !got.Equal(want) {
		t.Fatalf("JWTExpiry = %v %v, want %v", got, ok, want)
	}
	for _, bad := range []string{
		"", "abc", "a.b", "a.b.c.d", jwtWith(`{"sub":"x"}`), jwtWith(`{"exp":"soon"}`), jwtWith(`{"exp":-5}`),
		jwtWith(`[1,2]`), "eyJ.!!!.sig", jwtWith(`{"exp":1e300}`),
	} {
		if _, ok := JWTExpiry(bad); ok {
			t.Errorf("JWTExpiry(%q) read an expiry", bad)
		}
	}
}

func FuzzJWTExpiry(f *testing.F) {
	f.Add(jwtWith(`{"exp":1743329220}`))
	f.Add("a.b.c")
	f.Fuzz(func(t *testing.T, s string) {
		if at, ok := JWTExpiry(s); ok && at.Before(time.Unix(0, 0)) {
			t.Fatalf("expiry %v before the epoch", at)
		}
	})
}
