package questrade

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var read = brokertest.Fixture // testdata/name

var eq = brokertest.EqualDecimal // got equals want's text

// The samples of Questrade's REST documentation (accounts, balances).
func TestDecodeAccountsSample(t *testing.T) {
	uid, accts, err := decodeAccounts(read(t, "accounts.json"), ID, false)
	if err != nil || uid != "3000124" || len(accts) != 1 {
		t.Fatal(err, uid, len(accts))
	}
	a := accts[0]
	if a.Full != "26598145" || a.Number != "••••8145" || a.ID != integrations.AccountHash(ID, "26598145") || a.Name != "Individual Margin" ||
		a.RawType != "Margin" || a.Category != integrations.CategoryInvestment || a.Status != "open" || a.Currency != "CAD" {
		t.Errorf("%+v", a)
	}
}

func TestDecodeBalancesSample(t *testing.T) {
	bal, err := decodeBalances(read(t, "balances.json"))
	if err != nil || len(bal) != 2 {
		t.Fatal(err, len(bal))
	}
	if bal[0].Currency != "CAD" || bal[1].Currency != "USD" {
		t.Errorf("%+v", bal)
	}
	brokertest.Match(t, "bal[0]", bal[0], integrations.Balance{Cash: brokertest.Dec("243971.7"),
		Total: brokertest.Dec("249988.7"), BuyingPower: brokertest.NullDec("496367.2")})
	eq(t, "USD cash", bal[1].Cash, "198259.05")
}

// The documentation's positions sample has typos (totalCost: false,
// isRealTime: "Individual"): they must not break the fields read.
func TestDecodePositionsSampleWithItsTypos(t *testing.T) {
	_, err := decodePositions(read(t, "positions.json"))
	if err == nil {
		t.Fatal("totalCost:false decoded as a number")
	}
	raw := []byte(`{"positions":[{"symbol":"THI.TO","symbolId":38738,"openQuantity":100,"closedQuantity":0,"currentMarketValue":6017,"currentPrice":60.17,"averageEntryPrice":60.23,"closedPnl":0,"openPnl":-6,"totalCost":6023,"isRealTime":false,"isUnderReorg":false}]}`)
	pos, err := decodePositions(raw)
	if err != nil || len(pos) != 1 {
		t.Fatal(err)
	}
	asOf := time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)
	p := position(pos[0], wireSymbol{}, asOf)
	brokertest.Match(t, "p", p, integrations.Position{Symbol: integrations.Symbol{Type: integrations.SecurityOther, Ticker: "THI.TO"},
		Currency: "CAD", Units: brokertest.Dec("100"), Price: brokertest.Dec("60.17"), MarketValue: brokertest.Dec("6017"),
		AverageCost: brokertest.NullDec("60.23"), CostBasis: brokertest.NullDec("6023")})
	p = position(pos[0], wireSymbol{SymbolID: 38738, SecurityType: "Stock", Currency: "CAD", Description: "TIM HORTONS INC", ListingExchange: "TSX"}, asOf)
	if p.Symbol.Type != integrations.SecurityEquity || p.Symbol.Exchange != "TSX" || p.Symbol.Description == "" {
		t.Errorf("%+v", p.Symbol)
	}
}

func TestDecodeActivitiesSample(t *testing.T) {
	rows, err := decodeActivities(read(t, "activities.json"))
	if err != nil || len(rows) != 2 {
		t.Fatal(err, len(rows))
	}
	acts, err := mapActivities("acct", rows)
	if err != nil {
		t.Fatal(err)
	}
	i, b := acts[0], acts[1]
	brokertest.Match(t, "interest", i, integrations.Activity{Type: integrations.ActivityInterest, RawType: "Interest",
		TradeDate: "2011-02-16", Currency: "USD", Amount: brokertest.Dec("-320.08")})
	brokertest.Match(t, "buy", b, integrations.Activity{Type: integrations.ActivityBuy, RawType: "Trades/Buy",
		Symbol: "AAPL", TradeDate: "2026-02-20", SettlementDate: "2026-02-22", Amount: brokertest.Dec("-15029.95"),
		Fee: brokertest.Dec("4.95"), Units: brokertest.Dec("100"), Price: brokertest.Dec("150.25")})
}

func TestActivityTypes(t *testing.T) {
	cases := []struct {
		typ, action, desc, amount, qty string
		want                           integrations.ActivityType
	}{
		{"Trades", "Buy", "", "-10", "1", integrations.ActivityBuy},
		{"Trades", "Sell", "", "10", "-1", integrations.ActivitySell},
		{"Trades", "", "", "10", "-1", integrations.ActivitySell},
		{"Dividends", "DIV", "", "5", "0", integrations.ActivityDividend},
		{"Dividends", "NRT", "", "-1", "0", integrations.ActivityTax},
		{"Dividends", "REI", "", "0", "2", integrations.ActivityReinvest},
		{"Deposits", "CON", "", "100", "0", integrations.ActivityContribution},
		{"Withdrawals", "WDR", "", "-100", "0", integrations.ActivityWithdrawal},
		{"Interest", "", "", "1", "0", integrations.ActivityInterest},
		{"Fees and rebates", "FCH", "", "-1", "0", integrations.ActivityFee},
		{"Transfers", "TF6", "", "5", "0", integrations.ActivityTransferIn},
		{"Transfers", "TFO", "", "0", "-5", integrations.ActivityTransferOut},
		{"Corporate actions", "CIL", "2 FOR 1 STOCK SPLIT", "0", "10", integrations.ActivitySplit},
		{"Corporate actions", "NAC", "NAME CHANGE", "0", "0", integrations.ActivityOther},
		{"FX conversion", "FXT", "", "10", "0", integrations.ActivityOther},
		{"Something new", "", "", "1", "0", integrations.ActivityOther},
	}
	for _, c := range cases {
		a := wireActivity{Type: c.typ, Action: c.action, Description: c.desc,
			NetAmount: num{Decimal: decimal.RequireFromString(c.amount), Valid: true}, Quantity: num{Decimal: decimal.RequireFromString(c.qty), Valid: true}}
		if got := activityType(a); got != c.want {
			t.Errorf("%s/%s: %s, want %s", c.typ, c.action, got, c.want)
		}
	}
}

func TestAPIServerChecked(t *testing.T) {
	cases := []struct {
		auth, server, want string
	}{
		{LiveAuth, "https://api01.iq.questrade.com/", "https://api01.iq.questrade.com/"},
		{LiveAuth, "https://api05.iq.questrade.com", "https://api05.iq.questrade.com/"},
		{LiveAuth, "http://api01.iq.questrade.com/", ""},
		{LiveAuth, "https://evil.example.com/", ""},
		{LiveAuth, "https://questrade.com.evil.example/", ""},
		{"http://127.0.0.1:9", "http://127.0.0.1:9/practice/", "http://127.0.0.1:9/practice/"},
		{LiveAuth, "not a url", ""},
	}
	for _, c := range cases {
		got, ok := apiServer(c.auth, c.server)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("apiServer(%s, %s) = %q %v, want %q", c.auth, c.server, got, ok, c.want)
		}
	}
}

// Questrade's 429 may name its window's end in X-RateLimit-Reset (Unix
// seconds); its limits are per second.
func TestRateWait(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	st := status(modeData, func() time.Time { return now })
	brokertest.WantRateWaits(t, st, time.Second,
		brokertest.RateHeader{Name: "X-RateLimit-Reset", Value: "1700000003", Want: 4 * time.Second})
}

// Questrade refuses an access token with 401 or its code 1017 under any
// status; the login server refuses a token with 400, 401 or 403; another
// coded refusal names its code and never its message.
func TestStatusMapping(t *testing.T) {
	now := func() time.Time { return time.Unix(1_700_000_000, 0) }
	mapped := func(code int, b []byte, login bool) error {
		m := modeData
		if login {
			m = modeLogin
		}
		return status(m, now)(&http.Response{StatusCode: code, Header: http.Header{}}, b)
	}
	brokertest.WantStatuses(t, mapped, "secret-text",
		brokertest.StatusCase{Status: 401, Want: integrations.ErrReauthRequired},
		brokertest.StatusCase{Status: 400, Body: []byte(`{"code":1017,"message":"Access token is invalid secret-text"}`), Want: integrations.ErrReauthRequired},
		brokertest.StatusCase{Status: 400, Login: true, Body: []byte(`{"code":1002}`), Want: integrations.ErrInvalidCredentials},
		brokertest.StatusCase{Status: 403, Login: true, Want: integrations.ErrInvalidCredentials},
		brokertest.StatusCase{Status: 503, Want: integrations.ErrUnavailable},
	)
	err := mapped(400, []byte(`{"code":1003,"message":"Argument length exceeds imposed limit secret-text"}`), false)
	if err == nil || !strings.Contains(err.Error(), "code 1003") || strings.Contains(err.Error(), "secret-text") ||
		errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("coded refusal: %v", err)
	}
	if err := status(modeRefresh, now)(&http.Response{StatusCode: 400, Header: http.Header{}}, nil); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("refused refresh: %v", err)
	}
}
