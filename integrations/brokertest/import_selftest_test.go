package brokertest

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// memImport is a reference import integration for the import section's
// self-test: its files are "account,NUMBER" then "date,type,symbol,units,
// amount" rows. Its bugs switch on one mistake each.
type memImport struct{ bugs importBugs }

type importBugs struct {
	copyFile, unstableIDs, acceptWrong, dropBadRows, unmasked, panicOnGarbage, newFingerprint, pathInSecret bool
}

func (m *memImport) Institution() integrations.Institution {
	return integrations.Institution{ID: "memfile", Name: "Mem File", DisplayName: "Mem File", Region: "US", Kind: integrations.KindBroker,
		Help: "Import its files.", Capabilities: []integrations.Capability{integrations.CapTransactions},
		AuthMethods: []integrations.AuthMethod{{Kind: integrations.AuthImport, Label: "Import statements", Help: "Download the CSV.",
			Fields: []integrations.Field{{Name: "file", Label: "Statement file", Kind: integrations.FieldFile, Accept: []string{".csv", ".ofx"}}}}}}
}

func (m *memImport) NewClient(context.Context, integrations.Grant, integrations.Env, integrations.SaveFunc) (integrations.Client, error) {
	return nil, integrations.ErrNotSupported
}

func (m *memImport) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	if req.Method != integrations.AuthImport {
		return nil, integrations.ErrNotSupported
	}
	var ds *integrations.Dataset
	var bad []int
	return &integrations.StepLogin{
		Form:   &integrations.FormStep{Title: "Import", Fields: m.Institution().AuthMethods[0].Fields},
		Values: req.Values,
		Submit: func(_ context.Context, v map[string]string) (integrations.Step, error) {
			path := v["file"]
			b, err := os.ReadFile(path)
			if err != nil {
				return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the file cannot be read")
			}
			if m.bugs.copyFile {
				_ = os.WriteFile(path+".copy", b, 0o600)
			}
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			acct, ok := strings.CutPrefix(lines[0], "account,")
			if !ok {
				if m.bugs.panicOnGarbage {
					panic("not a statement")
				}
				return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "not a statement")
			}
			fp := integrations.Fingerprint("memfile", acct)
			if req.Repair != nil && req.Repair.Fingerprint != fp && !m.bugs.acceptWrong {
				return nil, integrations.Wrap(integrations.ErrDifferentLogin, "this file is for another account")
			}
			if m.bugs.newFingerprint && req.Repair != nil {
				fp += "x"
			}
			number := integrations.MaskNumber(acct)
			if m.bugs.unmasked {
				number = acct
			}
			ds = &integrations.Dataset{Accounts: []integrations.Account{{ID: "a" + acct, Number: number, Name: "Account", RawType: "x",
				Category: integrations.CategoryInvestment, Currency: "USD", Status: "open"}}, Activities: map[string][]integrations.Activity{}}
			seen := map[string]int{}
			for i, l := range lines[1:] {
				c := strings.Split(l, ",")
				if len(c) != 5 {
					bad = append(bad, i+2)
					continue
				}
				units, err1 := decimal.NewFromString(c[3])
				amount, err2 := decimal.NewFromString(c[4])
				d, err3 := integrations.ParseDate(c[0])
				if err1 != nil || err2 != nil || err3 != nil {
					bad = append(bad, i+2)
					continue
				}
				key := c[0] + c[2] + c[4]
				seen[key]++
				id := fmt.Sprintf("r%s-%d", key, seen[key])
				if m.bugs.unstableIDs {
					id = fmt.Sprintf("%p", &c)
				}
				typ := integrations.ActivityType(c[1])
				if !typ.Valid() {
					typ = integrations.ActivityOther
				}
				ds.Activities["a"+acct] = append(ds.Activities["a"+acct], integrations.Activity{ID: id, Type: typ, RawType: c[1],
					TradeDate: d, Symbol: c[2], Units: units, Amount: amount, Currency: "USD"})
				if t := d.Time(); t.After(ds.AsOf) {
					ds.AsOf = t
				}
			}
			secret := "{}"
			if m.bugs.pathInSecret {
				secret = path
			}
			done := &integrations.DoneStep{Grant: integrations.Grant{Method: integrations.AuthImport, Fingerprint: fp, Secret: []byte(secret)},
				Accounts: ds.Accounts, Data: ds}
			if len(bad) > 0 && !m.bugs.dropBadRows {
				msg := ""
				for _, l := range bad {
					msg += fmt.Sprintf("line %d: cannot be read\n", l)
				}
				return &integrations.ChoiceStep{Message: msg + "Import the good rows?", Field: integrations.Field{Name: "bad_rows", Label: "Bad rows",
					Kind: integrations.FieldChoice, Choices: []integrations.Choice{{Value: "import", Label: "Import"}, {Value: "cancel", Label: "Cancel"}}}}, nil
			}
			return done, nil
		},
		Choose: func(_ context.Context, _ *integrations.ChoiceStep, c string) (integrations.Step, error) {
			if c == "cancel" {
				return nil, context.Canceled
			}
			return &integrations.DoneStep{Grant: integrations.Grant{Method: integrations.AuthImport, Fingerprint: "fp", Secret: []byte("{}")},
				Accounts: ds.Accounts, Data: ds}, nil
		},
	}, nil
}

const memBase = "account,11112222333\n2026-01-05,BUY,VT,2,-200\n2026-01-20,SELL,VT,-1,105\n2026-02-01,DIVIDEND,VT,0,3\n"

func memImportHarness(b importBugs) ImportHarness {
	return ImportHarness{
		New:                func(testing.TB) integrations.Integration { return &memImport{bugs: b} },
		Base:               ImportFile{Name: "mem.csv", Data: []byte(memBase)},
		Overlap:            ImportFile{Name: "mem.csv", Data: []byte("account,11112222333\n2026-02-01,DIVIDEND,VT,0,3\n2026-03-01,BUY,VT,1,-101\n")},
		Wrong:              ImportFile{Name: "mem.csv", Data: []byte("account,99998888777\n2026-02-01,DIVIDEND,VT,0,3\n")},
		BadRows:            ImportFile{Name: "mem.csv", Data: []byte(strings.Replace(memBase, "2026-01-20,SELL,VT,-1,105", "2026-01-20,SELL,VT,-1,1x05", 1))},
		BadLines:           []int{3},
		FullAccountNumbers: []string{"11112222333"},
		FuzzRuns:           40,
	}
}

func recordImport(t *testing.T, h ImportHarness) (*recT, []string) {
	root := &recT{TB: t, name: "suite", log: &recLog{}}
	root.do(func(r *recT) { runImport(r, h) })
	return root, root.log.all()
}

// TestImportSectionPasses: the reference import integration passes.
func TestImportSectionPasses(t *testing.T) {
	root, failures := recordImport(t, memImportHarness(importBugs{}))
	if root.Failed() || len(failures) > 0 {
		t.Fatalf("the reference import fails:\n%s", strings.Join(failures, "\n"))
	}
}

// TestImportSectionCatches runs the import section against broken imports.
func TestImportSectionCatches(t *testing.T) {
	cases := []struct {
		name string
		bugs importBugs
		edit func(*ImportHarness)
		want []string
	}{
		{"a copy of the file", importBugs{copyFile: true}, nil, []string{"Import/RoundTrip", "never copied"}},
		{"ids that change", importBugs{unstableIDs: true}, nil, []string{"Import/SameFileTwice", "duplicate them"}},
		{"a wrong file accepted", importBugs{acceptWrong: true}, nil, []string{"Import/WrongFile", "was imported"}},
		{"bad rows dropped silently", importBugs{dropBadRows: true}, nil, []string{"Import/BadRows", "want a ChoiceStep"}},
		{"a full account number", importBugs{unmasked: true}, nil, []string{"Import/RoundTrip", "is not masked"}},
		{"a panic on garbage", importBugs{panicOnGarbage: true}, nil, []string{"Import/Fuzz", "panicked"}},
		{"a fingerprint that moves", importBugs{newFingerprint: true}, nil, []string{"Import/SameFileTwice", "changed the fingerprint"}},
		{"the path in the grant", importBugs{pathInSecret: true}, nil, []string{"Import/RoundTrip", "path or name"}},
		{"a bad line not named", importBugs{}, func(h *ImportHarness) { h.BadLines = []int{3, 9} }, []string{"Import/BadRows", "line 9"}},
		{"an overlap adding nothing", importBugs{}, func(h *ImportHarness) { h.Overlap = h.Base }, []string{"Import/Overlap", "adds no activity"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := memImportHarness(tc.bugs)
			if tc.edit != nil {
				tc.edit(&h)
			}
			root, failures := recordImport(t, h)
			if !root.Failed() {
				t.Fatal("the import section passed a broken import")
			}
			if len(matching(failures, tc.want...)) == 0 {
				t.Errorf("no failure holding %q; failures:\n%s", tc.want, strings.Join(failures, "\n"))
			}
		})
	}
}
