package simplefin

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

func readSet(t *testing.T, name string) *wireSet {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := decodeSet(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// oneConnection reads testdata/file and fails t unless its set holds one
// connection, of key and name; it returns the set and its connections.
func oneConnection(t *testing.T, file, key, name string) (*wireSet, []conn) {
	t.Helper()
	s := readSet(t, file)
	conns := s.connections()
	if len(conns) != 1 || conns[0].Key != key || conns[0].Name != name {
		t.Fatalf("connections %+v", conns)
	}
	return s, conns
}

// TestProtocolFirstExample: the protocol's Account Set of its first draft
// (org per account, errors as strings; the page's trailing commas removed),
// field by field.
func TestProtocolFirstExample(t *testing.T) {
	s, conns := oneConnection(t, "protocol-v1.json", "o:mybank.com", "mybank.com")
	is := s.issues(conns)
	// "You must reauthenticate." names no connection, but there is only one.
	if is.connAuth["o:mybank.com"] != "You must reauthenticate." || len(is.general) != 0 {
		t.Errorf("issues %+v", is)
	}
	accts := s.accountsOf("o:mybank.com")
	if len(accts) != 1 {
		t.Fatalf("accounts %+v", accts)
	}
	acct, ok := mapAccount(accts[0])
	if !ok || acct.ID != "2930002" || acct.Name != "Savings" || acct.Currency != "USD" || acct.Category != integrations.CategoryCash ||
		acct.Status != "open" || acct.Number != "" {
		t.Errorf("account %+v", acct)
	}
	bals := mapBalances(accts[0], "USD")
	if len(bals) != 1 || !bals[0].Total.Equal(dec("100.23")) || !bals[0].Cash.Equal(dec("100.23")) ||
		!bals[0].BuyingPower.Valid || !bals[0].BuyingPower.Decimal.Equal(dec("75.23")) {
		t.Errorf("balances %+v", bals)
	}
	acts := mapActivities(accts[0], "USD", acct.Category, time.Time{})
	want := integrations.DateOf(time.Unix(793090572, 0).UTC())
	if len(acts) != 1 || acts[0].ID != "12394832938403" || !acts[0].Amount.Equal(dec("-33293.43")) ||
		acts[0].TradeDate != want || acts[0].SettlementDate != want || acts[0].Type != integrations.ActivityOther ||
		acts[0].RawType != "Uncle Frank's Bait Shop" || acts[0].Currency != "USD" {
		t.Errorf("activities %+v", acts)
	}
}

// TestProtocolQuickstartExample: the 2.0 quickstart's set — a connection
// whose login needs attention (con.auth, its text under "message" in this
// example and "msg" in the Error table).
func TestProtocolQuickstartExample(t *testing.T) {
	s, conns := oneConnection(t, "protocol-v2.json", "c:CON-10829309823094234", "My Bank - James")
	if conns[0].Site != "https://mybank.com" {
		t.Fatalf("connections %+v", conns)
	}
	is := s.issues(conns)
	if is.connAuth["c:CON-10829309823094234"] != "Authentication required" {
		t.Errorf("issues %+v", is)
	}
	if a := s.accountsOf("c:CON-10829309823094234"); len(a) != 1 || a[0].ID != "2930002" {
		t.Errorf("accounts %+v", a)
	}
}

// TestProtocolAccountsExample: GET /accounts' sample answer of 2.0.
func TestProtocolAccountsExample(t *testing.T) {
	s, conns := oneConnection(t, "protocol-v2-accounts.json", "c:10829309823094234", "My Bank - Jeff")
	if is := s.issues(conns); len(is.connAuth) != 0 || len(is.general) != 0 || is.genAuth != "" {
		t.Errorf("issues %+v", is)
	}
}

// TestDemoFirstProtocol: a reply of the public demo, saved as it came
// (shortened): org per account, the range warning in errors, amounts with
// leading zeros ("-05.50", "00.00").
func TestDemoFirstProtocol(t *testing.T) {
	s, conns := oneConnection(t, "demo-v1.json", "o:simplefin.demoorg", "SimpleFIN Demo")
	if is := s.issues(conns); len(is.general) != 0 || len(is.connAuth) != 0 {
		t.Errorf("the range warning is for the developer: %+v", is)
	}
	accts := s.accountsOf("o:simplefin.demoorg")
	if len(accts) != 2 || accts[0].ID != "Demo Savings" || accts[1].ID != "Demo Empty Account" {
		t.Fatalf("accounts %+v", accts)
	}
	acts := mapActivities(accts[0], "USD", integrations.CategoryCash, time.Time{})
	if len(acts) != 5 {
		t.Fatalf("%d activities", len(acts))
	}
	if !acts[3].Amount.Equal(dec("-5.50")) || !acts[4].Amount.IsZero() || acts[2].RawType != "Pay day!" || !acts[2].Amount.Equal(dec("1960")) {
		t.Errorf("activities %+v", acts)
	}
	for _, a := range acts {
		if a.Type != integrations.ActivityOther {
			t.Errorf("%q is %s", a.RawType, a.Type)
		}
	}
	if b := mapBalances(accts[1], "USD"); len(b) != 1 || !b[0].Total.IsZero() {
		t.Errorf("empty account's balance %+v", b)
	}
}

// TestDemoHoldings: the demo's holding (550 shares of Apple, bought at
// 0.10, cost basis 55.00 — the position's total).
func TestDemoHoldings(t *testing.T) {
	s, _ := oneConnection(t, "demo-v2.json", "c:CON-SIMPLEFIN-DEMO", "SimpleFIN Demo")
	accts := s.accountsOf("c:CON-SIMPLEFIN-DEMO")
	if len(accts) != 2 {
		t.Fatalf("accounts %+v", accts)
	}
	sav, ok := mapAccount(accts[1])
	if !ok || sav.Category != integrations.CategoryInvestment {
		t.Errorf("savings with holdings %+v", sav)
	}
	pos := mapPositions(accts[1], "USD", time.Now())
	if len(pos) != 1 {
		t.Fatalf("positions %+v", pos)
	}
	p := pos[0]
	if p.Symbol.Ticker != "AAPL" || p.Symbol.Description != "Shares of Apple" || p.Symbol.Type != integrations.SecurityEquity ||
		!p.Units.Equal(dec("550")) || !p.MarketValue.Equal(dec("105884.8")) || !p.Price.Equal(dec("192.51781818")) ||
		!p.CostBasis.Decimal.Equal(dec("55")) || !p.AverageCost.Decimal.Equal(dec("0.1")) || p.Currency != "USD" ||
		!p.AsOf.Equal(time.Unix(1788307200, 0).UTC()) {
		t.Errorf("position %+v", p)
	}
	bals := mapBalances(accts[1], "USD")
	if !bals[0].Total.Equal(dec("115385.51")) || !bals[0].Cash.Equal(dec("9500.71")) {
		t.Errorf("balances %+v", bals)
	}
	acts := mapActivities(accts[0], "USD", integrations.CategoryCash, time.Unix(1786000000, 0))
	if len(acts) != 1 || acts[0].ID != "1786781324" {
		t.Errorf("since: %+v", acts)
	}
}

// TestClassify maps investment transactions' texts to universal types:
// unknown texts are OTHER with the text kept.
func TestClassify(t *testing.T) {
	acct := wireAccount{ID: "a", Name: "Individual", Holdings: []wireHolding{{Symbol: "VTSAX", Description: "Vanguard Total Stock Mkt Idx Adm"}}}
	cases := []struct {
		text, amount string
		want         integrations.ActivityType
		sym          string
		units, price string
	}{
		{"YOU BOUGHT VANGUARD TOTAL STOCK MARKET ETF (VTI) 10 SHARES @ 190.24 (Cash)", "-1902.40", integrations.ActivityBuy, "VTI", "10", "190.24"},
		{"YOU SOLD APPLE INC (AAPL) 10 SHARES @ 187.65 (Cash)", "1876.50", integrations.ActivitySell, "AAPL", "-10", "187.65"},
		{"Buy Vanguard Total Stock Mkt Idx Adm", "-1000.00", integrations.ActivityBuy, "VTSAX", "0", "0"},
		{"YOU BOUGHT SOMETHING", "-10.00", integrations.ActivityOther, "", "0", "0"},   // no symbol: not a BUY
		{"YOU BOUGHT APPLE (AAPL)", "10.00", integrations.ActivityOther, "", "0", "0"}, // cash in: not a BUY
		{"DIVIDEND RECEIVED VANGUARD TOTAL STOCK MARKET ETF (VTI) (Cash)", "41.37", integrations.ActivityDividend, "VTI", "0", "0"},
		{"REINVESTMENT FIDELITY 500 INDEX FUND (FXAIX) (Cash)", "-18.22", integrations.ActivityReinvest, "FXAIX", "0", "0"},
		{"FOREIGN TAX PAID VANGUARD TOTAL STOCK MARKET ETF (VTI)", "-6.21", integrations.ActivityTax, "VTI", "0", "0"},
		{"ADVISORY FEE (Cash)", "-25.00", integrations.ActivityFee, "", "0", "0"},
		{"INTEREST EARNED FIDELITY GOVERNMENT MONEY MARKET (SPAXX)", "3.18", integrations.ActivityInterest, "", "0", "0"},
		{"Electronic Funds Transfer Received (Cash)", "2500.00", integrations.ActivityTransferIn, "", "0", "0"},
		{"Electronic Funds Transfer Paid (Cash)", "-300.00", integrations.ActivityTransferOut, "", "0", "0"},
		{"CONTRIBUTION CURRENT YEAR (Cash)", "583.33", integrations.ActivityContribution, "", "0", "0"},
		{"WITHDRAWAL NORMAL DISTRIBUTION (Cash)", "-40.00", integrations.ActivityWithdrawal, "", "0", "0"},
		{"STOCK SPLIT APPLE INC (AAPL)", "0", integrations.ActivitySplit, "AAPL", "0", "0"},
		{"Fishing bait", "-40.00", integrations.ActivityOther, "", "0", "0"},
		{"BEST BUY #1133", "-99.00", integrations.ActivityOther, "", "0", "0"},
	}
	for _, c := range cases {
		x := integrations.Activity{Amount: dec(c.amount)}
		classify(&x, strings.ToUpper(c.text), acct, integrations.CategoryInvestment)
		if x.Type != c.want || x.Symbol != c.sym || !x.Units.Equal(dec(c.units)) || !x.Price.Equal(dec(c.price)) {
			t.Errorf("%q: %s %q %s @ %s, want %s %q %s @ %s", c.text, x.Type, x.Symbol, x.Units, x.Price, c.want, c.sym, c.units, c.price)
		}
	}
	// A bank account's "purchase" of a ticker-looking thing is no trade.
	x := integrations.Activity{Amount: dec("-5")}
	classify(&x, "PURCHASE (ABC) COFFEE", acct, integrations.CategoryCash)
	if x.Type != integrations.ActivityOther {
		t.Errorf("bank purchase: %s", x.Type)
	}
}

func TestAccountNames(t *testing.T) {
	cases := []struct {
		name, number, shown string
		holdings            bool
		cat                 integrations.Category
	}{
		{"Individual - TOD (x4821)", "••••4821", "Individual - TOD (x4821)", true, integrations.CategoryInvestment},
		{"ROTH IRA (x7710)", "••••7710", "ROTH IRA (x7710)", true, integrations.CategoryRetirement},
		{"Joint WROS 638270014", "••••0014", "Joint WROS ••••0014", false, integrations.CategoryInvestment},
		{"CHECKING ...1234", "••••1234", "CHECKING ...1234", false, integrations.CategoryCash},
		{"Bitcoin Wallet", "", "Bitcoin Wallet", false, integrations.CategoryCrypto},
		{"401(k) Plan", "", "401(k) Plan", false, integrations.CategoryRetirement},
	}
	for _, c := range cases {
		a, ok := mapAccount(wireAccount{ID: "x", Name: flexString(c.name), Currency: "usd", Holdings: make([]wireHolding, map[bool]int{true: 1}[c.holdings])})
		if !ok || a.Number != c.number || a.Name != c.shown || a.Category != c.cat || a.Currency != "USD" {
			t.Errorf("%q: %+v", c.name, a)
		}
	}
	if _, ok := mapAccount(wireAccount{ID: "x", Name: "Miles", Currency: "https://www.example.com/flight-miles"}); ok {
		t.Error("an account in a custom currency was kept")
	}
}

func TestSecurityTypes(t *testing.T) {
	cases := map[[2]string]integrations.SecurityType{
		{"VTI", "VANGUARD TOTAL STOCK MARKET ETF"}:    integrations.SecurityETF,
		{"FXAIX", "FIDELITY 500 INDEX FUND"}:          integrations.SecurityFund,
		{"VTSAX", "Vanguard Total Stock Mkt Idx Adm"}: integrations.SecurityFund,
		{"SPAXX", "FIDELITY GOVERNMENT MONEY MARKET"}: integrations.SecurityCash,
		{"AAPL", "APPLE INC"}:                         integrations.SecurityEquity,
		{"AAPL260619C00200000", "CALL APPLE"}:         integrations.SecurityOption,
		{"BTC", "Bitcoin"}:                            integrations.SecurityCrypto,
		{"", "Stable Value Fund"}:                     integrations.SecurityOther,
		{"", "Core cash position"}:                    integrations.SecurityCash,
	}
	for in, want := range cases {
		if got := securityType(in[0], in[1]); got != want {
			t.Errorf("%q %q: %s, want %s", in[0], in[1], got, want)
		}
	}
}

// TestIssues sorts errlist entries (with unknown subcodes read as their
// prefix) and the deprecated strings.
func TestIssues(t *testing.T) {
	s := &wireSet{
		Errlist: []wireError{
			{Code: "con.auth", Msg: "Authentication failed for My Bank - Jim", ConnID: "C1"},
			{Code: "con.whatever", Msg: "Slow to answer", ConnID: "C2"},
			{Code: "act.failed", Msg: "Failed to get all transactions. Try again later.", AccountID: "A1"},
			{Code: "act.missingdata", Msg: "Incomplete transaction listing.", AccountID: "A2"},
			{Code: "act.newthing", Msg: "Something about the account", AccountID: "A3"},
			{Code: "gen.api", Msg: "you used the API wrong"},
			{Code: "gen.quota", Msg: "<b>Make fewer</b> requests"},
		},
		Errors: []flexString{"Make fewer requests", "Connection to Big Bank may need attention"},
	}
	conns := []conn{{Key: "c:C1", Name: "My Bank"}, {Key: "c:C2", Name: "Other"}, {Key: "c:C3", Name: "Big Bank"}}
	is := s.issues(conns)
	if is.connAuth["c:C1"] != "Authentication failed for My Bank - Jim" || is.connAuth["c:C3"] == "" || is.connAuth["c:C2"] != "" {
		t.Errorf("connAuth %+v", is.connAuth)
	}
	if len(is.conn["c:C2"]) != 1 || is.acctFailed["A1"] == "" || is.acctMissing["A2"] == "" || is.acctFailed["A3"] == "" {
		t.Errorf("issues %+v", is)
	}
	if len(is.general) != 1 || is.general[0] != "Make fewer requests" {
		t.Errorf("general %q", is.general)
	}
	if is := (&wireSet{Errlist: []wireError{{Code: "gen.auth", Msg: "No credentials provided"}}}).issues(nil); is.genAuth != "No credentials provided" {
		t.Errorf("gen.auth %+v", is)
	}
}

func TestSanitize(t *testing.T) {
	if got := sanitize("<script>alert(1)</script>Account 123456789 needs\u202e attention\n"); got != "alert(1) Account ••••6789 needs attention" {
		t.Errorf("sanitize: %q", got)
	}
	if got := sanitize(strings.Repeat("a", 300)); len([]rune(got)) != 200 {
		t.Errorf("long: %d", len([]rune(got)))
	}
}

func TestTokens(t *testing.T) {
	for tok, want := range map[string]string{
		// the protocol's example token and the developer guide's demo token
		"aHR0cHM6Ly9icmlkZ2Uuc2ltcGxlZmluLm9yZy9zaW1wbGVmaW4vY2xhaW0vZGVtbw==":         "https://bridge.simplefin.org/simplefin/claim/demo",
		"aHR0cHM6Ly9iZXRhLWJyaWRnZS5zaW1wbGVmaW4ub3JnL3NpbXBsZWZpbi9jbGFpbS9ERU1P":     "https://beta-bridge.simplefin.org/simplefin/claim/DEMO",
		" aHR0cHM6Ly9iZXRhLWJyaWRnZS5zaW1wbGVm\naW4ub3JnL3NpbXBsZWZpbi9jbGFpbS9ERU1P ": "https://beta-bridge.simplefin.org/simplefin/claim/DEMO",
		"https://bridge.simplefin.org/simplefin/claim/abc":                             "https://bridge.simplefin.org/simplefin/claim/abc",
	} {
		u, err := parseToken(tok)
		if err != nil || u.String() != want {
			t.Errorf("%q: %v %v", tok, u, err)
		}
	}
	for _, bad := range []string{"", "not a token", "aHR0cDovL2V4YW1wbGUuY29tL2NsYWlt" /* http://example.com/claim */, "https://u:p@bridge.simplefin.org/claim"} {
		if _, err := parseToken(bad); !errors.Is(err, integrations.ErrInvalidCredentials) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	au, err := parseAccessURL("https://demo:demo@beta-bridge.simplefin.org/simplefin/")
	if err != nil || au.user != "demo" || au.pass != "demo" || au.root.String() != "https://beta-bridge.simplefin.org/simplefin" {
		t.Errorf("access URL %+v %v", au, err)
	}
	for _, bad := range []string{"https://beta-bridge.simplefin.org/simplefin", "http://u:p@example.com/simplefin", "https://u@x.org/s", "https://u:p@x.org/s?q=1"} {
		if _, err := parseAccessURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := parseAccessURL("http://u:p@127.0.0.1:8080/simplefin"); err != nil {
		t.Errorf("loopback http (a fake): %v", err)
	}
}

func TestMonogram(t *testing.T) {
	for c, want := range map[conn]string{
		{Name: "Fidelity Investments"}:                        "fidelity",
		{Name: "My Brokerage", Site: "https://us.etrade.com"}: "etrade",
		{Name: "E*TRADE"}:                                     "etrade",
		{Name: "Vanguard - Jill"}:                             "vanguard",
		{Name: "Chase"}:                                       "",
	} {
		if got := monogram(c); got != want {
			t.Errorf("%+v: %q, want %q", c, got, want)
		}
	}
}

func TestDecodeSetRefuses(t *testing.T) {
	for _, b := range []string{`[]`, `{}`, `{"accounts":{}}`, `{"accounts":[],"errlist":"x"}`, `<html>`, `null`} {
		if _, err := decodeSet([]byte(b)); err == nil {
			t.Errorf("%s decoded", b)
		}
	}
	s, err := decodeSet([]byte(`{"accounts":[{"id":"a","balance":{}},{"id":"b","currency":"USD","balance":"1","transactions":[{"id":"t","amount":[]},{"id":"u","amount":"2","posted":5}]}]}`))
	if err != nil || len(s.Accounts) != 1 || len(s.Accounts[0].Transactions) != 1 {
		t.Errorf("lenient: %+v %v", s, err)
	}
}
