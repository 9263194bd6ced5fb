// Package appapi reads the Coinbase App v2 API's wallets and transactions
// for the two integrations that call it: coinbase (OAuth) and coinbaseadv
// (a CDP API key, for the cash flows Advanced Trade's own API does not
// list). It holds the wire types, their decoders (pagination included) and
// the mapping of the transaction types both read alike; what one product
// reads differently (coinbase prices advanced_trade_fill rows and counts a
// convert as a trade, coinbaseadv skips the fills it reads from Advanced
// Trade and keeps a convert OTHER) stays in that integration.
//
// Sources: List Accounts and the Account resource
// (https://docs.cdp.coinbase.com/coinbase-app/track-apis/accounts), List
// Transactions, the Transaction resource and its "Transaction Types" table
// (.../coinbase-app/track-apis/transactions), pagination
// (.../coinbase-app/api-architecture/pagination: next_uri, null on the last
// page). The samples decoded by this package's tests are the integrations'
// own fixtures (integrations/coinbase/testdata, integrations/coinbaseadv/
// testdata), read where they are.
package appapi

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// ErrMalformed is an answer that could not be understood; it matches
// integrations.ErrUnavailable.
var ErrMalformed = integrations.Malformed("Coinbase")

// Money is the v2 money hash: {"amount": "-0.00100000", "currency": "BTC"}.
type Money struct {
	Amount   integrations.Number `json:"amount"`
	Currency string              `json:"currency"`
}

// Currency is an account's currency: an object {"code": "BTC", "name":
// "Bitcoin", "type": "crypto", ...} in current API versions (the accounts
// page's Account resource), a bare code string in old ones.
type Currency struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Type string `json:"type"`
}

// UnmarshalJSON reads the object or the bare code.
func (c *Currency) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &c.Code)
	}
	type plain Currency
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*c = Currency(p)
	return nil
}

// Account is one of GET /v2/accounts' accounts: a wallet in one currency
// (type wallet, fiat or vault).
type Account struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Primary   bool     `json:"primary"`
	Type      string   `json:"type"`
	Currency  Currency `json:"currency"`
	Balance   Money    `json:"balance"`
	CreatedAt *string  `json:"created_at"`
}

// Fiat reports whether the wallet holds a fiat currency (cash).
func (a Account) Fiat() bool {
	return a.Type == "fiat" || strings.EqualFold(a.Currency.Type, "fiat")
}

// Pagination is a list answer's pagination; next_uri (a path with its
// query, starting_after the last id) is null on the last page.
type Pagination struct {
	NextURI *string `json:"next_uri"`
}

// Next is the next page's URI as given, "" on the last page. Following it
// safely (a path under the list only) is the caller's.
func (p *Pagination) Next() string {
	if p == nil || p.NextURI == nil {
		return ""
	}
	return strings.TrimSpace(*p.NextURI)
}

// Details is a transaction's text for people (title and subtitle).
type Details struct {
	Title    string `json:"title"`
	Subtitle string `json:"subtitle"`
}

// Fill is an Advanced Trade fill's details on its advanced_trade_fill row.
type Fill struct {
	FillPrice  integrations.Number `json:"fill_price"`
	ProductID  string              `json:"product_id"`
	Commission integrations.Number `json:"commission"`
	OrderSide  string              `json:"order_side"`
}

// Transaction is one of GET /v2/accounts/:account_id/transactions' data
// (the Transaction resource). amount is in the wallet's currency, signed
// (credit positive); native_amount in the user's native currency.
type Transaction struct {
	ID                string   `json:"id"`
	Type              string   `json:"type"`
	Status            string   `json:"status"`
	Amount            Money    `json:"amount"`
	NativeAmount      *Money   `json:"native_amount"`
	Description       *string  `json:"description"`
	CreatedAt         string   `json:"created_at"`
	Details           *Details `json:"details"`
	AdvancedTradeFill *Fill    `json:"advanced_trade_fill"`
}

// Code normalises a currency code (trimmed, upper case); "" if it is not a
// plausible one (cryptokit.ValidCode).
func Code(s string) string {
	if s = strings.ToUpper(strings.TrimSpace(s)); !cryptokit.ValidCode(s) {
		return ""
	}
	return s
}

// DecodeAccounts reads one page of GET /v2/accounts and the next page's
// URI: every wallet has an id, a balance amount and a currency code (from
// currency, else from the balance's currency), normalised by Code.
func DecodeAccounts(b []byte) ([]Account, string, error) {
	return page(b, func(a *Account) bool {
		c := Code(a.Currency.Code)
		if c == "" {
			c = Code(a.Balance.Currency)
		}
		a.Currency.Code = c
		return a.ID != "" && a.Balance.Amount.Valid && c != ""
	})
}

// DecodeTransactions reads one page of GET
// /v2/accounts/:account_id/transactions and the next page's URI: every
// transaction has an id, a type, an amount and an RFC 3339 created_at.
func DecodeTransactions(b []byte) ([]Transaction, string, error) {
	return page(b, func(t *Transaction) bool {
		_, err := time.Parse(time.RFC3339, t.CreatedAt)
		return err == nil && t.ID != "" && t.Type != "" && t.Amount.Amount.Valid
	})
}

// page reads a list answer, {"pagination": {...}, "data": [...]}: its rows,
// each of which valid accepts (and may normalise), and the next page's
// URI. An answer without data, or with a row valid refuses, is malformed.
func page[T any](b []byte, valid func(*T) bool) ([]T, string, error) {
	var w struct {
		Pagination *Pagination `json:"pagination"`
		Data       []T         `json:"data"`
	}
	if err := httpx.UnmarshalOr(b, &w, ErrMalformed); err != nil {
		return nil, "", err
	}
	if w.Data == nil {
		return nil, "", ErrMalformed
	}
	for i := range w.Data {
		if !valid(&w.Data[i]) {
			return nil, "", ErrMalformed
		}
	}
	return w.Data, w.Pagination.Next(), nil
}

// Types maps the documented transaction types that are neither trades nor
// fills (the transactions page's "Transaction Types"; staking_reward,
// inflation_reward and interest are older types still found in
// histories). A type missing here is OTHER.
var Types = map[string]integrations.ActivityType{
	"fiat_deposit":              integrations.ActivityContribution,
	"fiat_withdrawal":           integrations.ActivityWithdrawal,
	"receive":                   integrations.ActivityTransferIn,
	"staking_reward":            integrations.ActivityInterest,
	"inflation_reward":          integrations.ActivityInterest,
	"earn_payout":               integrations.ActivityInterest,
	"incentives_rewards_payout": integrations.ActivityInterest,
	"interest":                  integrations.ActivityInterest,
	"subscription":              integrations.ActivityFee,
	"send":                      integrations.ActivityTransferOut, // a positive send is an incoming one
	"intx_deposit":              integrations.ActivityTransferOut, // to the user's international account
	"intx_withdrawal":           integrations.ActivityTransferIn,  // from it
	"transfer":                  integrations.ActivityOther,
	"staking_transfer":          integrations.ActivityOther,
	"unstaking_transfer":        integrations.ActivityOther,
}

// bySign are the movement types whose direction is the amount's sign:
// TRANSFER_IN when positive, else TRANSFER_OUT.
var bySign = map[string]bool{"send": true, "intx_deposit": true, "intx_withdrawal": true}

// Completed starts the activity of transaction t of wallet w: its id, raw
// type, trade date (created_at's day in UTC), the wallet's currency and
// Describe's text. ok is false for a transaction not completed (pending,
// failed, expired, canceled) or without a date or amount.
func Completed(w Account, t Transaction) (a integrations.Activity, ok bool) {
	if t.Status != "" && t.Status != "completed" {
		return a, false
	}
	at, err := time.Parse(time.RFC3339, t.CreatedAt)
	if err != nil || !t.Amount.Amount.Valid {
		return a, false
	}
	return integrations.Activity{ID: t.ID, RawType: t.Type, TradeDate: integrations.DateOf(at.UTC()),
		Currency: w.Currency.Code, Description: Describe(t)}, true
}

// Native is a transaction's native_amount and its currency (Code), or ""
// when it has none.
func Native(t Transaction) (decimal.Decimal, string) {
	if n := t.NativeAmount; n != nil && n.Amount.Valid {
		if c := Code(n.Currency); c != "" {
			return n.Amount.Decimal, c
		}
	}
	return decimal.Zero, ""
}

// Trade maps a buy or sell row of a crypto wallet (a started by Completed):
// BUY or SELL of the wallet's coin by the amount's sign, the cash side and
// the price from native_amount (no cash amount without one). ok is false
// in a fiat wallet: that is the cash leg, whose crypto leg is the trade.
func Trade(w Account, t Transaction, a integrations.Activity) (integrations.Activity, bool) {
	if w.Fiat() {
		return integrations.Activity{}, false
	}
	units := t.Amount.Amount.Decimal
	a.Symbol, a.Units, a.Type = w.Currency.Code, units, integrations.ActivityBuy
	if units.IsNegative() {
		a.Type = integrations.ActivitySell
	}
	if nat, cur := Native(t); cur != "" {
		a.Currency, a.Amount = cur, nat.Abs()
		if a.Type == integrations.ActivityBuy {
			a.Amount = a.Amount.Neg()
		}
		if !units.IsZero() {
			a.Price = nat.Abs().Div(units.Abs()).Round(8)
		}
	}
	return a, true
}

// Movement maps a row that is no trade (a started by Completed) by Types:
// in a fiat wallet the amount is the cash effect; in a crypto wallet no
// cash changes hands, the units say what moved, priced from native_amount.
func Movement(w Account, t Transaction, a integrations.Activity) integrations.Activity {
	units := t.Amount.Amount.Decimal
	typ, ok := Types[t.Type]
	if !ok {
		typ = integrations.ActivityOther
	}
	if bySign[t.Type] {
		typ = integrations.ActivityTransferOut
		if units.IsPositive() {
			typ = integrations.ActivityTransferIn
		}
	}
	a.Type = typ
	if w.Fiat() {
		a.Amount = units
		return a
	}
	a.Symbol, a.Units = w.Currency.Code, units
	if nat, cur := Native(t); cur != "" && !units.IsZero() {
		a.Price = nat.Abs().Div(units.Abs()).Round(8)
	}
	return a
}

// Describe is a transaction's text for people: details' title and subtitle
// (what the docs recommend), else its description, else its type.
func Describe(t Transaction) string {
	if t.Details != nil {
		if s := strings.TrimSpace(strings.TrimSpace(t.Details.Title) + " " + strings.TrimSpace(t.Details.Subtitle)); s != "" {
			return s
		}
	}
	if t.Description != nil && strings.TrimSpace(*t.Description) != "" {
		return strings.TrimSpace(*t.Description)
	}
	return strings.ReplaceAll(t.Type, "_", " ")
}
