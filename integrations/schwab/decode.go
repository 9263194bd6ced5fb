package schwab

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Wire types of the Trader API, named as its specification's schemas
// (AccountNumberHash, SecuritiesAccount, MarginBalance, CashBalance,
// Position, Transaction, TransferItem). Every amount is a JSON number,
// read from its text (integrations.Number), never through float64.

type wireAccountNumber struct {
	AccountNumber string `json:"accountNumber"`
	HashValue     string `json:"hashValue"`
}

// wireBalances holds the fields of the spec's four balance schemas that
// Latchkey reads: MarginInitialBalance and CashInitialBalance
// (initialBalances), MarginBalance and CashBalance (current and projected).
type wireBalances struct {
	CashBalance             integrations.Number `json:"cashBalance"`
	TotalCash               integrations.Number `json:"totalCash"`
	CashAvailableForTrading integrations.Number `json:"cashAvailableForTrading"`
	AvailableFunds          integrations.Number `json:"availableFunds"`
	BuyingPower             integrations.Number `json:"buyingPower"`
	LiquidationValue        integrations.Number `json:"liquidationValue"`
	Equity                  integrations.Number `json:"equity"`
}

type wireInstrument struct {
	AssetType   string `json:"assetType"`
	Cusip       string `json:"cusip"`
	Symbol      string `json:"symbol"`
	Description string `json:"description"`
	Type        string `json:"type"`
	// OptionMultiplier is AccountOption's contract size.
	OptionMultiplier integrations.Number `json:"optionMultiplier"`
}

type wirePosition struct {
	ShortQuantity integrations.Number `json:"shortQuantity"`
	LongQuantity  integrations.Number `json:"longQuantity"`
	AveragePrice  integrations.Number `json:"averagePrice"`
	AverageLong   integrations.Number `json:"averageLongPrice"`
	AverageShort  integrations.Number `json:"averageShortPrice"`
	MarketValue   integrations.Number `json:"marketValue"`
	Instrument    wireInstrument      `json:"instrument"`
}

type wireSecuritiesAccount struct {
	Type            string         `json:"type"`
	AccountNumber   string         `json:"accountNumber"`
	Positions       []wirePosition `json:"positions"`
	InitialBalances *wireBalances  `json:"initialBalances"`
	CurrentBalances *wireBalances  `json:"currentBalances"`
	IsClosingOnly   bool           `json:"isClosingOnlyRestricted"`
}

type wireAccount struct {
	SecuritiesAccount *wireSecuritiesAccount `json:"securitiesAccount"`
	// AggregatedBalance is sent beside securitiesAccount (not in the
	// spec's example, in every observed answer): the account's value now.
	AggregatedBalance *struct {
		CurrentLiquidationValue integrations.Number `json:"currentLiquidationValue"`
		LiquidationValue        integrations.Number `json:"liquidationValue"`
	} `json:"aggregatedBalance"`
}

type wireTransferItem struct {
	Instrument     wireInstrument      `json:"instrument"`
	Amount         integrations.Number `json:"amount"`
	Cost           integrations.Number `json:"cost"`
	Price          integrations.Number `json:"price"`
	FeeType        string              `json:"feeType"`
	PositionEffect string              `json:"positionEffect"`
}

type wireTransaction struct {
	ActivityID     integrations.Number `json:"activityId"`
	Time           string              `json:"time"`
	Description    string              `json:"description"`
	Type           string              `json:"type"`
	Status         string              `json:"status"`
	TradeDate      string              `json:"tradeDate"`
	SettlementDate string              `json:"settlementDate"`
	NetAmount      integrations.Number `json:"netAmount"`
	TransferItems  []wireTransferItem  `json:"transferItems"`
}

var errMalformed = integrations.Malformed("Schwab")

func decode(b []byte, v any) error { return httpx.UnmarshalOr(b, v, errMalformed) }

type accountNumber struct{ number, hash string }

func decodeAccountNumbers(b []byte) ([]accountNumber, error) {
	var w []wireAccountNumber
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	out := make([]accountNumber, 0, len(w))
	for _, n := range w {
		if n.AccountNumber == "" || n.HashValue == "" {
			return nil, errMalformed
		}
		out = append(out, accountNumber{number: n.AccountNumber, hash: n.HashValue})
	}
	return out, nil
}

var accountNames = map[string]string{"MARGIN": "Margin account", "CASH": "Cash account"}

// decodeAccounts reads GET /accounts; numbers maps each account number to
// the hash the API addresses it by.
func decodeAccounts(b []byte, numbers []accountNumber) ([]integrations.Account, error) {
	var w []wireAccount
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	hashes := map[string]string{}
	for _, n := range numbers {
		hashes[n.number] = n.hash
	}
	out := make([]integrations.Account, 0, len(w))
	for _, a := range w {
		sa := a.SecuritiesAccount
		if sa == nil || sa.AccountNumber == "" {
			return nil, errMalformed
		}
		hash, ok := hashes[sa.AccountNumber]
		if !ok {
			continue // not shared with the app's hash list: cannot be addressed
		}
		name := accountNames[sa.Type]
		if name == "" {
			name = "Brokerage account"
		}
		status := "open"
		if sa.IsClosingOnly {
			status = "closing only"
		}
		out = append(out, integrations.Account{
			ID: hash, Number: integrations.MaskNumber(sa.AccountNumber), Name: "Schwab " + name,
			RawType: sa.Type, Category: integrations.CategoryInvestment, Currency: "USD", Status: status,
		})
	}
	return out, nil
}

// first returns the first present number.
func first(ns ...integrations.Number) integrations.Number {
	for _, n := range ns {
		if n.Valid {
			return n
		}
	}
	return integrations.Number{}
}

// decodeBalances reads GET /accounts/{hash}: one USD balance. The spec's
// current balances (MarginBalance, CashBalance) hold neither the cash
// balance nor the liquidation value, so the value now comes from
// aggregatedBalance, else the current equity (margin accounts), else the
// day's initial liquidation value; the cash from the initial balances'
// cashBalance, else the current totalCash (cash accounts).
func decodeBalances(b []byte) ([]integrations.Balance, error) {
	var w wireAccount
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	sa := w.SecuritiesAccount
	if sa == nil || (sa.CurrentBalances == nil && sa.InitialBalances == nil) {
		return nil, errMalformed
	}
	cur, ini := sa.CurrentBalances, sa.InitialBalances
	if cur == nil {
		cur = &wireBalances{}
	}
	if ini == nil {
		ini = &wireBalances{}
	}
	var agg integrations.Number
	if w.AggregatedBalance != nil {
		agg = first(w.AggregatedBalance.CurrentLiquidationValue, w.AggregatedBalance.LiquidationValue)
	}
	cash := first(cur.CashBalance, cur.TotalCash, ini.CashBalance, ini.TotalCash)
	total := first(agg, cur.LiquidationValue, cur.Equity, ini.LiquidationValue)
	bp := first(cur.BuyingPower, cur.CashAvailableForTrading, cur.AvailableFunds)
	if !cash.Valid || !total.Valid {
		return nil, errMalformed
	}
	return []integrations.Balance{{Currency: "USD", Cash: cash.Decimal, BuyingPower: bp.Null(), Total: total.Decimal}}, nil
}

func securityType(in wireInstrument) integrations.SecurityType {
	switch in.AssetType {
	case "EQUITY":
		if in.Type == "EXCHANGE_TRADED_FUND" {
			return integrations.SecurityETF
		}
		return integrations.SecurityEquity
	case "COLLECTIVE_INVESTMENT":
		if in.Type == "EXCHANGE_TRADED_FUND" || in.Type == "" {
			return integrations.SecurityETF
		}
		return integrations.SecurityFund
	case "MUTUAL_FUND":
		return integrations.SecurityFund
	case "OPTION":
		return integrations.SecurityOption
	case "FIXED_INCOME":
		return integrations.SecurityBond
	case "CASH_EQUIVALENT", "CURRENCY":
		return integrations.SecurityCash
	default:
		return integrations.SecurityOther
	}
}

// decodePositions reads GET /accounts/{hash}?fields=positions. Schwab gives
// no price per position: it is the market value over the units and the
// option's multiplier (AccountOption.optionMultiplier, 100 when absent).
func decodePositions(b []byte, asOf time.Time) ([]integrations.Position, error) {
	var w wireAccount
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	if w.SecuritiesAccount == nil {
		return nil, errMalformed
	}
	out := make([]integrations.Position, 0, len(w.SecuritiesAccount.Positions))
	for _, p := range w.SecuritiesAccount.Positions {
		ticker := strings.TrimSpace(p.Instrument.Symbol)
		if ticker == "" {
			return nil, errMalformed
		}
		typ := securityType(p.Instrument)
		units := p.LongQuantity.OrZero().Sub(p.ShortQuantity.OrZero())
		mv := p.MarketValue.OrZero()
		avg := p.AveragePrice
		if units.IsNegative() && p.AverageShort.Valid {
			avg = p.AverageShort
		} else if units.IsPositive() && !avg.Valid {
			avg = p.AverageLong
		}
		mult := decimal.NewFromInt(1)
		if typ == integrations.SecurityOption {
			mult = decimal.NewFromInt(100)
			if m := p.Instrument.OptionMultiplier; m.Valid && m.IsPositive() {
				mult = m.Decimal
			}
		}
		price := decimal.Zero
		if !units.IsZero() {
			price = mv.Div(units.Mul(mult)).Round(6)
		}
		var basis decimal.NullDecimal
		if avg.Valid {
			basis = decimal.NewNullDecimal(avg.Mul(units).Mul(mult).Round(2))
		}
		out = append(out, integrations.Position{
			Symbol: integrations.Symbol{Ticker: ticker, Description: p.Instrument.Description,
				Type: typ, Currency: "USD", CUSIP: p.Instrument.Cusip},
			Units: units, Price: price, MarketValue: mv, AverageCost: avg.Null(), CostBasis: basis,
			Currency: "USD", AsOf: asOf,
		})
	}
	return out, nil
}

// parseTime reads Schwab's timestamps: 2025-04-23T19:59:12+0000 as
// observed, 2025-01-19T02:03:04.446Z as the spec's examples write them.
func parseTime(s string) (time.Time, bool) {
	for _, l := range []string{"2006-01-02T15:04:05-0700", "2006-01-02T15:04:05.000-0700", time.RFC3339Nano, "2006-01-02"} {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func contains(s string, words ...string) bool {
	s = strings.ToUpper(s)
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// activityType maps a transaction: by its type, then its sign and words of
// its description where the type alone does not say.
func activityType(t wireTransaction, net decimal.Decimal, units decimal.Decimal) integrations.ActivityType {
	pos := net.IsPositive() || (net.IsZero() && units.IsPositive())
	neg := net.IsNegative() || (net.IsZero() && units.IsNegative())
	switch t.Type {
	case "TRADE":
		if neg || (net.IsZero() && units.IsPositive()) {
			return integrations.ActivityBuy
		}
		return integrations.ActivitySell
	case "DIVIDEND_OR_INTEREST":
		switch {
		case contains(t.Description, "TAX", "WITHHOLD"):
			return integrations.ActivityTax
		case contains(t.Description, "INTEREST", " INT ", "INT "):
			return integrations.ActivityInterest
		case contains(t.Description, "REINVEST"):
			return integrations.ActivityReinvest
		case neg:
			return integrations.ActivityFee
		}
		return integrations.ActivityDividend
	case "ACH_RECEIPT", "CASH_RECEIPT", "WIRE_IN":
		return integrations.ActivityContribution
	case "ACH_DISBURSEMENT", "CASH_DISBURSEMENT", "WIRE_OUT":
		return integrations.ActivityWithdrawal
	case "ELECTRONIC_FUND":
		if neg {
			return integrations.ActivityWithdrawal
		}
		return integrations.ActivityContribution
	case "JOURNAL":
		switch {
		case contains(t.Description, "TAX", "WITHHOLD"):
			return integrations.ActivityTax
		case contains(t.Description, "FEE"):
			return integrations.ActivityFee
		case contains(t.Description, "INTEREST"):
			return integrations.ActivityInterest
		case neg:
			return integrations.ActivityTransferOut
		case pos:
			return integrations.ActivityTransferIn
		}
	case "RECEIVE_AND_DELIVER":
		switch {
		case contains(t.Description, "SPLIT"):
			return integrations.ActivitySplit
		case neg:
			return integrations.ActivityTransferOut
		case pos:
			return integrations.ActivityTransferIn
		}
	}
	return integrations.ActivityOther
}

// decodeTransactions reads GET /accounts/{hash}/transactions. It also
// returns how many rows the answer held (for the 3000-row cap). Rows whose
// status is INVALID (the spec's enum: VALID, INVALID, PENDING, UNKNOWN) are
// dropped.
func decodeTransactions(b []byte) ([]integrations.Activity, int, error) {
	var w []wireTransaction
	if err := decode(b, &w); err != nil {
		return nil, 0, err
	}
	out := make([]integrations.Activity, 0, len(w))
	for _, t := range w {
		if !t.ActivityID.Valid || t.Type == "" {
			return nil, 0, errMalformed
		}
		when := t.TradeDate
		if when == "" {
			when = t.Time
		}
		td, ok := parseTime(when)
		if !ok {
			return nil, 0, errMalformed
		}
		var sd integrations.Date
		if t.SettlementDate != "" {
			st, ok := parseTime(t.SettlementDate)
			if !ok {
				return nil, 0, errMalformed
			}
			if sd = integrations.DateOf(st); sd < integrations.DateOf(td) {
				sd = ""
			}
		}
		if strings.EqualFold(t.Status, "INVALID") || strings.EqualFold(t.Status, "CANCELLED") {
			continue
		}
		net := t.NetAmount.OrZero()
		var symbol string
		units, price, fee := decimal.Zero, decimal.Zero, decimal.Zero
		for _, it := range t.TransferItems {
			switch {
			case it.FeeType != "":
				fee = fee.Add(it.Cost.OrZero().Abs())
			case it.Instrument.AssetType == "CURRENCY" || it.Instrument.Symbol == "":
			case symbol == "":
				symbol = strings.TrimSpace(it.Instrument.Symbol)
				units, price = it.Amount.OrZero(), it.Price.OrZero()
			}
		}
		out = append(out, integrations.Activity{
			ID: t.ActivityID.String(), Type: activityType(t, net, units), RawType: t.Type,
			TradeDate: integrations.DateOf(td), SettlementDate: sd, Symbol: symbol,
			Units: units, Price: price, Amount: net, Fee: fee, Currency: "USD", Description: t.Description,
		})
	}
	return out, len(w), nil
}
