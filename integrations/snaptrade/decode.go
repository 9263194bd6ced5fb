package snaptrade

import (
	"errors"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Wire types, as api.yaml's components/schemas define them (only the
// fields Latchkey reads).

// wireBrokerage is Brokerage.
type wireBrokerage struct {
	ID              string `json:"id"`
	Slug            string `json:"slug"`
	Name            string `json:"name"`
	DisplayName     string `json:"display_name"`
	Enabled         *bool  `json:"enabled"`
	MaintenanceMode bool   `json:"maintenance_mode"`
	IsDegraded      bool   `json:"is_degraded"`
	BrokerageType   *struct {
		Name string `json:"name"`
	} `json:"brokerage_type"`
}

// label is the brokerage's name as SnapTrade shows it.
func (b wireBrokerage) label() string {
	for _, s := range []string{b.DisplayName, b.Name, brokerName(b.Slug)} {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return "a brokerage"
}

// crypto reports whether SnapTrade types the brokerage as a crypto exchange.
func (b wireBrokerage) crypto() bool {
	return b.BrokerageType != nil && strings.Contains(strings.ToLower(b.BrokerageType.Name), "crypto")
}

// wireAuthorization is BrokerageAuthorization (a "connection").
type wireAuthorization struct {
	ID                string        `json:"id"`
	CreatedDate       string        `json:"created_date"`
	Brokerage         wireBrokerage `json:"brokerage"`
	Name              string        `json:"name"`
	Type              string        `json:"type"`
	Disabled          bool          `json:"disabled"`
	DisabledDate      *string       `json:"disabled_date"`
	DataFreshnessMode string        `json:"data_freshness_mode"`
}

// wireAccount is Account.
type wireAccount struct {
	ID                     string  `json:"id"`
	BrokerageAuthorization string  `json:"brokerage_authorization"`
	Name                   *string `json:"name"`
	Number                 string  `json:"number"`
	InstitutionName        string  `json:"institution_name"`
	Balance                struct {
		Total *struct {
			Amount   integrations.Number `json:"amount"`
			Currency string              `json:"currency"`
		} `json:"total"`
	} `json:"balance"`
	SyncStatus struct {
		Holdings struct {
			HoldingsUnavailable bool `json:"holdings_unavailable"`
		} `json:"holdings"`
	} `json:"sync_status"`
	Status          *string `json:"status"`
	RawType         *string `json:"raw_type"`
	AccountCategory *string `json:"account_category"`
	IsPaper         bool    `json:"is_paper"`
}

// wireBalance is Balance.
type wireBalance struct {
	Currency *struct {
		Code string `json:"code"`
	} `json:"currency"`
	Cash        integrations.Number `json:"cash"`
	BuyingPower integrations.Number `json:"buying_power"`
}

// wirePositions is AllAccountPositionsResponse.
type wirePositions struct {
	Results       *[]wirePosition `json:"results"`
	DataFreshness *struct {
		AsOf string `json:"as_of"`
	} `json:"data_freshness"`
}

// wirePosition is AccountPosition.
type wirePosition struct {
	Instrument     *wireInstrument     `json:"instrument"`
	Units          integrations.Number `json:"units"`
	Price          integrations.Number `json:"price"`
	CostBasis      integrations.Number `json:"cost_basis"`
	Currency       *string             `json:"currency"`
	CashEquivalent bool                `json:"cash_equivalent"`
}

// wireInstrument is Instrument, a union discriminated by kind.
type wireInstrument struct {
	Kind        string              `json:"kind"`
	Symbol      string              `json:"symbol"`
	RawSymbol   string              `json:"raw_symbol"`
	Description *string             `json:"description"`
	Currency    *string             `json:"currency"`
	Exchange    *string             `json:"exchange"`
	Multiplier  integrations.Number `json:"multiplier"`
	Underlying  *struct {
		Currency *string `json:"currency"`
	} `json:"underlying"`
}

// wireActivities is PaginatedUniversalActivity.
type wireActivities struct {
	Data       []wireActivity `json:"data"`
	Pagination *struct {
		Offset *int `json:"offset"`
		Limit  *int `json:"limit"`
		Total  *int `json:"total"`
	} `json:"pagination"`
}

// wireActivity is AccountUniversalActivity.
type wireActivity struct {
	ID     string `json:"id"`
	Symbol *struct {
		Symbol string `json:"symbol"`
	} `json:"symbol"`
	OptionSymbol *struct {
		Ticker string `json:"ticker"`
	} `json:"option_symbol"`
	CurrencyUniversalSymbol *struct {
		Symbol string `json:"symbol"`
	} `json:"currency_universal_symbol"`
	Price    integrations.Number `json:"price"`
	Units    integrations.Number `json:"units"`
	Amount   integrations.Number `json:"amount"`
	Currency *struct {
		Code string `json:"code"`
	} `json:"currency"`
	Type           string              `json:"type"`
	OptionType     string              `json:"option_type"`
	Description    string              `json:"description"`
	TradeDate      *string             `json:"trade_date"`
	SettlementDate *string             `json:"settlement_date"`
	Fee            integrations.Number `json:"fee"`
}

// errIncomplete is a row that lacks what Latchkey needs of it.
var errIncomplete = errors.New("snaptrade: an answer lacked a required field")

func unmarshal(b []byte, v any) error { return httpx.Unmarshal(b, v) }

// decodeAuthorizations reads GET /authorizations.
func decodeAuthorizations(b []byte) ([]wireAuthorization, error) {
	var out []wireAuthorization
	if err := unmarshal(b, &out); err != nil {
		return nil, err
	}
	for _, a := range out {
		if a.ID == "" {
			return nil, errIncomplete
		}
	}
	return out, nil
}

// decodeAuthorization reads GET /authorizations/{id}.
func decodeAuthorization(b []byte) (wireAuthorization, error) {
	var a wireAuthorization
	if err := unmarshal(b, &a); err != nil {
		return a, err
	}
	if a.ID == "" {
		return a, errIncomplete
	}
	return a, nil
}

// decodeBrokerages reads GET /brokerages.
func decodeBrokerages(b []byte) ([]wireBrokerage, error) {
	var out []wireBrokerage
	if err := unmarshal(b, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// account is what the client keeps of an account.
type account struct {
	integrations.Account
	total               integrations.Number // balance.total.amount, in Account.Currency
	holdingsUnavailable bool
}

// decodeAccounts reads GET /authorizations/{id}/accounts. The brokerage
// tells crypto exchanges apart.
func decodeAccounts(b []byte, br wireBrokerage) ([]account, error) {
	var ws []wireAccount
	if err := unmarshal(b, &ws); err != nil {
		return nil, err
	}
	out := make([]account, 0, len(ws))
	for _, w := range ws {
		if w.ID == "" {
			return nil, errIncomplete
		}
		a := account{holdingsUnavailable: w.SyncStatus.Holdings.HoldingsUnavailable}
		a.ID = w.ID
		a.Number = maskNumber(w.Number)
		a.Name = strings.TrimSpace(deref(w.Name))
		if a.Name == "" {
			a.Name = strings.TrimSpace(w.InstitutionName)
		}
		a.RawType = strings.TrimSpace(deref(w.RawType))
		a.Category = category(deref(w.AccountCategory), a.RawType, br.crypto())
		a.Status = strings.ToLower(strings.TrimSpace(deref(w.Status)))
		if a.Status == "" {
			a.Status = "open"
		}
		a.Paper = w.IsPaper
		if t := w.Balance.Total; t != nil {
			a.Currency = currency(t.Currency)
			a.total = t.Amount
		}
		out = append(out, a)
	}
	return out, nil
}

// maskNumber keeps at most the last four letters or digits of an account
// number (SnapTrade's may come masked already: "****1234").
func maskNumber(n string) string {
	var keep []rune
	for _, r := range []rune(n) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			keep = append(keep, r)
		}
	}
	if len(keep) > 4 {
		keep = keep[len(keep)-4:]
	}
	if len(keep) == 0 {
		return ""
	}
	return "••••" + string(keep)
}

// retirement are fragments of raw account types (upper case, letters and
// digits only) that name retirement accounts in the countries SnapTrade
// serves: IRAs and 401(k)s, RRSPs and RRIFs, SIPPs, superannuation.
var retirement = []string{"IRA", "401K", "403B", "RRSP", "RRIF", "SIPP", "SUPERANNUATION", "PENSION"}

// category maps account_category (INVESTMENT, DEPOSIT, LOC or null) and the
// raw type onto Latchkey's categories.
func category(cat, raw string, crypto bool) integrations.Category {
	switch strings.ToUpper(cat) {
	case "DEPOSIT", "LOC":
		return integrations.CategoryCash
	}
	if crypto {
		return integrations.CategoryCrypto
	}
	norm := strings.Map(func(r rune) rune {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return unicode.ToUpper(r)
		}
		return -1
	}, raw)
	for _, r := range retirement {
		if strings.Contains(norm, r) {
			return integrations.CategoryRetirement
		}
	}
	return integrations.CategoryInvestment
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// currency normalises a currency code; "" when it is not one.
func currency(c string) string {
	c = strings.ToUpper(strings.TrimSpace(c))
	if len(c) < 2 || len(c) > 10 {
		return ""
	}
	for _, r := range c {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return ""
		}
	}
	return c
}

// decodeBalances reads GET /accounts/{id}/balances: one row per currency.
func decodeBalances(b []byte) ([]integrations.Balance, error) {
	var ws []wireBalance
	if err := unmarshal(b, &ws); err != nil {
		return nil, err
	}
	var out []integrations.Balance
	seen := map[string]int{}
	for _, w := range ws {
		if w.Currency == nil || currency(w.Currency.Code) == "" {
			continue
		}
		c := currency(w.Currency.Code)
		bal := integrations.Balance{Currency: c, Cash: w.Cash.OrZero()}
		if w.BuyingPower.Valid {
			bal.BuyingPower = decimal.NewNullDecimal(w.BuyingPower.Decimal)
		}
		if i, dup := seen[c]; dup {
			// One row per currency is documented; add up a repeat.
			out[i].Cash = out[i].Cash.Add(bal.Cash)
			continue
		}
		seen[c] = len(out)
		out = append(out, bal)
	}
	return out, nil
}

// decodePositions reads GET /accounts/{id}/positions/all. now stands in
// for a missing data_freshness.as_of.
func decodePositions(b []byte, now time.Time) ([]position, error) {
	var w wirePositions
	if err := unmarshal(b, &w); err != nil {
		return nil, err
	}
	if w.Results == nil {
		// results is required: an answer without it is not an empty
		// account (a 410'd endpoint answers like that; see doc.go).
		return nil, errIncomplete
	}
	asOf := now.UTC()
	if w.DataFreshness != nil {
		if t, err := time.Parse(time.RFC3339Nano, w.DataFreshness.AsOf); err == nil {
			asOf = t.UTC()
		}
	}
	out := make([]position, 0, len(*w.Results))
	for _, p := range *w.Results {
		in := p.Instrument
		if in == nil || strings.TrimSpace(in.Symbol) == "" || !p.Units.Valid {
			continue
		}
		typ, mult := securityType(in)
		cur := currency(deref(p.Currency))
		if cur == "" {
			cur = currency(deref(in.Currency))
		}
		if cur == "" && in.Underlying != nil {
			cur = currency(deref(in.Underlying.Currency))
		}
		if cur == "" {
			continue
		}
		if p.CashEquivalent {
			typ = integrations.SecurityCash
		}
		pos := integrations.Position{
			Symbol: integrations.Symbol{Ticker: strings.TrimSpace(in.Symbol), Description: strings.TrimSpace(deref(in.Description)),
				Type: typ, Exchange: strings.TrimSpace(deref(in.Exchange)), Currency: currency(deref(in.Currency))},
			Units: p.Units.Decimal, Currency: cur, AsOf: asOf,
		}
		if p.Price.Valid {
			pos.Price = p.Price.Decimal
			pos.MarketValue = p.Units.Decimal.Mul(p.Price.Decimal).Mul(mult)
		} else {
			pos.PriceUnknown = true
		}
		if p.CostBasis.Valid {
			// cost_basis is per share ("Book price or average purchase
			// price ... For options, this is per-share").
			pos.AverageCost = decimal.NewNullDecimal(p.CostBasis.Decimal)
			pos.CostBasis = decimal.NewNullDecimal(p.CostBasis.Decimal.Mul(p.Units.Decimal.Abs()).Mul(mult))
		}
		out = append(out, position{Position: pos, cashEquivalent: p.CashEquivalent})
	}
	return out, nil
}

// position is a position with what Balances needs of it.
type position struct {
	integrations.Position
	cashEquivalent bool // also counted in the cash balance
}

// securityType maps an instrument's kind, and the contract multiplier of
// options and futures.
func securityType(in *wireInstrument) (integrations.SecurityType, decimal.Decimal) {
	one := decimal.NewFromInt(1)
	switch in.Kind {
	case "stock", "adr", "cef":
		return integrations.SecurityEquity, one
	case "etf":
		return integrations.SecurityETF, one
	case "mutualfund":
		return integrations.SecurityFund, one
	case "crypto":
		return integrations.SecurityCrypto, one
	case "option":
		m := decimal.NewFromInt(100)
		if in.Multiplier.Valid && in.Multiplier.IsPositive() {
			m = in.Multiplier.Decimal
		}
		return integrations.SecurityOption, m
	default: // future, cfd, other
		return integrations.SecurityOther, one
	}
}

// activityTypes maps SnapTrade's normalised activity types (api.yaml
// AccountUniversalActivity.type; docs/sandbox.md "All transaction types").
// TRANSFER and the ones missing here are handled in activityType.
var activityTypes = map[string]integrations.ActivityType{
	"BUY": integrations.ActivityBuy, "SELL": integrations.ActivitySell,
	"DIVIDEND": integrations.ActivityDividend, "SUBSTITUTE_DIVIDEND": integrations.ActivityDividend,
	"DISTRIBUTION": integrations.ActivityDividend,
	"CONTRIBUTION": integrations.ActivityContribution, "WITHDRAWAL": integrations.ActivityWithdrawal,
	"REI": integrations.ActivityReinvest, "INTEREST": integrations.ActivityInterest,
	"FEE": integrations.ActivityFee, "TAX": integrations.ActivityTax,
	"EXTERNAL_ASSET_TRANSFER_IN": integrations.ActivityTransferIn, "INTERNAL_CASH_TRANSFER_IN": integrations.ActivityTransferIn,
	"INTERNAL_ASSET_TRANSFER_IN":  integrations.ActivityTransferIn,
	"EXTERNAL_ASSET_TRANSFER_OUT": integrations.ActivityTransferOut, "INTERNAL_CASH_TRANSFER_OUT": integrations.ActivityTransferOut,
	"INTERNAL_ASSET_TRANSFER_OUT": integrations.ActivityTransferOut,
	"SPLIT":                       integrations.ActivitySplit, "REVERSE_SPLIT": integrations.ActivitySplit,
}

// activityType maps one activity: TRANSFER by the sign of its amount (or
// units); everything else unknown (STOCK_DIVIDEND, the option events,
// RETURN_OF_CAPITAL, REBATE, SPINOFF, STOCK_MERGER, ADJUSTMENT, the raw types
// SnapTrade passes through) is OTHER with the raw type kept.
func activityType(raw string, amount, units decimal.Decimal) integrations.ActivityType {
	if t, ok := activityTypes[raw]; ok {
		return t
	}
	if raw == "TRANSFER" {
		if amount.IsPositive() || amount.IsZero() && units.IsPositive() {
			return integrations.ActivityTransferIn
		}
		return integrations.ActivityTransferOut
	}
	return integrations.ActivityOther
}

// decodeActivities reads one page of GET /accounts/{id}/activities: the
// rows, and the total the pagination says there are (-1 when it says
// nothing). fallback is the account's currency, for rows priced in a
// currency SnapTrade leaves null.
func decodeActivities(b []byte, fallback string) ([]integrations.Activity, int, error) {
	var w wireActivities
	if err := unmarshal(b, &w); err != nil {
		return nil, 0, err
	}
	total := -1
	if w.Pagination != nil && w.Pagination.Total != nil {
		total = *w.Pagination.Total
	}
	out := make([]integrations.Activity, 0, len(w.Data))
	for _, x := range w.Data {
		raw := strings.TrimSpace(x.Type)
		if x.ID == "" || raw == "" {
			return nil, 0, errIncomplete
		}
		trade := dateOf(deref(x.TradeDate))
		settle := dateOf(deref(x.SettlementDate))
		if trade == "" {
			trade = settle
		}
		if trade == "" {
			continue // nowhere to place it in time
		}
		if settle != "" && settle < trade {
			settle = ""
		}
		cur := ""
		if x.Currency != nil {
			cur = currency(x.Currency.Code)
		}
		if cur == "" && x.CurrencyUniversalSymbol != nil {
			cur = currency(x.CurrencyUniversalSymbol.Symbol)
		}
		if cur == "" {
			cur = fallback
		}
		if cur == "" {
			continue
		}
		sym := ""
		switch {
		case x.OptionSymbol != nil && x.OptionSymbol.Ticker != "":
			sym = strings.TrimSpace(x.OptionSymbol.Ticker)
		case x.Symbol != nil:
			sym = strings.TrimSpace(x.Symbol.Symbol)
		}
		amount, units := x.Amount.OrZero(), x.Units.OrZero()
		typ := activityType(raw, amount, units)
		// "In general" a positive amount adds cash (api.yaml); the spec's
		// own sample is a BUY of +263.82. The four types whose direction
		// the type itself says get the contract's sign.
		switch typ {
		case integrations.ActivityBuy, integrations.ActivityWithdrawal:
			amount = amount.Abs().Neg()
		case integrations.ActivitySell, integrations.ActivityContribution:
			amount = amount.Abs()
		}
		rawType := raw
		if x.OptionType != "" && (raw == "BUY" || raw == "SELL") {
			rawType = raw + " " + strings.TrimSpace(x.OptionType)
		}
		out = append(out, integrations.Activity{
			ID: x.ID, Type: typ, RawType: rawType,
			TradeDate: trade, SettlementDate: settle, Symbol: sym,
			Units: units, Price: x.Price.OrZero(), Amount: amount, Fee: x.Fee.OrZero(),
			Currency: cur, Description: strings.TrimSpace(x.Description),
		})
	}
	return out, total, nil
}

// dateOf is the calendar date of a date-time (in its own offset: the
// brokerage's day) or of a bare date; "" when it is neither.
func dateOf(s string) integrations.Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return integrations.DateOf(t)
		}
	}
	return ""
}

// sortActivities orders activities oldest first, keeping SnapTrade's order
// (newest first) reversed within a day.
func sortActivities(acts []integrations.Activity) {
	for i, j := 0, len(acts)-1; i < j; i, j = i+1, j-1 {
		acts[i], acts[j] = acts[j], acts[i]
	}
	integrations.SortByDate(acts)
}
