package fake

import (
	"fmt"
	"strconv"
	"time"
)

// The fake's Bridge account: the public demo's connection and accounts (as
// the demo at beta-bridge.simplefin.org answers them: "SimpleFIN Demo",
// "Demo Checking" / "SimpleFIN Checking", "Demo Savings" / "SimpleFIN
// Savings" holding 550 AAPL, "Fishing bait" at "John's Fishin Shack",
// "Grocery store", "Pay day!"), and two brokerages written in the shapes
// the Bridge gives brokerages (holdings; investment transactions as text).

// Connection ids.
const (
	DemoConn     = "CON-SIMPLEFIN-DEMO"
	FidelityConn = "CON-FIDELITY-7Q2"
	VanguardConn = "CON-VANGUARD-4K9"
)

// Account ids.
const (
	DemoChecking = "Demo Checking"
	DemoSavings  = "Demo Savings"
	FidIndiv     = "ACT-1f6c2a90-8d3e-4b6a-9a51-2c7e0d4b7a11"
	FidRoth      = "ACT-93b0e5d2-41a7-4c1e-8f0b-6d2a9e3c5b22"
	VanBrokerage = "ACT-c4d81f37-0b2e-4a95-b6c3-7e19a2f04d33"
)

// FullNumber is an account number one brokerage puts whole in an account's
// name: Latchkey must show only its last four.
const FullNumber = "638270014"

type holding struct {
	ID, Symbol, Description string
	Shares, MarketValue     string
	CostBasis, Purchase     string
	Created                 int64
}

type txn struct {
	ID          string
	Posted      time.Time
	Amount      string
	Description string
	Payee, Memo string
	MCC         string
	Pending     bool
}

type account struct {
	ID, Name, Currency string
	Balance, Available string
	Holdings           []holding
	Txns               []txn
}

type connection struct {
	ID, Name, OrgID, OrgName, OrgURL, Domain string
	Accounts                                 []*account
}

// seed builds the Bridge account's data as of now: 120 days of history.
func seed(now time.Time) []*connection {
	day := func(n int, hour int) time.Time {
		d := now.UTC().Truncate(24*time.Hour).AddDate(0, 0, -n)
		return d.Add(time.Duration(hour) * time.Hour)
	}
	epochID := func(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

	// The demo: bait in the morning, groceries in the afternoon, pay day
	// every fortnight (the demo's own rows, amounts varying).
	var checking, savings []txn
	for n := 120; n >= 1; n-- {
		m, a := day(n, 8), day(n, 16)
		checking = append(checking,
			txn{ID: epochID(m), Posted: m, Amount: fmt.Sprintf("-%d.%02d", 5+n%140, (n*37)%100), Description: "Fishing bait",
				Payee: "John's Fishin Shack", Memo: "JOHNS FISHIN SHACK BAIT", MCC: "5812"},
			txn{ID: epochID(a), Posted: a, Amount: fmt.Sprintf("-%02d.%02d", (n*7)%150, (n*53)%100), Description: "Grocery store",
				Payee: "Grocery store", Memo: "LOCAL GROCER STORE #1133", MCC: "5411"})
		if n%14 == 0 {
			p := day(n, 12)
			checking = append(checking, txn{ID: epochID(p), Posted: p, Amount: "2564.48", Description: "Pay day!", Payee: "You",
				Memo: "PAY DAY - FROM YER JOB"})
		}
		if n%30 == 0 {
			p := day(n, 10)
			savings = append(savings, txn{ID: epochID(p), Posted: p, Amount: "150.00", Description: "Savings transfer",
				Payee: "You", Memo: "TRANSFER FROM CHECKING"})
		}
	}
	pending := day(0, 9)
	checking = append(checking, txn{ID: "pending-" + epochID(pending), Posted: time.Time{}, Amount: "-12.00",
		Description: "Fishing bait", Payee: "John's Fishin Shack", Pending: true})

	demo := &connection{ID: DemoConn, Name: "SimpleFIN Demo", OrgID: "simplefin.demoorg", OrgName: "SimpleFIN Bridge",
		OrgURL: "https://beta-bridge.simplefin.org", Domain: "beta-bridge.simplefin.org",
		Accounts: []*account{
			{ID: DemoChecking, Name: "SimpleFIN Checking", Currency: "USD", Balance: "24302.22", Available: "24302.22", Txns: checking},
			{ID: DemoSavings, Name: "SimpleFIN Savings", Currency: "USD", Balance: "115385.51", Available: "115385.51", Txns: savings,
				Holdings: []holding{{ID: "25bc4910-4cb4-437b-9924-ee98003651c5", Created: 345427200, CostBasis: "55.00",
					Description: "Shares of Apple", MarketValue: "105884.8", Purchase: "0.10", Shares: "550.0", Symbol: "AAPL"}}},
		}}

	// Fidelity: the investment rows as text, the way brokerages' histories
	// read ("YOU BOUGHT … (VTI) (Cash)").
	var indiv, roth []txn
	add := func(list *[]txn, n, hour int, amount, desc string) {
		t := day(n, hour)
		*list = append(*list, txn{ID: fmt.Sprintf("TRN-%d-%s", t.Unix(), shortID(desc)), Posted: t, Amount: amount, Description: desc})
	}
	for cycle := 0; cycle < 4; cycle++ {
		b := 112 - cycle*28
		add(&indiv, b, 14, "2500.00", "Electronic Funds Transfer Received (Cash)")
		add(&indiv, b-1, 15, "-1902.40", "YOU BOUGHT VANGUARD TOTAL STOCK MARKET ETF (VTI) 10 SHARES @ 190.24 (Cash)")
		add(&indiv, b-3, 15, "-500.00", "YOU BOUGHT FIDELITY 500 INDEX FUND (FXAIX) (Cash)")
		add(&indiv, b-7, 13, "41.37", "DIVIDEND RECEIVED VANGUARD TOTAL STOCK MARKET ETF (VTI) (Cash)")
		add(&indiv, b-7, 14, "-6.21", "FOREIGN TAX PAID VANGUARD TOTAL STOCK MARKET ETF (VTI) (Cash)")
		add(&indiv, b-9, 12, "-18.22", "REINVESTMENT FIDELITY 500 INDEX FUND (FXAIX) (Cash)")
		add(&indiv, b-10, 16, "1876.50", "YOU SOLD APPLE INC (AAPL) 10 SHARES @ 187.65 (Cash)")
		add(&indiv, b-12, 9, "3.18", "INTEREST EARNED FIDELITY GOVERNMENT MONEY MARKET (SPAXX) (Cash)")
		add(&indiv, b-14, 11, "-25.00", "ADVISORY FEE (Cash)")
		add(&indiv, b-16, 10, "-300.00", "Electronic Funds Transfer Paid (Cash)")
		add(&indiv, b-18, 10, "0.00", "ACCOUNT MAINTENANCE NOTICE")
		add(&roth, b-2, 14, "583.33", "CONTRIBUTION CURRENT YEAR (Cash)")
		add(&roth, b-4, 15, "-583.33", "YOU BOUGHT FIDELITY FREEDOM 2060 FUND (FDKLX) (Cash)")
		add(&roth, b-20, 15, "-40.00", "WITHDRAWAL NORMAL DISTRIBUTION (Cash)")
		add(&roth, b-21, 12, "12.04", "DIVIDEND RECEIVED FIDELITY FREEDOM 2060 FUND (FDKLX) (Cash)")
	}
	fidelity := &connection{ID: FidelityConn, Name: "Fidelity Investments", OrgID: "INST-fidelity", OrgName: "Fidelity Investments",
		OrgURL: "https://www.fidelity.com", Domain: "fidelity.com",
		Accounts: []*account{
			{ID: FidIndiv, Name: "Individual - TOD (x4821)", Currency: "USD", Balance: "48213.77", Available: "1211.06", Txns: indiv,
				Holdings: []holding{
					{ID: "HOL-vti-4821", Symbol: "VTI", Description: "VANGUARD TOTAL STOCK MARKET ETF", Shares: "80", MarketValue: "22854.40",
						CostBasis: "15219.20", Purchase: "190.24", Created: 1640995200},
					{ID: "HOL-aapl-4821", Symbol: "AAPL", Description: "APPLE INC", Shares: "30", MarketValue: "5779.80",
						CostBasis: "4512.00", Purchase: "150.40", Created: 1640995200},
					{ID: "HOL-fxaix-4821", Symbol: "FXAIX", Description: "FIDELITY 500 INDEX FUND", Shares: "85.112", MarketValue: "17122.06",
						CostBasis: "12000.00", Purchase: "140.99", Created: 1640995200},
					{ID: "HOL-spaxx-4821", Symbol: "SPAXX", Description: "FIDELITY GOVERNMENT MONEY MARKET", Shares: "1246.45", MarketValue: "1246.45",
						CostBasis: "1246.45", Purchase: "1.00", Created: 1640995200},
				}},
			{ID: FidRoth, Name: "ROTH IRA (x7710)", Currency: "USD", Balance: "31450.12", Txns: roth,
				Holdings: []holding{
					{ID: "HOL-fdklx-7710", Symbol: "FDKLX", Description: "FIDELITY FREEDOM 2060 FUND", Shares: "1801.2", MarketValue: "31341.12",
						CostBasis: "26000.00", Purchase: "14.43", Created: 1640995200},
				}},
		}}

	var van []txn
	addV := func(n, hour int, amount, desc string) {
		t := day(n, hour)
		van = append(van, txn{ID: fmt.Sprintf("VG-%d", t.Unix()), Posted: t, Amount: amount, Description: desc})
	}
	for cycle := 0; cycle < 4; cycle++ {
		b := 110 - cycle*28
		addV(b, 15, "1000.00", "Funds Received Electronic bank transfer")
		addV(b-2, 15, "-1000.00", "Buy Vanguard Total Stock Mkt Idx Adm (VTSAX)")
		addV(b-15, 14, "88.15", "Dividend Vanguard Total Bond Market ETF (BND)")
	}
	vanguard := &connection{ID: VanguardConn, Name: "Vanguard", OrgID: "INST-vanguard", OrgName: "Vanguard",
		OrgURL: "https://investor.vanguard.com", Domain: "vanguard.com",
		Accounts: []*account{
			{ID: VanBrokerage, Name: "Joint WROS " + FullNumber, Currency: "USD", Balance: "64022.51", Txns: van,
				Holdings: []holding{
					{ID: "HOL-vtsax", Symbol: "VTSAX", Description: "Vanguard Total Stock Mkt Idx Adm", Shares: "402.118", MarketValue: "57902.97",
						CostBasis: "41000.00", Purchase: "101.96", Created: 1577836800},
					{ID: "HOL-bnd", Symbol: "BND", Description: "Vanguard Total Bond Market ETF", Shares: "84", MarketValue: "6119.54",
						CostBasis: "6300.00", Purchase: "75.00", Created: 1577836800},
				}},
		}}
	return []*connection{demo, fidelity, vanguard}
}

func shortID(s string) string {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return strconv.FormatUint(uint64(h), 36)
}
