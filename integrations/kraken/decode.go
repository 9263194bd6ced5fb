package kraken

import (
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// num is a decimal read by its text (integrations.Number).
type num = integrations.Number

// unixTime turns Kraken's fractional unix seconds into a UTC time.
func unixTime(n num) time.Time {
	sec := n.Decimal.Floor()
	frac := n.Decimal.Sub(sec).Shift(9).Truncate(0)
	return time.Unix(sec.IntPart(), frac.IntPart()).UTC()
}

var errMalformed = integrations.Malformed("Kraken")

// envelope is every answer: {"error":[...],"result":...}. The official SDK
// (krakenfx/api-go pkg/spot Response) types the error list as []any: an
// entry that is not a string is kept as an unknown error.
type envelope struct {
	Error  []json.RawMessage `json:"error"`
	Result json.RawMessage   `json:"result"`
}

// errorStrings returns the envelope's errors as strings; an entry that is
// not a JSON string becomes "EGeneral:Unknown".
func (e envelope) errorStrings() []string {
	out := make([]string, 0, len(e.Error))
	for _, raw := range e.Error {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			s = "EGeneral:Unknown"
		}
		out = append(out, s)
	}
	return out
}

// decodeResponse decodes a whole answer: the envelope, its errors mapped to
// the contract's (now dates a throttle's end), and the result into out.
// Every failure to understand the answer is ErrUnavailable.
func decodeResponse(b []byte, login bool, now time.Time, out any) error {
	var env envelope
	if err := json.Unmarshal(b, &env); err != nil {
		return errMalformed
	}
	if err := mapErrors(env.errorStrings(), login, now); err != nil {
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

// throttleWait is the wait suggested when Kraken answers "EAPI:Rate limit
// exceeded" (which carries no Retry-After): a ledger query costs 2 points and
// a Starter account's counter decays by 0.33 a second.
const throttleWait = 6 * time.Second

// mapErrors maps Kraken's error strings ("<severity><category>:<message>",
// e.g. "EAPI:Invalid key"); warnings (W...) are ignored. The texts returned
// are our own: Kraken's are never copied into an error.
func mapErrors(list []string, login bool, now time.Time) error {
	var first error
	for _, e := range list {
		if strings.HasPrefix(e, "W") {
			continue
		}
		err := mapError(e, login, now)
		if first == nil || errors.Is(err, integrations.ErrInvalidCredentials) || errors.Is(err, integrations.ErrReauthRequired) {
			first = err
		}
	}
	return first
}

// errorCode normalises an error string: "EService: Throttled: 1700000000"
// (as the rate-limit guide writes it) reads as
// "EService:Throttled:1700000000".
func errorCode(e string) string {
	parts := strings.Split(strings.TrimSpace(e), ":")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return strings.Join(parts, ":")
}

// throttledUntil reads the end of "EService:Throttled:<unix time>": the wait
// from now, at least a second and at most an hour.
func throttledUntil(code string, now time.Time) time.Duration {
	_, ts, _ := strings.Cut(strings.TrimPrefix(code, "EService:Throttled"), ":")
	sec, err := strconv.ParseInt(strings.TrimSpace(ts), 10, 64)
	if err != nil {
		return throttleWait
	}
	return min(max(time.Unix(sec, 0).Sub(now), time.Second), time.Hour)
}

// counterFullError is "EAPI:Rate limit exceeded": the key's call counter is
// full. It is a *integrations.RateLimitError the ledger walk paces by.
type counterFullError struct{ *integrations.RateLimitError }

func (e *counterFullError) Unwrap() error { return e.RateLimitError }

func mapError(e string, login bool, now time.Time) error {
	code := errorCode(e)
	switch {
	case code == "EAPI:Invalid key":
		return cryptokit.Refused(login, "Kraken does not know this API key (deleted, or mistyped)")
	case code == "EAPI:Invalid signature":
		return cryptokit.Refused(login, "Kraken refused the request signature: check the private key")
	case code == "EGeneral:Permission denied":
		return cryptokit.Refused(login, "the API key lacks a permission Latchkey needs: Query Funds and Query Ledger Entries")
	case code == "EAPI:Invalid nonce":
		return integrations.Wrap(integrations.ErrUnavailable, "Kraken refused the request's nonce: is another app using this API key, or this computer's clock behind?")
	case code == "EGeneral:Temporary lockout":
		return integrations.Wrap(integrations.ErrAccountLocked, "Kraken has temporarily locked this API key after too many failed requests")
	case strings.HasPrefix(code, "EService:Throttled"):
		return &integrations.RateLimitError{RetryAfter: throttledUntil(code, now)}
	case code == "EAPI:Rate limit exceeded":
		return &counterFullError{&integrations.RateLimitError{RetryAfter: throttleWait}}
	case code == "EGeneral:Too many requests", code == "EOrder:Rate limit exceeded":
		return &integrations.RateLimitError{RetryAfter: throttleWait}
	case strings.HasPrefix(code, "EService:"), code == "EGeneral:Internal error":
		return integrations.Wrap(integrations.ErrUnavailable, "Kraken is unavailable or in maintenance")
	case code == "EAPI:Feature disabled":
		return integrations.Wrap(integrations.ErrNotSupported, "Kraken has disabled this feature for the account")
	default:
		return integrations.Wrap(integrations.ErrUnavailable, "Kraken refused the request")
	}
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
var validCode = cryptokit.ValidCode

// --- Balances and positions ------------------------------------------------

// assetPair is one AssetPairs entry (krakenfx/api-go pkg/spot AssetPair).
type assetPair struct {
	Altname string `json:"altname"`
	Base    string `json:"base"`
	Quote   string `json:"quote"`
}

// tickerEntry is one Ticker entry (AssetTickerInfo); c is [last trade
// price, lot volume].
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

// lastPrices maps the Ticker answer to asset → last price, given the
// pair (and altname) → asset names asked for.
func lastPrices(tick map[string]tickerEntry, asset map[string]string) (map[string]decimal.Decimal, error) {
	out := map[string]decimal.Decimal{}
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

// isCash reports whether a balance's asset is cash (a fiat currency).
func isCash(c string) bool { return fiat[c] }

// holdings turns balances and prices into balances per cash currency and
// crypto positions valued in USD. prices maps asset code to its USD price;
// an asset without one (no USD market) is PriceUnknown, not worth zero.
func holdings(bal map[string]decimal.Decimal, prices map[string]decimal.Decimal, asOf time.Time) ([]integrations.Balance, []integrations.Position) {
	cash, pos, held := cryptokit.Holdings(bal, isCash, prices, valuation, asOf)
	return cryptokit.Balances(cash, valuation, held, len(pos) > 0), pos
}

// --- Ledger ---------------------------------------------------------------------

// ledgerPage is the result of Ledgers: up to 50 entries by ledger id, newest
// first, and the count of every entry that matches.
type ledgerPage struct {
	Ledger map[string]ledgerEntry `json:"ledger"`
	Count  int                    `json:"count"`
}

// ledgerEntry is one movement of one asset. Its fields are flat: no details
// sit under a key named after the entry's type (issue 11.19's Tradier
// assumption does not arise here; get-ledgers' example shows them all).
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

// entries returns the page's entries with their ids, checked, newest first
// (by time, then id, as the ledger lists them).
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
	sort.Slice(out, func(i, j int) bool {
		if c := out[i].Time.Cmp(out[j].Time.Decimal); c != 0 {
			return c > 0
		}
		return out[i].ID > out[j].ID
	})
	return out, nil
}

// tradeLike are ledger types whose entries come in pairs sharing a refid:
// a trade's two legs, the spend and receive of a Buy Crypto order, a
// conversion's two sides.
var tradeLike = map[string]bool{"trade": true, "spend": true, "receive": true, "conversion": true}

// activities turns ledger entries into activities. The two legs of a trade
// between a crypto asset and cash become one BUY or SELL priced in the cash
// currency; other entries are one activity each.
func activities(entries []ledgerEntry) []integrations.Activity {
	entries = append([]ledgerEntry(nil), entries...)
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

// ledgerType maps ledger types that are not trades, by the asset's kind.
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
	case "staking", "earn", "reward":
		if (e.Subtype == "" || e.Subtype == "reward") && in {
			return integrations.ActivityInterest
		}
		return integrations.ActivityOther
	case "dividend":
		return integrations.ActivityDividend
	case "rollover", "margin":
		if !in && !e.Amount.IsZero() {
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
