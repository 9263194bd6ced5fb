package fakekit

import (
	"time"
	_ "time/tzdata" // the zones are there on a machine without a time zone database
)

// The time zones of the institutions whose calendar a fake keeps, from the
// time zone database (embedded, so every machine has them). A fake reads
// its institution's day from the database, not from a rule of its own, so
// an integration's own rule for daylight saving (E*TRADE's eastern) is
// checked against an independent one.
var (
	// NewYork is US Eastern time: the US exchanges', E*TRADE's and IBKR's
	// statements' day.
	NewYork = Zone("America/New_York")
	// Toronto is Questrade's.
	Toronto = Zone("America/Toronto")
)

// Zone is the time zone database's location name (an IANA name such as
// "Europe/Berlin"); it panics on a name the database lacks, a fake's
// programming error.
func Zone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("fakekit: " + err.Error())
	}
	return loc
}

// DayIn is t's calendar day in loc, as midnight UTC: a row's date as the
// institution writes it.
func DayIn(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// MidnightAfter is the first midnight in loc after t: when a token issued
// on t's day there ends.
func MidnightAfter(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, loc).UTC()
}
