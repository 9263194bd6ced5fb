package binance

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
	"github.com/latchkey/latchkey/integrations/httpx"
)

var errMalformed = integrations.Malformed("Binance")

// apiError is Binance's error body: {"code":-2015,"msg":"..."}.
type apiError struct {
	Code int    `json:"code"`
	Msg  string `json:"msg"`
}

// banWait is the wait suggested for a 418 (IP banned) without Retry-After.
const banWait = 2 * time.Minute

// decodeResponse maps an answer: its status and error code to the
// contract's errors, or its body into out.
func decodeResponse(status int, h http.Header, b []byte, login bool, out any) error {
	if status >= 200 && status < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			return errMalformed
		}
		return nil
	}
	return statusError(status, h, b, login, time.Now())
}

// statusError maps a refusal: Binance's status codes (429, 418 with their
// Retry-After) and error codes (errors.md).
func statusError(status int, h http.Header, b []byte, login bool, now time.Time) error {
	var e apiError
	_ = json.Unmarshal(b, &e) // not Binance's JSON: the code stays 0
	wait := func(def time.Duration) error {
		return httpx.RateLimited(h, now, def)
	}
	switch {
	case status == http.StatusTooManyRequests:
		return wait(time.Minute)
	case status == http.StatusTeapot: // 418: the IP is banned for ignoring 429s
		return wait(banWait)
	case e.Code == -2014 || e.Code == -2015 || e.Code == -2008:
		return cryptokit.Refused(login, "Binance refused this API key (deleted, restricted to other IP addresses, or without the Enable Reading permission)")
	case e.Code == -1022:
		return cryptokit.Refused(login, "Binance refused the request signature: check the secret key")
	case e.Code == -1021:
		return integrations.Wrap(integrations.ErrUnavailable, "Binance refused the request time: check this computer's clock")
	case e.Code == -1003 || e.Code == -1015:
		return &integrations.RateLimitError{RetryAfter: time.Minute}
	case status == http.StatusUnauthorized:
		return cryptokit.Refused(login, "Binance refused this API key")
	case status == http.StatusForbidden:
		return integrations.Wrap(integrations.ErrUnavailable, "Binance's firewall refused the request")
	case status >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, "Binance answered HTTP "+strconv.Itoa(status))
	case e.Code == -1001 || e.Code == -1007 || e.Code == -1016:
		return integrations.Wrap(integrations.ErrUnavailable, "Binance is unavailable or in maintenance")
	default:
		msg := "Binance refused the request: HTTP " + strconv.Itoa(status)
		if e.Code != 0 {
			msg += ", code " + strconv.Itoa(e.Code)
		}
		return integrations.Wrap(integrations.ErrUnavailable, strings.TrimSpace(msg))
	}
}

// num is a decimal read by its text (integrations.Number).
type num = integrations.Number

// msTime is a time in unix milliseconds.
func msTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// validCode reports whether an asset code can be a currency.
var validCode = cryptokit.ValidCode

// fiat are the cash currencies Binance holds.
var fiat = map[string]bool{"USD": true, "EUR": true, "GBP": true, "TRY": true, "BRL": true, "AUD": true, "JPY": true,
	"PLN": true, "RON": true, "UAH": true, "ZAR": true, "MXN": true, "ARS": true, "CZK": true, "COP": true}

// --- Account ---------------------------------------------------------------------

// account is GET /api/v3/account.
type account struct {
	AccountType string        `json:"accountType"`
	CanTrade    bool          `json:"canTrade"`
	Balances    []wireBalance `json:"balances"`
	UID         json.Number   `json:"uid"`
}

type wireBalance struct {
	Asset  string `json:"asset"`
	Free   num    `json:"free"`
	Locked num    `json:"locked"`
}

// owner names the login for its fingerprint: the account's uid, or (on a
// variant whose account has no uid) the API key.
func (a account) owner(key string) string {
	if uid := a.UID.String(); uid != "" && uid != "0" {
		return "uid:" + uid
	}
	return "key:" + key
}

// totals returns free + locked per asset.
func (a account) totals() (map[string]decimal.Decimal, error) {
	out := map[string]decimal.Decimal{}
	for _, b := range a.Balances {
		if !validCode(b.Asset) || !b.Free.Valid || !b.Locked.Valid {
			return nil, errMalformed
		}
		out[b.Asset] = out[b.Asset].Add(b.Free.Decimal).Add(b.Locked.Decimal)
	}
	return out, nil
}

// cashIn reports whether an asset is cash when holdings are valued in
// quote: a fiat currency, or quote itself.
func cashIn(quote string) func(asset string) bool {
	return func(a string) bool { return fiat[a] || a == quote }
}

// holdings turns totals and prices (in quote) into one balance per cash
// currency (quote included, its total counting the coins' value) and a
// position per coin.
func holdings(bal map[string]decimal.Decimal, prices map[string]decimal.Decimal, quote string, asOf time.Time) ([]integrations.Balance, []integrations.Position) {
	cash, pos, held := cryptokit.Holdings(bal, cashIn(quote), prices, quote, asOf)
	for c, amt := range cash {
		if amt.IsZero() && c != quote {
			delete(cash, c) // a fiat currency the user never held
		}
	}
	return cryptokit.Balances(cash, quote, held, true), pos
}

// --- Markets ---------------------------------------------------------------------

// exchangeInfo is GET /api/v3/exchangeInfo, reduced to its symbols.
type exchangeInfo struct {
	Symbols []symbolInfo `json:"symbols"`
}

type symbolInfo struct {
	Symbol     string `json:"symbol"`
	Status     string `json:"status"`
	BaseAsset  string `json:"baseAsset"`
	QuoteAsset string `json:"quoteAsset"`
}

// tickerPrice is one GET /api/v3/ticker/price entry.
type tickerPrice struct {
	Symbol string `json:"symbol"`
	Price  num    `json:"price"`
}

// lastPrices maps ticker prices to asset → price, given symbol → base
// asset for the symbols asked for.
func lastPrices(ticks []tickerPrice, base map[string]string) (map[string]decimal.Decimal, error) {
	out := map[string]decimal.Decimal{}
	for _, t := range ticks {
		if b, ok := base[t.Symbol]; ok {
			if !t.Price.Valid || t.Price.IsNegative() {
				return nil, errMalformed
			}
			out[b] = t.Price.Decimal
		}
	}
	return out, nil
}

// commonQuotes are quote assets a user may have traded through without
// holding or moving them.
var commonQuotes = []string{"USDT", "USDC", "FDUSD", "BUSD", "BTC", "ETH", "BNB", "USD", "EUR"}

// tradeSymbols returns the markets whose trades a client reads: base among
// the assets the user holds or moved, quote among those or the common
// quotes. Binance's myTrades needs a symbol, and there are thousands.
func tradeSymbols(info exchangeInfo, assets map[string]bool) []symbolInfo {
	quotes := map[string]bool{}
	for a := range assets {
		quotes[a] = true
	}
	for _, q := range commonQuotes {
		quotes[q] = true
	}
	var out []symbolInfo
	for _, s := range info.Symbols {
		if assets[s.BaseAsset] && quotes[s.QuoteAsset] && s.Symbol != "" {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Symbol < out[j].Symbol })
	return out
}

// --- Activities ------------------------------------------------------------------

// trade is one GET /api/v3/myTrades entry.
type trade struct {
	Symbol          string `json:"symbol"`
	ID              int64  `json:"id"`
	OrderID         int64  `json:"orderId"`
	Price           num    `json:"price"`
	Qty             num    `json:"qty"`
	QuoteQty        num    `json:"quoteQty"`
	Commission      num    `json:"commission"`
	CommissionAsset string `json:"commissionAsset"`
	Time            int64  `json:"time"`
	IsBuyer         bool   `json:"isBuyer"`
	IsMaker         bool   `json:"isMaker"`
}

func tradeActivity(s symbolInfo, t trade) (integrations.Activity, error) {
	if !t.Price.Valid || !t.Qty.Valid || !t.QuoteQty.Valid || t.Time <= 0 || !validCode(s.BaseAsset) || !validCode(s.QuoteAsset) {
		return integrations.Activity{}, errMalformed
	}
	f := cryptokit.Fill{ID: "trade:" + s.Symbol + ":" + strconv.FormatInt(t.ID, 10), Date: integrations.DateOf(msTime(t.Time)),
		Type: integrations.ActivityBuy, RawType: "BUY", Base: s.BaseAsset, Quote: s.QuoteAsset,
		Units: t.Qty.Decimal, Price: t.Price.Decimal, Cost: t.QuoteQty.Decimal, Fee: t.Commission.Decimal, FeeCurrency: t.CommissionAsset}
	verb := "Bought"
	if !t.IsBuyer {
		f.Type, f.RawType, verb = integrations.ActivitySell, "SELL", "Sold"
	}
	f.Description = verb + " " + t.Qty.String() + " " + s.BaseAsset + " @ " + t.Price.String() + " " + s.QuoteAsset
	if t.CommissionAsset != "" && t.CommissionAsset != s.QuoteAsset && !t.Commission.IsZero() {
		f.Description += " (fee " + t.Commission.String() + " " + t.CommissionAsset + ")"
	}
	return f.Activity(), nil
}

// deposit is one GET /sapi/v1/capital/deposit/hisrec entry.
type deposit struct {
	ID         string `json:"id"`
	Amount     num    `json:"amount"`
	Coin       string `json:"coin"`
	Network    string `json:"network"`
	Status     int    `json:"status"`
	TxID       string `json:"txId"`
	InsertTime int64  `json:"insertTime"`
}

// Deposit statuses: 0 pending, 6 credited but cannot withdraw, 7 wrong
// deposit, 8 waiting user confirm, 1 success.
func (d deposit) credited() bool { return d.Status == 1 || d.Status == 6 }

func depositActivity(d deposit, quote string) (integrations.Activity, error) {
	if d.ID == "" || !validCode(d.Coin) || !d.Amount.Valid || d.InsertTime <= 0 {
		return integrations.Activity{}, errMalformed
	}
	a := integrations.Activity{ID: "deposit:" + d.ID, RawType: "deposit", TradeDate: integrations.DateOf(msTime(d.InsertTime)),
		Currency: d.Coin, Description: "Deposit of " + d.Amount.String() + " " + d.Coin}
	if d.Network != "" {
		a.Description += " via " + d.Network
	}
	if fiat[d.Coin] || d.Coin == quote {
		a.Type, a.Amount = integrations.ActivityContribution, d.Amount.Decimal
	} else {
		a.Type, a.Symbol, a.Units = integrations.ActivityTransferIn, d.Coin, d.Amount.Decimal
	}
	return a, nil
}

// withdrawal is one GET /sapi/v1/capital/withdraw/history entry.
type withdrawal struct {
	ID             string `json:"id"`
	Amount         num    `json:"amount"`
	TransactionFee num    `json:"transactionFee"`
	Coin           string `json:"coin"`
	Status         int    `json:"status"`
	Network        string `json:"network"`
	ApplyTime      string `json:"applyTime"` // "2019-10-12 11:12:02", UTC
	TxID           string `json:"txId"`
}

// Withdrawal statuses: 0 email sent, 2 awaiting approval, 3 rejected,
// 4 processing, 6 completed (1 cancelled, 5 failure).
func (w withdrawal) sent() bool { return w.Status == 6 }

func withdrawalTime(s string) (time.Time, error) {
	return time.ParseInLocation(time.DateTime, s, time.UTC)
}

func withdrawalActivity(w withdrawal, quote string) (integrations.Activity, error) {
	at, err := withdrawalTime(w.ApplyTime)
	if err != nil || w.ID == "" || !validCode(w.Coin) || !w.Amount.Valid {
		return integrations.Activity{}, errMalformed
	}
	a := integrations.Activity{ID: "withdraw:" + w.ID, RawType: "withdrawal", TradeDate: integrations.DateOf(at),
		Currency: w.Coin, Fee: w.TransactionFee.Decimal,
		Description: "Withdrawal of " + w.Amount.String() + " " + w.Coin}
	if w.Network != "" {
		a.Description += " via " + w.Network
	}
	out := w.Amount.Add(w.TransactionFee.Decimal).Neg()
	if fiat[w.Coin] || w.Coin == quote {
		a.Type, a.Amount = integrations.ActivityWithdrawal, out
	} else {
		a.Type, a.Symbol, a.Units = integrations.ActivityTransferOut, w.Coin, out
	}
	return a, nil
}
