package ofx

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

func load(t *testing.T, name string) *Statement {
	t.Helper()
	b, err := os.ReadFile(fixturePath(t, name))
	if err != nil {
		t.Fatal(err)
	}
	st, err := ParseBytes(context.Background(), b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return st
}

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func find(acts []integrations.Activity, id string) (integrations.Activity, bool) {
	for _, a := range acts {
		if a.ID == id {
			return a, true
		}
	}
	return integrations.Activity{}, false
}

// Every fixture parses, and no full account number survives anywhere in
// what the parser returns.
func TestFixturesParseAndMask(t *testing.T) {
	files := fixtures(t)
	if len(files) < 10 {
		t.Fatalf("only %d fixtures", len(files))
	}
	for _, f := range files {
		st := load(t, filepath.Base(f))
		if len(st.Accounts) == 0 {
			t.Errorf("%s: no account", f)
		}
		raw, _ := os.ReadFile(f)
		for _, num := range acctIDs(string(raw)) {
			if len(num) <= 4 {
				continue
			}
			for _, a := range st.Dataset.Accounts {
				if strings.Contains(a.ID+a.Number+a.Name, num) {
					t.Errorf("%s: account number %q leaks in %+v", f, num, a)
				}
			}
			for _, a := range st.Accounts {
				if strings.Contains(a.AccountID+a.Number, num) {
					t.Errorf("%s: account number leaks in identity %+v", f, a)
				}
			}
		}
	}
}

func acctIDs(s string) []string {
	var out []string
	for _, part := range strings.Split(s, "<ACCTID>")[1:] {
		end := strings.IndexAny(part, "<\r\n")
		if end < 0 {
			end = len(part)
		}
		out = append(out, strings.TrimSpace(part[:end]))
	}
	return out
}

// Fidelity's 1.02 SGML investment statement (ofxparse fixture): trades
// with commissions, income, a sell, bank transactions inside INVTRANLIST,
// positions with tickers from SECLIST, and the balance.
func TestFidelityInvestment(t *testing.T) {
	st := load(t, "ofxparse_fidelity.ofx")
	if len(st.Accounts) != 1 {
		t.Fatalf("accounts %+v", st.Accounts)
	}
	acc := st.Accounts[0]
	if acc.Number != "••••7890" || acc.Institution != "fidelity.com" || acc.Currency != "USD" {
		t.Errorf("identity %+v", acc)
	}
	acts := st.Dataset.Activities[acc.AccountID]
	if len(acts) != 17 {
		t.Errorf("activities = %d, want 17 (8 buys, 4 income, 2 sells, 3 bank)", len(acts))
	}
	buy, ok := find(acts, "0123456789020201120120720")
	if !ok {
		t.Fatal("INTC buy missing")
	}
	if buy.Type != integrations.ActivityBuy || buy.Symbol != "INTC" || buy.TradeDate != "2012-07-20" ||
		!buy.Units.Equal(d("100")) || !buy.Price.Equal(d("25.635")) || !buy.Fee.Equal(d("7.95")) ||
		!buy.Amount.Equal(d("-2571.45")) || buy.Currency != "USD" {
		t.Errorf("buy %+v", buy)
	}
	sell, _ := find(acts, "0123456789020901320120727")
	if sell.Type != integrations.ActivitySell || sell.Symbol != "SPY" || !sell.Units.Equal(d("-8")) || !sell.Amount.Equal(d("1089.30")) {
		t.Errorf("sell %+v", sell)
	}
	div, _ := find(acts, "0123456789021301520120731")
	if div.Type != integrations.ActivityDividend || !div.Amount.Equal(d("5.53")) || div.Description != "DIVIDEND RECEIVED" {
		t.Errorf("dividend %+v", div)
	}
	fee, _ := find(acts, "0123456789023501120120820")
	if fee.RawType != "OTHER" || !fee.Amount.Equal(d("-0.97")) {
		t.Errorf("bank transaction %+v", fee)
	}
	pos := st.Dataset.Positions[acc.AccountID]
	if len(pos) != 6 {
		t.Fatalf("positions = %d", len(pos))
	}
	p := pos[0]
	if p.Symbol.Ticker != "SDRL" || p.Symbol.CUSIP != "G7945E105" || p.Symbol.Description != "SEADRILL LTD USD2" ||
		p.Symbol.Type != integrations.SecurityEquity || !p.Units.Equal(d("128")) || !p.MarketValue.Equal(d("5231.36")) {
		t.Errorf("position %+v", p)
	}
	bal := st.Dataset.Balances[acc.AccountID]
	if len(bal) != 1 || !bal[0].Cash.Equal(d("18073.98")) || !bal[0].Total.Equal(d("32993.78")) {
		t.Errorf("balance %+v (cash plus the market value of the positions)", bal)
	}
	if got := st.Dataset.AsOf.Format("2006-01-02"); got != "2012-09-08" {
		t.Errorf("as of %s", got)
	}
}

// An OFX 2 (XML) investment statement (ofxgo sample): mutual fund buys with
// settlement dates, SECLIST fund names.
func TestXMLInvestment(t *testing.T) {
	st := load(t, "ofxgo_inv_v202.ofx")
	acc := st.Accounts[0]
	if acc.Number != "••••8918" || acc.Institution != "TLILW" {
		t.Errorf("identity %+v", acc)
	}
	acts := st.Dataset.Activities[acc.AccountID]
	a, ok := find(acts, "de647ad6-38fb-431e-aac4-34c5f13c420e")
	if !ok || a.Type != integrations.ActivityBuy || a.Symbol != "VBMFX" || a.SettlementDate != "2017-03-16" || !a.Amount.IsNegative() {
		t.Errorf("buy %+v", a)
	}
	kinds := map[integrations.ActivityType]int{}
	for _, a := range acts {
		kinds[a.Type]++
	}
	if kinds[integrations.ActivityBuy] == 0 || kinds[integrations.ActivitySell] == 0 || len(kinds) < 3 {
		t.Errorf("activity types %v", kinds)
	}
	var fund bool
	for _, p := range st.Dataset.Positions[acc.AccountID] {
		fund = fund || p.Symbol.Type == integrations.SecurityFund
	}
	if !fund {
		t.Error("no fund position from MFINFO")
	}
}

// Bank (STMTRS) and card (CCSTMTRS) statements become cash accounts.
func TestBankAndCard(t *testing.T) {
	st := load(t, "ofxparse_checking.ofx")
	acc := st.Dataset.Accounts[0]
	if acc.Category != integrations.CategoryCash {
		t.Errorf("category %s", acc.Category)
	}
	acts := st.Dataset.Activities[acc.ID]
	if len(acts) != 3 || acts[1].Type != integrations.ActivityWithdrawal || !acts[1].Amount.Equal(d("-34.51")) {
		t.Errorf("activities %+v", acts)
	}
	if b := st.Dataset.Balances[acc.ID]; len(b) != 1 || !b[0].Cash.Equal(d("100.99")) {
		t.Errorf("balance %+v", b)
	}
	// XML-declared but written with SGML leaves (anzcc.ofx).
	cc := load(t, "ofxparse_anzcc.ofx")
	if cc.Accounts[0].Currency != "AUD" || cc.Accounts[0].Number != "••••1234" {
		t.Errorf("card %+v", cc.Accounts)
	}
	if a := cc.Dataset.Activities[cc.Accounts[0].AccountID]; len(a) != 1 || !a[0].Amount.Equal(d("-5.50")) {
		t.Errorf("card activities %+v", a)
	}
	two := load(t, "ofxparse_multiple_accounts2.ofx")
	if len(two.Accounts) != 2 || two.Accounts[0].AccountID == two.Accounts[1].AccountID {
		t.Errorf("two accounts: %+v", two.Accounts)
	}
}

// A time zone with no offset ([-:EST], investment_medium.ofx) is repaired;
// a header running into <OFX> is accepted (ofxgo's busted wellsfargo.qfx).
func TestRepairs(t *testing.T) {
	st := load(t, "ofxparse_investment_medium.ofx")
	if st.Accounts[0].Currency != "CAD" {
		t.Errorf("%+v", st.Accounts)
	}
	wf := load(t, "ofxgo_wellsfargo.qfx")
	if len(wf.Dataset.Activities[wf.Accounts[0].AccountID]) != 1 {
		t.Errorf("%+v", wf.Dataset)
	}
}

// The same FITID twice in one account stays two activities; re-reading the
// file gives the same ids.
func TestIDsStable(t *testing.T) {
	b := readFixture(t, "ofxparse_checking.ofx")
	s := string(b)
	i := strings.Index(s, "<STMTTRN>")
	j := strings.Index(s, "</STMTTRN>") + len("</STMTTRN>")
	dup := s[:j] + s[i:j] + s[j:]
	st1, err := ParseBytes(context.Background(), []byte(dup))
	if err != nil {
		t.Fatal(err)
	}
	st2, _ := ParseBytes(context.Background(), []byte(dup))
	a1 := st1.Dataset.Activities[st1.Accounts[0].AccountID]
	a2 := st2.Dataset.Activities[st2.Accounts[0].AccountID]
	if len(a1) != 4 || a1[0].ID == a1[1].ID {
		t.Fatalf("duplicate FITID: %v %v", a1[0].ID, a1[1].ID)
	}
	for k := range a1 {
		if a1[k].ID != a2[k].ID {
			t.Errorf("id %d differs between reads", k)
		}
	}
}

// Truncated files and files that report an error give errors, not data.
func TestBadFiles(t *testing.T) {
	b := readFixture(t, "ofxparse_fidelity.ofx")
	for _, n := range []int{200, len(b) / 2, len(b) - 10} {
		if _, err := ParseBytes(context.Background(), append([]byte(nil), b[:n]...)); err == nil {
			t.Errorf("truncated at %d: no error", n)
		}
	}
	x := readFixture(t, "ofxgo_inv_v202.ofx")
	if _, err := ParseBytes(context.Background(), x[:len(x)/2]); err == nil {
		t.Error("truncated XML: no error")
	}
	failed := strings.Replace(string(b), "<CODE>0<SEVERITY>INFO<MESSAGE>SUCCESS</STATUS><DTSERVER>", "<CODE>15500<SEVERITY>ERROR<MESSAGE>BAD</STATUS><DTSERVER>", 1)
	if _, err := ParseBytes(context.Background(), []byte(failed)); !errors.Is(err, ErrStatus) {
		t.Errorf("failed sign-on: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ParseBytes(ctx, b); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// The reader closes SGML leaves, closes empty leaves at their parent's end
// tag, keeps entities, and refuses a body that ends inside an element.
func TestRead(t *testing.T) {
	root, err := read(strings.NewReader("HDR\n<OFX><A><B>x &amp; y<C>1</C><D></A><E>AT&amp;T &#233;</E><!-- c --><F><![CDATA[<raw>]]></F></OFX>"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := root.str("A/B"); got != "x & y" {
		t.Errorf("B = %q", got)
	}
	if root.str("A/C") != "1" || root.at("A/D") == nil || root.str("E") != "AT&T é" || root.str("F") != "<raw>" {
		t.Errorf("tree %+v", root)
	}
	for _, in := range []string{"<OFX><A><B>1", "<OFX><A>", "<OFX><A><B", "no ofx", "<OFX><A b=1>x</OFX>"} {
		if _, err := read(strings.NewReader(in), nil, nil); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

func TestOFXTime(t *testing.T) {
	cases := map[string]string{
		"20120720000000.000[-4:EDT]":    "2012-07-20T00:00:00-04:00",
		"20120720":                      "2012-07-20T00:00:00Z",
		"20091215202000.000[-:EST]":     "2009-12-15T20:20:00Z",
		"20170406192133.020[+5.30:IST]": "2017-04-06T19:21:33+05:30",
		"201707051230":                  "2017-07-05T12:30:00Z",
	}
	for in, want := range cases {
		got, err := ofxTime(in)
		if err != nil || got.Format(time.RFC3339) != want {
			t.Errorf("%q: %v %v, want %s", in, got.Format(time.RFC3339), err, want)
		}
	}
	for _, in := range []string{"", "2012", "20121320", "20120230", "2012072x", "20120720[+99]", "20120720T1200"} {
		if _, err := ofxTime(in); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

// An amount that is not a plain decimal (an exponent, text) makes the file
// bad rather than a statement with a zero in it.
func TestHugeAmount(t *testing.T) {
	b := readFixture(t, "ofxparse_checking.ofx")
	s := strings.Replace(string(b), "<BALAMT>100.99", "<BALAMT>1e999999", 1)
	if s == string(b) {
		t.Fatal("fixture changed")
	}
	if _, err := ParseBytes(context.Background(), []byte(s)); !errors.Is(err, ErrBadValue) {
		t.Errorf("err = %v", err)
	}
}
