package presets

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
)

// DEGIRO's three CSV exports (web trader: Inbox → Transactions, Inbox →
// Account statement, Portfolio → export), written in the account's
// language and locale: headers and descriptions translated, numbers with a
// decimal comma inside quotes ("-1950,60") in most locales and a point in
// others (English accounts of some countries), dates DD-MM-YYYY with the
// time in its own column. A money column's currency sits in a neighbour
// whose header is empty, so columns are read by position, and each
// section is recognised by its header words in English, Dutch, German or
// French.
//
// Transactions, two layouts:
//
//	old: Date,Time,Product,ISIN,Reference,Venue,Quantity,Price,,Local value,,Value,,Exchange rate,Transaction and/or third,,Total,,Order ID
//	new: Date,Time,Product,ISIN,Reference exchange,Venue,Quantity,Price,,Local value,,Value EUR,Exchange rate,AutoFX Fee,Transaction and/or third party fees EUR,Total EUR,Order ID,
//
// In the old one each amount is followed by its currency; in the new one
// the account currency is in the header ("Total EUR") and the rows carry
// one cell more than the header names, the Order ID landing one column
// right of its header. Sales have a negative quantity; fees and buys'
// totals are negative.
//
// Account statement: Date,Time,Value date,Product,ISIN,Description,FX,
// Change,,Balance,,Order Id — "Change" holds the currency and the unnamed
// column after it the amount. One line per cash movement, in the
// language of the account ("Dividend", "Dividendbelasting", "Impôts sur
// dividende", "iDEAL Deposit", "Valuta Debitering"); a long Order Id may
// wrap onto a line of its own. Trades, their fees and their currency legs
// carry the Order Id: they are left out here (the Transactions export has
// them) so importing both files counts nothing twice.
//
// Portfolio: Product,Symbol/ISIN,Amount,Closing,Local value,,Value in EUR
// — the holdings on the day of the export, the cash as "CASH & CASH FUND &
// FTX CASH (EUR)" with no ISIN; the file holds no date.
func degiroPresets() []statement.Preset {
	var tx, acct, port []statement.Section
	for _, h := range degiroTxOld {
		tx = append(tx, degiroTxSection(h, false))
	}
	for _, h := range degiroTxNew {
		tx = append(tx, degiroTxSection(h, true))
	}
	for _, h := range degiroAccount {
		acct = append(acct, degiroAccountSection(h))
	}
	for _, h := range degiroPortfolio {
		port = append(port, degiroPortfolioSection(h))
	}
	return []statement.Preset{
		{
			Name: "degiro-transactions", Institution: DEGIRO, Title: "DEGIRO: transactions (CSV)",
			Sections: tx,
			Hooks:    statement.Hooks{Row: degiroTxRow, Activity: degiroTxActivity},
		},
		{
			Name: "degiro-account", Institution: DEGIRO, Title: "DEGIRO: account statement (CSV)",
			Sections: acct,
			Hooks:    statement.Hooks{Row: degiroAccountRow, Activity: degiroAccountActivity},
		},
		{
			Name: "degiro-portfolio", Institution: DEGIRO, Title: "DEGIRO: portfolio (CSV)",
			Sections: port,
			Hooks:    statement.Hooks{Row: degiroPortfolioRow, Position: degiroPosition},
		},
	}
}

// headerWords are the header cells that recognise a section in one
// language (all must be present).
type headerWords struct {
	lang string
	sig  []string
}

var degiroTxOld = []headerWords{
	{"en", []string{"Date", "Time", "Product", "ISIN", "Venue", "Quantity", "Price", "Local value", "Value", "Exchange rate", "Total", "Order ID"}},
	{"nl", []string{"Datum", "Tijd", "Product", "ISIN", "Beurs", "Uitvoeringsplaats", "Aantal", "Koers", "Waarde", "Wisselkoers", "Totaal", "Order ID"}},
	{"de", []string{"Datum", "Uhrzeit", "Produkt", "ISIN", "Ausführungsort", "Anzahl", "Kurs", "Wert in Lokalwährung", "Wert", "Wechselkurs", "Gesamt", "Order-ID"}},
	{"fr", []string{"Date", "Heure", "Produit", "Code ISIN", "Quantité", "Cours", "Taux de change", "Total"}},
}

var degiroTxNew = []headerWords{
	{"en", []string{"Date", "Time", "Product", "ISIN", "Venue", "Quantity", "Price", "Local value", "Exchange rate", "AutoFX Fee"}},
	{"nl", []string{"Datum", "Tijd", "Product", "ISIN", "Uitvoeringsplaats", "Aantal", "Koers", "Wisselkoers", "AutoFX Kosten"}},
	{"de", []string{"Datum", "Uhrzeit", "Produkt", "ISIN", "Ausführungsort", "Anzahl", "Kurs", "Wechselkurs", "AutoFX-Gebühr"}},
	{"fr", []string{"Date", "Heure", "Produit", "Code ISIN", "Quantité", "Cours", "Taux de change", "Frais conversion AutoFX"}},
}

var degiroAccount = []headerWords{
	{"en", []string{"Date", "Time", "Value date", "Product", "ISIN", "Description", "FX", "Change", "Balance"}},
	{"nl", []string{"Datum", "Tijd", "Valutadatum", "Product", "ISIN", "Omschrijving", "FX", "Mutatie", "Saldo"}},
	{"de", []string{"Datum", "Uhrzeit", "Valutadatum", "Produkt", "ISIN", "Beschreibung", "FX", "Änderung", "Saldo"}},
	{"fr", []string{"Date", "Heure", "Produit", "FX", "Solde"}},
}

var degiroPortfolio = []headerWords{
	{"en", []string{"Product", "Symbol/ISIN", "Closing", "Local value"}},
	{"nl", []string{"Product", "Symbool/ISIN", "Slotkoers", "Lokale waarde"}},
	{"de", []string{"Produkt", "Symbol/ISIN", "Schlusskurs", "Wert"}},
}

// Positions (1-based) of the transactions layouts.
const (
	txDate, txProduct, txISIN, txUnits, txPrice, txPriceCur = 1, 3, 4, 7, 8, 9
	txValue                                                 = 12
	oldFee, oldTotal, oldTotalCur, oldID                    = 15, 17, 18, 19
	newAutoFX, newFee, newTotal, newID                      = 14, 15, 16, 17
)

func col(n int) string { return "#" + strconv.Itoa(n) }

func degiroTxSection(h headerWords, newLayout bool) statement.Section {
	c := fields{
		statement.FieldDate:        col(txDate),
		statement.FieldDescription: col(txProduct),
		statement.FieldISIN:        col(txISIN),
		statement.FieldSymbol:      col(txISIN),
		statement.FieldUnits:       col(txUnits),
		statement.FieldPrice:       colPrice,
		statement.FieldID:          colID,
	}
	name := "transactions-" + h.lang
	if newLayout {
		name += "-autofx"
		c[statement.FieldAmount] = col(newTotal)
		c[statement.FieldFee] = colFee
		c[statement.FieldCurrency] = colCurrency
	} else {
		c[statement.FieldAmount] = col(oldTotal)
		c[statement.FieldFee] = col(oldFee)
		c[statement.FieldCurrency] = col(oldTotalCur)
	}
	return statement.Section{
		Name:      name,
		Signature: h.sig,
		Mapping: statement.Mapping{
			Columns:    c,
			DateFormat: statement.DateDMY,
			Sign:       statement.SignAsWritten,
			Types:      map[string]integrations.ActivityType{},
		},
	}
}

// colID is the order id a transactions row carries, wherever it landed.
const colID = "lk id"

// cell returns the n-th (1-based) cell of a row, trimmed.
func cell(row *statement.Row, n int) string {
	if n-1 < len(row.Cells) && n >= 1 {
		return strings.TrimSpace(row.Cells[n-1])
	}
	return ""
}

func degiroTxRow(section string, row *statement.Row) (bool, error) {
	dec := rowDecimal(row.Cells)
	newLayout := strings.HasSuffix(section, "-autofx")
	curTotal := cell(row, oldTotalCur)
	id := cell(row, oldID)
	if newLayout {
		// The account currency is the last word of the Total header.
		if newTotal <= len(row.Header) {
			f := strings.Fields(row.Header[newTotal-1])
			if len(f) > 1 {
				curTotal = strings.ToUpper(f[len(f)-1])
			}
		}
		// AutoFX and the transaction fees together are the row's fee.
		sum, any := decimal.Zero, false
		for _, n := range []int{newAutoFX, newFee} {
			if d, ok := number(cell(row, n), dec); ok {
				sum, any = sum.Add(d.Abs()), true
			}
		}
		if any {
			row.Set(colFee, formatNumber(sum, dec))
		} else {
			row.Set(colFee, "")
		}
		// The Order ID lands one column right of its header in current
		// exports; earlier ones put it under it.
		id = cell(row, newID)
		if id == "" {
			id = cell(row, newID+1)
		}
		row.Set(colCurrency, curTotal)
	}
	row.Set(colID, id)
	// The price in the account's currency: the listing's price when it is
	// in that currency, else the value (already converted) per share.
	price := cell(row, txPrice)
	if pc := strings.ToUpper(cell(row, txPriceCur)); pc != "" && curTotal != "" && pc != curTotal {
		price = ""
		v, okV := number(cell(row, txValue), dec)
		u, okU := number(cell(row, txUnits), dec)
		if okV && okU && !u.IsZero() {
			price = formatNumber(v.Div(u).Abs().Round(6), dec)
		}
	}
	row.Set(colPrice, price)
	return false, nil
}

func degiroTxActivity(_ string, _ *statement.Row, a *integrations.Activity) error {
	// Sales have a negative quantity.
	if a.Units.IsNegative() {
		a.Type = integrations.ActivitySell
	} else {
		a.Type = integrations.ActivityBuy
	}
	a.RawType = strings.ToUpper(string(a.Type))
	if a.Description != "" && a.Symbol != "" {
		a.Description += " (" + a.Symbol + ")"
	}
	return nil
}

// Positions (1-based) of the account statement.
const (
	acDate, acValueDate, acProduct, acISIN, acDesc, acFX, acCur, acAmount, acBalCur, acBalance, acID = 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
)

func degiroAccountSection(h headerWords) statement.Section {
	return statement.Section{
		Name:      "account-" + h.lang,
		Signature: h.sig,
		Mapping: statement.Mapping{
			Columns: fields{
				statement.FieldDate:        col(acDate),
				statement.FieldSettleDate:  col(acValueDate),
				statement.FieldType:        col(acDesc),
				statement.FieldDescription: colDesc,
				statement.FieldSymbol:      col(acISIN),
				statement.FieldISIN:        col(acISIN),
				statement.FieldCurrency:    col(acCur),
				statement.FieldAmount:      col(acAmount),
			},
			DateFormat:  statement.DateDMY,
			Sign:        statement.SignAsWritten,
			DefaultType: integrations.ActivityOther,
		},
	}
}

// degiroSkip are descriptions of lines that are not cash movements:
// reservations booked again when they settle, and notes of transfers to
// and from the flatexDEGIRO Bank cash account that carry no amount.
var degiroSkip = []string{
	"reservation", "reservering", "reservierung", "réservation", "reserva",
}

func degiroAccountRow(_ string, row *statement.Row) (bool, error) {
	if cell(row, acID) != "" {
		return true, nil // a trade, its fee or its currency leg: in Transactions
	}
	if cell(row, acAmount) == "" {
		return true, nil // a note with no amount
	}
	desc := cell(row, acDesc)
	w := statement.Words(desc)
	for _, s := range degiroSkip {
		if strings.HasPrefix(w, s) {
			return true, nil
		}
	}
	d := desc
	if p := cell(row, acProduct); p != "" {
		d = p + ": " + desc
	}
	row.Set(colDesc, d)
	return false, nil
}

// degiroRules classify an account statement line by words found anywhere
// in its description, the longest first (so "Dividendbelasting" is a tax,
// "Dividend" a dividend), in the languages DEGIRO writes.
var degiroRules = []rule{
	// dividends and their tax
	{"dividend", integrations.ActivityDividend},
	{"dividende", integrations.ActivityDividend},
	{"dividendo", integrations.ActivityDividend},
	{"fund distribution", integrations.ActivityDividend},
	{"kapitalrückzahlung", integrations.ActivityDividend},
	{"dividend tax", integrations.ActivityTax},
	{"dividendbelasting", integrations.ActivityTax},
	{"dividendensteuer", integrations.ActivityTax},
	{"impôts sur dividende", integrations.ActivityTax},
	{"retenue à la source", integrations.ActivityTax},
	{"retención del dividendo", integrations.ActivityTax},
	{"ritenuta sul dividendo", integrations.ActivityTax},
	{"transactiebelasting", integrations.ActivityTax},
	{"taxe sur les transactions financières", integrations.ActivityTax},
	{"finanztransaktionssteuer", integrations.ActivityTax},
	// deposits and withdrawals
	{"deposit", integrations.ActivityContribution},
	{"storting", integrations.ActivityContribution},
	{"ideal storting", integrations.ActivityContribution},
	{"einzahlung", integrations.ActivityContribution},
	{"versement de fonds", integrations.ActivityContribution},
	{"dépôt", integrations.ActivityContribution},
	{"withdrawal", integrations.ActivityWithdrawal},
	{"terugstorting", integrations.ActivityWithdrawal},
	{"auszahlung", integrations.ActivityWithdrawal},
	{"retrait", integrations.ActivityWithdrawal},
	{"retrait de fonds", integrations.ActivityWithdrawal},
	// interest
	{"interest", integrations.ActivityInterest},
	{"interest income", integrations.ActivityInterest},
	{"rente", integrations.ActivityInterest},
	{"zinsen", integrations.ActivityInterest},
	{"intérêts", integrations.ActivityInterest},
	{"degiro courtesy", integrations.ActivityInterest},
	// fees
	{"connection fee", integrations.ActivityFee},
	{"aansluitingskosten", integrations.ActivityFee},
	{"verbindungskosten", integrations.ActivityFee},
	{"frais de connexion", integrations.ActivityFee},
	{"custo de conectividade", integrations.ActivityFee},
	{"costi di connessione", integrations.ActivityFee},
	{"service fee", integrations.ActivityFee},
	{"adr gdr", integrations.ActivityFee},
	// currency legs and internal moves: cash that stays the client's
	{"valuta creditering", integrations.ActivityOther},
	{"valuta debitering", integrations.ActivityOther},
	{"fx credit", integrations.ActivityOther},
	{"fx debit", integrations.ActivityOther},
	{"währungswechsel", integrations.ActivityOther},
	{"opération de change", integrations.ActivityOther},
	{"operation de change", integrations.ActivityOther},
	{"cash sweep transfer", integrations.ActivityOther},
}

func degiroAccountActivity(_ string, row *statement.Row, a *integrations.Activity) error {
	desc := cell(row, acDesc)
	a.RawType = desc
	t, ok := containsRule(desc, degiroRules)
	if !ok {
		t = integrations.ActivityOther
	}
	a.Type = t
	depositBySign(a)
	if t == integrations.ActivityInterest && a.Amount.IsNegative() {
		a.Type = integrations.ActivityFee // negative interest on cash
	}
	return nil
}

func degiroPortfolioSection(h headerWords) statement.Section {
	return statement.Section{
		Name:      "portfolio-" + h.lang,
		Signature: h.sig,
		Mapping: statement.Mapping{
			Kind: statement.KindPosition,
			Columns: fields{
				statement.FieldDescription: col(1),
				statement.FieldSymbol:      col(2),
				statement.FieldISIN:        colSymbol,
				statement.FieldUnits:       col(3),
				statement.FieldPrice:       col(4),
				statement.FieldCurrency:    col(5),
				statement.FieldMarketValue: col(6),
			},
		},
	}
}

func degiroPortfolioRow(_ string, row *statement.Row) (bool, error) {
	sym := cell(row, 2)
	if sym == "" && strings.HasPrefix(strings.ToUpper(cell(row, 1)), "CASH") {
		// The cash line: its value is cash in its currency.
		v := cell(row, 6)
		if v == "" {
			v = cell(row, 7)
		}
		row.Cells = padTo(row.Cells, 7)
		row.Cells[2] = v
		row.Cells[3] = "1"
		row.Cells[5] = v
	}
	if isISIN(sym) {
		row.Set(colSymbol, sym)
	}
	return false, nil
}

func padTo(cells []string, n int) []string {
	for len(cells) < n {
		cells = append(cells, "")
	}
	return cells
}

func isISIN(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i, r := range s {
		switch {
		case i < 2 && (r < 'A' || r > 'Z'):
			return false
		case i == 11 && (r < '0' || r > '9'):
			return false
		case (r < 'A' || r > 'Z') && (r < '0' || r > '9'):
			return false
		}
	}
	return true
}

func degiroPosition(_ string, row *statement.Row, p *integrations.Position) error {
	if p.Symbol.Ticker == "" {
		p.Symbol.Type = integrations.SecurityCash
		p.Symbol.Ticker = p.Currency
		return nil
	}
	name := strings.ToUpper(p.Symbol.Description)
	switch {
	case strings.Contains(name, "UCITS") || strings.Contains(name, " ETF") || strings.Contains(name, "ETC"):
		p.Symbol.Type = integrations.SecurityETF
	default:
		p.Symbol.Type = integrations.SecurityEquity
	}
	return nil
}
