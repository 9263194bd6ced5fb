package integrations

import (
	"context"
	"errors"
	"testing"
	"time"
)

type walker struct {
	pages [][]Activity
	err   error
}

func (w walker) WalkActivities(ctx context.Context, accountID string, since time.Time, cursor string, page func([]Activity, string) error) error {
	if cursor != "" || accountID != "a1" || !since.Equal(time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)) {
		return errors.New("walker: unexpected call")
	}
	for i, p := range w.pages {
		next := "more"
		if i == len(w.pages)-1 {
			next = ""
		}
		if err := page(p, next); err != nil {
			return err
		}
	}
	return w.err
}

func ids(acts []Activity) string {
	s := ""
	for _, a := range acts {
		s += a.ID + "@" + string(a.TradeDate) + " "
	}
	return s
}

func TestActivityHelpers(t *testing.T) {
	since := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	w := walker{pages: [][]Activity{{{ID: "b", TradeDate: "2026-01-05"}, {ID: "a", TradeDate: "2026-01-03"}}, {{ID: "c", TradeDate: "2026-01-03"}, {ID: "a", TradeDate: "2026-01-03"}}}}
	acts, err := ReadWalk(context.Background(), w, "a1", since)
	if err != nil || ids(acts) != "b@2026-01-05 a@2026-01-03 c@2026-01-03 a@2026-01-03 " {
		t.Fatalf("ReadWalk: %s %v", ids(acts), err)
	}
	if acts = Dedupe(acts); ids(acts) != "b@2026-01-05 a@2026-01-03 c@2026-01-03 " {
		t.Errorf("Dedupe: %s", ids(acts))
	}
	if SortByDate(acts); ids(acts) != "a@2026-01-03 c@2026-01-03 b@2026-01-05 " {
		t.Errorf("SortByDate: %s", ids(acts))
	}
	w.err = ErrRateLimited
	if acts, err := ReadWalk(context.Background(), w, "a1", since); acts != nil || !errors.Is(err, ErrRateLimited) {
		t.Errorf("a failed walk: %v %v", acts, err)
	}
	w.err = Partial("the deposits", ErrUnavailable)
	if acts, err := ReadWalk(context.Background(), w, "a1", since); len(acts) != 4 || !errors.Is(err, ErrPartial) {
		t.Errorf("a walk that missed a part: %s %v; want what it read and ErrPartial", ids(acts), err)
	}

	list := []Activity{{ID: "old", TradeDate: "2026-01-01"}, {ID: "day", TradeDate: "2026-01-02"}, {ID: "new", TradeDate: "2026-01-09"}}
	if got := OnOrAfter(append([]Activity(nil), list...), time.Time{}); ids(got) != ids(list) {
		t.Errorf("OnOrAfter, zero since: %s", ids(got))
	}
	// since's date is taken in UTC: 23:30 on the 1st in New York is the 2nd.
	ny := time.FixedZone("EST", -5*3600)
	if got := OnOrAfter(list, time.Date(2026, 1, 1, 23, 30, 0, 0, ny)); ids(got) != "day@2026-01-02 new@2026-01-09 " {
		t.Errorf("OnOrAfter: %s", ids(got))
	}
}

func TestSortByDateID(t *testing.T) {
	acts := []Activity{{ID: "c", TradeDate: "2026-01-03"}, {ID: "b", TradeDate: "2026-01-05"}, {ID: "a", TradeDate: "2026-01-03"}, {ID: "0", TradeDate: "2026-01-01"}}
	if SortByDateID(acts); ids(acts) != "0@2026-01-01 a@2026-01-03 c@2026-01-03 b@2026-01-05 " {
		t.Errorf("SortByDateID: %s", ids(acts))
	}
}
