package gemini

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
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

var errMalformed = integrations.Malformed("Gemini")

// Sign returns the X-GEMINI-PAYLOAD and X-GEMINI-SIGNATURE headers of a
// private call (docs.gemini.com/authentication/api-key): the payload is
// base64 of its JSON, the signature hex HMAC-SHA384 of that base64 text with
// the API secret.
func Sign(apiSecret string, payload []byte) (b64, sig string) {
	b64 = base64.StdEncoding.EncodeToString(payload)
	m := hmac.New(sha512.New384, []byte(apiSecret))
	m.Write([]byte(b64))
	return b64, hex.EncodeToString(m.Sum(nil))
}

// decode reads a 2xx answer into v. Gemini always sends errors with an
// error status, but a {"result":"error"} body is refused as one anyway.
func decode(b []byte, v any) error {
	var e apiError
	if json.Unmarshal(b, &e) == nil && e.Result == "error" {
		return integrations.Wrap(integrations.ErrUnavailable, "Gemini refused the request")
	}
	return httpx.UnmarshalOr(b, v, errMalformed)
}

// apiError is Gemini's error body (docs.gemini.com/rest ~schemas
// ErrorResponse): {"result":"error","reason":...,"message":...}.
type apiError struct {
	Result  string `json:"result"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

// rateWait is the wait of a 429 without Retry-After.
const rateWait = 10 * time.Second

// mapError maps a refusal by its reason: InvalidSignature, InvalidApiKey
// and MissingApikeyHeader refuse the key, MissingRole, InvalidAccount and
// MissingAccounts its role or scope — invalid credentials at login,
// reauthorisation afterwards; AccountClosed/Frozen/Locked are a locked
// account; InvalidNonce is unavailable (another app on the key, or the
// clock); 429 and RateLimit(ed) a rate limit; Maintenance, System and 5xx
// unavailable. The body never shows in the error.
// A 429 without Retry-After waits wait.
func mapError(status int, h http.Header, b []byte, login bool, now time.Time, wait time.Duration) error {
	var e apiError
	_ = json.Unmarshal(b, &e)
	switch {
	case status == http.StatusTooManyRequests || e.Reason == "RateLimit" || e.Reason == "RateLimited":
		return httpx.RateLimited(h, now, wait)
	case e.Reason == "InvalidSignature" || e.Reason == "InvalidApiKey" || e.Reason == "MissingApikeyHeader":
		return cryptokit.Refused(login, "Gemini refused this API key or secret")
	case e.Reason == "MissingRole" || e.Reason == "InvalidAccount" || e.Reason == "MissingAccounts":
		return cryptokit.Refused(login, "the API key lacks the role or account scope Latchkey needs: an Auditor key of the Primary account")
	case e.Reason == "AccountClosed" || e.Reason == "AccountFrozen" || e.Reason == "AccountLocked":
		return integrations.Wrap(integrations.ErrAccountLocked, "Gemini has frozen or closed this account")
	case e.Reason == "InvalidNonce":
		return integrations.Wrap(integrations.ErrUnavailable, "Gemini refused the request's nonce: is another app using this key, or this computer's clock wrong?")
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return cryptokit.Refused(login, "Gemini refused this API key")
	case e.Reason == "Maintenance" || e.Reason == "System" || status >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, "Gemini is unavailable or in maintenance (HTTP "+strconv.Itoa(status)+")")
	default:
		return integrations.Wrap(integrations.ErrUnavailable, "Gemini refused the request: HTTP "+strconv.Itoa(status))
	}
}

// num is a decimal read by its text (integrations.Number).
type num = integrations.Number

func msTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// validCode: a currency code as the exchanges write them.
var validCode = cryptokit.ValidCode

// fiat are the cash currencies Gemini holds.
var fiat = map[string]bool{"USD": true, "EUR": true, "GBP": true, "SGD": true, "CAD": true, "AUD": true, "HKD": true, "CHF": true}

// valuation is the currency notional balances are asked in.
const valuation = "USD"

// --- Account ---------------------------------------------------------------------

// accountInfo is POST /v1/account (Get Account Detail).
type accountInfo struct {
	Account struct {
		AccountName string      `json:"accountName"`
		ShortName   string      `json:"shortName"`
		Type        string      `json:"type"`
		Created     json.Number `json:"created"`
	} `json:"account"`
	MemoReferenceCode string `json:"memo_reference_code"`
}

var decodeAccount = cryptokit.Decoder[accountInfo](decode)

// owner names the account for the fingerprint: its wire-deposit memo
// reference code (one per account), else its creation time and short name.
func (a accountInfo) owner(key string) string {
	if a.MemoReferenceCode != "" {
		return "memo:" + a.MemoReferenceCode
	}
	if c := a.Account.Created.String(); c != "" {
		return "account:" + c + ":" + a.Account.ShortName
	}
	return "key:" + key
}

// --- Balances --------------------------------------------------------------------

// decodeNotional reads POST /v1/notionalbalances/usd (also the shape of
// /v1/balances, without the notional fields). Amounts are strings in the
// older examples and numbers in the current reference: both read.
var decodeNotional = cryptokit.Decoder[[]notional](decode)

// notional is one POST /v1/notionalbalances/usd entry.
type notional struct {
	Currency       string `json:"currency"`
	Amount         num    `json:"amount"`
	AmountNotional num    `json:"amountNotional"`
	Available      num    `json:"available"`
}

// holdings splits notional balances into cash balances and positions
// valued in USD.
func holdings(rows []notional, asOf time.Time) ([]integrations.Balance, []integrations.Position, error) {
	cash := map[string]decimal.Decimal{}
	avail := map[string]decimal.Decimal{}
	var pos []integrations.Position
	held := decimal.Zero
	for _, r := range rows {
		c := strings.ToUpper(r.Currency)
		if !validCode(c) || !r.Amount.Valid {
			return nil, nil, errMalformed
		}
		if fiat[c] {
			cash[c] = cash[c].Add(r.Amount.Decimal)
			avail[c] = avail[c].Add(r.Available.Decimal)
			continue
		}
		if r.Amount.IsZero() {
			continue
		}
		p := integrations.Position{
			Symbol: integrations.Symbol{Ticker: c, Description: c, Type: integrations.SecurityCrypto, Currency: valuation},
			Units:  r.Amount.Decimal, Currency: valuation, AsOf: asOf,
		}
		if r.AmountNotional.Valid {
			p.MarketValue = r.AmountNotional.Decimal
			p.Price = r.AmountNotional.Div(r.Amount.Decimal).Round(8)
			held = held.Add(p.MarketValue)
		} else {
			p.PriceUnknown = true
		}
		pos = append(pos, p)
	}
	bals := cryptokit.Balances(cash, valuation, held, true)
	for i := range bals { // the buying power is what is available, not all the cash
		bals[i].BuyingPower = decimal.NewNullDecimal(avail[bals[i].Currency])
	}
	sort.Slice(pos, func(i, j int) bool { return pos[i].Symbol.Ticker < pos[j].Symbol.Ticker })
	return bals, pos, nil
}

// --- Markets -----------------------------------------------------------------------

// quotes are the quote currencies of Gemini's symbols, longest first so
// "btcgusd" splits as btc/gusd.
var quotes = []string{"gusd", "usdt", "usdc", "rlusd", "usd", "btc", "eth", "eur", "gbp", "sgd", "dai", "fil"}

// splitSymbol splits a symbol such as "btcusd" into BTC and USD.
func splitSymbol(sym string) (base, quote string, ok bool) {
	s := strings.ToLower(sym)
	for _, q := range quotes {
		if strings.HasSuffix(s, q) && len(s) > len(q) {
			base, quote = strings.ToUpper(s[:len(s)-len(q)]), strings.ToUpper(q)
			return base, quote, validCode(base)
		}
	}
	return "", "", false
}

// decodeSymbols reads GET /v1/symbols.
var decodeSymbols = cryptokit.Decoder[[]string](decode)

// tradeSymbols returns the symbols whose trades a client reads: base among
// the currencies held or moved.
func tradeSymbols(symbols []string, moved map[string]bool) []string {
	var out []string
	for _, s := range symbols {
		if base, _, ok := splitSymbol(s); ok && moved[base] {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// --- Activities ---------------------------------------------------------------------

// trade is one POST /v1/mytrades entry.
type trade struct {
	Price       num    `json:"price"`
	Amount      num    `json:"amount"`
	Timestamp   int64  `json:"timestamp"`
	TimestampMS int64  `json:"timestampms"`
	Type        string `json:"type"` // Buy or Sell
	FeeCurrency string `json:"fee_currency"`
	FeeAmount   num    `json:"fee_amount"`
	TID         int64  `json:"tid"`
	OrderID     string `json:"order_id"`
	Symbol      string `json:"symbol"`
}

var decodeTrades = cryptokit.Decoder[[]trade](decode)

func tradeActivity(sym string, t trade) (integrations.Activity, error) {
	base, quote, ok := splitSymbol(sym)
	if !ok || !t.Price.Valid || !t.Amount.Valid || t.TimestampMS <= 0 || t.TID == 0 {
		return integrations.Activity{}, errMalformed
	}
	return cryptokit.Fill{ID: "trade:" + strconv.FormatInt(t.TID, 10), Date: integrations.DateOf(msTime(t.TimestampMS)),
		Type: sides[t.Type], RawType: t.Type, Base: base, Quote: quote,
		Units: t.Amount.Decimal, Price: t.Price.Decimal, Cost: t.Price.Mul(t.Amount.Decimal),
		Fee: t.FeeAmount.Decimal, FeeCurrency: strings.ToUpper(t.FeeCurrency),
		Description: t.Type + " " + t.Amount.String() + " " + base + " @ " + t.Price.String() + " " + quote,
	}.Activity(), nil
}

// sides maps a trade's type (another is ActivityOther, see cryptokit.Fill).
var sides = map[string]integrations.ActivityType{"Buy": integrations.ActivityBuy, "Sell": integrations.ActivitySell}

// transfer is one POST /v1/transfers entry.
type transfer struct {
	Type        string `json:"type"`   // Deposit, Withdrawal, Reward, AdminCredit, AdminDebit...
	Status      string `json:"status"` // Advanced, Complete, Pending...
	TimestampMS int64  `json:"timestampms"`
	EID         int64  `json:"eid"`
	Currency    string `json:"currency"`
	Amount      num    `json:"amount"`
	Fee         num    `json:"feeAmount"`
	Method      string `json:"method"`
	TxHash      string `json:"txHash"`
	Purpose     string `json:"purpose"`
}

var decodeTransfers = cryptokit.Decoder[[]transfer](decode)

// settled reports whether the transfer moved funds.
func (t transfer) settled() bool { return t.Status == "Complete" || t.Status == "Advanced" }

func transferActivity(t transfer) (integrations.Activity, error) {
	c := strings.ToUpper(t.Currency)
	if t.EID == 0 || !validCode(c) || !t.Amount.Valid || t.TimestampMS <= 0 || t.Type == "" {
		return integrations.Activity{}, errMalformed
	}
	cash := fiat[c]
	amt := t.Amount.Abs()
	a := integrations.Activity{ID: "transfer:" + strconv.FormatInt(t.EID, 10), RawType: t.Type,
		TradeDate: integrations.DateOf(msTime(t.TimestampMS)), Currency: c, Fee: t.Fee.Decimal,
		Description: strings.TrimSpace(t.Type + " " + amt.String() + " " + c + " " + t.Method)}
	var typ integrations.ActivityType
	out := false
	switch t.Type {
	case "Deposit":
		typ = integrations.ActivityTransferIn
		if cash {
			typ = integrations.ActivityContribution
		}
	case "Withdrawal":
		typ, out = integrations.ActivityTransferOut, true
		if cash {
			typ = integrations.ActivityWithdrawal
		}
	case "Reward":
		typ = integrations.ActivityInterest
	case "AdminDebit":
		typ, out = integrations.ActivityOther, true
	default:
		typ = integrations.ActivityOther
	}
	if out {
		amt = amt.Neg()
	}
	a.Type = typ
	if cash {
		a.Amount = amt
	} else {
		a.Symbol, a.Units = c, amt
	}
	return a, nil
}
