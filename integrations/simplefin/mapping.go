package simplefin

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// isoCurrency accepts an ISO 4217 code (or a crypto code): the protocol's
// currency is "the currency code from the official ISO 4217" or, for a
// custom currency (points, miles), a URL. Accounts in a custom currency
// are left out: they hold no money Latchkey can value.
var isoCurrency = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,9}$`)

func currencyOf(s string) (string, bool) {
	c := strings.ToUpper(strings.TrimSpace(s))
	return c, isoCurrency.MatchString(c)
}

// lastFour finds the last four digits an account's name shows ("Checking
// ...1234", "Brokerage (x1234)", "Roth IRA - 5678"): the only account
// number SimpleFIN gives.
var lastFour = regexp.MustCompile(`(?i)(?:\.\.\.|…|•|x|#|\*|-|\(|\s)\s*(\d{4})\)?\s*$`)

// mapAccount maps a SimpleFIN account; false for one Latchkey cannot use
// (no id, a custom currency).
func mapAccount(a wireAccount) (integrations.Account, bool) {
	cur, ok := currencyOf(string(a.Currency))
	if a.ID == "" || !ok {
		return integrations.Account{}, false
	}
	name := maskDigits(string(a.Name))
	out := integrations.Account{ID: string(a.ID), Name: firstOf(name, "SimpleFIN account"), Currency: cur,
		Status: "open", Category: category(name, len(a.Holdings) > 0)}
	if m := lastFour.FindStringSubmatch(name); m != nil {
		out.Number = integrations.MaskNumber(m[1])
	}
	return out, true
}

var (
	retirementWords = regexp.MustCompile(`(?i)\b(ira|roth|401\s?\(?k\)?|403\s?\(?b\)?|457|sep|simple ira|rrsp|tfsa|hsa|retirement|pension|annuity)\b`)
	investmentWords = regexp.MustCompile(`(?i)\b(brokerage|invest\w*|individual|joint|trading|stocks?|securities|portfolio|529)\b`)
	cryptoWords     = regexp.MustCompile(`(?i)\b(crypto\w*|bitcoin|btc|eth|ethereum|wallet)\b`)
)

// category guesses what an account is for from its name and whether it
// has holdings: SimpleFIN gives no account type.
func category(name string, holdings bool) integrations.Category {
	switch {
	case retirementWords.MatchString(name):
		return integrations.CategoryRetirement
	case cryptoWords.MatchString(name):
		return integrations.CategoryCrypto
	case holdings || investmentWords.MatchString(name):
		return integrations.CategoryInvestment
	}
	return integrations.CategoryCash
}

func investing(c integrations.Category) bool { return c != integrations.CategoryCash }

// mapBalances is the account's one balance: balance ("The balance of the
// account as of balance-date") is the total; the cash is what the holdings'
// market values leave of it; available-balance is the buying power.
func mapBalances(a wireAccount, cur string) []integrations.Balance {
	if !a.Balance.Valid {
		return nil
	}
	b := integrations.Balance{Currency: cur, Total: a.Balance.Decimal, Cash: a.Balance.Decimal, BuyingPower: a.Available.Null()}
	for _, h := range a.Holdings {
		if h.MarketValue.Valid && holdingCurrency(h, cur) == cur {
			b.Cash = b.Cash.Sub(h.MarketValue.Decimal)
		}
	}
	return []integrations.Balance{b}
}

func holdingCurrency(h wireHolding, account string) string {
	if c, ok := currencyOf(string(h.Currency)); ok {
		return c
	}
	return account
}

// mapPositions maps the account's holdings. A holding's price is its
// market value over its shares (the Bridge sends no price of its own); its
// cost basis is cost_basis, the position's total (see wireHolding), and
// its average cost that over the shares, else purchase_price.
func mapPositions(a wireAccount, cur string, now time.Time) []integrations.Position {
	asOf := a.BalanceDate.time()
	if asOf.IsZero() {
		asOf = now.UTC()
	}
	var out []integrations.Position
	seen := map[string]bool{}
	for _, h := range a.Holdings {
		units, mv := h.Shares.OrZero(), h.MarketValue.OrZero()
		if units.IsZero() && mv.IsZero() {
			continue
		}
		desc := maskDigits(string(h.Description))
		ticker := strings.ToUpper(string(h.Symbol))
		if ticker == "" {
			ticker = firstOf(desc, "HOLDING-"+strings.ToUpper(shortHash(string(h.ID))))
			if len([]rune(ticker)) > 32 {
				ticker = string([]rune(ticker)[:32])
			}
		}
		key := ticker + "\x00" + string(h.ID)
		if seen[key] {
			continue
		}
		seen[key] = true
		hc := holdingCurrency(h, cur)
		p := integrations.Position{
			Symbol:      integrations.Symbol{Ticker: ticker, Description: desc, Type: securityType(string(h.Symbol), desc), Currency: hc},
			Units:       units,
			MarketValue: mv,
			Currency:    hc,
			AsOf:        asOf,
		}
		if !units.IsZero() {
			p.Price = mv.DivRound(units, 8)
		}
		if h.CostBasis.Valid {
			p.CostBasis = decimal.NewNullDecimal(h.CostBasis.Decimal)
			if !units.IsZero() {
				p.AverageCost = decimal.NewNullDecimal(h.CostBasis.Decimal.DivRound(units.Abs(), 8))
			}
		} else if h.PurchasePrice.Valid {
			p.AverageCost = decimal.NewNullDecimal(h.PurchasePrice.Decimal)
		}
		if p.Price.IsZero() && p.Symbol.Type != integrations.SecurityCash {
			p.Symbol.Type = integrations.SecurityOther
		}
		out = append(out, p)
	}
	return out
}

var (
	optionRE   = regexp.MustCompile(`^-?[A-Z]{1,6}\s*\d{6}[CP]\d{5,8}$`)
	cashRE     = regexp.MustCompile(`(?i)\b(cash|money market|core position|sweep|settlement fund|deposit)\b`)
	etfRE      = regexp.MustCompile(`(?i)\b(etf|exchange[- ]traded)\b`)
	fundRE     = regexp.MustCompile(`(?i)\b(fund|fd|index|trust|portfolio|admiral|investor shares|institutional|target (date|retirement))\b`)
	bondRE     = regexp.MustCompile(`(?i)\b(bond|note|treasury|t-bill|cd|certificate of deposit|municipal)\b`)
	cryptoSyms = map[string]bool{"BTC": true, "ETH": true, "SOL": true, "USDC": true, "USDT": true, "DOGE": true, "LTC": true, "ADA": true, "XRP": true}
)

// securityType guesses a holding's type from its symbol and description:
// SimpleFIN gives neither a type nor an exchange.
func securityType(symbol, desc string) integrations.SecurityType {
	sym := strings.ToUpper(strings.TrimSpace(symbol))
	switch {
	case sym == "":
		if cashRE.MatchString(desc) {
			return integrations.SecurityCash
		}
		return integrations.SecurityOther
	case optionRE.MatchString(strings.ReplaceAll(sym, " ", "")):
		return integrations.SecurityOption
	case cryptoSyms[sym] || cryptoWords.MatchString(desc):
		return integrations.SecurityCrypto
	case cashRE.MatchString(desc):
		return integrations.SecurityCash
	case etfRE.MatchString(desc):
		return integrations.SecurityETF
	case bondRE.MatchString(desc):
		return integrations.SecurityBond
	case fundRE.MatchString(desc) || len(sym) == 5 && strings.HasSuffix(sym, "X"):
		// Mutual fund tickers are five letters ending in X.
		return integrations.SecurityFund
	}
	return integrations.SecurityEquity
}

// mapActivities maps the account's posted transactions on or after since.
// Pending ones are not asked for; one that comes anyway is left out (its
// id may change once it posts).
func mapActivities(a wireAccount, cur string, cat integrations.Category, since time.Time) []integrations.Activity {
	var out []integrations.Activity
	sinceDate := integrations.Date("")
	if !since.IsZero() {
		sinceDate = integrations.DateOf(since.UTC())
	}
	seen := map[string]bool{}
	for _, t := range a.Transactions {
		posted := t.Posted.time()
		if t.Pending || posted.IsZero() || !t.Amount.Valid {
			continue
		}
		x := mapTxn(a, t, cur, cat)
		if !since.IsZero() && posted.Before(since) && x.TradeDate < sinceDate {
			continue
		}
		if seen[x.ID] {
			continue
		}
		seen[x.ID] = true
		out = append(out, x)
	}
	return out
}

func mapTxn(a wireAccount, t wireTxn, cur string, cat integrations.Category) integrations.Activity {
	posted := t.Posted.time()
	trade := posted
	if at := t.TransactedAt.time(); !at.IsZero() && !at.After(posted) {
		trade = at
	}
	desc := maskDigits(firstOf(string(t.Description), string(t.Payee), string(t.Memo)))
	id := string(t.ID)
	if id == "" {
		id = "row-" + shortHash(posted.String(), t.Amount.String(), desc)
	}
	x := integrations.Activity{ID: id, RawType: firstOf(desc, "transaction"), TradeDate: integrations.DateOf(trade),
		SettlementDate: integrations.DateOf(posted), Amount: t.Amount.Decimal, Currency: cur, Description: desc}
	text := strings.ToUpper(strings.Join([]string{string(t.Description), string(t.Memo)}, " "))
	classify(&x, text, a, cat)
	return x
}

func shortHash(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:6])
}

// The words that map a transaction's text to a universal type, tried in
// order: SimpleFIN has no transaction type, only a description (and the
// Bridge's memo). Unknown texts are OTHER with the text kept as raw type.
var (
	reinvestRE   = regexp.MustCompile(`\bREINVEST(MENT|ED)?\b`)
	taxRE        = regexp.MustCompile(`\b(TAX(ES)? WITHHELD|WITHHOLDING|FOREIGN TAX|NRA TAX|TAX PAID|TAX WITHHOLDING)\b`)
	feeRE        = regexp.MustCompile(`\b(FEE|FEES|COMMISSION|SERVICE CHARGE)\b`)
	dividendRE   = regexp.MustCompile(`\b(DIVIDENDS?|DIV|QUALIFIED DIV|CAP(ITAL)? GAINS?( DIST(RIBUTION)?)?)\b`)
	interestRE   = regexp.MustCompile(`\bINTEREST\b`)
	splitRE      = regexp.MustCompile(`\b(STOCK )?SPLIT\b`)
	buyRE        = regexp.MustCompile(`\b(YOU BOUGHT|BOUGHT|BUY|PURCHASED?)\b`)
	sellRE       = regexp.MustCompile(`\b(YOU SOLD|SOLD|SELL|REDEMPTION|REDEEMED)\b`)
	transferRE   = regexp.MustCompile(`\b(TRANSFER(RED)?|ACAT|JOURNAL(ED)?)\b`)
	depositRE    = regexp.MustCompile(`\b(CONTRIBUTION|DEPOSIT|DIRECT DEP|FUNDS RECEIVED)\b`)
	withdrawalRE = regexp.MustCompile(`\b(WITHDRAWAL|DISBURSEMENT|DISTRIBUTION)\b`)
	tickerRE     = regexp.MustCompile(`\(([A-Z][A-Z0-9.\-]{0,9})\)`)
	unitsRE      = regexp.MustCompile(`\b([0-9][0-9,]*(?:\.[0-9]+)?)\s+(?:SHARES|SHS|SH|UNITS)\b`)
	priceRE      = regexp.MustCompile(`@\s*\$?([0-9][0-9,]*(?:\.[0-9]+)?)`)
	notTickers   = map[string]bool{"CASH": true, "MARGIN": true, "USD": true, "SHORT": true, "LONG": true}
)

func classify(x *integrations.Activity, text string, a wireAccount, cat integrations.Category) {
	x.Type = integrations.ActivityOther
	amt := x.Amount
	sym := symbolIn(text, a)
	trade := func(t integrations.ActivityType, neg bool) bool {
		if sym == "" || !investing(cat) || neg && amt.IsPositive() || !neg && amt.IsNegative() {
			return false
		}
		x.Type, x.Symbol = t, sym
		if m := unitsRE.FindStringSubmatch(text); m != nil {
			if u, err := integrations.ParseDecimal(strings.ReplaceAll(m[1], ",", "")); err == nil {
				x.Units = u
				if t == integrations.ActivitySell {
					x.Units = u.Neg()
				}
			}
		}
		if m := priceRE.FindStringSubmatch(text); m != nil {
			if p, err := integrations.ParseDecimal(strings.ReplaceAll(m[1], ",", "")); err == nil {
				x.Price = p
			}
		}
		return true
	}
	switch {
	case reinvestRE.MatchString(text):
		x.Type, x.Symbol = integrations.ActivityReinvest, sym
	case taxRE.MatchString(text):
		x.Type, x.Symbol = integrations.ActivityTax, sym
	case feeRE.MatchString(text):
		x.Type = integrations.ActivityFee
	case dividendRE.MatchString(text):
		x.Type, x.Symbol = integrations.ActivityDividend, sym
	case interestRE.MatchString(text):
		x.Type = integrations.ActivityInterest
	case splitRE.MatchString(text):
		x.Type, x.Symbol = integrations.ActivitySplit, sym
	case buyRE.MatchString(text) && trade(integrations.ActivityBuy, true):
	case sellRE.MatchString(text) && trade(integrations.ActivitySell, false):
	case transferRE.MatchString(text):
		x.Type = integrations.ActivityTransferOut
		if !amt.IsNegative() {
			x.Type = integrations.ActivityTransferIn
		}
	case depositRE.MatchString(text) && !amt.IsNegative():
		x.Type = integrations.ActivityContribution
	case withdrawalRE.MatchString(text) && !amt.IsPositive():
		x.Type = integrations.ActivityWithdrawal
	}
}

// symbolIn finds the security a transaction's text names: a ticker in
// parentheses ("YOU BOUGHT VANGUARD TOTAL STOCK MARKET ETF (VTI)"), or one
// of the account's holdings by its symbol or description.
func symbolIn(text string, a wireAccount) string {
	for _, m := range tickerRE.FindAllStringSubmatch(text, -1) {
		if !notTickers[m[1]] {
			return m[1]
		}
	}
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-')
	}) {
		words[strings.Trim(w, ".-")] = true
	}
	for _, h := range a.Holdings {
		sym := strings.ToUpper(string(h.Symbol))
		if sym == "" {
			continue
		}
		if words[sym] {
			return sym
		}
		if d := strings.ToUpper(string(h.Description)); len(d) >= 6 && strings.Contains(text, d) {
			return sym
		}
	}
	return ""
}

// monograms maps words of an institution's name or address to the id of
// Latchkey's direct integration of it, whose monogram the bridge
// connection borrows (and by which app/duplicates.go matches the two
// routes' accounts).
var monograms = []struct{ word, id string }{
	{"fidelity", "fidelity"}, {"vanguard", "vanguard"}, {"schwab", "schwab"}, {"etrade", "etrade"},
	{"robinhood", "robinhood"}, {"merrill", "merrill"}, {"wealthsimple", "wealthsimple"}, {"questrade", "questrade"},
	{"interactivebrokers", "ibkr"}, {"tastytrade", "tastytrade"}, {"webull", "webull"}, {"alpaca", "alpaca"},
	{"coinbase", "coinbase"}, {"kraken", "kraken"}, {"gemini", "gemini"}, {"tradier", "tradier"},
}

// monogram is the monogram of a connection: Latchkey's own integration of
// the institution it reaches, or "" (the front end draws initials).
func monogram(c conn) string {
	s := strings.ToLower(c.Name + " " + c.Site)
	s = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r == ' ' || r == '.' {
			return r
		}
		return -1
	}, s)
	for _, m := range monograms {
		if strings.Contains(s, m.word) {
			return m.id
		}
	}
	return ""
}
