package integrations

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

// JWTExpiry reads the exp claim (seconds since the epoch) of a JSON Web
// Token, without verifying its signature: an integration uses it only to
// know when a token the institution issued ends (Grant.Expiry), never to
// trust what the token says. It returns false for anything that is not a
// three-part token whose payload is a JSON object with a positive numeric
// exp.
func JWTExpiry(token string) (time.Time, bool) {
	parts := strings.Split(strings.TrimSpace(token), ".")
	if len(parts) != 3 || len(parts[1]) == 0 || len(parts[1]) > 8192 {
		return time.Time{}, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}, false
	}
	var claims struct {
		Exp json.Number `json:"exp"`
	}
	if json.Unmarshal(raw, &claims) != nil || claims.Exp == "" {
		return time.Time{}, false
	}
	secs, err := claims.Exp.Float64()
	if err != nil || secs <= 0 || secs > 1<<40 {
		return time.Time{}, false
	}
	return time.Unix(int64(secs), 0).UTC(), true
}
