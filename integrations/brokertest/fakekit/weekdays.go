package fakekit

import (
	"iter"
	"time"
)

// Weekday is one weekday of a fake's history: its Date, Index the day's
// place among all the days from the history's start (0: the start), and N
// its number among the weekdays (1: the first).
type Weekday struct {
	Date  time.Time
	Index int
	N     int
}

// Weekdays are the weekdays (Monday to Friday on start's calendar) of the
// days days from start, in order: the days a fake's made-up history trades
// on, numbered so that its data can put an event on the N-th.
func Weekdays(start time.Time, days int) iter.Seq[Weekday] {
	return func(yield func(Weekday) bool) {
		n := 0
		for i := range days {
			d := start.AddDate(0, 0, i)
			if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
				continue
			}
			n++
			if !yield(Weekday{Date: d, Index: i, N: n}) {
				return
			}
		}
	}
}
