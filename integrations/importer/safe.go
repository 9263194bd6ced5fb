package importer

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
)

// longID matches a run of letters, digits and inner hyphens: a candidate
// account number in text shown to the user.
var longID = regexp.MustCompile(`[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*`)

// isoDate is a year-first date, which looks like a long number but is not
// one.
var isoDate = regexp.MustCompile(`^\d{4}-\d{1,2}-\d{1,2}$`)

// safeText masks what could be an account number in text taken from a file
// (a problem's excerpt of a cell, the raw rows the mapping step shows, a
// parser's message): every run of letters and digits (hyphens inside) with
// more than four digits, or of at least eight characters mixing letters and
// two or more digits (Wealthsimple's HQ7XFMC41CAD), shows its last four
// only, as "••••1CAD". Numbers with a decimal point or comma are separate
// runs and stay readable ("1,241.98"); year-first dates are kept.
func safeText(s string) string {
	return longID.ReplaceAllStringFunc(s, func(tok string) string {
		digits, letters := 0, 0
		for _, r := range tok {
			switch {
			case unicode.IsDigit(r):
				digits++
			case unicode.IsLetter(r):
				letters++
			}
		}
		if isoDate.MatchString(tok) || (digits <= 4 && !(len(tok) >= 8 && digits >= 2 && letters >= 2)) {
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

// currencyCode is what a currency code looks like: upper-case letters and
// digits, at least one letter (USD, USDC, 1INCH).
var currencyCode = regexp.MustCompile(`^[A-Z0-9]{2,10}$`)

func validCurrency(c string) bool {
	return currencyCode.MatchString(c) && strings.IndexFunc(c, unicode.IsLetter) >= 0
}

// normalise holds a parsed file to the contract the app relies on, whatever
// the file says: a position gets a ticker (fillTickers); an account without
// a valid currency takes the import's; an item whose currency is no
// currency code is left out as a problem (a damaged row); a "settlement"
// date before the trade date is not one (DEGIRO's value date precedes its
// booking date) and is dropped; one balance per currency (the last, when a
// damaged file repeats a line).
func (l *login) normalise(res *statement.Result) {
	ds := &res.Dataset
	fillTickers(ds)
	for i := range ds.Accounts {
		a := &ds.Accounts[i]
		if !validCurrency(a.Currency) {
			a.Currency = l.currency
		}
	}
	for i := range res.Accounts {
		if res.Accounts[i].Currency != "" && !validCurrency(res.Accounts[i].Currency) {
			res.Accounts[i].Currency = l.currency
		}
	}
	bad := func(_, what string) {
		res.Problems = append(res.Problems, statement.Problem{Reason: what + " has no valid currency code: left out"})
		res.Good--
	}
	for acct, acts := range ds.Activities {
		kept := acts[:0]
		for _, a := range acts {
			if !validCurrency(a.Currency) {
				bad(acct, "an activity of "+string(a.TradeDate))
				continue
			}
			if a.SettlementDate != "" && a.SettlementDate < a.TradeDate {
				a.SettlementDate = ""
			}
			kept = append(kept, a)
		}
		ds.Activities[acct] = kept
	}
	for acct, ps := range ds.Positions {
		kept := ps[:0]
		for _, p := range ps {
			if !validCurrency(p.Currency) {
				bad(acct, "the position "+p.Symbol.Ticker)
				continue
			}
			kept = append(kept, p)
		}
		ds.Positions[acct] = kept
	}
	for acct, bs := range ds.Balances {
		var kept []integrations.Balance
		for _, b := range bs {
			if !validCurrency(b.Currency) {
				bad(acct, "a balance")
				continue
			}
			if i := slices.IndexFunc(kept, func(k integrations.Balance) bool { return k.Currency == b.Currency }); i >= 0 {
				kept[i] = b
				continue
			}
			kept = append(kept, b)
		}
		ds.Balances[acct] = kept
	}
}
