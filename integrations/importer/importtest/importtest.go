// Package importtest holds the import section's harness
// (brokertest.ImportHarness) of every institution with the import method,
// with statement files shaped exactly like each institution's export.
//
// Each base file is the statement/presets fixture of the institution (see
// integrations/statement/presets/doc.go for the source of every shape):
//
//	institution   base file (testdata/)   preset fixture it copies
//	webull-ca     webull-ca.csv           webull-ca/Webull_Orders_Records.csv
//	webull        webull.csv              webull/Webull_Orders_Records.csv
//	fidelity      fidelity.csv            fidelity/Accounts_History.csv
//	vanguard      vanguard.csv            vanguard/OfxDownload.csv
//	merrill       merrill.csv             merrill/ExportData.csv
//	robinhood     robinhood.csv           robinhood/activity.csv
//	schwab        schwab.csv              schwab/Brokerage_XXX876_Transactions_20260923.csv
//	ibkr-flex     ibkr-flex.csv           ibkr/ActivityStatement.csv
//	questrade     questrade.csv           questrade/Activities_for_01Jan2026_to_30Sep2026.csv
//	wealthsimple  wealthsimple.csv        wealthsimple/activities-export-2026-10-09.csv
//	trading212    trading212.csv          trading212/from_2026-01-01_to_2026-09-30.csv
//	degiro        degiro.csv              degiro/Account_en_fr.csv
//
// <id>-overlap.csv is the next statement: the base's oldest row dropped, a
// newer row of the same kind added (same columns, same quirks). The bad-rows
// file and the wrong file are made from the base in code: a number cell
// made unreadable; the account numbers changed, or — for files that name no
// account — another institution's export.
package importtest

import (
	"bytes"
	"embed"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

//go:embed testdata
var files embed.FS

func read(name string) []byte {
	b, err := files.ReadFile("testdata/" + name)
	if err != nil {
		panic("importtest: " + err.Error())
	}
	return b
}

// fixture is one institution's files.
type fixture struct {
	bad      [2]string // a replacement making one row unreadable
	badLine  int
	wrong    [][2]string // replacements giving another account's file
	wrongOf  string      // for files naming no account: whose base is the wrong file
	full     []string    // full account numbers in the files
	values   map[string]string
	fromTrad bool // holdings summed from the trades
}

var fixtures = map[string]fixture{
	"webull-ca": {bad: [2]string{"169.95", "16x9.95"}, badLine: 3, wrongOf: "schwab", fromTrad: true,
		values: map[string]string{"currency": "CAD"}},
	"webull": {bad: [2]string{"187.40", "18x7.40"}, badLine: 2, wrongOf: "fidelity", fromTrad: true},
	"fidelity": {bad: [2]string{"1241.98", "12x41.98"}, badLine: 4, full: []string{"X11111111", "Z22222222"},
		wrong: [][2]string{{"X11111111", "X99999999"}, {"Z22222222", "Z88888888"}}},
	"vanguard": {bad: [2]string{"0.812,118.39", "0.812,11x8.39"}, badLine: 14, full: []string{"12345678", "87654321"},
		wrong: [][2]string{{"12345678", "13572468"}, {"87654321", "24681357"}}},
	"merrill": {bad: [2]string{"$430.20", "$43x0.20"}, badLine: 3, full: []string{"25X-12A34", "43X-56B78"},
		wrong: [][2]string{{"25X-12A34", "31Y-98C76"}, {"43X-56B78", "52Z-11D22"}}},
	"robinhood": {bad: [2]string{"$2.49", "$2.x49"}, badLine: 7, wrongOf: "schwab"},
	"schwab": {bad: [2]string{"$8.52", "$8.x52"}, badLine: 8,
		wrong: [][2]string{{"Brokerage ...876", "Brokerage ...543"}}},
	"ibkr-flex": {bad: [2]string{"48.66", "4x8.66"}, badLine: 39, full: []string{"U7654321"},
		wrong: [][2]string{{"U7654321", "U1112223"}}},
	"questrade": {bad: [2]string{"-8009.95", "-80x09.95"}, badLine: 2, full: []string{"51234567", "59876543"},
		wrong: [][2]string{{"51234567", "52223334"}, {"59876543", "58887776"}}},
	"wealthsimple": {bad: [2]string{"-381.20", "-38x1.20"}, badLine: 2, full: []string{"HQ7XFMC41CAD", "HQ23BSZ06CAD"},
		wrong: [][2]string{{"HQ7XFMC41CAD", "HQ9ZZZZ99CAD"}, {"HQ23BSZ06CAD", "HQ88YYY77CAD"}}},
	"trading212": {bad: [2]string{"91.57", "9x1.57"}, badLine: 3, wrongOf: "fidelity"},
	"degiro":     {bad: [2]string{`"-8,64"`, `"-8,6x4"`}, badLine: 2, wrongOf: "schwab"},
}

// IDs lists the institutions with an import harness.
func IDs() []string {
	out := make([]string, 0, len(fixtures))
	for id := range fixtures {
		out = append(out, id)
	}
	return out
}

// Base returns an institution's base statement file (its name and bytes),
// for tests that import one: false when there is none.
func Base(id string) (brokertest.ImportFile, bool) {
	if _, ok := fixtures[id]; !ok {
		return brokertest.ImportFile{}, false
	}
	return brokertest.ImportFile{Name: exportName(id), Data: read(id + ".csv")}, true
}

// Overlap returns an institution's next statement file.
func Overlap(id string) (brokertest.ImportFile, bool) {
	if _, ok := fixtures[id]; !ok {
		return brokertest.ImportFile{}, false
	}
	return brokertest.ImportFile{Name: exportName(id), Data: read(id + "-overlap.csv")}, true
}

// exportName is the file name the institution gives its export.
func exportName(id string) string {
	switch id {
	case "webull-ca", "webull":
		return "Webull_Orders_Records.csv"
	case "fidelity":
		return "Accounts_History.csv"
	case "vanguard":
		return "OfxDownload.csv"
	case "merrill":
		return "ExportData.csv"
	case "ibkr-flex":
		return "ActivityStatement.csv"
	}
	return id + "-export.csv"
}

// Harness returns the import harness of in (a brokertest.ImportHarnessFunc).
func Harness(in integrations.Integration) (brokertest.ImportHarness, bool) {
	id := in.Institution().ID
	fx, ok := fixtures[id]
	if !ok {
		return brokertest.ImportHarness{}, false
	}
	if _, ok := in.Institution().Method(integrations.AuthImport); !ok {
		return brokertest.ImportHarness{}, false
	}
	base := read(id + ".csv")
	if !bytes.Contains(base, []byte(fx.bad[0])) {
		panic("importtest: " + id + ": the bad-row replacement is not in the base file")
	}
	bad := bytes.Replace(base, []byte(fx.bad[0]), []byte(fx.bad[1]), 1)
	var wrong []byte
	if fx.wrongOf != "" {
		wrong = read(fx.wrongOf + ".csv")
	} else {
		s := string(base)
		for _, r := range fx.wrong {
			s = strings.ReplaceAll(s, r[0], r[1])
		}
		wrong = []byte(s)
	}
	name := exportName(id)
	return brokertest.ImportHarness{
		New:                func(testing.TB) integrations.Integration { return in },
		Base:               brokertest.ImportFile{Name: name, Data: base},
		Overlap:            brokertest.ImportFile{Name: name, Data: read(id + "-overlap.csv")},
		Wrong:              brokertest.ImportFile{Name: name, Data: wrong},
		BadRows:            brokertest.ImportFile{Name: name, Data: bad},
		BadLines:           []int{fx.badLine},
		HoldingsFromTrades: fx.fromTrad,
		Values:             fx.values,
		FullAccountNumbers: fx.full,
	}, true
}
