package presets

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
)

// fixtures maps every file in testdata to the preset that must recognise
// it from its header, among all presets.
var fixtures = map[string]string{
	"webull/Webull_Orders_Records.csv":                                             "webull-orders",
	"webull-ca/Webull_Orders_Records.csv":                                          "webull-orders", // the same file: For(WebullCA) reads it as Webull Canada's
	"fidelity/Portfolio_Positions_Oct-02-2026.csv":                                 "fidelity-positions",
	"fidelity/Accounts_History.csv":                                                "fidelity-history",
	"fidelity/History_for_Account_Z33333333.csv":                                   "fidelity-history",
	"vanguard/OfxDownload.csv":                                                     "vanguard-download",
	"merrill/ExportData.csv":                                                       "merrill-activity",
	"robinhood/activity.csv":                                                       "robinhood-activity",
	"schwab/Brokerage_XXX876_Transactions_20260923.csv":                            "schwab-transactions",
	"schwab/Individual-Positions-2026-09-05.csv":                                   "schwab-positions",
	"schwab/Personal-Positions-2023-06-04.csv":                                     "schwab-positions",
	"ibkr/ActivityStatement.csv":                                                   "ibkr-activity",
	"questrade/Activities_for_01Jan2026_to_30Sep2026.csv":                          "questrade-activities",
	"wealthsimple/activities-export-2026-10-09.csv":                                "wealthsimple-activities",
	"wealthsimple/holdings-report-2026-05-08.csv":                                  "wealthsimple-holdings",
	"wealthsimple/TFSA-monthly-statement-transactions-HQ7XFMC41CAD-2026-01-01.csv": "wealthsimple-statement",
	"trading212/from_2026-01-01_to_2026-09-30.csv":                                 "trading212-history",
	"degiro/Transactions_en_autofx.csv":                                            "degiro-transactions",
	"degiro/Transactions_nl.csv":                                                   "degiro-transactions",
	"degiro/Transactions_de.csv":                                                   "degiro-transactions",
	"degiro/Transactions_fr.csv":                                                   "degiro-transactions",
	"degiro/Account_nl.csv":                                                        "degiro-account",
	"degiro/Account_en_fr.csv":                                                     "degiro-account",
	"degiro/Account_de.csv":                                                        "degiro-account",
	"degiro/Portfolio_en.csv":                                                      "degiro-portfolio",
	"degiro/Portfolio_nl.csv":                                                      "degiro-portfolio",
	"degiro/Portfolio_de.csv":                                                      "degiro-portfolio",
}

func TestEveryFixtureIsListed(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		rel := strings.TrimPrefix(filepath.ToSlash(f), "testdata/")
		if _, ok := fixtures[rel]; !ok {
			t.Errorf("%s has no expected preset in fixtures", rel)
		}
	}
	if len(files) != len(fixtures) {
		t.Errorf("%d files, %d listed", len(files), len(fixtures))
	}
}

// TestDetectionFromTheHeader: each file is recognised among all presets by
// its header alone, and among its own institution's presets (what an import
// connection passes) by a preset of that institution.
func TestDetectionFromTheHeader(t *testing.T) {
	for path, want := range fixtures {
		t.Run(path, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", path))
			if err != nil {
				t.Fatal(err)
			}
			tbl, err := statement.ReadTable(context.Background(), bytes.NewReader(b), statement.Options{})
			if err != nil {
				t.Fatal(err)
			}
			p, ok := statement.Detect(tbl, All())
			if !ok || p.Name != want {
				t.Errorf("among all presets: %q (found %v), want %q", p.Name, ok, want)
			}
			inst := strings.Split(path, "/")[0]
			own, ok := statement.Detect(tbl, For(inst))
			if !ok || own.Institution != inst {
				t.Errorf("among %s's presets: %q of %q (found %v)", inst, own.Name, own.Institution, ok)
			}
			// No other institution's presets claim the file (Webull's two
			// share one export).
			for _, other := range Institutions() {
				if other == inst || (strings.HasPrefix(inst, Webull) && strings.HasPrefix(other, Webull)) {
					continue
				}
				if q, ok := statement.Detect(tbl, For(other)); ok {
					t.Errorf("%s's preset %q claims it", other, q.Name)
				}
			}
		})
	}
}

// TestNotAnExport: files of no institution are not claimed by any preset.
func TestNotAnExport(t *testing.T) {
	for _, text := range []string{
		"Date,Description,Amount\n2026-01-02,Coffee,-3.50\n",
		"Symbol,Quantity,Price\nAAPL,10,190\n",
		"date;montant;libellé\n02/01/2026;-3,50;Café\n",
		"Account Number,Symbol,Quantity\nX1,AAPL,1\n",
	} {
		tbl, err := statement.TableFromText(context.Background(), text, "utf-8")
		if err != nil {
			t.Fatal(err)
		}
		if p, ok := statement.Detect(tbl, All()); ok {
			t.Errorf("%q claimed by %q", strings.SplitN(text, "\n", 2)[0], p.Name)
		}
		_, err = statement.Parse(context.Background(), "x.csv", strings.NewReader(text), statement.Options{Presets: All()})
		if !errors.Is(err, statement.ErrNeedMapping) {
			t.Errorf("%q: %v, want ErrNeedMapping", strings.SplitN(text, "\n", 2)[0], err)
		}
	}
}

// TestSameFileSameIDs: reading a file twice gives the same activity ids
// (what makes a re-import change nothing), and ids are unique per account.
func TestSameFileSameIDs(t *testing.T) {
	for path := range fixtures {
		first := parseFixture(t, path, nil, statement.Options{})
		second := parseFixture(t, path, nil, statement.Options{})
		for id, acts := range first.Dataset.Activities {
			seen := make(map[string]bool)
			again := second.Dataset.Activities[id]
			if len(again) != len(acts) {
				t.Errorf("%s: %d then %d activities", path, len(acts), len(again))
				continue
			}
			for i, a := range acts {
				if seen[a.ID] {
					t.Errorf("%s: id %q twice", path, a.ID)
				}
				seen[a.ID] = true
				if again[i].ID != a.ID {
					t.Errorf("%s: id %q then %q", path, a.ID, again[i].ID)
				}
			}
		}
	}
}

// TestNoFullAccountNumbers: numbers are masked in everything a result
// holds that a user may see.
func TestNoFullAccountNumbers(t *testing.T) {
	for path := range fixtures {
		res := parseFixture(t, path, nil, statement.Options{})
		for _, full := range []string{"Z00000001", "123456789", "X11111111", "Z22222222", "12345678", "87654321", "U7654321", "51234567", "59876543", "HQ7XFMC41CAD", "25X-12A34"} {
			for _, a := range res.Dataset.Accounts {
				if strings.Contains(a.Number+a.Name+a.ID, full) {
					t.Errorf("%s: account %+v shows %s", path, a, full)
				}
			}
			for _, id := range res.Accounts {
				if strings.Contains(id.Number+id.AccountID, full) {
					t.Errorf("%s: identity %+v shows %s", path, id, full)
				}
			}
		}
	}
}

func TestPresetsAreWellFormed(t *testing.T) {
	names := make(map[string]bool)
	for _, inst := range Institutions() {
		ps := For(inst)
		if len(ps) == 0 {
			t.Errorf("%s: no presets", inst)
		}
		for _, p := range ps {
			if names[p.Name] {
				t.Errorf("preset name %q twice", p.Name)
			}
			names[p.Name] = true
			if p.Institution != inst || p.Title == "" || len(p.Sections) == 0 {
				t.Errorf("%s: preset %+v", inst, p)
			}
			for _, s := range p.Sections {
				if len(s.Signature) < 3 {
					t.Errorf("%s/%s: a signature of %d cells is too weak to recognise a file", p.Name, s.Name, len(s.Signature))
				}
				for w, ty := range s.Mapping.Types {
					if !ty.Valid() {
						t.Errorf("%s: type word %q maps to %q", p.Name, w, ty)
					}
				}
			}
			if q, ok := statement.FindPreset(All(), p.Name); !ok || q.Institution != inst {
				t.Errorf("%s not in All()", p.Name)
			}
		}
	}
	if For("no-such-bank") != nil || Help("no-such-bank") != "" || HelpSources("no-such-bank") != nil {
		t.Error("an unknown institution has presets or help")
	}
}

func TestHelpForEveryInstitution(t *testing.T) {
	want := []string{WebullCA, Webull, Fidelity, Vanguard, Merrill, Robinhood, Schwab, IBKR, Questrade, Wealthsimple, Trading212, DEGIRO}
	if len(Institutions()) != len(want) {
		t.Errorf("institutions %v", Institutions())
	}
	for _, id := range want {
		h := Help(id)
		if len(h) < 200 || !strings.Contains(h, "→") || !strings.Contains(strings.ToUpper(h), "CSV") {
			t.Errorf("%s: help does not say where the CSV download lives: %q", id, h)
		}
		if len(HelpSources(id)) == 0 {
			t.Errorf("%s: help without sources", id)
		}
		if Help(strings.ToUpper(id)) != h {
			t.Errorf("%s: help depends on the id's case", id)
		}
	}
	// What the user must know: where the complete record is when the CSV
	// is not it, and the Excel step.
	for id, must := range map[string]string{
		WebullCA: "PDF", Webull: "PDF", Questrade: "save it as CSV", DEGIRO: "import both", Robinhood: "Account activity",
	} {
		if !strings.Contains(Help(id), must) {
			t.Errorf("%s: help does not mention %q", id, must)
		}
	}
}

// TestForIsACopy: the presets returned are the caller's to change.
func TestForIsACopy(t *testing.T) {
	ps := For(Schwab)
	ps[0].Name = "changed"
	if For(Schwab)[0].Name == "changed" {
		t.Error("For returns shared presets")
	}
}

// TestRowsKeepTheirInstitution: accounts a preset produces carry its
// institution, so a file of the wrong institution can be refused.
func TestRowsKeepTheirInstitution(t *testing.T) {
	for path := range fixtures {
		res := parseFixture(t, path, nil, statement.Options{})
		p, _ := statement.FindPreset(All(), res.Preset)
		for _, id := range res.Accounts {
			if id.Institution != p.Institution {
				t.Errorf("%s: identity institution %q, preset's %q", path, id.Institution, p.Institution)
			}
		}
		for _, a := range res.Dataset.Accounts {
			if a.Category != integrations.CategoryInvestment {
				t.Errorf("%s: category %q", path, a.Category)
			}
		}
	}
}
