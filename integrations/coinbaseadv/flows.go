package coinbaseadv

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// This file reads the Coinbase App v2 API's List Accounts and List
// Transactions (docs.cdp.coinbase.com/coinbase-app/track-apis/accounts and
// .../transactions; CDP API key scope "view"): the deposits, withdrawals,
// sends, receives and rewards Advanced Trade's own API does not list. Its
// wire types and mapping are this package's own (the coinbase package reads
// the same endpoints through OAuth; no integration imports another).

// v2Money is the v2 money hash: {"amount": "-0.00100000", "currency": "BTC"}.
type v2Money struct {
	Amount   num    `json:"amount"`
	Currency string `json:"currency"`
}

// v2Currency is an account's currency: an object {"code": "BTC", "type":
// "crypto", ...} in the current docs, a bare code in old API versions.
type v2Currency struct {
	Code string `json:"code"`
	Type string `json:"type"`
}

func (c *v2Currency) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &c.Code)
	}
	type plain v2Currency
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*c = v2Currency(p)
	return nil
}

// v2Account is one GET /v2/accounts entry: a wallet in one currency (type
// wallet, fiat or vault).
type v2Account struct {
	ID        string     `json:"id"`
	Type      string     `json:"type"`
	Currency  v2Currency `json:"currency"`
	Balance   v2Money    `json:"balance"`
	CreatedAt *string    `json:"created_at"`
}

// fiat reports whether the wallet holds cash.
func (w v2Account) fiat() bool {
	return w.Type == "fiat" || strings.EqualFold(w.Currency.Type, "fiat")
}

// v2Pagination is a list answer's pagination; next_uri (a path with its
// query, starting_after the last id) is null on the last page.
type v2Pagination struct {
	NextURI *string `json:"next_uri"`
}

func (p *v2Pagination) next() string {
	if p == nil || p.NextURI == nil {
		return ""
	}
	return strings.TrimSpace(*p.NextURI)
}

// v2Tx is one GET /v2/accounts/:account_id/transactions entry (the
// Transaction resource). amount is in the wallet's currency, signed
// (credit positive); native_amount in the user's native currency.
type v2Tx struct {
	ID           string   `json:"id"`
	Type         string   `json:"type"`
	Status       string   `json:"status"`
	Amount       v2Money  `json:"amount"`
	NativeAmount *v2Money `json:"native_amount"`
	Description  *string  `json:"description"`
	CreatedAt    string   `json:"created_at"`
	Details      *struct {
		Title    string `json:"title"`
		Subtitle string `json:"subtitle"`
	} `json:"details"`
}

// decodeV2Accounts reads one page of GET /v2/accounts: every wallet has an
// id and a currency code (from currency, else from balance).
func decodeV2Accounts(b []byte) ([]v2Account, string, error) {
	var w struct {
		Pagination *v2Pagination `json:"pagination"`
		Data       []v2Account   `json:"data"`
	}
	if err := decode(b, &w); err != nil {
		return nil, "", err
	}
	if w.Data == nil {
		return nil, "", errMalformed
	}
	for i, a := range w.Data {
		c := a.Currency.Code
		if !validCode(c) {
			c = a.Balance.Currency
		}
		if a.ID == "" || !validCode(c) {
			return nil, "", errMalformed
		}
		w.Data[i].Currency.Code = c
	}
	return w.Data, w.Pagination.next(), nil
}

// decodeV2Transactions reads one page of transactions: each has an id, a
// type, an amount and an RFC 3339 created_at.
func decodeV2Transactions(b []byte) ([]v2Tx, string, error) {
	var w struct {
		Pagination *v2Pagination `json:"pagination"`
		Data       []v2Tx        `json:"data"`
	}
	if err := decode(b, &w); err != nil {
		return nil, "", err
	}
	if w.Data == nil {
		return nil, "", errMalformed
	}
	for _, t := range w.Data {
		if _, err := time.Parse(time.RFC3339, t.CreatedAt); err != nil || t.ID == "" || t.Type == "" || !t.Amount.Amount.Valid {
			return nil, "", errMalformed
		}
	}
	return w.Data, w.Pagination.next(), nil
}

// flowTypes maps the documented transaction types (the "Transaction Types"
// table of the transactions page) that are neither trades nor fills, as
// the coinbase package maps them: a type missing here is OTHER.
var flowTypes = map[string]integrations.ActivityType{
	"fiat_deposit":              integrations.ActivityContribution,
	"fiat_withdrawal":           integrations.ActivityWithdrawal,
	"receive":                   integrations.ActivityTransferIn,
	"send":                      integrations.ActivityTransferOut, // TRANSFER_IN when the amount is positive
	"staking_reward":            integrations.ActivityInterest,
	"inflation_reward":          integrations.ActivityInterest,
	"interest":                  integrations.ActivityInterest,
	"earn_payout":               integrations.ActivityInterest,
	"incentives_rewards_payout": integrations.ActivityInterest,
	"subscription":              integrations.ActivityFee,
}

// flowActivity maps one transaction of wallet w. ok is false for what is
// not an activity of its own here:
//
//   - a transaction not completed (pending, failed, expired, canceled);
//   - advanced_trade_fill: the fills are read from Advanced Trade's own
//     fills list, so their v2 rows would count twice;
//   - the fiat leg of a buy or sell (its crypto leg is the trade).
//
// buy and sell (simple trades in the Coinbase app, not among Advanced
// Trade's fills) are BUY or SELL of the wallet's coin by the sign of the
// amount, priced from native_amount. trade (a convert) is OTHER with its
// units: whether Advanced Trade's fills also list converts is not
// documented, and OTHER never counts a trade twice. A crypto movement
// carries units and no cash amount; a movement of a fiat wallet is cash.
func flowActivity(w v2Account, t v2Tx) (integrations.Activity, bool) {
	if t.Status != "" && t.Status != "completed" || t.Type == "advanced_trade_fill" {
		return integrations.Activity{}, false
	}
	at, err := time.Parse(time.RFC3339, t.CreatedAt)
	if err != nil || !t.Amount.Amount.Valid {
		return integrations.Activity{}, false
	}
	fiat := w.fiat()
	units := t.Amount.Amount.Decimal
	a := integrations.Activity{ID: t.ID, RawType: t.Type, TradeDate: integrations.DateOf(at.UTC()),
		Currency: w.Currency.Code, Description: describe(t)}
	var native decimal.Decimal
	natCur := ""
	if n := t.NativeAmount; n != nil && n.Amount.Valid && validCode(n.Currency) {
		native, natCur = n.Amount.Decimal, n.Currency
	}
	switch t.Type {
	case "buy", "sell":
		if fiat {
			return integrations.Activity{}, false
		}
		a.Symbol, a.Units, a.Type = w.Currency.Code, units, integrations.ActivityBuy
		if units.IsNegative() {
			a.Type = integrations.ActivitySell
		}
		if natCur != "" {
			a.Currency, a.Amount = natCur, native.Abs()
			if a.Type == integrations.ActivityBuy {
				a.Amount = a.Amount.Neg()
			}
			if !units.IsZero() {
				a.Price = native.Abs().Div(units.Abs()).Round(8)
			}
		}
		return a, true
	}
	typ, known := flowTypes[t.Type]
	if !known {
		typ = integrations.ActivityOther
	}
	if t.Type == "send" && units.IsPositive() {
		typ = integrations.ActivityTransferIn
	}
	a.Type = typ
	if fiat {
		a.Amount = units
		return a, true
	}
	a.Symbol, a.Units = w.Currency.Code, units
	if natCur != "" && !units.IsZero() {
		a.Price = native.Abs().Div(units.Abs()).Round(8)
	}
	return a, true
}

// describe is a transaction's text for people: details' title and subtitle
// (what the docs recommend), else the description, else the type.
func describe(t v2Tx) string {
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
