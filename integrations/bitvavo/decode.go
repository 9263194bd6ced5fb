package bitvavo

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// num is a decimal read by its text (integrations.Number).
type num = integrations.Number

var errMalformed = integrations.Malformed("Bitvavo")

// decode reads a body into v; a body that is not the expected JSON is
// errMalformed.
func decode(b []byte, v any) error { return httpx.UnmarshalOr(b, v, errMalformed) }

func msTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// validCode: a currency code as the exchanges write them.
var validCode = cryptokit.ValidCode

// quote is the currency Bitvavo's markets are priced in.
const quote = "EUR"

// balance is one GET /v2/balance entry.
type balance struct {
	Symbol    string `json:"symbol"`
	Available num    `json:"available"`
	InOrder   num    `json:"inOrder"`
}

// decodeBalances reads GET /v2/balance into available + in order per
// currency.
func decodeBalances(b []byte) (map[string]decimal.Decimal, error) {
	rows, err := httpx.Rows(b, errMalformed, func(r balance) bool { return validCode(r.Symbol) && r.Available.Valid })
	if err != nil {
		return nil, err
	}
	out := map[string]decimal.Decimal{}
	for _, r := range rows {
		out[r.Symbol] = out[r.Symbol].Add(r.Available.Decimal).Add(r.InOrder.Decimal)
	}
	return out, nil
}

// tickerPrice is one GET /v2/ticker/price entry.
type tickerPrice struct {
	Market string `json:"market"`
	Price  num    `json:"price"`
}

// decodeTicker reads GET /v2/ticker/price: every market with its last
// price (a market without one is kept, unpriced).
var decodeTicker = cryptokit.Decoder[[]tickerPrice](decode)

// eurPrices are the ticker's prices of base currencies in EUR.
func eurPrices(ticks []tickerPrice) map[string]decimal.Decimal {
	px := map[string]decimal.Decimal{}
	for _, t := range ticks {
		if base, q, ok := splitMarket(t.Market); ok && q == quote && t.Price.Valid && !t.Price.IsNegative() {
			px[base] = t.Price.Decimal
		}
	}
	return px
}

// depositAddress is GET /v2/deposit?symbol=EUR: the bank details, whose
// description is the user's own transfer reference.
type depositAddress struct {
	IBAN        string `json:"iban"`
	BIC         string `json:"bic"`
	Description string `json:"description"`
}

var decodeDeposit = cryptokit.Decoder[depositAddress](decode)

// holdings: EUR cash (its total counting the coins' value) and a position
// per coin priced in EUR; a coin without a EUR market is PriceUnknown.
func holdings(bal map[string]decimal.Decimal, prices map[string]decimal.Decimal, asOf time.Time) ([]integrations.Balance, []integrations.Position) {
	_, pos, held := cryptokit.Holdings(bal, func(c string) bool { return c == quote }, prices, quote, asOf)
	return cryptokit.Balances(map[string]decimal.Decimal{quote: bal[quote]}, quote, held, true), pos
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

var decodeTrades = cryptokit.Decoder[[]trade](decode)

func tradeActivity(t trade) (integrations.Activity, error) {
	base, q, ok := splitMarket(t.Market)
	if !ok || t.ID == "" || !t.Amount.Valid || !t.Price.Valid || t.Timestamp <= 0 {
		return integrations.Activity{}, errMalformed
	}
	return cryptokit.Fill{ID: "trade:" + t.ID, Date: integrations.DateOf(msTime(t.Timestamp)), Type: sides[t.Side], RawType: t.Side,
		Base: base, Quote: q, Units: t.Amount.Decimal, Price: t.Price.Decimal, Cost: t.Amount.Mul(t.Price.Decimal),
		Fee: t.Fee.Decimal, FeeCurrency: t.FeeCurrency,
		Description: t.Side + " " + t.Amount.String() + " " + base + " @ " + t.Price.String() + " " + q,
	}.Activity(), nil
}

// sides maps a trade's side (another is ActivityOther, see cryptokit.Fill).
var sides = map[string]integrations.ActivityType{"buy": integrations.ActivityBuy, "sell": integrations.ActivitySell}

// transfer is one GET /v2/depositHistory or /v2/withdrawalHistory entry.
type transfer struct {
	Timestamp int64  `json:"timestamp"`
	Symbol    string `json:"symbol"`
	Amount    num    `json:"amount"`
	Fee       num    `json:"fee"`
	Status    string `json:"status"`
	Address   string `json:"address"`
	PaymentID string `json:"paymentId"`
	TxID      string `json:"txId"`
}

var decodeTransfers = cryptokit.Decoder[[]transfer](decode)

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

// apiError is Bitvavo's error body: {"errorCode":N,"error":"..."}.
type apiError struct {
	ErrorCode int    `json:"errorCode"`
	Error     string `json:"error"`
}

// banUntil reads the end of a ban from a 105 message, as the official SDKs
// do ("... The ban expires at 1548672000000."; python-bitvavo-api and
// node-bitvavo-api updateRateLimit).
var banUntil = regexp.MustCompile(` at (\d{10,16})\.`)

// untilHeader returns the wait until the millisecond timestamp in header
// name (Bitvavo-Ratelimit-ResetAt, Bitvavo-Ratelimit-AllowAt).
func untilHeader(h http.Header, name string, now time.Time) time.Duration {
	ms, err := strconv.ParseInt(h.Get(name), 10, 64)
	if err != nil {
		return 0
	}
	return max(time.UnixMilli(ms).Sub(now).Round(time.Second), 0)
}

// mapError maps a refusal by its errorCode (docs.bitvavo.com errors): 103
// (rate limited) and 105 (banned for ignoring 103) are rate limits waiting
// until Bitvavo-Ratelimit-ResetAt, or the ban's end (its message, else
// Bitvavo-Ratelimit-AllowAt); 301, 305–309 (a malformed, unknown,
// unconfirmed or IP-restricted key, a bad signature) and 311 (no View
// permission) refuse the key — ErrInvalidCredentials while logging in,
// ErrReauthRequired after; 302/304 (timestamp) are unavailable (check the
// clock); 101, 107–109 and 5xx unavailable. The body never shows in the
// error.
func mapError(status int, h http.Header, b []byte, login bool, now time.Time) error {
	var e apiError
	_ = json.Unmarshal(b, &e)
	wait := func(d, def time.Duration) time.Duration {
		switch {
		case d > 0:
			return d
		case httpx.RetryAfter(h, now) > 0:
			return httpx.RetryAfter(h, now)
		}
		return def
	}
	switch c := e.ErrorCode; {
	case c == 103 || (status == http.StatusTooManyRequests && c == 0):
		return &integrations.RateLimitError{RetryAfter: wait(untilHeader(h, "Bitvavo-Ratelimit-ResetAt", now), time.Minute)}
	case c == 105:
		d := untilHeader(h, "Bitvavo-Ratelimit-AllowAt", now)
		if m := banUntil.FindStringSubmatch(e.Error); m != nil {
			if ms, err := strconv.ParseInt(m[1], 10, 64); err == nil {
				d = max(time.UnixMilli(ms).Sub(now).Round(time.Second), d)
			}
		}
		return &integrations.RateLimitError{RetryAfter: wait(d, 15*time.Minute)}
	case c == 301 || c == 305 || c == 306 || c == 307 || c == 308 || c == 309:
		return cryptokit.Refused(login, "Bitvavo refused this API key or secret (unknown, unconfirmed, restricted to other IP addresses, or a wrong secret)")
	case c == 311:
		return cryptokit.Refused(login, "the API key lacks the View permission")
	case c == 302 || c == 304:
		return integrations.Wrap(integrations.ErrUnavailable, "Bitvavo refused the request time: check this computer's clock")
	case c == 300 || status == http.StatusUnauthorized:
		return cryptokit.Refused(login, "Bitvavo refused this API key")
	case status >= 500 || c == 101 || c == 107 || c == 108 || c == 109:
		return integrations.Wrap(integrations.ErrUnavailable, "Bitvavo is unavailable or overloaded (HTTP "+strconv.Itoa(status)+")")
	default:
		msg := "Bitvavo refused the request: HTTP " + strconv.Itoa(status)
		if c != 0 {
			msg += ", error " + strconv.Itoa(c)
		}
		return integrations.Wrap(integrations.ErrUnavailable, msg)
	}
}
