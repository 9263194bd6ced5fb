package fakekit

import (
	"testing"
	"time"
)

// TestWeekdays: the weekdays of two weeks from a Friday, numbered, with
// their place among all the days; a loop may stop early.
func TestWeekdays(t *testing.T) {
	start := time.Date(2026, 3, 6, 0, 0, 0, 0, NewYork) // a Friday, two days before daylight saving
	var got []Weekday
	for w := range Weekdays(start, 14) {
		got = append(got, w)
	}
	wantIdx := []int{0, 3, 4, 5, 6, 7, 10, 11, 12, 13}
	if len(got) != len(wantIdx) {
		t.Fatalf("%d weekdays in two weeks from a Friday: %v", len(got), got)
	}
	for k, w := range got {
		if w.Index != wantIdx[k] || w.N != k+1 || !w.Date.Equal(start.AddDate(0, 0, w.Index)) || w.Date.Hour() != 0 {
			t.Errorf("weekday %d: %+v; want day %d from the start, at midnight New York", k+1, w, wantIdx[k])
		}
		if wd := w.Date.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("weekday %d is a %s", k+1, wd)
		}
	}
	n := 0
	for w := range Weekdays(start, 14) {
		if n++; w.N == 3 {
			break
		}
	}
	if n != 3 {
		t.Errorf("a loop stopped at the third weekday ran %d times", n)
	}
	for range Weekdays(start, 0) {
		t.Error("no days have no weekday")
	}
}
