package questrade

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// num is a decimal read by its text (integrations.Number).
type num = integrations.Number

var errMalformed = integrations.Malformed("Questrade")

func decode(b []byte, v any) error { return httpx.UnmarshalOr(b, v, errMalformed) }

// --- Token ---------------------------------------------------------------------------

// wireToken is the token endpoint's answer. Every answer names the API
// server the following calls go to.
type wireToken struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
	APIServer    string `json:"api_server"`
}

// --- Accounts -------------------------------------------------------------------------

type wireAccount struct {
	Type              string `json:"type"`
	Number            string `json:"number"`
	Status            string `json:"status"`
	IsPrimary         bool   `json:"isPrimary"`
	ClientAccountType string `json:"clientAccountType"`
}

// registered are the account types of Canadian registered plans.
var registered = map[string]bool{
	"TFSA": true, "RRSP": true, "SRRSP": true, "LRRSP": true, "LIRA": true, "LIF": true, "RIF": true,
	"SRIF": true, "LRIF": true, "RRIF": true, "PRIF": true, "RESP": true, "FRESP": true, "FHSA": true,
}

// decodeAccounts reads GET v1/accounts: the user id and the accounts.
func decodeAccounts(b []byte, inst string, paper bool) (string, []integrations.NumberedAccount, error) {
	var w struct {
		Accounts []wireAccount `json:"accounts"`
		UserID   json.Number   `json:"userId"`
	}
	if err := decode(b, &w); err != nil {
		return "", nil, err
	}
	if w.UserID == "" {
		return "", nil, errMalformed
	}
	out := make([]integrations.NumberedAccount, 0, len(w.Accounts))
	for _, a := range w.Accounts {
		if a.Number == "" {
			return "", nil, errMalformed
		}
		cat := integrations.CategoryInvestment
		if registered[strings.ToUpper(a.Type)] {
			cat = integrations.CategoryRetirement
		}
		out = append(out, integrations.NumberedAccount{Full: a.Number, Account: integrations.Account{
			ID: integrations.AccountHash(inst, a.Number), Number: integrations.MaskNumber(a.Number),
			Name:    strings.TrimSpace(a.ClientAccountType + " " + a.Type),
			RawType: a.Type, Category: cat, Currency: "CAD", Status: integrations.AccountStatus(a.Status), Paper: paper,
		}})
	}
	return w.UserID.String(), out, nil
}

// decodeAccounts reads the variant's GET v1/accounts.
func (in *Integration) decodeAccounts(b []byte) (string, []integrations.NumberedAccount, error) {
	return decodeAccounts(b, in.ID(), in.Paper)
}

// --- Balances -------------------------------------------------------------------------

func decodeBalances(b []byte) ([]integrations.Balance, error) {
	var w struct {
		PerCurrencyBalances []struct {
			Currency    string `json:"currency"`
			Cash        num    `json:"cash"`
			MarketValue num    `json:"marketValue"`
			TotalEquity num    `json:"totalEquity"`
			BuyingPower num    `json:"buyingPower"`
		} `json:"perCurrencyBalances"`
	}
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	out := make([]integrations.Balance, 0, len(w.PerCurrencyBalances))
	for _, x := range w.PerCurrencyBalances {
		if x.Currency == "" || !x.Cash.Valid {
			return nil, errMalformed
		}
		total := x.TotalEquity
		if !total.Valid {
			total = num{Decimal: x.Cash.Decimal.Add(x.MarketValue.OrZero()), Valid: true}
		}
		out = append(out, integrations.Balance{Currency: strings.ToUpper(x.Currency), Cash: x.Cash.Decimal,
			BuyingPower: x.BuyingPower.Null(), Total: total.Decimal})
	}
	return out, nil
}

// --- Positions and symbols ------------------------------------------------------------

type wirePosition struct {
	Symbol             string `json:"symbol"`
	SymbolID           int64  `json:"symbolId"`
	OpenQuantity       num    `json:"openQuantity"`
	CurrentMarketValue num    `json:"currentMarketValue"`
	CurrentPrice       num    `json:"currentPrice"`
	AverageEntryPrice  num    `json:"averageEntryPrice"`
	TotalCost          num    `json:"totalCost"`
}

// symbol is the id the symbols call describes the position by, when it
// has one.
func (p wirePosition) symbol() (int64, bool) { return p.SymbolID, p.SymbolID > 0 }

func decodePositions(b []byte) ([]wirePosition, error) {
	var w struct {
		Positions []wirePosition `json:"positions"`
	}
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	for _, p := range w.Positions {
		if p.Symbol == "" || !p.OpenQuantity.Valid {
			return nil, errMalformed
		}
	}
	return w.Positions, nil
}

type wireSymbol struct {
	Symbol          string `json:"symbol"`
	SymbolID        int64  `json:"symbolId"`
	Description     string `json:"description"`
	SecurityType    string `json:"securityType"`
	ListingExchange string `json:"listingExchange"`
	Currency        string `json:"currency"`
}

func decodeSymbols(b []byte) (map[int64]wireSymbol, error) {
	var w struct {
		Symbols []wireSymbol `json:"symbols"`
	}
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	out := make(map[int64]wireSymbol, len(w.Symbols))
	for _, s := range w.Symbols {
		out[s.SymbolID] = s
	}
	return out, nil
}

var securityTypes = map[string]integrations.SecurityType{
	"stock": integrations.SecurityEquity, "option": integrations.SecurityOption, "bond": integrations.SecurityBond,
	"mutualfund": integrations.SecurityFund,
}

// symbolCurrency guesses a listing's currency from its suffix when the
// symbol lookup did not say: Canadian listings end in .TO, .VN, .CN, .NE.
func symbolCurrency(sym string) string {
	for _, s := range []string{".TO", ".VN", ".CN", ".NE", ".V"} {
		if strings.HasSuffix(strings.ToUpper(sym), s) {
			return "CAD"
		}
	}
	return "USD"
}

func position(p wirePosition, s wireSymbol, asOf time.Time) integrations.Position {
	typ, ok := securityTypes[strings.ToLower(s.SecurityType)]
	if !ok {
		typ = integrations.SecurityOther
	}
	cur := strings.ToUpper(s.Currency)
	if cur == "" {
		cur = symbolCurrency(p.Symbol)
	}
	return integrations.Position{
		Symbol: integrations.Symbol{Ticker: p.Symbol, Description: s.Description, Type: typ,
			Exchange: s.ListingExchange, Currency: cur},
		Units:       p.OpenQuantity.Decimal,
		Price:       p.CurrentPrice.OrZero(),
		MarketValue: p.CurrentMarketValue.OrZero(),
		AverageCost: p.AverageEntryPrice.Null(),
		CostBasis:   p.TotalCost.Null(),
		Currency:    cur,
		AsOf:        asOf,
	}
}

// --- Activities -------------------------------------------------------------------------

type wireActivity struct {
	TradeDate       string `json:"tradeDate"`
	TransactionDate string `json:"transactionDate"`
	SettlementDate  string `json:"settlementDate"`
	Action          string `json:"action"`
	Symbol          string `json:"symbol"`
	SymbolID        int64  `json:"symbolId"`
	Description     string `json:"description"`
	Currency        string `json:"currency"`
	Quantity        num    `json:"quantity"`
	Price           num    `json:"price"`
	GrossAmount     num    `json:"grossAmount"`
	Commission      num    `json:"commission"`
	NetAmount       num    `json:"netAmount"`
	Type            string `json:"type"`
}

func decodeActivities(b []byte) ([]wireActivity, error) {
	var w struct {
		Activities []wireActivity `json:"activities"`
	}
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	return w.Activities, nil
}

// timeLayout is Questrade's date-time: microseconds and the offset.
const timeLayout = "2006-01-02T15:04:05.999999-07:00"

// activityDate reads "2011-02-16T00:00:00.000000-05:00" as its calendar
// date in its own offset.
func activityDate(s string) (integrations.Date, error) {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		if t, err = time.Parse(time.RFC3339Nano, s); err != nil {
			return "", err
		}
	}
	return integrations.Date(t.Format(time.DateOnly)), nil
}

// activityType maps Questrade's type and action.
func activityType(a wireActivity) integrations.ActivityType {
	action := strings.ToUpper(strings.TrimSpace(a.Action))
	amount, qty := a.NetAmount.OrZero(), a.Quantity.OrZero()
	switch strings.ToLower(strings.TrimSpace(a.Type)) {
	case "trades":
		switch action {
		case "BUY", "BTO", "BTC":
			return integrations.ActivityBuy
		case "SELL", "STO", "STC":
			return integrations.ActivitySell
		}
		return integrations.BySign(integrations.ActivityBuy, integrations.ActivitySell, qty)
	case "dividends":
		switch action {
		case "NRT", "WHT", "TAX":
			return integrations.ActivityTax
		case "REI":
			return integrations.ActivityReinvest
		}
		if amount.IsNegative() {
			return integrations.ActivityTax
		}
		return integrations.ActivityDividend
	case "deposits":
		return integrations.ActivityContribution
	case "withdrawals":
		return integrations.ActivityWithdrawal
	case "interest":
		return integrations.ActivityInterest
	case "fees and rebates":
		return integrations.ActivityFee
	case "transfers":
		return integrations.BySign(integrations.ActivityTransferIn, integrations.ActivityTransferOut, amount, qty)
	case "corporate actions":
		if strings.Contains(strings.ToUpper(a.Description), "SPLIT") {
			return integrations.ActivitySplit
		}
		return integrations.ActivityOther
	default: // "FX conversion", "Other", anything new
		return integrations.ActivityOther
	}
}

// mapActivities maps a read's rows. Questrade's activities have no id: each
// gets a hash of its fields and of how many identical rows precede it in the
// read (reads cover whole days, so the count is stable).
func mapActivities(acct string, rows []wireActivity) ([]integrations.Activity, error) {
	out := make([]integrations.Activity, 0, len(rows))
	ids := integrations.RowIDs{Prefix: "qa-"}
	for _, r := range rows {
		td, err := activityDate(r.TradeDate)
		if err != nil || r.Type == "" || r.Currency == "" {
			return nil, errMalformed
		}
		var sd integrations.Date
		if r.SettlementDate != "" {
			if sd, err = activityDate(r.SettlementDate); err != nil {
				return nil, errMalformed
			}
			if sd < td {
				sd = td
			}
		}
		raw := strings.TrimSpace(r.Type)
		if a := strings.TrimSpace(r.Action); a != "" {
			raw += "/" + a
		}
		key := fmt.Sprint(acct, "|", r.TradeDate, "|", r.TransactionDate, "|", raw, "|", r.Symbol, "|", r.Currency, "|",
			r.Quantity.OrZero(), "|", r.Price.OrZero(), "|", r.NetAmount.OrZero(), "|", r.Commission.OrZero(), "|", r.Description)
		desc := strings.TrimSpace(r.Description)
		if desc == "" {
			desc = raw
		}
		out = append(out, integrations.Activity{
			ID: ids.ID(key), Type: activityType(r), RawType: raw,
			TradeDate: td, SettlementDate: sd, Symbol: r.Symbol, Units: r.Quantity.OrZero(), Price: r.Price.OrZero(),
			Amount: r.NetAmount.OrZero(), Fee: r.Commission.OrZero().Abs(), Currency: strings.ToUpper(r.Currency), Description: desc,
		})
	}
	return out, nil
}
