package integrations

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// ReadWalk reads a walker's whole walk from since in one go, its windows'
// activities in the order they came: the Activities of a client whose
// history is a HistoryWalker. A walk that ends with an error matching
// ErrPartial (a part it could not read, the rest read) gives what it read
// with that error; any other error gives nothing.
func ReadWalk(ctx context.Context, w HistoryWalker, accountID string, since time.Time) ([]Activity, error) {
	var out []Activity
	err := w.WalkActivities(ctx, accountID, since, "", func(acts []Activity, _ string) error {
		out = append(out, acts...)
		return nil
	})
	if err != nil && !errors.Is(err, ErrPartial) {
		return nil, err
	}
	return out, err
}

// SortByDate sorts activities by trade date, oldest first; those of one
// day keep their order.
func SortByDate(acts []Activity) {
	sort.SliceStable(acts, func(i, j int) bool { return acts[i].TradeDate < acts[j].TradeDate })
}

// SortByDateID sorts activities by trade date, oldest first, and those of
// one day by id: a stable order for an institution whose answers come in no
// order of their own (concurrent reads, maps, several lists merged).
func SortByDateID(acts []Activity) {
	sort.SliceStable(acts, func(i, j int) bool {
		if acts[i].TradeDate != acts[j].TradeDate {
			return acts[i].TradeDate < acts[j].TradeDate
		}
		return acts[i].ID < acts[j].ID
	})
}

// Dedupe keeps the first activity of each id, in order, in acts' own
// array: pages and windows that overlap name an activity more than once.
func Dedupe(acts []Activity) []Activity {
	seen := make(map[string]bool, len(acts))
	out := acts[:0]
	for _, a := range acts {
		if !seen[a.ID] {
			seen[a.ID] = true
			out = append(out, a)
		}
	}
	return out
}

// OnOrAfter keeps, in acts' own array, the activities traded on or after
// since's date in UTC (all of them for a zero since): an institution that
// answers whole windows or pages sends some older ones.
func OnOrAfter(acts []Activity, since time.Time) []Activity {
	if since.IsZero() {
		return acts
	}
	from := DateOf(since.UTC())
	out := acts[:0]
	for _, a := range acts {
		if a.TradeDate >= from {
			out = append(out, a)
		}
	}
	return out
}

// Traded signs a trade the contract's way from its unsigned units, value
// and fee: a buy adds the units and pays the value and the fee (amount
// −(value+fee)); a sell takes the units away (negative) and receives the
// value less the fee. Any other type moves no cash that can be told: the
// units as they are, amount zero.
func Traded(typ ActivityType, units, value, fee decimal.Decimal) (signedUnits, amount decimal.Decimal) {
	switch typ {
	case ActivityBuy:
		return units, value.Add(fee).Neg()
	case ActivitySell:
		return units.Neg(), value.Sub(fee)
	}
	return units, decimal.Zero
}

// HistoryStart is the UTC midnight a history read starts at: since's date,
// or oldest (how far back the institution reaches, a UTC midnight) when
// since is zero or older.
func HistoryStart(since, oldest time.Time) time.Time {
	if !since.IsZero() && since.UTC().After(oldest) {
		return since.UTC().Truncate(24 * time.Hour)
	}
	return oldest
}
