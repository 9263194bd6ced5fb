package fakekit

import "time"

// Kolkata is India Standard Time as the time zone database has it
// ("Asia/Kolkata"): the day of India's brokers' fakes, read apart from the
// integrations' own fixed zone (indiakit.IST), so their rule is checked
// against an independent one.
var Kolkata = Zone("Asia/Kolkata")

// DailyAt is the first instant after t at hour:minute on loc's clock: when a
// session issued at t ends, for an institution whose sessions end every day
// at that time (India's brokers' 03:30, 05:00, 06:00).
func DailyAt(t time.Time, loc *time.Location, hour, minute int) time.Time {
	y, m, d := t.In(loc).Date()
	at := time.Date(y, m, d, hour, minute, 0, 0, loc)
	if !at.After(t) {
		at = time.Date(y, m, d+1, hour, minute, 0, 0, loc)
	}
	return at.UTC()
}
