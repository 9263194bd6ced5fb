package comdirect

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// errMalformed is an answer that could not be understood.
var errMalformed = integrations.Malformed("comdirect")

type num = integrations.Number

// wireToken is /oauth/token's answer (password, cd_secondary and
// refresh_token grants alike).
type wireToken struct {
	Access    string `json:"access_token"`
	TokenType string `json:"token_type"`
	Refresh   string `json:"refresh_token"`
	ExpiresIn int64  `json:"expires_in"`
	Scope     string `json:"scope"`
	Customer  string `json:"kdnr"`
}

func decodeToken(b []byte) (wireToken, error) {
	var t wireToken
	if err := json.Unmarshal(b, &t); err != nil || t.Access == "" || t.Refresh == "" {
		return wireToken{}, errMalformed
	}
	if t.ExpiresIn <= 0 || t.ExpiresIn > 24*3600 {
		t.ExpiresIn = 599
	}
	return t, nil
}

// wireSession is the Session object.
type wireSession struct {
	Identifier       string `json:"identifier"`
	SessionTanActive bool   `json:"sessionTanActive"`
	Activated2FA     bool   `json:"activated2FA"`
}

// decodeSessions reads GET .../sessions: a list of sessions (the first is
// the one to validate).
func decodeSessions(b []byte) (wireSession, error) {
	var list []wireSession
	if err := json.Unmarshal(b, &list); err != nil || len(list) == 0 || strings.TrimSpace(list[0].Identifier) == "" {
		return wireSession{}, errMalformed
	}
	return list[0], nil
}

// wireChallenge is the x-once-authentication-info header of a validation:
// the challenge's id and type (P_TAN_PUSH, P_TAN, M_TAN), its challenge
// (the phone number of an M_TAN, the photoTAN image of a P_TAN), the types
// the customer has, and for P_TAN_PUSH the link to poll.
type wireChallenge struct {
	ID             string   `json:"id"`
	Typ            string   `json:"typ"`
	Challenge      string   `json:"challenge"`
	AvailableTypes []string `json:"availableTypes"`
	Link           struct {
		Href string `json:"href"`
	} `json:"link"`
}

func decodeChallenge(h string) (wireChallenge, error) {
	var c wireChallenge
	if err := json.Unmarshal([]byte(h), &c); err != nil || strings.TrimSpace(c.ID) == "" || c.Typ == "" {
		return wireChallenge{}, errMalformed
	}
	return c, nil
}

func (c wireChallenge) offers(typ string) bool {
	for _, t := range c.AvailableTypes {
		if t == typ {
			return true
		}
	}
	return false
}

// decodeAuthStatus reads a poll of the challenge's link: {"status":
// "PENDING"|"AUTHENTICATED"|...}.
func decodeAuthStatus(b []byte) (string, error) {
	var s struct {
		Status string `json:"status"`
	}
	if err := json.Unmarshal(b, &s); err != nil || s.Status == "" {
		return "", errMalformed
	}
	return strings.ToUpper(strings.TrimSpace(s.Status)), nil
}

// wireAmount is AmountValue: {"value":"12.34","unit":"EUR"}.
type wireAmount struct {
	Value num    `json:"value"`
	Unit  string `json:"unit"`
}

// wireDepot is one Depot.
type wireDepot struct {
	DepotID                  string   `json:"depotId"`
	DepotDisplayID           string   `json:"depotDisplayId"`
	ClientID                 string   `json:"clientId"`
	DefaultSettlementAccount string   `json:"defaultSettlementAccountId"`
	SettlementAccountIDs     []string `json:"settlementAccountIds"`
}

func decodeDepots(b []byte) ([]wireDepot, error) {
	var w struct {
		Values []wireDepot `json:"values"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, errMalformed
	}
	for _, d := range w.Values {
		if strings.TrimSpace(d.DepotID) == "" {
			return nil, errMalformed
		}
	}
	return w.Values, nil
}

// account is a depot as a Latchkey account: its id the depotId (a UUID),
// its number the depot number's last four digits.
func account(d wireDepot) integrations.Account {
	return integrations.Account{ID: d.DepotID, Number: integrations.MaskNumber(d.DepotDisplayID), Name: "comdirect Depot",
		RawType: "depot", Category: integrations.CategoryInvestment, Currency: "EUR", Status: "open"}
}

// wireInstrument is an Instrument (with-attr=instrument).
type wireInstrument struct {
	WKN        string `json:"wkn"`
	ISIN       string `json:"isin"`
	Mnemonic   string `json:"mnemonic"`
	Name       string `json:"name"`
	ShortName  string `json:"shortName"`
	StaticData struct {
		Currency       string `json:"currency"`
		InstrumentType string `json:"instrumentType"`
	} `json:"staticData"`
}

func (i wireInstrument) ticker(wkn string) string {
	for _, s := range []string{i.Mnemonic, i.WKN, wkn, i.ISIN} {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// securityType maps staticData.instrumentType.
func securityType(t string) integrations.SecurityType {
	switch strings.ToUpper(strings.TrimSpace(t)) {
	case "SHARE", "STOCK", "EQUITY":
		return integrations.SecurityEquity
	case "ETF", "ETC":
		return integrations.SecurityETF
	case "FUND":
		return integrations.SecurityFund
	case "BOND":
		return integrations.SecurityBond
	case "WARRANT", "OPTION":
		return integrations.SecurityOption
	}
	return integrations.SecurityOther
}

// wirePosition is a DepotPosition.
type wirePosition struct {
	PositionID   string     `json:"positionId"`
	WKN          string     `json:"wkn"`
	Quantity     wireAmount `json:"quantity"`
	CurrentPrice struct {
		Price         wireAmount `json:"price"`
		PriceDateTime string     `json:"priceDateTime"`
	} `json:"currentPrice"`
	PurchasePrice wireAmount     `json:"purchasePrice"`
	CurrentValue  wireAmount     `json:"currentValue"`
	PurchaseValue wireAmount     `json:"purchaseValue"`
	Instrument    wireInstrument `json:"instrument"`
}

// wirePositions is GET .../positions: the depot's aggregation and its
// positions.
type wirePositions struct {
	Paging struct {
		Index   int `json:"index"`
		Matches int `json:"matches"`
	} `json:"paging"`
	Aggregated struct {
		CurrentValue wireAmount `json:"currentValue"`
	} `json:"aggregated"`
	Values []wirePosition `json:"values"`
}

func decodePositions(b []byte, asOf time.Time) ([]integrations.Position, decimal.Decimal, error) {
	var w wirePositions
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, decimal.Zero, errMalformed
	}
	out := make([]integrations.Position, 0, len(w.Values))
	value := decimal.Zero
	for _, p := range w.Values {
		tk := p.Instrument.ticker(p.WKN)
		if tk == "" || !p.Quantity.Value.Valid {
			return nil, decimal.Zero, errMalformed
		}
		units := p.Quantity.Value.Decimal
		if units.IsZero() {
			continue
		}
		cur := strings.ToUpper(strings.TrimSpace(p.CurrentValue.Unit))
		if cur == "" {
			cur = "EUR"
		}
		desc := strings.TrimSpace(p.Instrument.Name)
		if desc == "" {
			desc = tk
		}
		pos := integrations.Position{
			Symbol: integrations.Symbol{Ticker: tk, Description: desc, Type: securityType(p.Instrument.StaticData.InstrumentType),
				Currency: cur, ISIN: strings.ToUpper(strings.TrimSpace(p.Instrument.ISIN))},
			Units: units, Currency: cur, AsOf: asOf.UTC(),
		}
		switch {
		case p.CurrentValue.Value.Valid && p.CurrentPrice.Price.Value.Valid:
			pos.Price, pos.MarketValue = p.CurrentPrice.Price.Value.Decimal, p.CurrentValue.Value.Decimal.Round(2)
		case p.CurrentPrice.Price.Value.Valid:
			pos.Price = p.CurrentPrice.Price.Value.Decimal
			pos.MarketValue = units.Mul(pos.Price).Round(2)
		default:
			pos.PriceUnknown = true
		}
		if p.PurchasePrice.Value.Valid && !p.PurchasePrice.Value.Decimal.IsZero() {
			pos.AverageCost = decimal.NewNullDecimal(p.PurchasePrice.Value.Decimal)
			basis := units.Mul(p.PurchasePrice.Value.Decimal).Round(2)
			if p.PurchaseValue.Value.Valid {
				basis = p.PurchaseValue.Value.Decimal.Round(2)
			}
			pos.CostBasis = decimal.NewNullDecimal(basis)
		}
		value = value.Add(pos.MarketValue)
		out = append(out, pos)
	}
	if w.Aggregated.CurrentValue.Value.Valid {
		value = w.Aggregated.CurrentValue.Value.Decimal.Round(2)
	}
	return out, value, nil
}

// wireAccountBalance is one AccountBalance of GET .../accounts/balances.
type wireAccountBalance struct {
	AccountID string `json:"accountId"`
	Account   struct {
		Currency string `json:"currency"`
	} `json:"account"`
	Balance             wireAmount `json:"balance"`
	AvailableCashAmount wireAmount `json:"availableCashAmount"`
}

// decodeBalance finds the settlement account's balance.
func decodeBalance(b []byte, accountID string) (wireAccountBalance, bool, error) {
	var w struct {
		Values []wireAccountBalance `json:"values"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return wireAccountBalance{}, false, errMalformed
	}
	for _, a := range w.Values {
		if a.AccountID == accountID {
			if !a.Balance.Value.Valid {
				return wireAccountBalance{}, false, errMalformed
			}
			return a, true, nil
		}
	}
	return wireAccountBalance{}, false, nil
}

// listsAccount says whether the balances list (GET .../accounts/balances)
// has accountID: the settlement account is read only then.
func listsAccount(b []byte, accountID string) (bool, error) {
	var w struct {
		Values []struct {
			AccountID string `json:"accountId"`
		} `json:"values"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return false, errMalformed
	}
	for _, a := range w.Values {
		if a.AccountID == accountID {
			return true, nil
		}
	}
	return false, nil
}

// wireTransaction is a DepotTransaction.
type wireTransaction struct {
	TransactionID        string         `json:"transactionId"`
	BookingStatus        string         `json:"bookingStatus"`
	BookingDate          string         `json:"bookingDate"`
	SettlementDate       string         `json:"settlementDate"`
	BusinessDate         string         `json:"businessDate"`
	Quantity             wireAmount     `json:"quantity"`
	Instrument           wireInstrument `json:"instrument"`
	ExecutionPrice       wireAmount     `json:"executionPrice"`
	TransactionValue     wireAmount     `json:"transactionValue"`
	TransactionDirection string         `json:"transactionDirection"`
	TransactionType      string         `json:"transactionType"`
}

type wireTransactions struct {
	Paging struct {
		Index   int `json:"index"`
		Matches int `json:"matches"`
	} `json:"paging"`
	Values []wireTransaction `json:"values"`
}

func date(s string) integrations.Date {
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return ""
	}
	d, err := integrations.ParseDate(s[:10])
	if err != nil {
		return ""
	}
	return d
}

func (t wireTransaction) date() integrations.Date {
	if d := date(t.BusinessDate); d != "" {
		return d
	}
	return date(t.BookingDate)
}

func decodeTransactions(b []byte) (wireTransactions, error) {
	var w wireTransactions
	if err := json.Unmarshal(b, &w); err != nil {
		return wireTransactions{}, errMalformed
	}
	for _, t := range w.Values {
		if t.TransactionType == "" || t.date() == "" || !t.Quantity.Value.Valid {
			return wireTransactions{}, errMalformed
		}
	}
	return w, nil
}

var kinds = map[string]integrations.ActivityType{
	"BUY": integrations.ActivityBuy, "SELL": integrations.ActivitySell,
	"TRANSFER_IN": integrations.ActivityTransferIn, "TRANSFER_OUT": integrations.ActivityTransferOut,
}

// activity maps a booked depot transaction: a buy takes its value out of
// cash, a sell brings it in; transfers move units, not cash.
func activity(depotID string, t wireTransaction) integrations.Activity {
	raw := strings.ToUpper(strings.TrimSpace(t.TransactionType))
	typ, ok := kinds[raw]
	if !ok {
		typ = integrations.ActivityOther
	}
	units := t.Quantity.Value.Decimal.Abs()
	value := t.TransactionValue.Value.Decimal.Abs().Round(2)
	cur := strings.ToUpper(strings.TrimSpace(t.TransactionValue.Unit))
	if cur == "" || cur == "XXX" {
		cur = "EUR"
	}
	a := integrations.Activity{
		ID: t.TransactionID, Type: typ, RawType: raw, TradeDate: t.date(), SettlementDate: date(t.SettlementDate),
		Symbol: t.Instrument.ticker(""), Units: units, Price: t.ExecutionPrice.Value.OrZero(), Currency: cur,
		Description: strings.TrimSpace(t.Instrument.Name),
	}
	if a.SettlementDate != "" && a.SettlementDate < a.TradeDate {
		a.SettlementDate = ""
	}
	switch typ {
	case integrations.ActivityBuy:
		a.Amount = value.Neg()
	case integrations.ActivitySell:
		a.Units, a.Amount = units.Neg(), value
	case integrations.ActivityTransferOut:
		a.Units = units.Neg()
	case integrations.ActivityOther:
		if strings.EqualFold(t.TransactionDirection, "OUT") {
			a.Units = units.Neg()
		}
	}
	if a.ID == "" {
		a.ID = integrations.AccountHash(depotID, fmt.Sprint(raw, a.TradeDate, a.Symbol, units, value))
	}
	return a
}

// wireCashTransaction is an AccountTransaction of the settlement account
// (GET /banking/v1/accounts/{accountId}/transactions). Its remitter,
// debtor ("deptor" in the swagger) and creditor are not read: the
// mapping needs none of them.
type wireCashTransaction struct {
	Reference       string     `json:"reference"`
	BookingStatus   string     `json:"bookingStatus"`
	BookingDate     string     `json:"bookingDate"`
	ValutaDate      string     `json:"valutaDate"`
	Amount          wireAmount `json:"amount"`
	RemittanceInfo  string     `json:"remittanceInfo"`
	TransactionType *struct {
		Key  string `json:"key"`
		Text string `json:"text"`
	} `json:"transactionType"`
}

type wireCashTransactions struct {
	Paging struct {
		Index   int `json:"index"`
		Matches int `json:"matches"`
	} `json:"paging"`
	Values []wireCashTransaction `json:"values"`
}

// booked is a row to read: booked (the status BOOKED, or none given), with
// a booking date and an amount. A NOTBOOKED row (its bookingDate null) is
// left out: it comes again once booked. So is a booked row without an
// amount: comdirect's clients report amount null on live rows "for some
// transaction types" (mcdax's COMDIRECT_API.md), a row with no money to
// count, left out without a word (no read would give it an amount).
func (t wireCashTransaction) booked() bool {
	return t.dated() && t.Amount.Value.Valid
}

// dated is a booked row with its booking date.
func (t wireCashTransaction) dated() bool {
	return (t.BookingStatus == "" || strings.EqualFold(t.BookingStatus, "BOOKED")) && date(t.BookingDate) != ""
}

// decodeCashTransactions reads a page of the settlement account's
// transactions. A booked row without a booking date is malformed; an
// unbooked one, or a booked one without an amount, is read and left out
// by booked.
func decodeCashTransactions(b []byte) (wireCashTransactions, error) {
	var w wireCashTransactions
	if err := json.Unmarshal(b, &w); err != nil {
		return wireCashTransactions{}, errMalformed
	}
	for _, t := range w.Values {
		if strings.EqualFold(t.BookingStatus, "NOTBOOKED") {
			continue
		}
		if date(t.BookingDate) == "" {
			return wireCashTransactions{}, errMalformed
		}
	}
	return w, nil
}

// remittance is remittanceInfo as one text: a booked row's lines come as
// windows of 37 characters (not bytes), a two-digit line number ("01",
// "02", ...) and 35 characters padded with spaces, without line breaks (the
// last window may be shorter). The numbers are dropped and the windows
// joined as they are: a word wrapped across two windows is whole again, a
// padded line ends in its spaces. Text that is not in such windows is
// returned as it is. first is the first line with its spaces collapsed.
func remittance(s string) (all, first string) {
	const width = 37
	r := []rune(s)
	var b strings.Builder
	for i, n := 0, 1; i < len(r); i, n = i+width, n+1 {
		if i+2 > len(r) || string(r[i:i+2]) != fmt.Sprintf("%02d", n%100) {
			b.Reset()
			break
		}
		line := string(r[i+2 : min(i+width, len(r))])
		if n == 1 {
			first = line
		}
		b.WriteString(line)
	}
	if b.Len() == 0 {
		all = s
		first, _, _ = strings.Cut(s, "\n")
	} else {
		all = b.String()
	}
	return all, strings.Join(strings.Fields(first), " ")
}

// cashKind is what a settlement-account row is, by its transactionType.
type cashKind int

const (
	cashOther      cashKind = iota // Sonstiges, a type not known: by its text, else OTHER
	cashSecurities                 // Wertpapier, Sparplan: a trade's cash leg (left to the depot) or a security's income
	cashIncome                     // Zinsen / Dividenden
	cashFee                        // Bankgebühren
	cashFlow                       // Überweisung, Lastschrift, Dauerauftrag, Karte, Geldautomat, Bar, Scheck, Geldanlage, Devisen, Sorten: money in or out
	cashReversal                   // Storno: undoes an earlier row
)

// cashKinds names the transaction types by their key or text, folded by
// fold: the keys seen in answers (TRANSFER, DIRECT_DEBIT, CARD_TRANSACTION,
// ATM_WITHDRAWAL, SECURITIES, INTEREST_DIVIDENDS, BANK_FEES, MISCELLANEOUS)
// and the German and English texts of the documentation's list (4.2.3),
// which a key not seen yet is taken to follow (STANDING_ORDER, SAVING_PLAN,
// CURRENCY_EXCHANGE, FOREIGN_CURRENCY_EXCHANGE, CANCELLATION).
var cashKinds = map[string]cashKind{
	"securities": cashSecurities, "wertpapier": cashSecurities, "wertpapiere": cashSecurities,
	"savingplan": cashSecurities, "savingsplan": cashSecurities, "sparplan": cashSecurities,
	"interestdividends": cashIncome, "zinsendividenden": cashIncome, "zinsendividende": cashIncome,
	"bankfees": cashFee, "bankgebühren": cashFee, "bankgebuehren": cashFee,
	"transfer": cashFlow, "überweisung": cashFlow, "ueberweisung": cashFlow,
	"directdebit": cashFlow, "lastschrift": cashFlow,
	"standingorder": cashFlow, "dauerauftrag": cashFlow,
	"cardtransaction": cashFlow, "kartenverfügung": cashFlow, "kartenverfuegung": cashFlow,
	"atmwithdrawal": cashFlow, "geldautomat": cashFlow,
	"cash": cashFlow, "bar": cashFlow, "cheque": cashFlow, "check": cashFlow, "scheck": cashFlow,
	"investmentsaving": cashFlow, "savings": cashFlow, "geldanlage": cashFlow,
	"currencyexchange": cashFlow, "devisen": cashFlow,
	"foreigncurrencyexchange": cashFlow, "sorten": cashFlow, "sortenkasse": cashFlow,
	"cancellation": cashReversal, "storno": cashReversal,
}

// fold keeps a type's letters in lower case: INTEREST_DIVIDENDS and
// "Interest / Dividends" fold alike.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// Words of a booking text, in lower case, found anywhere in it (German
// compounds: Kapitalertragsteuer, Habenzinsen, Kontoführungsentgelt,
// Wertpapierkauf). Some are kept long on purpose: "ertrag" alone is in
// "Vertrag".
var (
	tradeWords    = []string{"kauf", "sparplan"} // Kauf, Verkauf, Wertpapierkauf
	dividendWords = []string{"dividend", "ertragsgutschrift", "ertragsaussch", "ausschüttung", "ausschuettung"}
	interestWords = []string{"zins", "kupon", "coupon"}
	taxWords      = []string{"steuer", "solidaritätszuschlag", "solidaritaetszuschlag"}
	feeWords      = []string{"entgelt", "gebühr", "gebuehr", "provision"}
)

// namesTrade says whether a reversal's text names a trade: a word
// "Kauf" or "Verkauf", or one holding "wertpapier" or "sparplan"
// (Wertpapierkauf, Sparplanausführung). Whole words only: "Einkauf" on a
// card payment's reversal is no trade.
func namesTrade(s string) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if w == "kauf" || w == "verkauf" || strings.Contains(w, "wertpapier") || strings.Contains(w, "sparplan") {
			return true
		}
	}
	return false
}

func hasAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// byText is the type a booking text names — a tax, a dividend, interest
// or a fee, in that order — or "" when it names none.
func byText(text string) integrations.ActivityType {
	switch {
	case hasAny(text, taxWords):
		return integrations.ActivityTax
	case hasAny(text, dividendWords):
		return integrations.ActivityDividend
	case hasAny(text, interestWords):
		return integrations.ActivityInterest
	case hasAny(text, feeWords):
		return integrations.ActivityFee
	}
	return ""
}

// income is the type of a Zinsen / Dividenden row: DIVIDEND when its text
// names a dividend or a distribution, INTEREST when it names interest or a
// coupon, TAX when it names only a tax; else DIVIDEND for a credit and
// INTEREST for a debit (debit interest).
func income(text string, amount decimal.Decimal) integrations.ActivityType {
	switch {
	case hasAny(text, dividendWords):
		return integrations.ActivityDividend
	case hasAny(text, interestWords):
		return integrations.ActivityInterest
	case hasAny(text, taxWords):
		return integrations.ActivityTax
	case amount.IsNegative():
		return integrations.ActivityInterest
	}
	return integrations.ActivityDividend
}

// cashActivity maps a booked settlement-account row; ok is false for a row
// left out: not booked, without an amount, or a trade's cash leg. The
// amount keeps its sign (positive into the account); a row without a
// reference takes its id from ids, one RowIDs for the whole list read. The
// rule:
//
//   - Überweisung, Lastschrift, Dauerauftrag, card, cash machine, cash,
//     cheque and Geldanlage rows are money paid in (CONTRIBUTION) or out
//     (WITHDRAWAL) by their sign, whatever their text.
//   - Zinsen / Dividenden: by income (DIVIDEND, INTEREST or TAX by its
//     text; a credit that names none a DIVIDEND, a debit INTEREST).
//   - Bankgebühren: FEE (a refund keeps its positive sign).
//   - Wertpapier and Sparplan: the cash leg of a buy or sell the depot's own
//     transactions already count, left out; unless the text names no trade
//     (Kauf, Verkauf, Sparplan) but a tax, a dividend, a coupon or interest,
//     or a fee, which is then that.
//   - Devisen and Sorten (currency bought or sold, banknotes over the
//     counter): euros leaving the account are a WITHDRAWAL, entering it a
//     CONTRIBUTION, as for the payments above.
//   - Storno undoes an earlier row, so it takes that row's side: left out
//     when its text names a trade (namesTrade: the cash leg it undoes was
//     left out too); a tax, a dividend, interest or a fee, signed, when its
//     text names one; else CONTRIBUTION or WITHDRAWAL by its sign (a card
//     payment's reversal brings back what the payment took).
//   - Anything else (Sonstiges, a new key): a tax, a dividend, interest or
//     a fee when its text names one, else OTHER.
func cashActivity(accountID string, t wireCashTransaction, ids *integrations.RowIDs) (integrations.Activity, bool) {
	if !t.booked() {
		return integrations.Activity{}, false
	}
	var key, text string
	if t.TransactionType != nil {
		key, text = strings.TrimSpace(t.TransactionType.Key), strings.TrimSpace(t.TransactionType.Text)
	}
	kind, known := cashKinds[fold(key)]
	if !known {
		kind = cashKinds[fold(text)]
	}
	raw := strings.ToUpper(key)
	if raw == "" {
		raw = text
	}
	if raw == "" {
		raw = "UNKNOWN"
	}
	all, first := remittance(t.RemittanceInfo)
	words := strings.ToLower(all)
	amount := t.Amount.Value.Decimal.Round(2)
	var typ integrations.ActivityType
	switch kind {
	case cashFlow:
		typ = integrations.BySign(integrations.ActivityContribution, integrations.ActivityWithdrawal, amount)
	case cashIncome:
		typ = income(words, amount)
	case cashFee:
		typ = integrations.ActivityFee
	case cashReversal:
		if namesTrade(words) {
			return integrations.Activity{}, false
		}
		if typ = byText(words); typ == "" {
			typ = integrations.BySign(integrations.ActivityContribution, integrations.ActivityWithdrawal, amount)
		}
	case cashSecurities:
		if hasAny(words, tradeWords) {
			return integrations.Activity{}, false
		}
		if typ = byText(words); typ == "" {
			return integrations.Activity{}, false
		}
	default:
		if typ = byText(words); typ == "" {
			typ = integrations.ActivityOther
		}
	}
	cur := strings.ToUpper(strings.TrimSpace(t.Amount.Unit))
	if cur == "" {
		cur = "EUR"
	}
	desc := first
	if desc == "" {
		desc = text
	}
	a := integrations.Activity{ID: strings.TrimSpace(t.Reference), Type: typ, RawType: raw, TradeDate: date(t.BookingDate),
		SettlementDate: date(t.ValutaDate), Amount: amount, Currency: cur, Description: desc}
	if a.SettlementDate != "" && a.SettlementDate < a.TradeDate {
		a.SettlementDate = ""
	}
	if a.ID == "" {
		if ids == nil {
			ids = &integrations.RowIDs{Prefix: "cash-"}
		}
		a.ID = ids.ID(fmt.Sprint(accountID, raw, a.TradeDate, amount, all))
	}
	return a, true
}

// requestInfo is the x-http-request-info header of every API call: the
// session id and a fresh 9-digit request id.
func requestInfo(sessionID string) string {
	n, _ := rand.Int(rand.Reader, big.NewInt(900000000))
	b, _ := json.Marshal(map[string]any{"clientRequestId": map[string]string{"sessionId": sessionID,
		"requestId": fmt.Sprintf("%09d", n.Int64()+100000000)}})
	return string(b)
}

// errorCode reads the code of StandardErrorResponse ({"code":...,
// "messages":[{key, severity, message, ...}]}), never its messages.
func errorCode(b []byte) string { return httpx.BodyCode(b, "code", 64, "._-") }

// defaultRetryAfter is the wait assumed for a 429 without Retry-After.
const defaultRetryAfter = time.Second

// mapStatus maps a refusal of the REST API: 401 (the token refused) and
// 403 end the grant (but on the settlement account's reads, which take a
// 403 as that call refused: readOpts.refused403); 422 carries comdirect's error code (named, never its message);
// 429 is a rate limit; 5xx and the rest are ErrUnavailable.
func mapStatus(status int, h http.Header, b []byte, now time.Time) error {
	switch {
	case status == http.StatusTooManyRequests:
		return httpx.RateLimited(h, now, defaultRetryAfter)
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return integrations.Wrap(integrations.ErrReauthRequired, "comdirect no longer accepts this session; log in again with a TAN")
	case status >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("comdirect answered HTTP %d", status))
	}
	return refused(status, b)
}

// refused is a refusal of one request that leaves the login as it is
// (ErrUnavailable), named by comdirect's code when it gives one.
func refused(status int, b []byte) error {
	if c := errorCode(b); c != "" {
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("comdirect refused the request (HTTP %d, %s)", status, c))
	}
	return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("comdirect answered HTTP %d", status))
}

// tokenStatus maps a refusal of /oauth/token. During the login a refused
// grant is the credentials' (invalid_client: the client credentials;
// invalid_grant: the Zugangsnummer or PIN); on a refresh it ends the grant.
func tokenStatus(status int, h http.Header, b []byte, now time.Time, login bool) error {
	switch {
	case status == http.StatusTooManyRequests || status >= 500:
		return mapStatus(status, h, b, now)
	case login:
		var e struct {
			Error string `json:"error"`
		}
		_ = json.Unmarshal(b, &e)
		if e.Error == "invalid_client" || e.Error == "unauthorized_client" {
			return integrations.Wrap(integrations.ErrInvalidCredentials, "comdirect refused the client_id or client_secret")
		}
		return integrations.Wrap(integrations.ErrInvalidCredentials, "comdirect refused the Zugangsnummer or PIN")
	}
	if err := integrations.TokenRefusal(b); err != nil {
		return err
	}
	return integrations.Wrap(integrations.ErrReauthRequired, fmt.Sprintf("comdirect refused to refresh the login (HTTP %d)", status))
}
