package brokertest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// seeds records what SeedTestdata adds.
type seeds struct {
	failures
	added [][]any
}

func (s *seeds) Add(args ...any) { s.added = append(s.added, args) }

func TestSeedTestdata(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"b.json": "B", "a.json": "A", "c.xml": "C", "fuzz/x.json": "F"} {
		p := filepath.Join(dir, "testdata", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	s := &seeds{failures: failures{TB: t}}
	SeedTestdata(s, "*.json", 200)
	if got := fmt.Sprint(s.added); got != "[[200 [65]] [200 [66]]]" || len(s.msgs) != 0 {
		t.Errorf("seeds %s, failures %q: want a.json then b.json after the lead 200", got, s.msgs)
	}
	s = &seeds{failures: failures{TB: t}}
	SeedTestdata(s, "*")
	if len(s.added) != 3 || len(s.added[0]) != 1 || len(s.msgs) != 0 {
		t.Errorf("every file but the fuzz folder: %v %q", s.added, s.msgs)
	}
	s = &seeds{failures: failures{TB: t}}
	SeedTestdata(s, "*.csv")
	if len(s.added) != 0 || len(s.msgs) != 1 {
		t.Errorf("no file matches: seeds %v, failures %q", s.added, s.msgs)
	}
	if got := TestdataFiles(t, "c.*"); len(got) != 1 || string(got[0]) != "C" {
		t.Errorf("TestdataFiles = %q", got)
	}
}

func TestWantNilOr(t *testing.T) {
	f := &failures{TB: t}
	WantNilOr(f, "nil", nil, integrations.ErrUnavailable)
	WantNilOr(f, "wrapped", fmt.Errorf("x: %w", integrations.ErrRateLimited), integrations.ErrUnavailable, integrations.ErrRateLimited)
	if len(f.msgs) != 0 {
		t.Fatalf("nil and a listed sentinel pass: %q", f.msgs)
	}
	WantNilOr(f, "positions", errors.New("boom"), integrations.ErrUnavailable)
	WantNilOr(f, "accounts", integrations.ErrReauthRequired, integrations.ErrUnavailable)
	if len(f.msgs) != 2 {
		t.Fatalf("an error that wraps none fails: %q", f.msgs)
	}
}

func TestWantActivitiesAndPositions(t *testing.T) {
	good := integrations.Activity{ID: "1", Type: integrations.ActivityBuy, RawType: "BUY", TradeDate: "2026-01-02"}
	f := &failures{TB: t}
	WantActivities(f, good, good)
	WantPositions(f, integrations.Position{Symbol: integrations.Symbol{Ticker: "X"}, Currency: "USD"})
	if len(f.msgs) != 0 {
		t.Fatalf("complete rows pass: %q", f.msgs)
	}
	for _, bad := range []func(a *integrations.Activity){
		func(a *integrations.Activity) { a.ID = "" },
		func(a *integrations.Activity) { a.Type = "NOPE" },
		func(a *integrations.Activity) { a.RawType = "" },
		func(a *integrations.Activity) { a.TradeDate = "" },
	} {
		a := good
		bad(&a)
		WantActivities(f, good, a)
	}
	WantPositions(f, integrations.Position{Currency: "USD"}, integrations.Position{Symbol: integrations.Symbol{Ticker: "X"}})
	if len(f.msgs) != 6 {
		t.Fatalf("each missing field fails: %q", f.msgs)
	}
}

func TestWantNumbered(t *testing.T) {
	good := integrations.NumberedAccount{Account: integrations.Account{ID: "a1", Number: "••••5678"}, Full: "12345678"}
	f := &failures{TB: t}
	WantNumbered(f, good, good)
	if len(f.msgs) != 0 {
		t.Fatalf("a complete account passes: %q", f.msgs)
	}
	for _, bad := range []func(a *integrations.NumberedAccount){
		func(a *integrations.NumberedAccount) { a.ID = "" },
		func(a *integrations.NumberedAccount) { a.Full = "" },
		func(a *integrations.NumberedAccount) { a.Number = "12345678" },
	} {
		a := good
		bad(&a)
		WantNumbered(f, good, a)
	}
	if len(f.msgs) != 3 {
		t.Fatalf("each missing or unmasked field fails: %q", f.msgs)
	}
}

func TestWantRefused(t *testing.T) {
	f := &failures{TB: t}
	WantRefused(f, integrations.ErrUnavailable, map[string]func() error{
		"wrapped": func() error { return integrations.Wrap(integrations.ErrUnavailable, "x") },
	})
	if len(f.msgs) != 0 {
		t.Fatalf("the sentinel passes: %q", f.msgs)
	}
	WantRefused(f, integrations.ErrUnavailable, map[string]func() error{
		"accepted": func() error { return nil },
		"other":    func() error { return integrations.ErrReauthRequired },
	})
	if len(f.msgs) != 2 {
		t.Fatalf("no error and another error fail: %q", f.msgs)
	}
}
