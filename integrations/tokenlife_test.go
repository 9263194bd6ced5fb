package integrations

import (
	"testing"
	"time"
)

func TestLifetime(t *testing.T) {
	for _, c := range []struct {
		secs int64
		want time.Duration
	}{{1800, 30 * time.Minute}, {1, time.Second}, {0, 20 * time.Minute}, {-5, 20 * time.Minute}} {
		if got := Lifetime(c.secs, 20*time.Minute); got != c.want {
			t.Errorf("Lifetime(%d) = %v, want %v", c.secs, got, c.want)
		}
	}
}
