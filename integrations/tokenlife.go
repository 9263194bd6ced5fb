package integrations

import "time"

// Lifetime is a token answer's expires_in, in seconds, as a duration: def,
// the institution's documented lifetime, when the answer gives none (absent,
// zero or negative).
func Lifetime(secs int64, def time.Duration) time.Duration {
	if secs <= 0 {
		return def
	}
	return time.Duration(secs) * time.Second
}
