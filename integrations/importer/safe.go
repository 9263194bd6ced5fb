package importer

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/latchkey/latchkey/integrations"
)

// longID matches a run of letters, digits and inner hyphens: a candidate
// account number in text shown to the user.
var longID = regexp.MustCompile(`[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*`)

// isoDate is a year-first date, which looks like a long number but is not
// one.
var isoDate = regexp.MustCompile(`^\d{4}-\d{1,2}-\d{1,2}$`)

// safeText masks what could be an account number in text taken from a file
// (a problem's excerpt of a cell, a parser's message): every run of letters
// and digits with more than four digits shows its last four only, as
// "••••1234". Numbers with a decimal point or comma are separate runs and
// stay readable ("1,241.98"); year-first dates are kept.
func safeText(s string) string {
	return longID.ReplaceAllStringFunc(s, func(tok string) string {
		digits := 0
		for _, r := range tok {
			if unicode.IsDigit(r) {
				digits++
			}
		}
		if digits <= 4 || isoDate.MatchString(tok) {
			return tok
		}
		return integrations.MaskNumber(tok)
	})
}

// fillTickers gives a position without a ticker (a bond listed by name) its
// CUSIP, ISIN or description as one, so it can be shown and told apart.
func fillTickers(ds *integrations.Dataset) {
	for acct, ps := range ds.Positions {
		for i := range ps {
			sym := &ps[i].Symbol
			if strings.TrimSpace(sym.Ticker) != "" {
				continue
			}
			switch {
			case sym.CUSIP != "":
				sym.Ticker = sym.CUSIP
			case sym.ISIN != "":
				sym.Ticker = sym.ISIN
			default:
				sym.Ticker = strings.TrimSpace(sym.Description)
			}
		}
		ds.Positions[acct] = ps
	}
}
