package integrations

import (
	"strconv"
	"time"
)

// HumanAgo writes how long ago something was, for people: "just now",
// "3 minutes ago", "3 days ago".
func HumanAgo(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < 48*time.Hour:
		return HumanDuration(d) + " ago"
	default:
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + " days ago"
	}
}
