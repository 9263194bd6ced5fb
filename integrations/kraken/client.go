package kraken

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// spotID is the id of the one account a Kraken login has: its spot wallet.
const spotID = "spot"

func spotAccount() integrations.Account {
	return integrations.Account{ID: spotID, Name: "Kraken spot wallet", RawType: "spot",
		Category: integrations.CategoryCrypto, Currency: valuation, Status: "open"}
}

// ledgerPageSize is how many entries Ledgers returns per call.
const ledgerPageSize = 50

// maxLedgerPages bounds a ledger read (500,000 entries).
const maxLedgerPages = 10000

func (a *api) balances(ctx context.Context) (map[string]decimal.Decimal, error) {
	var bal map[string]num
	if err := a.private(ctx, "Balance", nil, &bal); err != nil {
		return nil, err
	}
	return merged(bal)
}

func (a *api) ledgers(ctx context.Context, start int64, ofs int) (ledgerPage, []ledgerEntry, error) {
	form := url.Values{"type": {"all"}, "ofs": {strconv.Itoa(ofs)}}
	if start > 0 {
		form.Set("start", strconv.FormatInt(start, 10))
	}
	var p ledgerPage
	if err := a.private(ctx, "Ledgers", form, &p); err != nil {
		return p, nil, err
	}
	es, err := p.entries()
	if err != nil || p.Count < 0 {
		return p, nil, errMalformed
	}
	return p, es, nil
}

// accountOwner names the Kraken account behind a key, for the grant's
// fingerprint: Kraken's API has no user id, so it is the id of the
// account's oldest ledger entry, which no other account has and which a new
// key of the same account finds again. An account with no ledger yet is
// named by its key.
func (a *api) accountOwner(ctx context.Context) (string, error) {
	p, _, err := a.ledgers(ctx, 0, 0)
	if err != nil {
		return "", err
	}
	if p.Count == 0 {
		return "key:" + a.sec.Key, nil
	}
	_, es, err := a.ledgers(ctx, 0, p.Count-1)
	if err != nil {
		return "", err
	}
	if len(es) == 0 {
		return "", errMalformed
	}
	oldest := es[0]
	for _, e := range es[1:] {
		if e.Time.LessThan(oldest.Time.Decimal) {
			oldest = e
		}
	}
	return "ledger:" + oldest.ID, nil
}

// prices returns the last USD price of each asset held, from the public
// AssetPairs and Ticker.
func (a *api) prices(ctx context.Context, assets []string) (map[string]decimal.Decimal, error) {
	out := map[string]decimal.Decimal{}
	var want []string
	for _, c := range assets {
		if c == valuation {
			continue
		}
		want = append(want, c)
	}
	if len(want) == 0 {
		return out, nil
	}
	var pairs map[string]assetPair
	if err := a.public(ctx, "AssetPairs", nil, &pairs); err != nil {
		return nil, err
	}
	byAsset := usdPairs(pairs)
	var names []string
	asset := map[string]string{}
	for _, c := range want {
		if p, ok := byAsset[c]; ok {
			names = append(names, p)
			asset[p] = c
			asset[pairs[p].Altname] = c
		}
	}
	if len(names) == 0 {
		return out, nil
	}
	var tick map[string]tickerEntry
	if err := a.public(ctx, "Ticker", url.Values{"pair": {strings.Join(names, ",")}}, &tick); err != nil {
		return nil, err
	}
	for name, t := range tick {
		c, ok := asset[name]
		if !ok {
			continue
		}
		if len(t.Last) == 0 || !t.Last[0].Valid || t.Last[0].IsNegative() {
			return nil, errMalformed
		}
		out[c] = t.Last[0].Decimal
	}
	return out, nil
}

// client reads one Kraken account.
type client struct{ api *api }

var errNoAccount = integrations.Wrap(integrations.ErrNotSupported, "Kraken has no such account")

func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	if _, err := c.api.balances(ctx); err != nil {
		return nil, err
	}
	return []integrations.Account{spotAccount()}, nil
}

func (c *client) holdings(ctx context.Context, accountID string) ([]integrations.Balance, []integrations.Position, error) {
	if accountID != spotID {
		return nil, nil, errNoAccount
	}
	bal, err := c.api.balances(ctx)
	if err != nil {
		return nil, nil, err
	}
	var held []string
	for code, amt := range bal {
		if !fiat[code] && !amt.IsZero() {
			held = append(held, code)
		}
	}
	px, err := c.api.prices(ctx, held)
	if err != nil {
		return nil, nil, err
	}
	bals, pos := holdings(bal, px, c.api.now().UTC())
	return bals, pos, nil
}

func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	b, _, err := c.holdings(ctx, accountID)
	return b, err
}

func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	_, p, err := c.holdings(ctx, accountID)
	return p, err
}

// Activities reads the ledger from since on, 50 entries a call with ofs,
// until count entries were read. Entries arriving while it pages shift the
// offsets; they are deduplicated by ledger id.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	if accountID != spotID {
		return nil, errNoAccount
	}
	var start int64
	if !since.IsZero() {
		start = since.Unix() - 1 // start is exclusive
	}
	seen := map[string]bool{}
	var all []ledgerEntry
	ofs := 0
	for range maxLedgerPages {
		p, es, err := c.api.ledgers(ctx, start, ofs)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			if !seen[e.ID] {
				seen[e.ID] = true
				all = append(all, e)
			}
		}
		ofs += len(es)
		if len(es) == 0 || ofs >= p.Count {
			return activities(all), nil
		}
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "Kraken's ledger did not end")
}
