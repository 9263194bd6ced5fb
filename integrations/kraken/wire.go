package kraken

import (
	"encoding/json"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// num is a decimal read by its text (integrations.Number).
type num = integrations.Number

// unixTime turns Kraken's fractional unix seconds into a UTC time.
func unixTime(n num) time.Time {
	sec := n.Decimal.Floor()
	frac := n.Decimal.Sub(sec).Shift(9).Truncate(0)
	return time.Unix(sec.IntPart(), frac.IntPart()).UTC()
}

// decodeResponse decodes a whole answer: the envelope, its errors mapped to
// the contract's, and the result into out. Every failure to understand the
// answer is ErrUnavailable.
func decodeResponse(b []byte, login bool, out any) error {
	var env envelope
	if err := json.Unmarshal(b, &env); err != nil {
		return errMalformed
	}
	if err := mapErrors(env.Error, login); err != nil {
		return err
	}
	if len(env.Result) == 0 || string(env.Result) == "null" {
		return errMalformed
	}
	if err := json.Unmarshal(env.Result, out); err != nil {
		return errMalformed
	}
	return nil
}

// --- Assets -------------------------------------------------------------------

// legacyAssets are Kraken's old X/Z-prefixed asset codes (and its own names)
// with the codes everyone else uses.
var legacyAssets = map[string]string{
	"XXBT": "BTC", "XBT": "BTC", "XXDG": "DOGE", "XDG": "DOGE", "XETH": "ETH", "ETH2": "ETH",
	"XLTC": "LTC", "XXRP": "XRP", "XXLM": "XLM", "XETC": "ETC", "XMLN": "MLN", "XREP": "REP",
	"XZEC": "ZEC", "XXMR": "XMR", "XICN": "ICN", "XNMC": "NMC", "XXVN": "XVN",
	"ZUSD": "USD", "ZEUR": "EUR", "ZGBP": "GBP", "ZCAD": "CAD", "ZJPY": "JPY", "ZAUD": "AUD", "ZKRW": "KRW",
}

// fiat are the cash currencies Kraken holds.
var fiat = map[string]bool{"USD": true, "EUR": true, "GBP": true, "CAD": true, "JPY": true, "CHF": true, "AUD": true, "AED": true}

// assetCode returns the common code of a Kraken asset: "XXBT" → "BTC",
// "ZUSD" → "USD", "DOT.S" (staked) → "DOT", "USD.M", "ETH2.S" → "ETH". The
// suffixes .S (staked), .M (opt-in rewards), .B (yield bearing), .F (Kraken
// Rewards), .P (parachain) and .HOLD name balances of the same asset.
func assetCode(raw string) string {
	base, _, _ := strings.Cut(strings.ToUpper(strings.TrimSpace(raw)), ".")
	if c, ok := legacyAssets[base]; ok {
		return c
	}
	return base
}

// validCode reports whether a normalised asset code can be a currency.
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

// --- Balances and positions ------------------------------------------------

// assetPair is one AssetPairs entry.
type assetPair struct {
	Altname string `json:"altname"`
	Base    string `json:"base"`
	Quote   string `json:"quote"`
}

// tickerEntry is one Ticker entry; c is [last trade price, lot volume].
type tickerEntry struct {
	Last []num `json:"c"`
}

// valuation is the currency crypto holdings are valued in.
const valuation = "USD"

// usdPairs picks, for each asset, the pair that prices it in US dollars.
func usdPairs(pairs map[string]assetPair) map[string]string {
	out := map[string]string{}
	names := make([]string, 0, len(pairs))
	for name := range pairs {
		names = append(names, name)
	}
	sort.Strings(names) // deterministic when two pairs qualify
	for _, name := range names {
		p := pairs[name]
		if assetCode(p.Quote) != valuation || strings.HasSuffix(name, ".d") {
			continue
		}
		base := assetCode(p.Base)
		if _, ok := out[base]; !ok {
			out[base] = name
		}
	}
	return out
}

// merged sums the balances of each asset over its variants (DOT and DOT.S).
func merged(bal map[string]num) (map[string]decimal.Decimal, error) {
	out := map[string]decimal.Decimal{}
	for raw, n := range bal {
		c := assetCode(raw)
		if !validCode(c) || !n.Valid {
			return nil, errMalformed
		}
		out[c] = out[c].Add(n.Decimal)
	}
	return out, nil
}

// holdings turns balances and prices into balances per cash currency and
// crypto positions valued in USD. prices maps asset code to its USD price.
func holdings(bal map[string]decimal.Decimal, prices map[string]decimal.Decimal, asOf time.Time) ([]integrations.Balance, []integrations.Position) {
	codes := make([]string, 0, len(bal))
	for c := range bal {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	cash := map[string]decimal.Decimal{}
	var pos []integrations.Position
	held := decimal.Zero
	for _, c := range codes {
		amt := bal[c]
		if fiat[c] {
			cash[c] = amt
			continue
		}
		if amt.IsZero() {
			continue
		}
		p := integrations.Position{
			Symbol: integrations.Symbol{Ticker: c, Description: c, Type: integrations.SecurityCrypto, Currency: valuation},
			Units:  amt, Currency: valuation, AsOf: asOf,
		}
		if px, ok := prices[c]; ok {
			p.Price = px
			p.MarketValue = amt.Mul(px).Round(2)
			held = held.Add(p.MarketValue)
		}
		pos = append(pos, p)
	}
	if _, ok := cash[valuation]; !ok && len(pos) > 0 {
		cash[valuation] = decimal.Zero
	}
	bals := make([]integrations.Balance, 0, len(cash))
	for _, c := range sortedKeys(cash) {
		b := integrations.Balance{Currency: c, Cash: cash[c], BuyingPower: decimal.NewNullDecimal(cash[c]), Total: cash[c]}
		if c == valuation {
			b.Total = cash[c].Add(held)
		}
		bals = append(bals, b)
	}
	return bals, pos
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// --- Ledger ---------------------------------------------------------------------

// ledgerPage is the result of Ledgers: up to 50 entries by ledger id, newest
// first, and the count of every entry that matches.
type ledgerPage struct {
	Ledger map[string]ledgerEntry `json:"ledger"`
	Count  int                    `json:"count"`
}

// ledgerEntry is one movement of one asset.
type ledgerEntry struct {
	ID      string `json:"-"`
	RefID   string `json:"refid"`
	Time    num    `json:"time"`
	Type    string `json:"type"`
	Subtype string `json:"subtype"`
	Aclass  string `json:"aclass"`
	Asset   string `json:"asset"`
	Amount  num    `json:"amount"`
	Fee     num    `json:"fee"`
	Balance num    `json:"balance"`
}

// entries returns the page's entries with their ids, checked.
func (p ledgerPage) entries() ([]ledgerEntry, error) {
	out := make([]ledgerEntry, 0, len(p.Ledger))
	for id, e := range p.Ledger {
		if id == "" || !e.Time.Valid || !e.Amount.Valid || e.Type == "" || !validCode(assetCode(e.Asset)) || e.Time.IsNegative() ||
			e.Time.GreaterThan(decimal.NewFromInt(1<<40)) {
			return nil, errMalformed
		}
		e.ID = id
		out = append(out, e)
	}
	return out, nil
}

// tradeLike are ledger types whose entries come in pairs sharing a refid:
// a trade's two legs, or the spend and receive of a Buy Crypto conversion.
var tradeLike = map[string]bool{"trade": true, "spend": true, "receive": true}

// activities turns ledger entries into activities. The two legs of a trade
// between a crypto asset and cash become one BUY or SELL priced in the cash
// currency; other entries are one activity each.
func activities(entries []ledgerEntry) []integrations.Activity {
	sort.Slice(entries, func(i, j int) bool {
		if c := entries[i].Time.Cmp(entries[j].Time.Decimal); c != 0 {
			return c < 0
		}
		return entries[i].ID < entries[j].ID
	})
	groups := map[string][]ledgerEntry{}
	for _, e := range entries {
		if tradeLike[e.Type] && e.RefID != "" {
			groups[e.RefID] = append(groups[e.RefID], e)
		}
	}
	var out []integrations.Activity
	done := map[string]bool{}
	for _, e := range entries {
		if tradeLike[e.Type] && e.RefID != "" {
			if done[e.RefID] {
				continue
			}
			done[e.RefID] = true
			if a, ok := trade(groups[e.RefID]); ok {
				out = append(out, a)
				continue
			}
			for _, leg := range groups[e.RefID] {
				out = append(out, movement(leg))
			}
			continue
		}
		out = append(out, movement(e))
	}
	return out
}

// trade combines a crypto leg and a cash leg into a BUY or SELL.
func trade(legs []ledgerEntry) (integrations.Activity, bool) {
	if len(legs) != 2 {
		return integrations.Activity{}, false
	}
	c, f := legs[0], legs[1]
	if fiat[assetCode(c.Asset)] {
		c, f = f, c
	}
	if fiat[assetCode(c.Asset)] || !fiat[assetCode(f.Asset)] || c.Amount.IsZero() {
		return integrations.Activity{}, false
	}
	sym, cur := assetCode(c.Asset), assetCode(f.Asset)
	typ, word := integrations.ActivityBuy, "Bought"
	if c.Amount.IsNegative() {
		typ, word = integrations.ActivitySell, "Sold"
	}
	units := c.Amount.Sub(c.Fee.Decimal) // a fee charged in the asset leaves fewer units
	price := f.Amount.Abs().Div(c.Amount.Abs()).Round(8)
	return integrations.Activity{
		ID: c.ID, Type: typ, RawType: c.Type, TradeDate: integrations.DateOf(unixTime(c.Time)),
		Symbol: sym, Units: units, Price: price,
		Amount: f.Amount.Sub(f.Fee.Decimal), Fee: f.Fee.Decimal, Currency: cur,
		Description: word + " " + units.Abs().String() + " " + sym + " @ " + price.String() + " " + cur,
	}, true
}

// ledgerTypes maps ledger types that are not trades, by the asset's kind.
func ledgerType(e ledgerEntry, cash bool) integrations.ActivityType {
	in := e.Amount.IsPositive()
	switch e.Type {
	case "deposit":
		if cash {
			return integrations.ActivityContribution
		}
		return integrations.ActivityTransferIn
	case "withdrawal":
		if cash {
			return integrations.ActivityWithdrawal
		}
		return integrations.ActivityTransferOut
	case "staking", "earn":
		if e.Subtype == "" || e.Subtype == "reward" {
			if in {
				return integrations.ActivityInterest
			}
		}
		return integrations.ActivityOther
	case "dividend":
		return integrations.ActivityDividend
	case "rollover", "margin":
		if !in && e.Amount.IsZero() == false {
			return integrations.ActivityFee
		}
		return integrations.ActivityOther
	case "transfer":
		if e.Subtype == "" && in {
			return integrations.ActivityTransferIn // airdrops, forks
		}
		return integrations.ActivityOther // between spot, staking and futures wallets
	}
	return integrations.ActivityOther
}

// movement is one ledger entry as an activity: cash moves set Amount,
// crypto moves set Units of the asset.
func movement(e ledgerEntry) integrations.Activity {
	code := assetCode(e.Asset)
	cash := fiat[code]
	raw := e.Type
	if e.Subtype != "" {
		raw += "/" + e.Subtype
	}
	a := integrations.Activity{
		ID: e.ID, Type: ledgerType(e, cash), RawType: raw, TradeDate: integrations.DateOf(unixTime(e.Time)),
		Currency: code, Fee: e.Fee.Decimal,
		Description: strings.TrimSpace(e.Type + " " + e.Subtype + " " + e.Amount.String() + " " + code),
	}
	if cash {
		a.Amount = e.Amount.Sub(e.Fee.Decimal)
	} else {
		a.Symbol, a.Units = code, e.Amount.Sub(e.Fee.Decimal)
	}
	if a.Type == integrations.ActivityFee && cash {
		a.Fee = e.Amount.Abs().Add(e.Fee.Decimal)
	}
	return a
}
