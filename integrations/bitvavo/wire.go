package bitvavo

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// num is a decimal read by its text (integrations.Number).
type num = integrations.Number

func msTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

func validCode(c string) bool {
	if len(c) < 2 || len(c) > 10 {
		return false
	}
	letter := false
	for _, r := range c {
		switch {
		case r >= 'A' && r <= 'Z':
			letter = true
		case r >= '0' && r <= '9':
		default:
			return false
		}
	}
	return letter
}

// quote is the currency Bitvavo's markets are priced in.
const quote = "EUR"

// balance is one GET /v2/balance entry.
type balance struct {
	Symbol    string `json:"symbol"`
	Available num    `json:"available"`
	InOrder   num    `json:"inOrder"`
}

// tickerPrice is one GET /v2/ticker/price entry.
type tickerPrice struct {
	Market string `json:"market"`
	Price  num    `json:"price"`
}

// depositAddress is GET /v2/deposit?symbol=EUR: the bank details, whose
// description is the user's own transfer reference.
type depositAddress struct {
	IBAN        string `json:"iban"`
	BIC         string `json:"bic"`
	Description string `json:"description"`
}

// totals returns available + in order per currency.
func totals(rows []balance) (map[string]decimal.Decimal, error) {
	out := map[string]decimal.Decimal{}
	for _, r := range rows {
		if !validCode(r.Symbol) || !r.Available.Valid {
			return nil, errMalformed
		}
		out[r.Symbol] = out[r.Symbol].Add(r.Available.Decimal).Add(r.InOrder.Decimal)
	}
	return out, nil
}

// holdings: EUR cash (its total counting the coins' value) and a position
// per coin priced in EUR.
func holdings(bal map[string]decimal.Decimal, prices map[string]decimal.Decimal, asOf time.Time) ([]integrations.Balance, []integrations.Position) {
	var pos []integrations.Position
	held := decimal.Zero
	for _, c := range sortedKeys(bal) {
		if c == quote || bal[c].IsZero() {
			continue
		}
		p := integrations.Position{
			Symbol: integrations.Symbol{Ticker: c, Description: c, Type: integrations.SecurityCrypto, Currency: quote},
			Units:  bal[c], Currency: quote, AsOf: asOf,
		}
		if px, ok := prices[c]; ok {
			p.Price, p.MarketValue = px, bal[c].Mul(px).Round(2)
			held = held.Add(p.MarketValue)
		}
		pos = append(pos, p)
	}
	cash := bal[quote]
	return []integrations.Balance{{Currency: quote, Cash: cash, BuyingPower: decimal.NewNullDecimal(cash), Total: cash.Add(held)}}, pos
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// splitMarket splits "BTC-EUR".
func splitMarket(m string) (base, q string, ok bool) {
	base, q, ok = strings.Cut(m, "-")
	return base, q, ok && validCode(base) && validCode(q)
}

// trade is one GET /v2/trades entry.
type trade struct {
	ID          string `json:"id"`
	OrderID     string `json:"orderId"`
	Timestamp   int64  `json:"timestamp"`
	Market      string `json:"market"`
	Side        string `json:"side"`
	Amount      num    `json:"amount"`
	Price       num    `json:"price"`
	Taker       bool   `json:"taker"`
	Fee         num    `json:"fee"`
	FeeCurrency string `json:"feeCurrency"`
	Settled     bool   `json:"settled"`
}

func tradeActivity(t trade) (integrations.Activity, error) {
	base, q, ok := splitMarket(t.Market)
	if !ok || t.ID == "" || !t.Amount.Valid || !t.Price.Valid || t.Timestamp <= 0 {
		return integrations.Activity{}, errMalformed
	}
	cost := t.Amount.Mul(t.Price.Decimal)
	a := integrations.Activity{ID: "trade:" + t.ID, RawType: t.Side, TradeDate: integrations.DateOf(msTime(t.Timestamp)),
		Symbol: base, Price: t.Price.Decimal, Currency: q}
	units := t.Amount.Decimal
	switch t.Side {
	case "buy":
		a.Type, a.Amount = integrations.ActivityBuy, cost.Neg()
	case "sell":
		a.Type, a.Amount, units = integrations.ActivitySell, cost, units.Neg()
	default:
		a.Type = integrations.ActivityOther
	}
	switch t.FeeCurrency {
	case q:
		a.Fee = t.Fee.Decimal
		a.Amount = a.Amount.Sub(a.Fee)
	case base:
		units = units.Sub(t.Fee.Decimal)
	}
	a.Units = units
	a.Description = t.Side + " " + t.Amount.String() + " " + base + " @ " + t.Price.String() + " " + q
	return a, nil
}

// transfer is one GET /v2/depositHistory or /v2/withdrawalHistory entry.
type transfer struct {
	Timestamp int64  `json:"timestamp"`
	Symbol    string `json:"symbol"`
	Amount    num    `json:"amount"`
	Fee       num    `json:"fee"`
	Status    string `json:"status"`
	Address   string `json:"address"`
	TxID      string `json:"txId"`
}

// done reports whether the transfer moved funds.
func (t transfer) done(deposit bool) bool {
	if deposit {
		return t.Status == "completed"
	}
	switch t.Status {
	case "canceled", "awaiting_email_confirmation", "awaiting_bitvavo_inspection", "awaiting_processing":
		return false
	}
	return t.Status != ""
}

// transferActivity makes an activity of a deposit or withdrawal. Bitvavo
// gives them no id: the id is a hash of the row's own fields.
func transferActivity(t transfer, deposit bool) (integrations.Activity, error) {
	if !validCode(t.Symbol) || !t.Amount.Valid || t.Timestamp <= 0 {
		return integrations.Activity{}, errMalformed
	}
	kind := "withdrawal"
	if deposit {
		kind = "deposit"
	}
	amt := t.Amount.Abs()
	a := integrations.Activity{ID: kind + ":" + rowID(kind, t), RawType: kind, TradeDate: integrations.DateOf(msTime(t.Timestamp)),
		Currency: t.Symbol, Fee: t.Fee.Decimal, Description: kind + " " + amt.String() + " " + t.Symbol}
	cash := t.Symbol == quote
	switch {
	case deposit && cash:
		a.Type, a.Amount = integrations.ActivityContribution, amt.Sub(t.Fee.Decimal)
	case deposit:
		a.Type, a.Symbol, a.Units = integrations.ActivityTransferIn, t.Symbol, amt.Sub(t.Fee.Decimal)
	case cash:
		a.Type, a.Amount = integrations.ActivityWithdrawal, amt.Add(t.Fee.Decimal).Neg()
	default:
		a.Type, a.Symbol, a.Units = integrations.ActivityTransferOut, t.Symbol, amt.Add(t.Fee.Decimal).Neg()
	}
	return a, nil
}

// rowID is a stable id for a row that has none: its txId when it has one,
// else a hash of its fields.
func rowID(kind string, t transfer) string {
	if t.TxID != "" {
		return t.TxID
	}
	h := sha256.Sum256([]byte(strings.Join([]string{kind, t.Symbol, t.Amount.String(), t.Fee.String(), t.Address,
		strconv.FormatInt(t.Timestamp, 10)}, "\x00")))
	return hex.EncodeToString(h[:12])
}
