package wealthsimple

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// num is a decimal read by its text (integrations.Number).
type num = integrations.Number

type money struct {
	Amount   num    `json:"amount"`
	Currency string `json:"currency"`
}

type pageInfo struct {
	HasNextPage bool   `json:"hasNextPage"`
	EndCursor   string `json:"endCursor"`
}

func unmarshal(b []byte, v any) error { return httpx.UnmarshalOr(b, v, errMalformed) }

// --- Accounts --------------------------------------------------------------

type wireAccount struct {
	ID                 string `json:"id"`
	Status             string `json:"status"`
	Currency           string `json:"currency"`
	Nickname           string `json:"nickname"`
	Type               string `json:"type"`
	UnifiedAccountType string `json:"unifiedAccountType"`
	CustodianAccounts  []struct {
		ID     string `json:"id"`
		Branch string `json:"branch"`
		Status string `json:"status"`
	} `json:"custodianAccounts"`
}

// accountNames are readable names of unified account types.
var accountNames = map[string]string{
	"SELF_DIRECTED_RRSP": "RRSP", "MANAGED_RRSP": "RRSP (managed)", "SELF_DIRECTED_TFSA": "TFSA",
	"MANAGED_TFSA": "TFSA (managed)", "SELF_DIRECTED_FHSA": "FHSA", "MANAGED_FHSA": "FHSA (managed)",
	"SELF_DIRECTED_NON_REGISTERED": "Non-registered", "SELF_DIRECTED_NON_REGISTERED_MARGIN": "Non-registered margin",
	"SELF_DIRECTED_CRYPTO": "Crypto", "CASH": "Cash", "SELF_DIRECTED_RRIF": "RRIF", "SELF_DIRECTED_LIRA": "LIRA",
}

func category(unified string) integrations.Category {
	u := strings.ToUpper(unified)
	switch {
	case strings.Contains(u, "CRYPTO"):
		return integrations.CategoryCrypto
	case strings.Contains(u, "RRSP"), strings.Contains(u, "TFSA"), strings.Contains(u, "FHSA"),
		strings.Contains(u, "RRIF"), strings.Contains(u, "LIRA"), strings.Contains(u, "RESP"):
		return integrations.CategoryRetirement
	case u == "CASH" || strings.HasPrefix(u, "CASH_"):
		return integrations.CategoryCash
	}
	return integrations.CategoryInvestment
}

// decodeAccounts maps a page of FetchAllAccountFinancials. The number shown
// in the app is the open WS or TR custodian account's id.
func decodeAccounts(data []byte) ([]integrations.Account, pageInfo, error) {
	var w struct {
		Identity *struct {
			Accounts *struct {
				PageInfo pageInfo `json:"pageInfo"`
				Edges    []struct {
					Node wireAccount `json:"node"`
				} `json:"edges"`
			} `json:"accounts"`
		} `json:"identity"`
	}
	if err := unmarshal(data, &w); err != nil {
		return nil, pageInfo{}, err
	}
	if w.Identity == nil || w.Identity.Accounts == nil {
		return nil, pageInfo{}, errMalformed
	}
	var out []integrations.Account
	for _, e := range w.Identity.Accounts.Edges {
		a := e.Node
		if a.ID == "" || a.Currency == "" {
			return nil, pageInfo{}, errMalformed
		}
		number := a.ID
		for _, c := range a.CustodianAccounts {
			if (c.Branch == "WS" || c.Branch == "TR") && c.Status == "open" {
				number = c.ID
			}
		}
		name := a.Nickname
		if name == "" {
			name = accountNames[a.UnifiedAccountType]
		}
		if name == "" {
			name = a.UnifiedAccountType
		}
		status := strings.ToLower(a.Status)
		if status == "" {
			status = "open"
		}
		out = append(out, integrations.Account{ID: a.ID, Number: integrations.MaskNumber(number), Name: name, RawType: a.UnifiedAccountType,
			Category: category(a.UnifiedAccountType), Currency: strings.ToUpper(a.Currency), Status: status})
	}
	return out, w.Identity.Accounts.PageInfo, nil
}

// --- Balances ----------------------------------------------------------------

// cashSecurities are the cash "securities" of the balances.
var cashSecurities = map[string]string{"sec-c-cad": "CAD", "sec-c-usd": "USD"}

// decodeCash maps FetchAccountsWithBalance to cash per currency.
func decodeCash(data []byte, accountID string) (map[string]decimal.Decimal, []string, error) {
	var w struct {
		Accounts []struct {
			ID                string `json:"id"`
			CustodianAccounts []struct {
				Financials *struct {
					Balance []struct {
						Quantity   num    `json:"quantity"`
						SecurityID string `json:"securityId"`
					} `json:"balance"`
				} `json:"financials"`
			} `json:"custodianAccounts"`
		} `json:"accounts"`
	}
	if err := unmarshal(data, &w); err != nil {
		return nil, nil, err
	}
	cash := map[string]decimal.Decimal{}
	var order []string
	found := false
	for _, a := range w.Accounts {
		if a.ID != accountID {
			continue
		}
		found = true
		for _, c := range a.CustodianAccounts {
			if c.Financials == nil {
				continue
			}
			for _, b := range c.Financials.Balance {
				cur, ok := cashSecurities[b.SecurityID]
				if !ok {
					continue
				}
				if !b.Quantity.Valid {
					return nil, nil, errMalformed
				}
				if _, seen := cash[cur]; !seen {
					order = append(order, cur)
				}
				cash[cur] = cash[cur].Add(b.Quantity.Decimal)
			}
		}
	}
	if !found {
		return nil, nil, errMalformed
	}
	return cash, order, nil
}

// --- Positions ---------------------------------------------------------------

type wirePosition struct {
	ID                string `json:"id"`
	Quantity          num    `json:"quantity"`
	PositionDirection string `json:"positionDirection"`
	BookValue         *money `json:"bookValue"`
	AveragePrice      *money `json:"averagePrice"`
	TotalValue        *money `json:"totalValue"`
	Security          *struct {
		ID           string `json:"id"`
		Currency     string `json:"currency"`
		SecurityType string `json:"securityType"`
		Stock        *struct {
			Name            string `json:"name"`
			Symbol          string `json:"symbol"`
			PrimaryExchange string `json:"primaryExchange"`
		} `json:"stock"`
		Quote *struct {
			Price    num    `json:"price"`
			Currency string `json:"currency"`
		} `json:"quoteV2"`
	} `json:"security"`
}

var securityTypes = map[string]integrations.SecurityType{
	"EQUITY": integrations.SecurityEquity, "EXCHANGE_TRADED_FUND": integrations.SecurityETF,
	"ETF": integrations.SecurityETF, "MUTUAL_FUND": integrations.SecurityFund, "OPTION": integrations.SecurityOption,
	"CRYPTOCURRENCY": integrations.SecurityCrypto, "BOND": integrations.SecurityBond,
}

func nullMoney(m *money) decimal.NullDecimal {
	if m == nil || !m.Amount.Valid {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(m.Amount.Decimal)
}

// decodePositions maps a page of FetchIdentityPositions.
func decodePositions(data []byte, asOf time.Time) ([]integrations.Position, pageInfo, error) {
	var w struct {
		Identity *struct {
			Financials *struct {
				Current *struct {
					Positions *struct {
						Edges []struct {
							Node wirePosition `json:"node"`
						} `json:"edges"`
						PageInfo pageInfo `json:"pageInfo"`
					} `json:"positions"`
				} `json:"current"`
			} `json:"financials"`
		} `json:"identity"`
	}
	if err := unmarshal(data, &w); err != nil {
		return nil, pageInfo{}, err
	}
	if w.Identity == nil || w.Identity.Financials == nil || w.Identity.Financials.Current == nil || w.Identity.Financials.Current.Positions == nil {
		return nil, pageInfo{}, errMalformed
	}
	ps := w.Identity.Financials.Current.Positions
	var out []integrations.Position
	for _, e := range ps.Edges {
		p := e.Node
		if p.Security == nil || !p.Quantity.Valid || p.TotalValue == nil || !p.TotalValue.Amount.Valid {
			return nil, pageInfo{}, errMalformed
		}
		s := p.Security
		ticker, name, exch := s.ID, "", ""
		if s.Stock != nil && s.Stock.Symbol != "" {
			ticker, name, exch = s.Stock.Symbol, s.Stock.Name, s.Stock.PrimaryExchange
		}
		typ, ok := securityTypes[strings.ToUpper(s.SecurityType)]
		if !ok {
			typ = integrations.SecurityOther
		}
		cur := strings.ToUpper(p.TotalValue.Currency)
		if cur == "" {
			cur = strings.ToUpper(s.Currency)
		}
		units := p.Quantity.Decimal
		if strings.EqualFold(p.PositionDirection, "SHORT") && units.IsPositive() {
			units = units.Neg()
		}
		var price decimal.Decimal
		switch {
		case s.Quote != nil && s.Quote.Price.Valid:
			price = s.Quote.Price.Decimal
		case !units.IsZero():
			price = p.TotalValue.Amount.Decimal.Div(units).Round(6)
		}
		out = append(out, integrations.Position{
			Symbol:      integrations.Symbol{Ticker: ticker, Description: name, Type: typ, Exchange: exch, Currency: strings.ToUpper(s.Currency)},
			Units:       units,
			Price:       price,
			MarketValue: p.TotalValue.Amount.Decimal,
			AverageCost: nullMoney(p.AveragePrice),
			CostBasis:   nullMoney(p.BookValue),
			Currency:    cur,
			AsOf:        asOf,
		})
	}
	return out, ps.PageInfo, nil
}

// --- Activities --------------------------------------------------------------

type wireActivity struct {
	AccountID     string `json:"accountId"`
	Amount        num    `json:"amount"`
	AmountSign    string `json:"amountSign"`
	AssetQuantity num    `json:"assetQuantity"`
	AssetSymbol   string `json:"assetSymbol"`
	CanonicalID   string `json:"canonicalId"`
	Currency      string `json:"currency"`
	OccurredAt    string `json:"occurredAt"`
	SecurityID    string `json:"securityId"`
	Status        string `json:"status"`
	SubType       string `json:"subType"`
	Type          string `json:"type"`
	Fees          num    `json:"fees"`
}

// activityType maps Wealthsimple's activity type and sub-type.
func activityType(typ, sub string) integrations.ActivityType {
	switch typ {
	case "DIY_BUY", "MANAGED_BUY", "CRYPTO_BUY", "NEW_ISSUE_BUY":
		return integrations.ActivityBuy
	case "DIY_SELL", "MANAGED_SELL", "CRYPTO_SELL":
		return integrations.ActivitySell
	case "DIVIDEND":
		return integrations.ActivityDividend
	case "INTEREST":
		return integrations.ActivityInterest
	case "DEPOSIT":
		return integrations.ActivityContribution
	case "WITHDRAWAL":
		return integrations.ActivityWithdrawal
	case "NON_RESIDENT_TAX", "WITHHOLDING_TAX":
		return integrations.ActivityTax
	case "FEE", "MANAGEMENT_FEE":
		return integrations.ActivityFee
	case "INSTITUTIONAL_TRANSFER_INTENT", "CRYPTO_TRANSFER":
		switch sub {
		case "TRANSFER_IN":
			return integrations.ActivityTransferIn
		case "TRANSFER_OUT":
			return integrations.ActivityTransferOut
		}
	case "INTERNAL_TRANSFER", "ASSET_MOVEMENT":
		switch sub {
		case "SOURCE":
			return integrations.ActivityTransferOut
		case "DESTINATION":
			return integrations.ActivityTransferIn
		}
	case "CORPORATE_ACTION":
		if sub == "SUBDIVISION" {
			return integrations.ActivitySplit
		}
	}
	return integrations.ActivityOther
}

// skipped reports activities that did not happen: rejected, cancelled or
// expired orders, and legacy transfers (as the web app leaves them out).
func skipped(a wireActivity) bool {
	st := strings.ToLower(a.Status)
	return a.Type == "LEGACY_TRANSFER" || strings.Contains(st, "rejected") || strings.Contains(st, "cancelled") || strings.Contains(st, "expired")
}

// decodeActivities maps a page of FetchActivityFeedItems.
func decodeActivities(data []byte) ([]integrations.Activity, pageInfo, error) {
	var w struct {
		Items *struct {
			Edges []struct {
				Node wireActivity `json:"node"`
			} `json:"edges"`
			PageInfo pageInfo `json:"pageInfo"`
		} `json:"activityFeedItems"`
	}
	if err := unmarshal(data, &w); err != nil {
		return nil, pageInfo{}, err
	}
	if w.Items == nil {
		return nil, pageInfo{}, errMalformed
	}
	var out []integrations.Activity
	for _, e := range w.Items.Edges {
		a := e.Node
		if skipped(a) {
			continue
		}
		when, err := time.Parse(time.RFC3339Nano, a.OccurredAt)
		if err != nil || a.CanonicalID == "" || a.Type == "" {
			return nil, pageInfo{}, errMalformed
		}
		typ := activityType(a.Type, a.SubType)
		raw := a.Type
		if a.SubType != "" {
			raw += "/" + a.SubType
		}
		amount := a.Amount.Decimal.Abs()
		if strings.EqualFold(a.AmountSign, "negative") {
			amount = amount.Neg()
		}
		units := a.AssetQuantity.Decimal.Abs()
		var price decimal.Decimal
		switch typ {
		case integrations.ActivityBuy, integrations.ActivitySell:
			if !units.IsZero() {
				price = a.Amount.Decimal.Abs().Div(units).Round(6)
			}
			if typ == integrations.ActivitySell {
				units = units.Neg()
			}
		case integrations.ActivityTransferOut:
			units = units.Neg()
		}
		cur := strings.ToUpper(a.Currency)
		if cur == "" {
			cur = "CAD"
		}
		desc := strings.TrimSpace(strings.ReplaceAll(strings.ToLower(raw), "_", " ") + " " + a.AssetSymbol)
		out = append(out, integrations.Activity{ID: a.CanonicalID, Type: typ, RawType: raw,
			TradeDate: integrations.DateOf(when.UTC()), Symbol: a.AssetSymbol, Units: units, Price: price,
			Amount: amount, Fee: a.Fees.Decimal.Abs(), Currency: cur, Description: desc})
	}
	return out, w.Items.PageInfo, nil
}

// decodeGraphQL reads a GraphQL answer's data. "Not Authorized." in its
// message or errors is a refused access token (ws-api-python checks both),
// any other error or no data ErrUnavailable.
func decodeGraphQL(b []byte, op string) (json.RawMessage, error) {
	var w struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
		Message string `json:"message"`
	}
	jerr := json.Unmarshal(b, &w)
	notAuth := w.Message == "Not Authorized."
	for _, e := range w.Errors {
		notAuth = notAuth || e.Message == "Not Authorized."
	}
	switch {
	case notAuth:
		return nil, errNotAuthorized
	case jerr != nil:
		return nil, errMalformed
	case len(w.Errors) > 0 || len(w.Data) == 0 || string(w.Data) == "null":
		return nil, integrations.Wrap(integrations.ErrUnavailable, "Wealthsimple could not answer the query "+op)
	}
	return w.Data, nil
}
