package desktop

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/demo"
)

// benchUI is a UI with a connection list but no vault: the list is fed
// directly, which is what the benchmarks measure.
func benchUI(b *testing.B) *UI {
	a := test.NewTempApp(b)
	w := test.NewTempWindow(b, nil)
	w.Resize(fyne.NewSize(1040, 700))
	u, err := New(a, w, Options{VaultPath: b.TempDir() + "/vault.db", Now: func() time.Time { return t0 },
		Integrations: func(dir string) []integrations.Integration { return demo.New(demo.Options{DataDir: dir}) }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(u.Close)
	u.sync = newSyncer(u)
	return u
}

// benchStore serves the home screen from memory.
type benchStore struct{ conns []app.Connection }

func (s benchStore) Connections(context.Context) ([]app.Connection, error)       { return s.conns, nil }
func (s benchStore) Accounts(context.Context, string) ([]app.AccountView, error) { return nil, nil }
func (s benchStore) Rename(context.Context, string, string) (app.Connection, error) {
	return app.Connection{}, nil
}
func (s benchStore) ConnectionTotals(context.Context, string) (map[string]app.ConnectionTotal, error) {
	return nil, nil
}
func (s benchStore) Disconnect(context.Context, string, ...app.DisconnectOptions) error { return nil }
func (s benchStore) CanRemoveAtInstitution(app.Connection) bool                         { return false }
func (s benchStore) StatusNote(app.Connection) string                                   { return "" }
func (s benchStore) NextAllowed(app.Connection) time.Time                               { return time.Time{} }
func (s benchStore) Status(c app.Connection) app.Status                                 { return c.StatusAt(t0, false) }
func (s benchStore) NextSyncAllowed(app.Connection) time.Time                           { return time.Time{} }
func (s benchStore) Actions(string) []integrations.ExtraAction                          { return nil }
func (s benchStore) RunAction(context.Context, string, string) (app.Connection, error) {
	return app.Connection{}, nil
}

// benchHome shows a home screen fed from memory.
func benchHome(u *UI, conns []app.Connection) *homeScreen {
	h := newHome(u, benchStore{conns})
	u.scr.home = h
	u.setContent(h.layout())
	h.setConnections(conns, nil)
	return h
}

// syntheticConnections makes n connections in every status.
func syntheticConnections(n int) []app.Connection {
	out := make([]app.Connection, n)
	for i := range out {
		c := app.Connection{ID: fmt.Sprintf("conn-%05d", i), InstitutionID: demo.ID, Label: fmt.Sprintf("Account %d", i),
			CreatedAt: t0.Add(-time.Duration(n-i) * time.Minute),
			Sync:      map[string]app.SyncState{app.DataHoldings: {LastSuccess: t0.Add(-time.Duration(i%90) * time.Minute)}}}
		switch i % 4 {
		case 1:
			c.DisabledAt = t0
		case 2:
			c.ExpiresAt = t0.Add(3 * 24 * time.Hour)
		case 3:
			c.Sync[app.DataTransactions] = app.SyncState{LastError: "UNAVAILABLE", LastErrorText: "The institution is unavailable."}
		}
		out[i] = c
	}
	return out
}

// BenchmarkConnectionList measures the connection list with 1,000
// connections: building the screen with them, and refreshing it (a reload
// from the vault, as after a sync).
func BenchmarkConnectionList(b *testing.B) {
	conns := syntheticConnections(1000)
	b.Run("build", func(b *testing.B) {
		u := benchUI(b)
		b.ResetTimer()
		for b.Loop() {
			u.bus.drop(u.scr.home)
			benchHome(u, conns)
		}
	})
	b.Run("refresh", func(b *testing.B) {
		u := benchUI(b)
		h := benchHome(u, conns)
		b.ResetTimer()
		for b.Loop() {
			h.setConnections(conns, nil)
		}
	})
	b.Run("search", func(b *testing.B) {
		u := benchUI(b)
		h := benchHome(u, conns)
		b.ResetTimer()
		for i := 0; b.Loop(); i++ {
			h.search.SetText(fmt.Sprintf("Account %d", i%1000))
		}
	})
}

// syntheticPositions makes n positions across currencies.
func syntheticPositions(n int) []app.PositionView {
	cur := []string{"USD", "CAD", "EUR", "BTC"}
	out := make([]app.PositionView, n)
	for i := range out {
		units := decimal.NewFromInt(int64(i%500 + 1))
		price := decimal.New(int64(i*37%100000+100), -2)
		value := units.Mul(price)
		out[i] = app.PositionView{AccountRef: "acct", Position: integrations.Position{
			Symbol: integrations.Symbol{Ticker: fmt.Sprintf("SYM%05d", (i*7919)%n), Description: fmt.Sprintf("Security number %d", i), Type: integrations.SecurityEquity},
			Units:  units, Price: price, MarketValue: value,
			CostBasis: decimal.NewNullDecimal(value.Mul(decimal.New(int64(90+i%20), -2))),
			Currency:  cur[i%len(cur)],
		}}
	}
	return out
}

// BenchmarkHoldingsTable measures the holdings table with 10,000 rows:
// building it (table, rows, first sort and render), refreshing it with new
// rows, and re-sorting by a column.
func BenchmarkHoldingsTable(b *testing.B) {
	rows := syntheticPositions(10000)
	window := func(b *testing.B) fyne.Window {
		test.NewTempApp(b)
		w := test.NewTempWindow(b, nil)
		w.Resize(fyne.NewSize(1040, 700))
		return w
	}
	// shown is an empty holdings table in a window.
	shown := func(b *testing.B) *holdingsTable {
		h := newHoldingsTable()
		window(b).SetContent(h.st.box)
		return h
	}
	b.Run("build", func(b *testing.B) {
		w := window(b)
		b.ResetTimer()
		for b.Loop() {
			h := newHoldingsTable()
			w.SetContent(h.st.box)
			h.SetRows(append([]app.PositionView(nil), rows...))
		}
	})
	b.Run("refresh", func(b *testing.B) {
		h := shown(b)
		fresh := append([]app.PositionView(nil), rows...)
		b.ResetTimer()
		for b.Loop() {
			copy(fresh, rows)
			h.SetRows(fresh)
		}
	})
	b.Run("sort", func(b *testing.B) {
		h := shown(b)
		h.SetRows(append([]app.PositionView(nil), rows...))
		cols := []int{holdSymbol, holdValue, holdGain, holdDescription}
		b.ResetTimer()
		for i := 0; b.Loop(); i++ {
			h.st.SortBy(cols[i%len(cols)])
		}
	})
}
