package statement

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/unicode"

	"github.com/latchkey/latchkey/integrations"
)

// The CSVs here are synthetic: shaped like real exports (preambles, quoted
// commas, parentheses, summary rows, sections) but no institution's file.

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func parseString(t *testing.T, in string, opts Options) (*Result, error) {
	t.Helper()
	return Parse(context.Background(), "test.csv", strings.NewReader(in), opts)
}

func acts(r *Result) []integrations.Activity {
	var out []integrations.Activity
	for _, a := range r.Dataset.Accounts {
		out = append(out, r.Dataset.Activities[a.ID]...)
	}
	return out
}

var basicMapping = Mapping{Columns: map[Field]string{
	FieldDate: "Date", FieldType: "Action", FieldSymbol: "Symbol", FieldUnits: "Quantity",
	FieldPrice: "Price", FieldFee: "Fees", FieldAmount: "Amount", FieldDescription: "Description",
}, Currency: "USD"}

const basicCSV = `Activity export,generated 2024-02-05
Account,X-1234

Date,Action,Symbol,Description,Quantity,Price,Fees,Amount
01/31/2024,Buy,AAPL,"Apple, Inc.",10,"1,000.00",1.00,"(10,001.00)"
02/01/2024,Dividend,AAPL,=HYPERLINK("http://x"),,,,5.25
02/02/2024,Sell,MSFT,+SUM(A1:A9),-2,400,0,800
02/03/2024,Fee,,@cmd|' /C calc'!A0,,,,(3.00)
02/04/2024,Deposit,,-2+3,,,,"1,000"
13/45/2024,Buy,AAPL,bad date,1,1,0,(1)
02/05/2024,Buy,AAPL,bad amount,1,1,0,12abc
,Total,,,,,,"(8,195.75)"
The data in this export is provided for information only.
`

func TestParseMappedCSV(t *testing.T) {
	m := basicMapping
	res, err := parseString(t, basicCSV, Options{Mapping: &m, AccountID: "acct-1"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != FormatCSV || res.Delimiter != "," || res.Encoding != EncUTF8 {
		t.Errorf("format %+v", res)
	}
	if res.Good != 5 || res.Rows != 7 || res.Ignored != 2 || len(res.Problems) != 2 {
		t.Fatalf("good %d rows %d ignored %d problems %v", res.Good, res.Rows, res.Ignored, res.Problems)
	}
	p0, p1 := res.Problems[0], res.Problems[1]
	if p0.Line != 10 || p0.Column != "Date" || !strings.Contains(p0.Reason, "not a date") {
		t.Errorf("problem 0 %+v", p0)
	}
	if p1.Line != 11 || p1.Column != "Amount" || !strings.Contains(p1.Reason, "not a number") {
		t.Errorf("problem 1 %+v", p1)
	}
	a := acts(res)
	buy := a[0]
	if buy.Type != integrations.ActivityBuy || buy.TradeDate != "2024-01-31" || buy.Symbol != "AAPL" ||
		!buy.Units.Equal(d("10")) || !buy.Price.Equal(d("1000")) || !buy.Fee.Equal(d("1")) ||
		!buy.Amount.Equal(d("-10001")) || buy.Currency != "USD" || buy.Description != "Apple, Inc." {
		t.Errorf("buy %+v", buy)
	}
	// Formula-looking text stays literal text.
	for i, want := range []string{`=HYPERLINK("http://x")`, "+SUM(A1:A9)", "@cmd|' /C calc'!A0", "-2+3"} {
		if a[i+1].Description != want {
			t.Errorf("description %d = %q, want %q", i+1, a[i+1].Description, want)
		}
	}
	if a[2].Type != integrations.ActivitySell || !a[2].Units.Equal(d("-2")) || !a[2].Amount.Equal(d("800")) {
		t.Errorf("sell %+v", a[2])
	}
	if a[3].Type != integrations.ActivityFee || !a[3].Amount.Equal(d("-3")) {
		t.Errorf("fee %+v", a[3])
	}
	if a[4].Type != integrations.ActivityContribution || !a[4].Amount.Equal(d("1000")) {
		t.Errorf("deposit %+v", a[4])
	}
	if len(res.Dataset.Accounts) != 1 || res.Dataset.Accounts[0].ID != "acct-1" || res.Accounts[0].AccountID != "acct-1" {
		t.Errorf("accounts %+v", res.Dataset.Accounts)
	}
	if got := res.AsOf().Format(time.DateOnly); got != "2024-02-04" {
		t.Errorf("as of %s, want the newest activity", got)
	}
}

// Unsigned files take the direction from the type; signed files are kept;
// inverted files are negated.
func TestSignConventions(t *testing.T) {
	unsigned := "Date,Type,Amount,Qty\n2024-01-02,Buy,100,5\n2024-01-03,Sell,50,5\n2024-01-04,Withdrawal,20,\n2024-01-05,Dividend,3,\n"
	m := Mapping{Columns: map[Field]string{FieldDate: "Date", FieldType: "Type", FieldAmount: "Amount", FieldUnits: "Qty"}, Currency: "CAD"}
	res, err := parseString(t, unsigned, Options{Mapping: &m})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"-100", "50", "-20", "3"}
	wantUnits := []string{"5", "-5", "0", "0"}
	for i, a := range acts(res) {
		if !a.Amount.Equal(d(want[i])) || !a.Units.Equal(d(wantUnits[i])) {
			t.Errorf("unsigned row %d: amount %s units %s", i, a.Amount, a.Units)
		}
	}
	// A signed file: a negative dividend (a reversal) stays negative.
	signed := "Date,Type,Amount\n2024-01-02,Buy,-100\n2024-01-03,Dividend,-3\n"
	ms := Mapping{Columns: map[Field]string{FieldDate: "Date", FieldType: "Type", FieldAmount: "Amount"}, Currency: "CAD"}
	res, _ = parseString(t, signed, Options{Mapping: &ms})
	if a := acts(res); !a[0].Amount.Equal(d("-100")) || !a[1].Amount.Equal(d("-3")) {
		t.Errorf("signed: %s %s", a[0].Amount, a[1].Amount)
	}
	inv := Mapping{Columns: map[Field]string{FieldDate: "Date", FieldType: "Type", FieldAmount: "Amount"}, Currency: "CAD", Sign: SignInverted}
	card := "Date,Type,Amount\n2024-01-02,Purchase at shop,12.5\n2024-01-03,Payment,-100\n"
	res, err = parseString(t, card, Options{Mapping: &inv})
	if err != nil {
		t.Fatal(err)
	}
	if a := acts(res); !a[0].Amount.Equal(d("-12.5")) || !a[1].Amount.Equal(d("100")) {
		t.Errorf("inverted: %s %s", a[0].Amount, a[1].Amount)
	}
}

// Without an amount column the amount is units × price ± fee.
func TestAmountFromUnitsAndPrice(t *testing.T) {
	in := "Date,Side,Qty,Price,Commission\n2024-01-02,BUY,10,12.5,1\n2024-01-03,SELL,4,13,1\n"
	m := Guess(strings.Split("Date,Side,Qty,Price,Commission", ","))
	if m.Columns[FieldCommission] != "Commission" {
		t.Fatalf("guess %v", m.Columns)
	}
	m.Currency = "USD"
	res, err := parseString(t, in, Options{Mapping: &m})
	if err != nil {
		t.Fatal(err)
	}
	a := acts(res)
	if !a[0].Amount.Equal(d("-126")) || !a[1].Amount.Equal(d("51")) || !a[1].Units.Equal(d("-4")) {
		t.Errorf("amounts %s %s units %s", a[0].Amount, a[1].Amount, a[1].Units)
	}
}

func ids(r *Result) []string {
	var out []string
	for _, a := range acts(r) {
		out = append(out, a.ID)
	}
	return out
}

// Identical rows stay two activities; the same file gives the same ids; an
// overlapping file gives the shared rows the same ids.
func TestActivityIDs(t *testing.T) {
	m := Mapping{Columns: map[Field]string{FieldDate: "Date", FieldType: "Type", FieldAmount: "Amount", FieldSymbol: "Symbol"}, Currency: "USD"}
	rows := []string{
		"2024-01-02,Dividend,AAPL,1.00",
		"2024-01-02,Dividend,AAPL,1.00",
		"2024-01-03,Buy,MSFT,-5",
		"2024-01-04,Sell,MSFT,6",
	}
	file := func(rs ...string) string { return "Date,Type,Symbol,Amount\n" + strings.Join(rs, "\n") + "\n" }
	r1, err := parseString(t, file(rows...), Options{Mapping: &m})
	if err != nil {
		t.Fatal(err)
	}
	i1 := ids(r1)
	if i1[0] == i1[1] {
		t.Fatal("identical rows share an id")
	}
	r2, _ := parseString(t, file(rows...), Options{Mapping: &m})
	if !reflect.DeepEqual(i1, ids(r2)) {
		t.Errorf("re-read: %v vs %v", i1, ids(r2))
	}
	// The next month's file repeats the last two rows and adds one; the same
	// rows written differently (amount "6.00") keep their ids.
	r3, _ := parseString(t, file(rows[2], "2024-01-04,Sell,MSFT,6.00", "2024-01-05,Buy,AAPL,-7"), Options{Mapping: &m})
	i3 := ids(r3)
	if i3[0] != i1[2] || i3[1] != i1[3] || i3[2] == i1[0] {
		t.Errorf("overlap: %v vs %v", i3, i1)
	}
	// An id column is used as is, made unique by occurrence.
	mi := m
	mi.Columns = map[Field]string{FieldDate: "Date", FieldAmount: "Amount", FieldID: "Ref"}
	r4, _ := parseString(t, "Date,Ref,Amount\n2024-01-02,A1,1\n2024-01-02,A1,2\n2024-01-03,B2,3\n", Options{Mapping: &mi})
	if got := ids(r4); !reflect.DeepEqual(got, []string{"A1", "A1#1", "B2"}) {
		t.Errorf("id column: %v", got)
	}
}

// A semicolon file with decimal commas, day-first dates and its own type
// words.
func TestEuropeanCSV(t *testing.T) {
	in := "Datum;Vorgang;Wertpapier;Stück;Kurs;Betrag;Währung\n31.01.2024;Kauf;DE0005140008;10;12,50;-1.250,00;EUR\n01.02.2024;Verkauf;DE0005140008;5;13,10;65,50;EUR\n05.02.2024;Zinsen;;;;0,42;EUR\n"
	m := Mapping{Columns: map[Field]string{
		FieldDate: "Datum", FieldType: "Vorgang", FieldSymbol: "Wertpapier", FieldUnits: "Stück",
		FieldPrice: "Kurs", FieldAmount: "Betrag", FieldCurrency: "Währung",
	}, Types: map[string]integrations.ActivityType{"Kauf": integrations.ActivityBuy, "Verkauf": integrations.ActivitySell, "Zinsen": integrations.ActivityInterest}}
	res, err := parseString(t, in, Options{Mapping: &m})
	if err != nil {
		t.Fatal(err)
	}
	if res.Delimiter != ";" || len(res.Notes) != 0 {
		t.Errorf("delimiter %q notes %v", res.Delimiter, res.Notes)
	}
	a := acts(res)
	if a[0].TradeDate != "2024-01-31" || !a[0].Amount.Equal(d("-1250")) || !a[0].Price.Equal(d("12.5")) || a[0].Currency != "EUR" {
		t.Errorf("buy %+v", a[0])
	}
	if a[1].Type != integrations.ActivitySell || !a[1].Units.Equal(d("-5")) || a[2].Type != integrations.ActivityInterest {
		t.Errorf("%+v %+v", a[1], a[2])
	}
	// The same file saved as UTF-16 with a BOM, as some exports are.
	b := utf16(t, in, unicode.LittleEndian, unicode.IgnoreBOM)
	res2, err := Parse(context.Background(), "x.csv", strings.NewReader(string(append([]byte{0xFF, 0xFE}, b...))), Options{Mapping: &m})
	if err != nil || res2.Encoding != EncUTF16LE || res2.Good != 3 {
		t.Errorf("utf-16: %v %+v", err, res2)
	}
}

// Ambiguous day/month dates are read in the preferred order and noted.
func TestAmbiguousDatesNoted(t *testing.T) {
	m := Mapping{Columns: map[Field]string{FieldDate: "Date", FieldAmount: "Amount"}, Currency: "USD"}
	res, err := parseString(t, "Date,Amount\n01/02/2024,1\n03/04/2024,2\n", Options{Mapping: &m})
	if err != nil {
		t.Fatal(err)
	}
	if acts(res)[0].TradeDate != "2024-01-02" || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "month/day/year") {
		t.Errorf("%v %v", acts(res)[0].TradeDate, res.Notes)
	}
}

func TestNoGoodRows(t *testing.T) {
	m := Mapping{Columns: map[Field]string{FieldDate: "Date", FieldAmount: "Amount"}, Currency: "USD"}
	res, err := parseString(t, "Date,Amount\nxx,1\n2024-01-02,abc\n", Options{Mapping: &m})
	if !errors.Is(err, ErrNoRows) || res == nil || len(res.Problems) != 2 || res.Problems[0].Line != 2 {
		t.Errorf("err %v res %+v", err, res)
	}
	// A mapping whose header is not in the file.
	if _, err := parseString(t, "Foo,Bar\n1,2\n", Options{Mapping: &m}); !errors.Is(err, ErrNeedMapping) {
		t.Errorf("missing header: %v", err)
	}
}

// One file, several accounts: identities carry masked numbers only.
func TestAccountColumn(t *testing.T) {
	m := Mapping{Columns: map[Field]string{FieldDate: "Date", FieldAmount: "Amount", FieldAccount: "Account"}, Currency: "USD"}
	in := "Date,Account,Amount\n2024-01-02,12345678,1\n2024-01-03,87654321,2\n2024-01-04,12345678,3\n"
	res, err := parseString(t, in, Options{Mapping: &m, Institution: "example"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Accounts) != 2 || res.Accounts[0].Number != "••••5678" || res.Accounts[1].Number != "••••4321" {
		t.Fatalf("identities %+v", res.Accounts)
	}
	if res.Accounts[0].AccountID != AccountID("example", "12345678") {
		t.Errorf("id %s", res.Accounts[0].AccountID)
	}
	js, _ := json.Marshal(res)
	if strings.Contains(string(js), "12345678") || strings.Contains(string(js), "87654321") {
		t.Error("a full account number left the parser")
	}
	if n := len(res.Dataset.Activities[res.Accounts[0].AccountID]); n != 2 {
		t.Errorf("first account has %d activities", n)
	}
}

func TestMaskNumber(t *testing.T) {
	for in, want := range map[string]string{"12345678": "••••5678", "1234": "••••", "": "", "ab-12 34/56": "••••4/56", " 12345 ": "••••2345", "X": "••••"} {
		if got := MaskNumber(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestMappingJSON(t *testing.T) {
	m := basicMapping
	m.DateFormat, m.Decimal, m.Sign = DateDMY, DecimalComma, SignInverted
	m.Types = map[string]integrations.ActivityType{"achat": integrations.ActivityBuy}
	m.Filter = map[string][]string{"Status": {"Filled"}}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back Mapping
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(m, back) {
		t.Errorf("round trip: %v\n%+v\n%+v", err, m, back)
	}
	if !strings.Contains(string(b), `"date":"Date"`) || !strings.Contains(string(b), `"date_format":"DMY"`) {
		t.Errorf("json %s", b)
	}
}

func TestGuess(t *testing.T) {
	cases := []struct {
		header string
		want   map[Field]string
		kind   RowKind
	}{
		{"Run Date,Action,Symbol,Security Description,Quantity,Price ($),Commission ($),Fees ($),Amount ($),Settlement Date",
			map[Field]string{FieldDate: "Run Date", FieldType: "Action", FieldSymbol: "Symbol", FieldDescription: "Security Description",
				FieldUnits: "Quantity", FieldPrice: "Price ($)", FieldFee: "Fees ($)", FieldCommission: "Commission ($)", FieldAmount: "Amount ($)", FieldSettleDate: "Settlement Date"}, KindActivity},
		{"Trade Date,Side,Ticker,Qty,Avg Price,Net Amount,Currency,Order ID",
			map[Field]string{FieldDate: "Trade Date", FieldType: "Side", FieldSymbol: "Ticker", FieldUnits: "Qty", FieldPrice: "Avg Price",
				FieldAmount: "Net Amount", FieldCurrency: "Currency", FieldID: "Order ID"}, KindActivity},
		{"Date,Type,Symbol,Quantity,Price,Commission,Amount",
			map[Field]string{FieldDate: "Date", FieldType: "Type", FieldCommission: "Commission", FieldAmount: "Amount"}, KindActivity},
		{"Symbol,Description,Quantity,Last Price,Current Value,Cost Basis Total",
			map[Field]string{FieldSymbol: "Symbol", FieldDescription: "Description", FieldUnits: "Quantity", FieldMarketValue: "Current Value", FieldCostBasis: "Cost Basis Total"}, KindPosition},
	}
	for _, c := range cases {
		m := Guess(strings.Split(c.header, ","))
		for f, col := range c.want {
			if m.Columns[f] != col {
				t.Errorf("%q: %s = %q, want %q (all %v)", c.header, f, m.Columns[f], col, m.Columns)
			}
		}
		if m.kind() != c.kind {
			t.Errorf("%q: kind %s", c.header, m.kind())
		}
	}
}

func TestPreview(t *testing.T) {
	tb, err := ReadTable(context.Background(), strings.NewReader(basicCSV), Options{})
	if err != nil {
		t.Fatal(err)
	}
	line, hdr := tb.Header()
	if line != 4 || hdr[0] != "Date" {
		t.Fatalf("header at %d: %v", line, hdr)
	}
	m := Guess(hdr)
	rows, err := Preview(context.Background(), tb, m, 6)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 || rows[0].Activity == nil || rows[0].Line != 5 || rows[5].Problem == nil || rows[5].Problem.Line != 10 {
		t.Fatalf("preview %+v", rows)
	}
	if !rows[0].Activity.Amount.Equal(d("-10001")) {
		t.Errorf("preview amount %s", rows[0].Activity.Amount)
	}
	if _, err := Preview(context.Background(), tb, Mapping{Columns: map[Field]string{FieldDate: "Nope"}}, 5); !errors.Is(err, ErrNeedMapping) {
		t.Errorf("bad mapping: %v", err)
	}
}

// A two-section preset (positions and activity, with balances), detected
// among others, with hooks reading the preamble.
func TestPresetSections(t *testing.T) {
	in := `Statement for account 98765432
As of,2024-03-31

Holdings
Symbol,Name,Quantity,Price,Market Value,Book Cost
XEQT,"iShares Core Equity ETF Portfolio",100,"30.10","3,010.00","2,800.00"
CASH,Cash,,,"150.25",
Total,,,,"3,160.25",

Transactions
Date,Type,Symbol,Quantity,Amount
2024-03-01,Buy,XEQT,10,(300.00)
2024-03-15,Dividend,XEQT,,12.00
`
	holdings := Section{Name: "holdings", Mapping: Mapping{Kind: KindPosition, Columns: map[Field]string{
		FieldSymbol: "Symbol", FieldDescription: "Name", FieldUnits: "Quantity", FieldPrice: "Price",
		FieldMarketValue: "Market Value", FieldCostBasis: "Book Cost"}, Currency: "CAD"}}
	trades := Section{Name: "transactions", Mapping: Mapping{Columns: map[Field]string{
		FieldDate: "Date", FieldType: "Type", FieldSymbol: "Symbol", FieldUnits: "Quantity", FieldAmount: "Amount"}, Currency: "CAD"}}
	var rowsSeen int
	p := Preset{
		Name: "example-statement", Institution: "example", Title: "Example statement",
		Sections: []Section{holdings, trades},
		Hooks: Hooks{
			Row: func(sec string, r *Row) (bool, error) {
				rowsSeen++
				return sec == "holdings" && r.Get("Symbol") == "CASH", nil
			},
			Finish: func(tb *Table, r *Result) error {
				for _, rec := range tb.Records {
					if len(rec.Cells) == 1 && strings.HasPrefix(rec.Cells[0], "Statement for account ") {
						num := strings.TrimPrefix(rec.Cells[0], "Statement for account ")
						r.SetAccount(DefaultAccountID, NewIdentity("example", num, "CAD"))
					}
					if len(rec.Cells) == 2 && rec.Cells[0] == "As of" {
						dt, _ := ParseDate(rec.Cells[1], DateYMD)
						r.Dataset.AsOf = dt.Time()
					}
				}
				return nil
			},
		},
	}
	other := Preset{Name: "other", Sections: []Section{trades}}
	res, err := parseString(t, in, Options{Presets: []Preset{other, p}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Preset != "example-statement" {
		t.Fatalf("preset %q", res.Preset)
	}
	if len(res.Accounts) != 1 || res.Accounts[0].Number != "••••5432" || res.Accounts[0].AccountID != AccountID("example", "98765432") {
		t.Fatalf("identity %+v", res.Accounts)
	}
	id := res.Accounts[0].AccountID
	pos := res.Dataset.Positions[id]
	if len(pos) != 1 || pos[0].Symbol.Ticker != "XEQT" || !pos[0].MarketValue.Equal(d("3010")) ||
		!pos[0].CostBasis.Decimal.Equal(d("2800")) || !pos[0].AverageCost.Decimal.Equal(d("28")) ||
		pos[0].AsOf.Format(time.DateOnly) != "2024-03-31" {
		t.Errorf("positions %+v", pos)
	}
	if a := res.Dataset.Activities[id]; len(a) != 2 || !a[0].Amount.Equal(d("-300")) {
		t.Errorf("activities %+v", a)
	}
	if res.Ignored != 2 || rowsSeen != 4 || len(res.Problems) != 0 {
		t.Errorf("ignored %d rows seen %d problems %v", res.Ignored, rowsSeen, res.Problems)
	}
	if res.Dataset.Accounts[0].Number != "••••5432" || res.Dataset.Accounts[0].Category != integrations.CategoryInvestment {
		t.Errorf("account %+v", res.Dataset.Accounts[0])
	}
	// Forced by name.
	res, err = parseString(t, in, Options{Presets: []Preset{other, p}, Preset: "other"})
	if err != nil || res.Preset != "other" || len(res.Dataset.Positions) != 0 {
		t.Errorf("forced: %v %+v", err, res)
	}
}

// Files whose every line starts with its section's name (header and data
// lines told apart by the second cell), read with Prefix and Filter.
func TestPrefixedSections(t *testing.T) {
	in := `Statement,Header,Field Name,Field Value
Statement,Data,Period,"January 1, 2024 - January 31, 2024"
Trades,Header,DataDiscriminator,Symbol,Date/Time,Quantity,T. Price,Proceeds,Comm/Fee,Currency
Trades,Data,Order,AAPL,"2024-01-05, 10:31:02",10,185.5,-1855,-1,USD
Trades,Data,Order,AAPL,"2024-01-08, 14:02:11",-4,190,760,-1,USD
Trades,SubTotal,,AAPL,,6,,-1095,-2,USD
Trades,Total,,,,,,-1095,-2,USD
Dividends,Header,Currency,Date,Description,Amount
Dividends,Data,USD,2024-01-15,AAPL Cash Dividend USD 0.24 per Share,2.4
Dividends,Data,Total,,,2.4
`
	p := Preset{Name: "prefixed", Sections: []Section{
		{Name: "trades", Prefix: []string{"Trades"}, Mapping: Mapping{
			Columns: map[Field]string{FieldDate: "Date/Time", FieldSymbol: "Symbol", FieldUnits: "Quantity",
				FieldPrice: "T. Price", FieldAmount: "Proceeds", FieldFee: "Comm/Fee", FieldCurrency: "Currency"},
			Filter: map[string][]string{"Header": {"Data"}}, DateFormat: DateYMD}},
		{Name: "dividends", Prefix: []string{"Dividends"}, Mapping: Mapping{
			Columns:     map[Field]string{FieldDate: "Date", FieldDescription: "Description", FieldAmount: "Amount", FieldCurrency: "Currency"},
			Filter:      map[string][]string{"Header": {"Data"}},
			DefaultType: integrations.ActivityDividend}},
	}}
	res, err := parseString(t, in, Options{Presets: []Preset{p}})
	if err != nil {
		t.Fatal(err)
	}
	a := acts(res)
	if len(a) != 3 {
		t.Fatalf("activities %+v problems %v", a, res.Problems)
	}
	if a[0].Type != integrations.ActivityBuy || a[0].TradeDate != "2024-01-05" || !a[0].Fee.Equal(d("1")) || !a[0].Amount.Equal(d("-1855")) {
		t.Errorf("buy %+v", a[0])
	}
	if a[1].Type != integrations.ActivitySell || !a[1].Units.Equal(d("-4")) {
		t.Errorf("sell %+v", a[1])
	}
	if a[2].Type != integrations.ActivityDividend || !a[2].Amount.Equal(d("2.4")) {
		t.Errorf("dividend %+v", a[2])
	}
	if res.Ignored != 2 || len(res.Problems) != 1 || res.Problems[0].Line != 10 {
		// "Dividends,Data,Total" has no date: a problem, not silently kept.
		t.Errorf("ignored %d problems %v", res.Ignored, res.Problems)
	}
}

// A hook's error makes the row a problem with the hook's reason.
func TestHookErrors(t *testing.T) {
	p := Preset{Name: "h", Sections: []Section{{Mapping: Mapping{Columns: map[Field]string{FieldDate: "Date", FieldAmount: "Amount"}, Currency: "USD"}}},
		Hooks: Hooks{
			Row: func(_ string, r *Row) (bool, error) {
				if r.Get("Amount") == "0" {
					return false, fmt.Errorf("zero amount")
				}
				r.Set("Note", "x")
				return false, nil
			},
			Activity: func(_ string, r *Row, a *integrations.Activity) error {
				a.Description = r.Get("Note")
				return nil
			},
		}}
	res, err := parseString(t, "Date,Amount\n2024-01-02,0\n2024-01-03,5\n", Options{Presets: []Preset{p}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 1 || res.Problems[0].Reason != "zero amount" || res.Problems[0].Line != 2 {
		t.Errorf("problems %v", res.Problems)
	}
	if a := acts(res); len(a) != 1 || a[0].Description != "x" {
		t.Errorf("activities %+v", a)
	}
}

func TestContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m := basicMapping
	if _, err := Parse(ctx, "x.csv", strings.NewReader(basicCSV), Options{Mapping: &m}); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v", err)
	}
}

// A file without a header, its columns named by position.
func TestHeaderless(t *testing.T) {
	m := Mapping{Columns: map[Field]string{FieldDate: "#1", FieldDescription: "#2", FieldAmount: "#3"}, Currency: "EUR", DateFormat: DateDMY}
	res, err := parseString(t, "02.01.2024;Miete;-500,00\n03.01.2024;Gehalt;2.000,00\n", Options{Mapping: &m})
	if err != nil {
		t.Fatal(err)
	}
	a := acts(res)
	if len(a) != 2 || a[0].Description != "Miete" || !a[0].Amount.Equal(d("-500")) || !a[1].Amount.Equal(d("2000")) || a[1].TradeDate != "2024-01-03" {
		t.Errorf("%+v", a)
	}
}

// Rows of several accounts, interleaved: each account gets its own rows, in
// the file's order, and appending to one account's rows leaves the others'
// alone.
func TestAccountsInterleaved(t *testing.T) {
	m := Mapping{Columns: map[Field]string{FieldDate: "Date", FieldAmount: "Amount", FieldAccount: "Account"}, Currency: "USD"}
	in := "Date,Account,Amount\n"
	want := map[string][]string{}
	accts := []string{"11110001", "22220002", "33330003"}
	for i := range 60 {
		a := accts[(i*7/3)%3]
		amt := fmt.Sprint(i + 1)
		in += fmt.Sprintf("2024-01-%02d,%s,%s\n", i%28+1, a, amt)
		want[a] = append(want[a], amt)
	}
	res, err := parseString(t, in, Options{Mapping: &m, Institution: "example"})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accts {
		var got []string
		for _, x := range res.Dataset.Activities[AccountID("example", a)] {
			got = append(got, x.Amount.String())
		}
		if !reflect.DeepEqual(got, want[a]) {
			t.Errorf("account %s: %v, want %v", a, got, want[a])
		}
	}
	first := res.Dataset.Activities[AccountID("example", accts[0])]
	second := append([]integrations.Activity(nil), res.Dataset.Activities[AccountID("example", accts[1])]...)
	_ = append(first, integrations.Activity{ID: "new"})
	if !reflect.DeepEqual(second, res.Dataset.Activities[AccountID("example", accts[1])]) {
		t.Error("appending to one account's activities changed another's")
	}
}

// TestRowNumberProblems: a row's first number cell that is not a number
// (in the order activities, positions and balances read them) is its
// problem, named by its column; a position with no quantity is one only
// when its quantity is blank rather than not a number.
func TestRowNumberProblems(t *testing.T) {
	act := Mapping{Columns: map[Field]string{FieldDate: "Date", FieldUnits: "Units", FieldPrice: "Price",
		FieldAmount: "Amount", FieldFee: "Fee", FieldCommission: "Comm"}, Currency: "USD"}
	pos := Mapping{Kind: KindPosition, Columns: map[Field]string{FieldSymbol: "Symbol", FieldUnits: "Units",
		FieldPrice: "Price", FieldMarketValue: "Value", FieldCostBasis: "Cost", FieldAverageCost: "Avg"}, Currency: "USD"}
	bal := Mapping{Kind: KindBalance, Columns: map[Field]string{FieldCash: "Cash", FieldTotal: "Total"}, Currency: "USD"}
	for _, c := range []struct {
		name, csv   string
		m           Mapping
		column, why string
	}{
		{"activity units", "Date,Units,Price,Amount,Fee,Comm\n01/02/2024,1,1,1,1,1\n01/02/2024,x,y,1,z,1\n", act, "Units", "not a number"},
		{"activity fee", "Date,Units,Price,Amount,Fee,Comm\n01/02/2024,1,1,1,1,1\n01/02/2024,1,1,1,z,w\n", act, "Fee", "not a number"},
		{"activity commission", "Date,Units,Price,Amount,Fee,Comm\n01/02/2024,1,1,1,1,1\n01/02/2024,1,1,1,1,w\n", act, "Comm", "not a number"},
		{"position units", "Symbol,Units,Price,Value,Cost,Avg\nB,1,1,1,1,1\nA,x,y,1,1,1\n", pos, "Units", "not a number"},
		{"position no units", "Symbol,Units,Price,Value,Cost,Avg\nB,1,1,1,1,1\nA,,y,1,1,1\n", pos, "Units", "no quantity"},
		{"position value", "Symbol,Units,Price,Value,Cost,Avg\nB,1,1,1,1,1\nA,1,1,v,c,1\n", pos, "Value", "not a number"},
		{"position average", "Symbol,Units,Price,Value,Cost,Avg\nB,1,1,1,1,1\nA,1,1,1,1,a\n", pos, "Avg", "not a number"},
		{"balance cash", "Cash,Total\n1,1\nx,y\n", bal, "Cash", "not a number"},
		{"balance total", "Cash,Total\n1,1\n1,y\n", bal, "Total", "not a number"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := c.m
			res, err := parseString(t, c.csv, Options{Mapping: &m, AccountID: "a"})
			if err != nil {
				t.Fatal(err)
			}
			if res.Good != 1 || len(res.Problems) != 1 {
				t.Fatalf("good %d problems %v", res.Good, res.Problems)
			}
			if p := res.Problems[0]; p.Line != 3 || p.Column != c.column || !strings.Contains(p.Reason, c.why) {
				t.Errorf("problem %+v, want %s: %s", p, c.column, c.why)
			}
		})
	}
	// A balance without a total has its cash as total.
	m := bal
	res, err := parseString(t, "Cash,Total\n12.50,\n", Options{Mapping: &m, AccountID: "a"})
	if err != nil {
		t.Fatal(err)
	}
	if b := res.Dataset.Balances["a"]; len(b) != 1 || !b[0].Cash.Equal(d("12.50")) || !b[0].Total.Equal(d("12.50")) || b[0].Currency != "USD" {
		t.Errorf("balances %+v", res.Dataset.Balances)
	}
}
