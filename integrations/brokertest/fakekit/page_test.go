package fakekit_test

import (
	"math"
	"slices"
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func TestPage(t *testing.T) {
	rows := []int{0, 1, 2, 3, 4}
	for _, c := range []struct {
		offset, size int
		want         []int
		end          int
	}{
		{0, 2, []int{0, 1}, 2},
		{2, 2, []int{2, 3}, 4},
		{4, 2, []int{4}, 5}, // the last page, short
		{0, 5, []int{0, 1, 2, 3, 4}, 5},
		{0, 9, []int{0, 1, 2, 3, 4}, 5},
		{5, 2, []int{}, 5}, // at the end
		{9, 2, []int{}, 5}, // past it
		{-3, 2, []int{0, 1}, 2},
		{1, 0, []int{}, 1},
		{1, -1, []int{}, 1},
		{1, math.MaxInt, []int{1, 2, 3, 4}, 5}, // no overflow
	} {
		got, end := fakekit.Page(rows, c.offset, c.size)
		if !slices.Equal(got, c.want) || end != c.end {
			t.Errorf("Page(rows, %d, %d) = %v %d, want %v %d", c.offset, c.size, got, end, c.want, c.end)
		}
	}
	if got, end := fakekit.Page([]string(nil), 3, 10); got != nil || end != 0 {
		t.Errorf("Page(nil) = %#v %d", got, end)
	}
	if got, _ := fakekit.Page([]string{}, 0, 10); got == nil {
		t.Error("Page of an empty slice is nil; a JSON answer would say null, not []")
	}
}
