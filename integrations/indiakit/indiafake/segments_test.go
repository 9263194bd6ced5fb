package indiafake

import "testing"

// Each of the book's exchanges has the API's own segment; NSE's cash
// segment stands for any other.
func TestSegmentsOf(t *testing.T) {
	s := Segments{NSE: "n", BSE: "b", NFO: "f", MCX: "m"}
	for ex, want := range map[string]string{"NSE": "n", "BSE": "b", "NFO": "f", "MCX": "m", "CDS": "n"} {
		if got := s.Of(ex); got != want {
			t.Errorf("Of(%s) = %s, want %s", ex, got, want)
		}
	}
}
