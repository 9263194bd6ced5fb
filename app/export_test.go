package app_test

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/internal/permtest"
	"github.com/latchkey/latchkey/internal/winetest"
)

func TestExportOneConnectionOrAll(t *testing.T) {
	e := newEnv(t)
	a := e.connect("user_good")
	b := e.connect("user_expiring")
	e.sync()
	for _, what := range []string{app.ExportPositions, app.ExportActivities, app.ExportBalances} {
		all, err := e.a.ExportTable(e.ctx, what, "")
		if err != nil {
			t.Fatal(err)
		}
		one, err := e.a.ExportTable(e.ctx, what, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		two, _ := e.a.ExportTable(e.ctx, what, b.ID)
		if len(one.Rows) == 0 || len(one.Rows)+len(two.Rows) != len(all.Rows) || len(one.Docs) != len(one.Rows) {
			t.Errorf("%s: %d + %d rows of %d", what, len(one.Rows), len(two.Rows), len(all.Rows))
		}
		csvData, err := one.Encode(app.FormatCSV)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(strings.NewReader(string(csvData))).ReadAll()
		if err != nil || len(recs) != len(one.Rows)+1 || strings.Join(recs[0], ",") != strings.Join(one.Header, ",") {
			t.Errorf("%s CSV: %d records, %v", what, len(recs), err)
		}
		js, err := one.Encode(app.FormatJSON)
		if err != nil {
			t.Fatal(err)
		}
		var docs []map[string]any
		if err := json.Unmarshal(js, &docs); err != nil || len(docs) != len(one.Rows) {
			t.Errorf("%s JSON: %d docs, %v", what, len(docs), err)
		}
	}
	if _, err := e.a.ExportTable(e.ctx, "nope", ""); err == nil {
		t.Error("an unknown data set is an error")
	}
	if _, err := (app.ExportTable{}).Encode("xml"); err == nil {
		t.Error("an unknown format is an error")
	}
}

func TestWriteExportRefusesTheVault(t *testing.T) {
	e := newEnv(t)
	vaultPath := filepath.Join(e.dir, "vault.db")
	before, _ := os.ReadFile(vaultPath)
	link := filepath.Join(e.dir, "link.db")
	winetest.Symlink(t, vaultPath, link)
	hard := filepath.Join(e.dir, "hard.db")
	if err := os.Link(vaultPath, hard); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{vaultPath, filepath.Join(e.dir, ".", "vault.db"), link, hard} {
		if err := e.a.WriteExport(p, []byte("a,b\n")); !errors.Is(err, app.ErrExportIsVault) {
			t.Errorf("%s: %v, want ErrExportIsVault", p, err)
		}
	}
	after, _ := os.ReadFile(vaultPath)
	if string(before) != string(after) {
		t.Fatal("the vault changed")
	}
	out := filepath.Join(e.dir, "out.csv")
	if err := e.a.WriteExport(out, []byte("a,b\n")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(out); err != nil || !permtest.Is(fi, 0o600) {
		t.Errorf("written file: %v %v", fi, err)
	}
	if ex := app.Explain(app.ErrExportIsVault, app.Situation{Doing: app.DoingExport}); !strings.Contains(ex.Text, "another file") {
		t.Errorf("explained: %q", ex.Text)
	}
}
