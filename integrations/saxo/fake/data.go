package fake

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"maps"
	"net/http"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

type userSpec struct {
	clientID, name, currency string
	accounts                 []acctSpec
}

type acctSpec struct {
	id, currency, typ, display string
	seed                       int
}

var users = map[string]userSpec{
	User: {clientID: "9073876", name: "Ada Lovelace", currency: "EUR", accounts: []acctSpec{
		{id: "9073876", currency: "EUR", typ: "Normal", display: "Main account", seed: 1},
		{id: "9073877", currency: "USD", typ: "Normal", display: "US shares", seed: 2},
	}},
	OtherUser: {clientID: "5550123", name: "Niels Bohr", currency: "DKK", accounts: []acctSpec{
		{id: "5550123", currency: "DKK", typ: "Pension", display: "Ratepension", seed: 3},
	}},
}

type client struct {
	key, id, name, currency string
	accounts                []account
}

type account struct {
	acctSpec
	key, clientKey string
	cash           decimal.Decimal
	positions      []wirePosition
	bookings       []wireBooking
}

// keyOf makes Saxo-style opaque keys ("X1JlUyeXTMK3mBxzd-D2UA==").
func keyOf(kind, id string) string {
	h := sha256.Sum256([]byte("saxo-fake\x00" + kind + "\x00" + id))
	return base64.URLEncoding.EncodeToString(h[:16])
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func num(d decimal.Decimal) json.Number { return json.Number(d.String()) }

type holding struct {
	symbol, desc, asset, currency string
	uic                           int
	amount, price, open           string
	factor                        string // market value = amount × price × factor
}

var holdings = map[int][]holding{
	1: {
		{"NOVOb:xcse", "Novo Nordisk B A/S", "Stock", "DKK", 15629, "40", "712.40", "655.10", "1"},
		{"ASML:xams", "ASML Holding NV", "Stock", "EUR", 1636, "5", "901.30", "688.00", "1"},
		{"IWDA:xams", "iShares Core MSCI World UCITS ETF", "Etf", "EUR", 4870, "60", "92.15", "80.02", "1"},
		{"DBR 2.5 02/15/35", "Germany 2.5% 15 Feb 2035", "Bond", "EUR", 28311, "10000", "98.75", "97.10", "0.01"},
	},
	2: {
		{"AAPL:xnas", "Apple Inc.", "Stock", "USD", 211, "25", "189.25", "150.10", "1"},
		{"MSFT:xnas", "Microsoft Corp.", "Stock", "USD", 261, "10", "415.10", "301.55", "1"},
		{"VOO:arcx", "Vanguard S&P 500 ETF", "Etf", "USD", 36962, "8", "470.20", "401.99", "1"},
		{"AAPL/20J27C200:xcbf", "Apple Inc. Oct 2027 200 C", "StockOption", "USD", 9000211, "2", "5.35", "4.10", "100"},
	},
	3: {
		{"DANSKE:xcse", "Danske Bank A/S", "Stock", "DKK", 15617, "100", "205.40", "160.00", "1"},
	},
}

type wireDisplay struct {
	Symbol      string `json:"Symbol"`
	Description string `json:"Description"`
	Currency    string `json:"Currency"`
	Decimals    int    `json:"Decimals"`
	Format      string `json:"Format"`
}

type wirePositionBase struct {
	AccountID         string      `json:"AccountId"`
	AccountKey        string      `json:"AccountKey"`
	Amount            json.Number `json:"Amount"`
	AssetType         string      `json:"AssetType"`
	CanBeClosed       bool        `json:"CanBeClosed"`
	ClientID          string      `json:"ClientId"`
	ExecutionTimeOpen string      `json:"ExecutionTimeOpen"`
	OpenPrice         json.Number `json:"OpenPrice"`
	OpenPriceIncCosts json.Number `json:"OpenPriceIncludingCosts"`
	SourceOrderID     string      `json:"SourceOrderId"`
	Status            string      `json:"Status"`
	Uic               int         `json:"Uic"`
	ValueDate         string      `json:"ValueDate"`
}

type wirePositionView struct {
	CalculationReliability string      `json:"CalculationReliability"`
	ConversionRateCurrent  json.Number `json:"ConversionRateCurrent"`
	CurrentPrice           json.Number `json:"CurrentPrice"`
	CurrentPriceDelay      int         `json:"CurrentPriceDelayMinutes"`
	CurrentPriceType       string      `json:"CurrentPriceType"`
	Exposure               json.Number `json:"Exposure"`
	ExposureCurrency       string      `json:"ExposureCurrency"`
	MarketValue            json.Number `json:"MarketValue"`
	MarketValueOpen        json.Number `json:"MarketValueOpen"`
	ProfitLossOnTrade      json.Number `json:"ProfitLossOnTrade"`
}

type wirePosition struct {
	NetPositionID    string           `json:"NetPositionId"`
	PositionID       string           `json:"PositionId"`
	PositionBase     wirePositionBase `json:"PositionBase"`
	PositionView     wirePositionView `json:"PositionView"`
	DisplayAndFormat wireDisplay      `json:"DisplayAndFormat"`
}

type wireBooking struct {
	AccountCurrency       string      `json:"AccountCurrency"`
	AccountID             string      `json:"AccountId"`
	Amount                json.Number `json:"Amount"`
	AmountAccountCurrency json.Number `json:"AmountAccountCurrency"`
	AssetType             string      `json:"AssetType,omitempty"`
	BkAmountID            string      `json:"BkAmountId"`
	BkAmountType          string      `json:"BkAmountType"`
	ClientCurrency        string      `json:"ClientCurrency"`
	ConversionRate        json.Number `json:"ConversionRate"`
	Currency              string      `json:"Currency"`
	Date                  string      `json:"Date"`
	InstrumentDescription string      `json:"InstrumentDescription,omitempty"`
	InstrumentSymbol      string      `json:"InstrumentSymbol,omitempty"`
	RelatedTradeID        string      `json:"RelatedTradeId,omitempty"`
	Uic                   int         `json:"Uic,omitempty"`
	ValueDate             string      `json:"ValueDate"`
}

// fx converts an instrument currency into an account currency (fixed rates).
var toEUR = map[string]string{"EUR": "1", "DKK": "0.134", "USD": "0.92"}

func rate(from, to string) decimal.Decimal {
	if from == to {
		return decimal.NewFromInt(1)
	}
	return dec(toEUR[from]).Div(dec(toEUR[to])).Round(6)
}

func clientOf(user string, day time.Time) client {
	u, ok := users[user]
	if !ok {
		return client{}
	}
	c := client{key: keyOf("client", u.clientID), id: u.clientID, name: u.name, currency: u.currency}
	for _, spec := range u.accounts {
		a := account{acctSpec: spec, key: keyOf("account", spec.id), clientKey: c.key, cash: dec("25034.18")}
		for i, h := range holdings[spec.seed] {
			amount, price := dec(h.amount), dec(h.price)
			mv := amount.Mul(price).Mul(dec(h.factor)).Round(2)
			mvOpen := amount.Mul(dec(h.open)).Mul(dec(h.factor)).Round(2)
			a.positions = append(a.positions, wirePosition{
				NetPositionID: strconv.Itoa(h.uic) + "__Share", PositionID: strconv.Itoa(5019000000 + spec.seed*100 + i),
				PositionBase: wirePositionBase{AccountID: spec.id, AccountKey: a.key, Amount: num(amount), AssetType: h.asset,
					CanBeClosed: true, ClientID: u.clientID, ExecutionTimeOpen: day.AddDate(0, -3, -i).Add(10 * time.Hour).Format("2006-01-02T15:04:05.000000Z"),
					OpenPrice: num(dec(h.open)), OpenPriceIncCosts: num(dec(h.open).Add(dec("0.02"))),
					SourceOrderID: strconv.Itoa(4901000000 + spec.seed*100 + i), Status: "Open", Uic: h.uic,
					ValueDate: day.AddDate(0, -3, 2-i).Format("2006-01-02T00:00:00.000000Z")},
				PositionView: wirePositionView{CalculationReliability: "Ok", ConversionRateCurrent: num(rate(h.currency, spec.currency)),
					CurrentPrice: num(price), CurrentPriceType: "LastTraded", Exposure: num(mv), ExposureCurrency: h.currency,
					MarketValue: num(mv), MarketValueOpen: num(mvOpen), ProfitLossOnTrade: num(mv.Sub(mvOpen))},
				DisplayAndFormat: wireDisplay{Symbol: h.symbol, Description: h.desc, Currency: h.currency, Decimals: 2, Format: "Normal"},
			})
		}
		a.bookings = history(a, day)
		c.accounts = append(c.accounts, a)
	}
	return c
}

// history builds about 40 bookings over the 190 days before day.
func history(a account, day time.Time) []wireBooking {
	var out []wireBooking
	seq := 0
	add := func(daysAgo int, typ string, h *holding, amount decimal.Decimal, currency, trade string) {
		seq++
		d := day.AddDate(0, 0, -daysAgo)
		conv := rate(currency, a.currency)
		b := wireBooking{AccountCurrency: a.currency, AccountID: a.id, Amount: num(amount),
			AmountAccountCurrency: num(amount.Mul(conv).Round(2)), BkAmountID: strconv.Itoa(7000000000 + a.seed*10000 + seq),
			BkAmountType: typ, ClientCurrency: "EUR", ConversionRate: num(conv), Currency: currency,
			Date: d.Format("2006-01-02"), ValueDate: d.AddDate(0, 0, 2).Format("2006-01-02"), RelatedTradeID: trade}
		if h != nil {
			b.AssetType, b.InstrumentSymbol, b.InstrumentDescription, b.Uic = h.asset, h.symbol, h.desc, h.uic
		}
		out = append(out, b)
	}
	hs := holdings[a.seed]
	for m := 0; m < 6; m++ {
		base := 4 + m*31
		h := hs[m%len(hs)]
		if h.asset == "StockOption" || h.asset == "Bond" {
			h = hs[0]
		}
		trade := strconv.Itoa(5000000000 + a.seed*1000 + m)
		add(base+20, "Cash Amount", nil, dec("1500.00").Add(decimal.NewFromInt(int64(m*10))), a.currency, "")
		cost := dec(h.price).Mul(decimal.NewFromInt(int64(2 + m)))
		add(base+15, "Share Amount", &h, cost.Neg(), h.currency, trade)
		add(base+15, "Commission", &h, dec("-4.00"), h.currency, trade)
		add(base+15, "Exchange Fee", &h, dec("-0.35"), h.currency, trade)
		div := dec("21.40").Add(decimal.NewFromInt(int64(m)))
		add(base+9, "Corporate Actions - Cash Dividends", &h, div, h.currency, "")
		add(base+9, "Withholding Tax", &h, div.Mul(dec("-0.15")).Round(2), h.currency, "")
		if m%2 == 1 {
			sell := strconv.Itoa(5000000500 + a.seed*1000 + m)
			add(base+3, "Share Amount", &h, dec(h.price).Add(dec("2.10")), h.currency, sell)
			add(base+3, "Commission", &h, dec("-4.00"), h.currency, sell)
		}
	}
	add(170, "Cash Amount", nil, dec("-800.00"), a.currency, "")
	add(140, "Custody Fee", nil, dec("-12.50"), a.currency, "")
	add(110, "Interest", nil, dec("3.17"), a.currency, "")
	add(80, "Currency Conversion", nil, dec("0.00"), a.currency, "")
	add(50, "Security Transfer", &hs[0], dec("0.00"), hs[0].currency, "")
	return out
}

// --- handlers -------------------------------------------------------------------------

func (s *Server) handleUser(w http.ResponseWriter, _ *http.Request, c *client) {
	writeJSON(w, http.StatusOK, map[string]any{"ClientKey": c.key, "Culture": "en-GB", "Language": "en",
		"LastLoginStatus": "Successful", "Name": c.name, "UserId": c.id, "UserKey": keyOf("user", c.id)})
}

func (s *Server) handleClient(w http.ResponseWriter, _ *http.Request, c *client) {
	writeJSON(w, http.StatusOK, map[string]any{"ClientId": c.id, "ClientKey": c.key, "DefaultCurrency": c.currency,
		"DefaultAccountId": c.accounts[0].id, "DefaultAccountKey": c.accounts[0].key, "Name": c.name,
		"IsMarginTradingAllowed": true, "PositionNettingMode": "EndOfDay"})
}

func (s *Server) handleAccounts(w http.ResponseWriter, _ *http.Request, c *client) {
	var data []map[string]any
	for _, a := range c.accounts {
		data = append(data, map[string]any{"AccountGroupKey": c.key, "AccountId": a.id, "AccountKey": a.key,
			"AccountSubType": "None", "AccountType": a.typ, "Active": true, "ClientId": c.id, "ClientKey": c.key,
			"CreationDate": "2018-11-01T13:55:34.000000Z", "Currency": a.currency, "CurrencyDecimals": 2,
			"DisplayName": a.display, "IsTrialAccount": false})
	}
	writeJSON(w, http.StatusOK, map[string]any{"Data": data})
}

// account is the account of c that the query's AccountKey names (its
// ClientKey c's own), or nil with Saxo's refusal answered.
func (s *Server) account(w http.ResponseWriter, r *http.Request, c *client) *account {
	q := r.URL.Query()
	if q.Get("ClientKey") != c.key {
		writeError(w, http.StatusBadRequest, "InvalidClientKey", "ClientKey is missing or not yours")
		return nil
	}
	for i := range c.accounts {
		if c.accounts[i].key == q.Get("AccountKey") {
			return &c.accounts[i]
		}
	}
	writeError(w, http.StatusNotFound, "AccountNotFound", "The account was not found")
	return nil
}

func (s *Server) handleBalances(w http.ResponseWriter, r *http.Request, a *account) {
	value := decimal.Zero
	for _, p := range a.positions {
		mv := dec(string(p.PositionView.MarketValue))
		value = value.Add(mv.Mul(rate(p.DisplayAndFormat.Currency, a.currency))).Round(2)
	}
	total := a.cash.Add(value)
	writeJSON(w, http.StatusOK, map[string]any{
		"CalculationReliability": "Ok", "CashAvailableForTrading": num(a.cash.Sub(dec("120.00"))), "CashBalance": num(a.cash),
		"CashBlocked": 0, "ChangesScheduled": false, "ClosedPositionsCount": 0, "CollateralAvailable": num(total),
		"CostToClosePositions": -25, "Currency": a.currency, "CurrencyDecimals": 2, "MarginAvailableForTrading": num(total),
		"MarginUsedByCurrentPositions": 0, "NetPositionsCount": len(a.positions), "NonMarginPositionsValue": num(value),
		"OpenPositionsCount": len(a.positions), "OrdersCount": 0, "TotalValue": num(total), "TransactionsNotBooked": 0,
		"UnrealizedPositionsValue": num(value),
	})
}

// page writes one page of rows with Saxo's envelope.
func (s *Server) page(w http.ResponseWriter, r *http.Request, rows []any) {
	q := r.URL.Query()
	top := fakekit.PositiveParam(q.Get("$top"), s.opts.PageSize, s.opts.PageSize)
	skip, _ := strconv.Atoi(q.Get("$skip"))
	data, end := fakekit.Page(rows, skip, top)
	body := map[string]any{"__count": len(rows), "Data": data}
	if end < len(rows) {
		next := maps.Clone(q)
		next.Set("$top", strconv.Itoa(top))
		next.Set("$skip", strconv.Itoa(end))
		body["__next"] = s.URL() + r.URL.Path + "?" + next.Encode()
	}
	writeJSON(w, http.StatusOK, body)
}

func (s *Server) handlePositions(w http.ResponseWriter, r *http.Request, a *account) {
	rows := make([]any, 0, len(a.positions))
	for _, p := range a.positions {
		rows = append(rows, p)
	}
	s.page(w, r, rows)
}

func (s *Server) handleBookings(w http.ResponseWriter, r *http.Request, c *client) {
	if r.PathValue("clientKey") != c.key {
		writeError(w, http.StatusForbidden, "Forbidden", "Not your client")
		return
	}
	q := r.URL.Query()
	from, err1 := time.Parse("2006-01-02", q.Get("FromDate"))
	to, err2 := time.Parse("2006-01-02", q.Get("ToDate"))
	if err1 != nil || err2 != nil || to.Before(from) {
		writeError(w, http.StatusBadRequest, "InvalidInput", "FromDate and ToDate (YYYY-MM-DD) are required")
		return
	}
	var rows []any
	for _, a := range c.accounts {
		if k := q.Get("AccountKey"); k != "" && k != a.key {
			continue
		}
		for _, b := range a.bookings {
			d, _ := time.Parse("2006-01-02", b.Date)
			if !d.Before(from) && !d.After(to) {
				rows = append(rows, b)
			}
		}
	}
	if rows == nil {
		rows = []any{}
	}
	s.page(w, r, rows)
}
