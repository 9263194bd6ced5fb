package statement

import (
	"sort"
	"strings"
	"unicode"

	"github.com/latchkey/latchkey/integrations"
)

// Field is what a column holds.
type Field string

// Fields a Mapping can name. Activity rows use date to description; position
// rows symbol, description, units, price, market_value, cost_basis,
// average_cost, currency; balance rows currency, cash, total.
const (
	FieldDate        Field = "date"            // trade or transaction date (required for activities)
	FieldSettleDate  Field = "settlement_date" // optional
	FieldType        Field = "type"            // the institution's word for the activity ("Buy", "YOU BOUGHT", "DIV")
	FieldSymbol      Field = "symbol"
	FieldDescription Field = "description"
	FieldUnits       Field = "units"
	FieldPrice       Field = "price"
	FieldAmount      Field = "amount"     // the cash effect (see Sign)
	FieldFee         Field = "fee"        // fees, taken as a cost whatever its sign
	FieldCommission  Field = "commission" // a second cost column, added to the fee
	FieldCurrency    Field = "currency"
	FieldAccount     Field = "account"      // account number or name, when one file holds several accounts
	FieldID          Field = "id"           // the institution's id for the row (order id, transaction id)
	FieldISIN        Field = "isin"         // security ISIN
	FieldCUSIP       Field = "cusip"        // security CUSIP
	FieldMarketValue Field = "market_value" // positions
	FieldCostBasis   Field = "cost_basis"   // positions: total cost
	FieldAverageCost Field = "average_cost" // positions: cost per unit
	FieldCash        Field = "cash"         // balances
	FieldTotal       Field = "total"        // balances: cash plus holdings
)

// Fields lists every Field in the order a mapping step shows them.
var Fields = []Field{
	FieldDate, FieldType, FieldSymbol, FieldUnits, FieldPrice, FieldAmount, FieldFee, FieldCommission,
	FieldCurrency, FieldDescription, FieldSettleDate, FieldAccount, FieldID, FieldISIN,
	FieldCUSIP, FieldMarketValue, FieldCostBasis, FieldAverageCost, FieldCash, FieldTotal,
}

// RowKind is what the rows of a section are.
type RowKind string

// Row kinds.
const (
	KindActivity RowKind = "activity" // the default
	KindPosition RowKind = "position"
	KindBalance  RowKind = "balance"
)

// Sign says how a file signs its amounts and units.
type Sign string

// Sign conventions.
const (
	// SignByType (the default, ""): the activity type decides the direction
	// when it has one (a buy, fee, tax, withdrawal or transfer out takes cash
	// out; a sell, dividend, interest, contribution or transfer in brings it
	// in; buys add units, sells remove them); other types keep the sign as
	// written. Right for both files that sign amounts and files that do not.
	SignByType Sign = ""
	// SignAsWritten: amount and units are already signed as their effect on
	// the account.
	SignAsWritten Sign = "as_written"
	// SignInverted: amounts are written with the opposite sign (a card
	// statement's purchases positive).
	SignInverted Sign = "inverted"
)

// Mapping says how to read the rows of a CSV section. It is JSON so a
// connection can keep the mapping of a file shape and reuse it.
type Mapping struct {
	Kind RowKind `json:"kind,omitempty"`
	// Columns maps a field to its column's header text, matched ignoring
	// case and surrounding space. A header-less file names columns "#1",
	// "#2", … (1-based).
	Columns map[Field]string `json:"columns"`
	// DateFormat is DateMDY, DateDMY or DateYMD; "" detects it from the
	// whole column.
	DateFormat string `json:"date_format,omitempty"`
	// Decimal is DecimalPoint or DecimalComma; "" detects it from the file.
	Decimal string `json:"decimal,omitempty"`
	Sign    Sign   `json:"sign,omitempty"`
	// Types maps the file's type words to activity types, over DefaultTypes.
	// A word matches a cell equal to it, or else the longest word found at
	// the start of a word in the cell ("you bought" in "YOU BOUGHT APPLE").
	Types map[string]integrations.ActivityType `json:"types,omitempty"`
	// DefaultType is the type of a row whose type matches no word (or of
	// every row when there is no type column); "" means ActivityOther, or
	// buy/sell by the sign of the units.
	DefaultType integrations.ActivityType `json:"default_type,omitempty"`
	// Currency is the currency of rows with no currency column or an empty
	// cell.
	Currency string `json:"currency,omitempty"`
	// Filter keeps only the rows whose column (by header text) holds one of
	// the listed values (ignoring case); other rows are ignored, not
	// problems. E.g. {"Status": ["Filled"]}.
	Filter map[string][]string `json:"filter,omitempty"`
	// Skip lists first-cell words of rows that are summaries, not data
	// ("Total", "Subtotal"), over the built-in ones.
	Skip []string `json:"skip,omitempty"`
}

// kind returns the row kind, KindActivity by default.
func (m Mapping) kind() RowKind {
	if m.Kind == "" {
		return KindActivity
	}
	return m.Kind
}

// DefaultTypes are the type words every mapping knows (lower case).
var DefaultTypes = map[string]integrations.ActivityType{
	"buy": integrations.ActivityBuy, "bought": integrations.ActivityBuy, "you bought": integrations.ActivityBuy,
	"purchase": integrations.ActivityBuy, "market buy": integrations.ActivityBuy, "limit buy": integrations.ActivityBuy,
	"buy to open": integrations.ActivityBuy, "buy to close": integrations.ActivityBuy, "b": integrations.ActivityBuy,
	"sell": integrations.ActivitySell, "sold": integrations.ActivitySell, "you sold": integrations.ActivitySell,
	"sale": integrations.ActivitySell, "market sell": integrations.ActivitySell, "limit sell": integrations.ActivitySell,
	"sell to open": integrations.ActivitySell, "sell to close": integrations.ActivitySell, "s": integrations.ActivitySell,
	"dividend": integrations.ActivityDividend, "div": integrations.ActivityDividend, "dividends": integrations.ActivityDividend,
	"cash dividend": integrations.ActivityDividend, "qualified dividend": integrations.ActivityDividend,
	"dividend received": integrations.ActivityDividend, "distribution": integrations.ActivityDividend,
	"interest": integrations.ActivityInterest, "int": integrations.ActivityInterest, "credit interest": integrations.ActivityInterest,
	"interest earned": integrations.ActivityInterest, "bank interest": integrations.ActivityInterest,
	"fee": integrations.ActivityFee, "fees": integrations.ActivityFee, "commission": integrations.ActivityFee,
	"service fee": integrations.ActivityFee, "margin interest": integrations.ActivityFee, "adr fee": integrations.ActivityFee,
	"tax": integrations.ActivityTax, "withholding": integrations.ActivityTax, "withholding tax": integrations.ActivityTax,
	"foreign tax": integrations.ActivityTax, "foreign tax paid": integrations.ActivityTax, "nra tax": integrations.ActivityTax,
	"deposit": integrations.ActivityContribution, "contribution": integrations.ActivityContribution,
	"cash in": integrations.ActivityContribution, "funding": integrations.ActivityContribution, "eft in": integrations.ActivityContribution,
	"withdrawal": integrations.ActivityWithdrawal, "withdraw": integrations.ActivityWithdrawal, "cash out": integrations.ActivityWithdrawal,
	"eft out": integrations.ActivityWithdrawal, "disbursement": integrations.ActivityWithdrawal,
	"transfer in": integrations.ActivityTransferIn, "transfer of assets in": integrations.ActivityTransferIn,
	"transferred in": integrations.ActivityTransferIn, "journal in": integrations.ActivityTransferIn,
	"transfer out": integrations.ActivityTransferOut, "transferred out": integrations.ActivityTransferOut,
	"journal out": integrations.ActivityTransferOut,
	"split":       integrations.ActivitySplit, "stock split": integrations.ActivitySplit, "reverse split": integrations.ActivitySplit,
	"reinvest": integrations.ActivityReinvest, "reinvestment": integrations.ActivityReinvest,
	"dividend reinvest": integrations.ActivityReinvest, "dividend reinvestment": integrations.ActivityReinvest,
	"reinvest dividend": integrations.ActivityReinvest, "reinvested dividend": integrations.ActivityReinvest, "drip": integrations.ActivityReinvest,
}

// typeTable is a compiled word list, longest word first.
type typeTable struct {
	exact map[string]integrations.ActivityType
	words []string
	found map[string]integrations.ActivityType // lookups of cells not in exact ("" for none)
}

func compileTypes(m Mapping) *typeTable {
	t := &typeTable{exact: make(map[string]integrations.ActivityType)}
	for w, ty := range DefaultTypes {
		t.exact[normWord(w)] = ty
	}
	for w, ty := range m.Types {
		t.exact[normWord(w)] = ty
	}
	for w := range t.exact {
		if len(w) > 2 { // one- and two-letter codes match whole cells only
			t.words = append(t.words, w)
		}
	}
	sort.Slice(t.words, func(i, j int) bool {
		if len(t.words[i]) != len(t.words[j]) {
			return len(t.words[i]) > len(t.words[j])
		}
		return t.words[i] < t.words[j]
	})
	return t
}

// lookup finds the type of a cell's words (normWord), ok false when no
// word matches.
func (t *typeTable) lookup(w string) (integrations.ActivityType, bool) {
	if w == "" {
		return "", false
	}
	if ty, ok := t.exact[w]; ok {
		return ty, true
	}
	if ty, ok := t.found[w]; ok {
		return ty, ty != ""
	}
	ty := integrations.ActivityType("")
	for _, k := range t.words {
		if i := strings.Index(w, k); i >= 0 && (i == 0 || w[i-1] == ' ') {
			ty = t.exact[k]
			break
		}
	}
	if t.found == nil {
		t.found = make(map[string]integrations.ActivityType)
	}
	if len(t.found) < memoMax {
		t.found[w] = ty
	}
	return ty, ty != ""
}

// Words lower-cases s, turns punctuation into spaces and collapses runs of
// space: the form in which header names and activity words are compared.
// Presets match their rules on it too.
func Words(s string) string { return normWord(s) }

// normWord is Words.
func normWord(s string) string {
	if w, ok := normASCII(s); ok {
		return w
	}
	return normWordRunes(s)
}

// WordByte is ASCII byte c as it stands in Words: a letter lower-cased or a
// digit, ok false for anything else (which separates words).
func WordByte(c byte) (byte, bool) {
	switch {
	case c >= 'A' && c <= 'Z':
		return c + 'a' - 'A', true
	case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		return c, true
	}
	return 0, false
}

// normWordRunes is normWord rune by rune (normASCII is its fast path).
func normWordRunes(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}

// normASCII is normWord of an ASCII s, ok false when s is not ASCII. It
// returns s itself when s is already normal (no allocation).
func normASCII(s string) (string, bool) {
	normal := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
			return "", false
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == ' ' && i > 0 && i < len(s)-1 && s[i-1] != ' ':
		default:
			normal = false
		}
	}
	if normal {
		return s, true
	}
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c, ok := WordByte(s[i])
		if !ok {
			space = true
			continue
		}
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		b = append(b, c)
	}
	return string(b), true
}

// synonyms are header words per field, most specific first.
var synonyms = map[Field][]string{
	FieldDate: {"trade date", "transaction date", "activity date", "run date", "date", "process date",
		"posted date", "posting date", "filled time", "execution time", "exec time", "time", "datum", "date time", "created"},
	FieldSettleDate:  {"settlement date", "settle date", "settled date", "value date", "settlement"},
	FieldType:        {"transaction type", "activity type", "type", "action", "trans code", "side", "activity", "transaction", "buy sell", "operation"},
	FieldSymbol:      {"symbol", "ticker", "ticker symbol", "instrument", "security", "stock", "code", "product"},
	FieldDescription: {"description", "security description", "details", "name", "memo", "narrative", "security name", "instrument name", "comment", "notes"},
	FieldUnits:       {"quantity", "qty", "shares", "units", "no of shares", "number of shares", "filled qty", "filled", "volume", "amount of shares"},
	FieldPrice:       {"price", "unit price", "avg price", "average price", "execution price", "fill price", "price per share", "share price", "trade price", "exec price"},
	FieldAmount:      {"amount", "net amount", "total amount", "net", "total", "value", "proceeds", "net cash", "cash amount", "settlement amount", "amount usd", "amount cad"},
	FieldFee:         {"fee", "fees", "fees comm", "commission fees", "transaction costs", "charges", "comm fee", "regulatory fee"},
	FieldCommission:  {"commission", "commissions", "comm"},
	FieldCurrency:    {"currency", "ccy", "curr", "settlement currency", "trade currency"},
	FieldAccount:     {"account", "account number", "account no", "account id", "acct", "account name"},
	FieldID:          {"transaction id", "order id", "trade id", "id", "reference", "ref", "order no", "confirmation number"},
	FieldISIN:        {"isin"},
	FieldCUSIP:       {"cusip"},
	FieldMarketValue: {"market value", "current value", "mkt value", "value", "market val"},
	FieldCostBasis:   {"cost basis", "cost basis total", "total cost", "book value", "book cost", "cost"},
	FieldAverageCost: {"average cost", "avg cost", "average cost basis", "cost per share", "unit cost"},
	FieldCash:        {"cash", "cash balance", "available cash"},
	FieldTotal:       {"total value", "account value", "total equity", "net liquidation value", "equity"},
}

// Guess proposes a mapping for a header row: each column goes to the field
// whose header words it matches best, each field to one column. A header
// with a market value and no date is read as positions. The date order and
// decimal separator are left to detection.
func Guess(header []string) Mapping {
	type cand struct {
		col   int
		field Field
		score int
	}
	var cands []cand
	for i, h := range header {
		n := normWord(h)
		if n == "" {
			continue
		}
		for f, words := range synonyms {
			for rank, w := range words {
				s := 0
				switch {
				case n == w:
					s = 1000 - rank
				case strings.HasPrefix(n, w+" ") || strings.HasSuffix(n, " "+w) || strings.Contains(n, " "+w+" "):
					s = 500 - rank - len(n)
				}
				if s > 0 {
					cands = append(cands, cand{i, f, s})
				}
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	m := Mapping{Columns: make(map[Field]string)}
	usedCol := make(map[int]bool)
	for _, c := range cands {
		if usedCol[c.col] || m.Columns[c.field] != "" {
			continue
		}
		m.Columns[c.field] = strings.TrimSpace(header[c.col])
		usedCol[c.col] = true
	}
	if m.Columns[FieldDate] == "" && (m.Columns[FieldMarketValue] != "" || m.Columns[FieldCostBasis] != "" || m.Columns[FieldAverageCost] != "") {
		m.Kind = KindPosition
	}
	return m
}

// columnIndex finds a mapped column in a header: by its text (ignoring
// case, space and punctuation), or "#n" for the n-th column.
func columnIndex(header []string, name string) int {
	if name == "" {
		return -1
	}
	if strings.HasPrefix(name, "#") {
		if n := atoi(name[1:]); n >= 1 {
			return n - 1
		}
	}
	want := strings.ToLower(strings.TrimFunc(name, isSpace))
	for i, h := range header {
		if strings.ToLower(strings.TrimFunc(h, isSpace)) == want {
			return i
		}
	}
	nw := normWord(name)
	for i, h := range header {
		if nw != "" && normWord(h) == nw {
			return i
		}
	}
	return -1
}
