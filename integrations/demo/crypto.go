package demo

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// signRequest signs a demo-crypto request the way real exchanges do: the
// key, a timestamp and hex(HMAC-SHA256(secret, timestamp ‖ method ‖ path
// and query ‖ body)) in headers. The connection header names this
// connection, so that revoking it (Revoke) does not revoke the shared demo
// key for every other connection; a real exchange revokes the key itself.
func signRequest(ri *requestInfo, sec secret, now time.Time) {
	ts := strconv.FormatInt(now.Unix(), 10)
	h := ri.req.Header
	h.Set(headerKey, sec.Key)
	h.Set(headerTimestamp, ts)
	h.Set(headerConnection, sec.Conn)
	h.Set(headerSignature, cryptoSignature(sec.Secret, ts, ri.req.Method, ri.req.URL.RequestURI(), ri.body))
}

// keyLogin is the demo-crypto API-key login: one form, validated by one
// signed call before the connection is saved.
func (x *Exchange) keyLogin(base string, env integrations.Env, values map[string]string) integrations.Login {
	form := integrations.MethodForm(x.Institution(), integrations.AuthAPIKey)
	form.Title = "Connect Latchkey Demo Crypto"
	return &integrations.FormLogin{Form: form, Values: values,
		Validate: func(ctx context.Context, v map[string]string) (*integrations.DoneStep, error) {
			s := secret{Kind: secretAPIKey, Key: v["key_id"], Secret: v["secret"], Conn: randomID("conn_")}
			b, err := x.api(base, env, s).call(ctx, http.MethodGet, "/crypto/v1/account", nil, nil, modeLogin)
			var acct wireCryptoAccount
			if err == nil {
				err = decode(b, &acct)
			}
			if err == nil && (acct.UserID == "" || acct.AccountID == "") {
				err = errMalformed
			}
			if errors.Is(err, integrations.ErrInvalidCredentials) {
				return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the exchange refused this API key or secret")
			}
			if err != nil {
				return nil, err
			}
			return &integrations.DoneStep{
				Grant: integrations.Grant{Method: integrations.AuthAPIKey, Secret: s.encode(),
					Fingerprint: integrations.Fingerprint(CryptoID, acct.UserID)},
				Accounts: []integrations.Account{cryptoAccount(acct)},
			}, nil
		}}
}

func cryptoAccount(a wireCryptoAccount) integrations.Account {
	status := strings.ToLower(a.Status)
	if status == "active" {
		status = "open"
	}
	return integrations.Account{ID: a.AccountID, Number: integrations.MaskNumber(a.AccountID), Name: a.Name, RawType: a.Type,
		Category: integrations.CategoryCrypto, Currency: a.Currency, Status: status}
}

// exchangeClient reads the demo crypto exchange with signed requests.
type exchangeClient struct{ api *api }

func (c *exchangeClient) account(ctx context.Context) (wireCryptoAccount, error) {
	var acct wireCryptoAccount
	b, err := c.api.call(ctx, http.MethodGet, "/crypto/v1/account", nil, nil, modeData)
	if err != nil {
		return acct, err
	}
	if err := decode(b, &acct); err != nil {
		return acct, err
	}
	if acct.AccountID == "" || acct.Currency == "" {
		return acct, errMalformed
	}
	return acct, nil
}

func (c *exchangeClient) Accounts(ctx context.Context) ([]integrations.Account, error) {
	acct, err := c.account(ctx)
	if err != nil {
		return nil, err
	}
	return []integrations.Account{cryptoAccount(acct)}, nil
}

// errNoAccount is asked for an account id the exchange does not have.
var errNoAccount = errors.New("demo-crypto: no such account")

func (c *exchangeClient) holdings(ctx context.Context, accountID string) ([]integrations.Balance, []integrations.Position, error) {
	b, err := c.api.call(ctx, http.MethodGet, "/crypto/v1/balances", nil, nil, modeData)
	if err != nil {
		return nil, nil, err
	}
	acct, bals, pos, err := decodeCryptoBalances(b)
	if err != nil {
		return nil, nil, err
	}
	if acct != accountID {
		return nil, nil, errNoAccount
	}
	return bals, pos, nil
}

func (c *exchangeClient) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	bals, _, err := c.holdings(ctx, accountID)
	return bals, err
}

func (c *exchangeClient) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	_, pos, err := c.holdings(ctx, accountID)
	return pos, err
}

func (c *exchangeClient) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	q := url.Values{"limit": {"100"}}
	if !since.IsZero() {
		// The ledger is filtered by time; activities by day.
		d := since.UTC().Truncate(24 * time.Hour)
		q.Set("start_time", d.Format(time.RFC3339))
	}
	return integrations.ReadPages(ctx, maxPages, func(ctx context.Context, cursor string) ([]integrations.Activity, string, error) {
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		b, err := c.api.call(ctx, http.MethodGet, "/crypto/v1/ledger", q, nil, modeData)
		if err != nil {
			return nil, "", err
		}
		acct, page, next, err := decodeLedger(b)
		if err == nil && acct != accountID {
			err = errNoAccount
		}
		return page, next, err
	})
}

// fiat currencies the exchange holds as cash.
var fiat = map[string]bool{"USD": true, "CAD": true, "EUR": true}

// decodeCryptoBalances splits the exchange's balances into cash balances
// (fiat) and crypto positions, all valued in USD.
func decodeCryptoBalances(b []byte) (string, []integrations.Balance, []integrations.Position, error) {
	var w struct {
		AccountID string              `json:"account_id"`
		Balances  []wireCryptoBalance `json:"balances"`
		AsOf      string              `json:"as_of"`
	}
	if err := decode(b, &w); err != nil {
		return "", nil, nil, err
	}
	asOf, err := time.Parse(time.RFC3339, w.AsOf)
	if err != nil || w.AccountID == "" {
		return "", nil, nil, errMalformed
	}
	var d decimals
	cash := map[string]decimal.Decimal{}
	held := map[string]decimal.Decimal{}
	var order []string
	var pos []integrations.Position
	for _, x := range w.Balances {
		if x.Asset == "" {
			return "", nil, nil, errMalformed
		}
		total := d.parse(x.Total)
		if fiat[x.Asset] {
			if _, seen := cash[x.Asset]; !seen {
				order = append(order, x.Asset)
			}
			cash[x.Asset] = cash[x.Asset].Add(total)
			continue
		}
		var price decimal.Decimal
		if x.PriceUSD != nil {
			price = d.parse(*x.PriceUSD)
		}
		value := d.parse(x.ValueUSD)
		held["USD"] = held["USD"].Add(value)
		pos = append(pos, integrations.Position{
			Symbol: integrations.Symbol{Ticker: x.Asset, Description: x.Name, Type: integrations.SecurityCrypto, Currency: "USD"},
			Units:  total, Price: price, MarketValue: value, Currency: "USD", AsOf: asOf.UTC(),
		})
	}
	if d.err != nil {
		return "", nil, nil, d.err
	}
	if _, ok := cash["USD"]; !ok && len(pos) > 0 {
		order = append(order, "USD")
	}
	bals := make([]integrations.Balance, 0, len(order))
	for _, c := range order {
		bals = append(bals, integrations.Balance{Currency: c, Cash: cash[c],
			BuyingPower: decimal.NewNullDecimal(cash[c]), Total: cash[c].Add(held[c])})
	}
	return w.AccountID, bals, pos, nil
}

// ledgerTypes maps the exchange's ledger entry types.
var ledgerTypes = map[string]integrations.ActivityType{
	"buy": integrations.ActivityBuy, "sell": integrations.ActivitySell,
	"deposit": integrations.ActivityContribution, "withdrawal": integrations.ActivityWithdrawal,
	"receive": integrations.ActivityTransferIn, "send": integrations.ActivityTransferOut,
	"reward": integrations.ActivityInterest, "fee": integrations.ActivityFee,
}

func decodeLedger(b []byte) (string, []integrations.Activity, string, error) {
	var w struct {
		AccountID string            `json:"account_id"`
		Entries   []wireLedgerEntry `json:"entries"`
		Cursor    string            `json:"cursor"`
	}
	if err := decode(b, &w); err != nil {
		return "", nil, "", err
	}
	var d decimals
	out := make([]integrations.Activity, 0, len(w.Entries))
	for _, e := range w.Entries {
		t, err := time.Parse(time.RFC3339, e.Time)
		if err != nil || e.ID == "" || e.Type == "" {
			return "", nil, "", errMalformed
		}
		a := integrations.Activity{
			ID: e.ID, Type: activityType(ledgerTypes, e.Type), RawType: e.Type,
			TradeDate: integrations.DateOf(t.UTC()), Symbol: e.Asset,
			Units: d.parse(e.Quantity), Amount: d.parse(e.QuoteAmount), Fee: d.parse(e.Fee),
			Currency: e.QuoteCurrency, Description: e.Note,
		}
		if e.Price != "" {
			a.Price = d.parse(e.Price)
		}
		if e.Asset == e.QuoteCurrency {
			// A fiat movement: no instrument, the units are the amount.
			a.Symbol, a.Units = "", decimal.Zero
		}
		out = append(out, a)
	}
	if d.err != nil {
		return "", nil, "", d.err
	}
	return w.AccountID, out, w.Cursor, nil
}
