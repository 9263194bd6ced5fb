package indiafake

import (
	"testing"
	"time"
)

// TestOf: the second login gets the smaller book, any other the main one,
// each under its client id and trader's name.
func TestOf(t *testing.T) {
	now := time.Date(2026, 3, 18, 15, 4, 5, 0, time.UTC)
	main, second := Of("AB123", "XY987", now), Of("XY987", "XY987", now)
	if main.ClientID != "AB123" || main.Name != "MAIN TRADER" || len(main.Holdings) != 6 || len(main.Positions) == 0 {
		t.Errorf("main book: %s %q, %d holdings, %d positions", main.ClientID, main.Name, len(main.Holdings), len(main.Positions))
	}
	if second.ClientID != "XY987" || second.Name != "SECOND TRADER" || len(second.Holdings) != 2 || len(second.Positions) != 0 {
		t.Errorf("second book: %s %q, %d holdings, %d positions", second.ClientID, second.Name, len(second.Holdings), len(second.Positions))
	}
	if len(main.TradesUntil(now)) == 0 || len(second.TradesUntil(now)) == 0 {
		t.Error("a book without fills")
	}
}

// A net position splits into its bought and sold sides.
func TestSides(t *testing.T) {
	for _, c := range []struct{ qty, bought, sold int64 }{{75, 75, 0}, {-10, 0, 10}, {0, 0, 0}} {
		if b, s := (Position{Qty: c.qty}).Sides(); b != c.bought || s != c.sold {
			t.Errorf("Sides of %d = %d, %d", c.qty, b, s)
		}
	}
}
