package indiakit

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

func TestBook(t *testing.T) {
	ctx := t.Context()
	now := time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC)
	var calls []string
	get := func(_ context.Context, path string) ([]byte, error) {
		calls = append(calls, path)
		if path == "/broken" {
			return nil, integrations.ErrUnavailable
		}
		return []byte(path), nil
	}
	pos := func(b []byte, asOf time.Time) ([]integrations.Position, error) {
		return []integrations.Position{{Currency: string(b), MarketValue: decimal.NewFromInt(10), AsOf: asOf}}, nil
	}
	type row struct{ id, date string }
	errNo := errors.New("no such account")
	owner := "ab123 "
	b := Book{Account: integrations.Account{ID: "a1"}, Client: "AB123", NoAccount: errNo, Conn: Conn{API: &httpx.API{Name: "Broker"}},
		Owner: func(context.Context) (string, error) { calls = append(calls, "/profile"); return owner, nil },
		Funds: ReadFunds(get, "/funds", func(b []byte) (string, error) { return string(b), nil },
			func(_ string, v decimal.Decimal) integrations.Balance {
				return integrations.Balance{Currency: Currency, Total: v.Add(decimal.NewFromInt(5))}
			}),
		Holdings: ReadAt(get, "/holdings", func() time.Time { return now }, pos),
		Open:     ReadAt(get, "/positions", func() time.Time { return now }, pos),
		TradeBook: ReadFills(get, "/trades", func([]byte) ([]row, error) {
			return []row{{"t2", "2025-06-16"}, {"t1", "2025-06-16"}, {"t2", "2025-06-16"}, {"t0", "2025-06-13"}}, nil
		}, func(r row) integrations.Activity {
			d, _ := integrations.ParseDate(r.date)
			return integrations.Activity{ID: r.id, TradeDate: d}
		}),
	}
	if accts, err := b.Accounts(ctx); err != nil || len(accts) != 1 || accts[0].ID != "a1" {
		t.Errorf("Accounts = %+v, %v", accts, err)
	}
	owner = "XY999"
	if _, err := b.Accounts(ctx); !errors.Is(err, integrations.ErrReauthRequired) || !strings.Contains(err.Error(), "Broker answered for another client") {
		t.Errorf("Accounts answered for another client: %v", err)
	}
	b.Owner = func(context.Context) (string, error) { return "", integrations.ErrUnavailable }
	if _, err := b.Accounts(ctx); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("Accounts with the profile failing: %v", err)
	}
	calls = nil
	if _, err := b.Balances(ctx, "a2"); !errors.Is(err, errNo) {
		t.Errorf("another account: %v", err)
	}
	bals, err := b.Balances(ctx, "a1")
	if err != nil || len(bals) != 1 || !bals[0].Total.Equal(decimal.NewFromInt(15)) {
		t.Errorf("Balances = %+v, %v", bals, err)
	}
	if want := []string{"/funds", "/holdings"}; !slices.Equal(calls, want) {
		t.Errorf("Balances read %q, want %q", calls, want)
	}
	ps, err := b.Positions(ctx, "a1")
	if err != nil || len(ps) != 2 || ps[0].Currency != "/holdings" || ps[1].Currency != "/positions" || !ps[1].AsOf.Equal(now) {
		t.Errorf("Positions = %+v, %v", ps, err)
	}
	acts, err := b.DayActivities(ctx, "a1", time.Date(2025, 6, 16, 0, 0, 0, 0, IST))
	if err != nil || len(acts) != 2 || acts[0].ID != "t1" || acts[1].ID != "t2" {
		t.Errorf("DayActivities = %+v, %v", acts, err)
	}
	if acts, _ := b.DayActivities(ctx, "a1", time.Time{}); len(acts) != 3 {
		t.Errorf("DayActivities since the start = %+v", acts)
	}
	// A trade book read in part gives its fills with its error; a failed one
	// gives none.
	book := b.TradeBook
	b.TradeBook = func(ctx context.Context) ([]integrations.Activity, error) {
		acts, _ := book(ctx)
		return acts, integrations.Partial("some orders", integrations.ErrUnavailable)
	}
	if acts, err := b.DayActivities(ctx, "a1", time.Time{}); len(acts) != 3 || !errors.Is(err, integrations.ErrPartial) {
		t.Errorf("DayActivities of a partial trade book = %+v, %v", acts, err)
	}
	b.TradeBook = func(ctx context.Context) ([]integrations.Activity, error) {
		acts, _ := book(ctx)
		return acts, integrations.ErrUnavailable
	}
	if acts, err := b.DayActivities(ctx, "a1", time.Time{}); acts != nil || !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("DayActivities of a failed trade book = %+v, %v", acts, err)
	}
	b.TradeBook = book
	// 20:00 UTC is 01:30 the next day in India: the day book is that day's.
	b.Env.Now = func() time.Time { return time.Date(2025, 6, 16, 20, 0, 0, 0, time.UTC) }
	if got := b.ActivitiesReach(time.Time{}); got != "2025-06-17" {
		t.Errorf("ActivitiesReach = %s, want today in India, 2025-06-17", got)
	}
	// Embedded in a client, the Book is its Activities: the day's fills.
	var c interface {
		Balances(ctx context.Context, accountID string) ([]integrations.Balance, error)
		Positions(ctx context.Context, accountID string) ([]integrations.Position, error)
		Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error)
	} = b
	if acts, err := c.Activities(ctx, "a1", time.Time{}); err != nil || len(acts) != 3 {
		t.Errorf("Activities of a client embedding the Book = %+v, %v", acts, err)
	}
	if _, err := c.Activities(ctx, "a2", time.Time{}); !errors.Is(err, errNo) {
		t.Errorf("Activities of another account: %v", err)
	}
	b.Open = ReadAt(get, "/broken", func() time.Time { return now }, pos)
	if _, err := b.Positions(ctx, "a1"); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("Positions with the positions call failing: %v", err)
	}
}

func TestReadSegment(t *testing.T) {
	now := time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC)
	get := func(_ context.Context, path string) ([]byte, error) {
		if path == "/broken" {
			return nil, integrations.ErrUnavailable
		}
		return []byte(path), nil
	}
	decode := func(b []byte, seg string, asOf time.Time) (string, error) {
		return string(b) + " " + seg + " " + asOf.Format(time.RFC3339), nil
	}
	read := ReadSegment(get, "/positions", func() time.Time { return now }, decode)
	if got, err := read(t.Context(), SegCommodity); err != nil || got != "/positions commodity 2025-06-16T10:00:00Z" {
		t.Errorf("ReadSegment = %q, %v", got, err)
	}
	broken := ReadSegment(get, "/broken", func() time.Time { return now }, decode)
	if got, err := broken(t.Context(), SegEquity); !errors.Is(err, integrations.ErrUnavailable) || got != "" {
		t.Errorf("a failed read: %q, %v", got, err)
	}
}

// A Book or Segments without a NoAccount of its own answers the kit's
// error for another account, naming the broker by its API's name.
func TestNoAccountNamesTheAPI(t *testing.T) {
	conn := Conn{API: &httpx.API{Name: "Broker"}}
	_, segErr := Segments{Conn: conn, UserID: "ZX1234"}.Segment("OTHER-equity")
	for what, err := range map[string]error{
		"Book":     Book{Conn: conn, Account: integrations.Account{ID: "a1"}}.Check("a2"),
		"Segments": segErr,
	} {
		if !errors.Is(err, integrations.ErrNotSupported) || !strings.Contains(err.Error(), "Broker has no such account") {
			t.Errorf("%s of another account: %v", what, err)
		}
	}
}
