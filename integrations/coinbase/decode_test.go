package coinbase

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/coinbase/appapi"
)

var fixture = brokertest.Fixture // testdata/name

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var eq = brokertest.EqualDecimal // got equals want's text

// The documented list shape: pagination with next_uri ("?&limit=..."), the
// currency object, a wallet Coinbase lists but the user never used.
func TestFixtureAccounts(t *testing.T) {
	ws, next, err := appapi.DecodeAccounts(fixture(t, "accounts.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 3 {
		t.Fatalf("%d wallets, want 3", len(ws))
	}
	if next != "/v2/accounts?&limit=25&starting_after=5d5aed5f-b7c0-5585-a3dd-a7ed9ef0e414" {
		t.Errorf("next = %q", next)
	}
	p, err := nextPath(next, "/v2/accounts")
	if err != nil || p != "/v2/accounts?limit=25&starting_after=5d5aed5f-b7c0-5585-a3dd-a7ed9ef0e414" {
		t.Errorf("nextPath = %q, %v", p, err)
	}
	if ws[0].CreatedAt != nil || ws[0].Currency.Code != "XLM" || !ws[0].Balance.Amount.Decimal.IsZero() {
		t.Errorf("XLM wallet: %+v", ws[0])
	}
	if !ws[1].Primary || ws[1].Currency.Code != "BTC" || ws[1].Fiat() || !ws[2].Fiat() {
		t.Errorf("BTC/USD wallets: %+v %+v", ws[1], ws[2])
	}
	asOf := time.Date(2025, 6, 16, 0, 0, 0, 0, time.UTC)
	bals, pos := holdings(ws, "USD", map[string]decimal.Decimal{"BTC": d("64000.50")}, asOf)
	if len(bals) != 1 || bals[0].Currency != "USD" {
		t.Fatalf("balances %+v", bals)
	}
	eq(t, "USD cash", bals[0].Cash, "1250.55")
	eq(t, "USD total", bals[0].Total, "9151.85") // 1250.55 + 0.12345678 × 64000.50 (7901.29564839 → 7901.30)
	if len(pos) != 1 || pos[0].Symbol.Ticker != "BTC" || pos[0].Symbol.Type != integrations.SecurityCrypto || pos[0].Currency != "USD" {
		t.Fatalf("positions %+v", pos)
	}
	brokertest.Match(t, "pos[0]", pos[0], integrations.Position{Units: d("0.12345678"), Price: d("64000.5"),
		MarketValue: d("7901.3")})
}

// Recorded transactions: the base leg of an Advanced Trade fill, a reward,
// a send, and a pending buy (not an activity).
func TestFixtureTransactions(t *testing.T) {
	txs, next, err := appapi.DecodeTransactions(fixture(t, "transactions.json"))
	if err != nil || next != "" || len(txs) != 4 {
		t.Fatalf("decode: %d, %q, %v", len(txs), next, err)
	}
	btc := appapi.Account{ID: "w-btc", Type: "wallet", Currency: appapi.Currency{Code: "BTC", Type: "crypto"}}
	var got []integrations.Activity
	for _, tx := range txs {
		if a, ok := activity(btc, tx); ok {
			got = append(got, a)
		}
	}
	if len(got) != 3 {
		t.Fatalf("%d activities, want 3 (the pending buy is left out): %+v", len(got), got)
	}
	fill := got[0]
	brokertest.Match(t, "fill", fill, integrations.Activity{Type: integrations.ActivitySell, RawType: "advanced_trade_fill",
		Symbol: "BTC", Currency: "USDC", TradeDate: "2023-01-12", ID: "39008944-d74b-4735-9781-41794924e6be",
		Units: d("-0.1"), Price: d("122698"), Fee: d("49.0792")})
	eq(t, "fill amount", fill.Amount, "12220.7208") // 0.1 × 122698 − 49.0792
	rew := got[1]
	brokertest.Match(t, "reward", rew, integrations.Activity{Type: integrations.ActivityInterest, Currency: "BTC",
		Description: "Blockchain Rewards", Units: d("0.0001"), Price: d("35000"), Amount: d("0")})
	send := got[2]
	brokertest.Match(t, "send", send, integrations.Activity{Type: integrations.ActivityTransferOut,
		Description: "Sent Bitcoin To Bitcoin address", Units: d("-0.001"), Price: d("10")})
}

// The quote leg of a fill is the cash side of the trade its base leg
// carries: no activity of its own.
func TestFixtureQuoteLeg(t *testing.T) {
	txs, _, err := appapi.DecodeTransactions(fixture(t, "transactions_quote_leg.json"))
	if err != nil {
		t.Fatal(err)
	}
	usdc := appapi.Account{ID: "w-usdc", Type: "wallet", Currency: appapi.Currency{Code: "USDC", Type: "crypto"}}
	if _, ok := activity(usdc, txs[0]); ok {
		t.Errorf("the USDC leg of a BTC-USDC fill became an activity")
	}
	a, ok := activity(usdc, txs[1])
	if !ok || a.Type != integrations.ActivityContribution || a.Symbol != "USDC" {
		t.Errorf("deposit: %+v %v", a, ok)
	}
	eq(t, "deposit units", a.Units, "1000")
	// In a fiat wallet the same row is cash.
	usd := appapi.Account{ID: "w-usd", Type: "fiat", Currency: appapi.Currency{Code: "USD", Type: "fiat"}}
	a, _ = activity(usd, txs[1])
	eq(t, "fiat deposit amount", a.Amount, "1000")
	if a.Symbol != "" || !a.Units.IsZero() {
		t.Errorf("fiat deposit: %+v", a)
	}
}

func TestFixtureUserAndSpot(t *testing.T) {
	u, err := decodeUser(fixture(t, "user.json"))
	if err != nil || u.ID != "9da7a204-544e-5fd1-9a12-61176c5d4cd8" || u.NativeCurrency != "USD" {
		t.Fatalf("user %+v, %v", u, err)
	}
	a := accountOf(u)
	if a.ID != u.ID || a.Number != "••••4cd8" || a.Category != integrations.CategoryCrypto || a.Currency != "USD" {
		t.Errorf("account %+v", a)
	}
	p, err := decodePrice(fixture(t, "spot.json"))
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "spot", p, "1010.25")
}

func TestRateLimitBody(t *testing.T) {
	resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{}}
	err := mapStatus(resp, fixture(t, "rate_limited.json"), time.Now())
	brokertest.WantWait(t, "429 without Retry-After", err, defaultRetryAfter)
	resp.Header.Set("Retry-After", "7")
	if d, _ := integrations.RetryAfter(mapStatus(resp, nil, time.Now())); d != 7*time.Second {
		t.Errorf("Retry-After 7: %s", d)
	}
}

func TestErrorMapping(t *testing.T) {
	cases := []struct {
		status int
		body   string
		want   error
		exp    bool
	}{
		{401, `{"errors":[{"id":"expired_token","message":"The access token expired"}]}`, integrations.ErrReauthRequired, true},
		{401, `{"errors":[{"id":"revoked_token","message":"The access token was revoked"}]}`, integrations.ErrReauthRequired, false},
		{401, `{"error":"invalid_token","error_description":"x"}`, integrations.ErrReauthRequired, false},
		{403, `{"errors":[{"id":"invalid_scope","message":"x"}]}`, integrations.ErrReauthRequired, false},
		{503, `<html>down</html>`, integrations.ErrUnavailable, false},
		{500, `{"errors":[{"id":"internal_server_error","message":"x"}]}`, integrations.ErrUnavailable, false},
		{404, `{"errors":[{"id":"not_found","message":"x"}]}`, errNotFound, false},
	}
	for _, c := range cases {
		err := mapStatus(&http.Response{StatusCode: c.status, Header: http.Header{}}, []byte(c.body), time.Now())
		if !errors.Is(err, c.want) || isExpired(err) != c.exp {
			t.Errorf("%d %s: %v (expired %v)", c.status, c.body, err, isExpired(err))
		}
	}
}

// Old API versions give the currency as a bare code.
func TestCurrencyAsString(t *testing.T) {
	ws, _, err := appapi.DecodeAccounts([]byte(`{"pagination":{"next_uri":null},"data":[{"id":"a","name":"BTC Wallet","type":"wallet","currency":"BTC","balance":{"amount":"1.5","currency":"BTC"}}]}`))
	if err != nil || ws[0].Currency.Code != "BTC" {
		t.Fatalf("%+v %v", ws, err)
	}
}

func TestNum(t *testing.T) {
	for in, want := range map[string]string{`"0.01"`: "0.01", `0.30000000000000004`: "0.30000000000000004", `"1e-8"`: "0.00000001", `-12`: "-12"} {
		var n num
		if err := n.UnmarshalJSON([]byte(in)); err != nil || !n.Valid || n.Decimal.String() != want {
			t.Errorf("%s → %s %v %v", in, n.Decimal, n.Valid, err)
		}
	}
	for _, in := range []string{`null`, `""`, `"NaN"`} {
		var n num
		if err := n.UnmarshalJSON([]byte(in)); err != nil || n.Valid {
			t.Errorf("%s should be unset: %v", in, err)
		}
	}
	for _, in := range []string{`"abc"`, `true`, `{}`} {
		var n num
		if err := n.UnmarshalJSON([]byte(in)); err == nil {
			t.Errorf("%s accepted", in)
		}
	}
}

// next_uri is followed only as a path under the list: an absolute URI would
// send the bearer token to another host.
func TestNextPathRefusesOtherHosts(t *testing.T) {
	for _, bad := range []string{
		"https://evil.example/v2/accounts?limit=25", "//evil.example/v2/accounts", "/v2/user",
		"/v2/accounts/../user", "http://api.coinbase.com/v2/accounts",
	} {
		if p, err := nextPath(bad, "/v2/accounts"); err == nil || !errors.Is(err, integrations.ErrUnavailable) {
			t.Errorf("nextPath(%q) = %q, %v", bad, p, err)
		}
	}
}

func TestSecretRoundTrip(t *testing.T) {
	s := secret{Access: "a1", Refresh: "r1", UserID: "u", RefreshExpiry: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	got, err := decodeSecret(s.encode())
	if err != nil || got != s {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := decodeSecret([]byte("{}")); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("empty secret: %v", err)
	}
}

// TestDocumentedSend decodes the documentation's Show Transaction example
// (docs-stage.cloud.coinbase.com sign-in-with-coinbase expanding-resources,
// "Regular Response"; testdata/transaction_send_doc.json, its status set to
// completed): the send's counterparty and network sit under their own keys,
// none named after the type, and the description is the details' title
// and subtitle, as the docs recommend.
func TestDocumentedSend(t *testing.T) {
	var w struct {
		Data appapi.Transaction `json:"data"`
	}
	if err := json.Unmarshal(fixture(t, "transaction_send_doc.json"), &w); err != nil {
		t.Fatal(err)
	}
	btc := appapi.Account{ID: "8fcd97cd-50ca-5803-8c27-1146e54b1c09", Type: "wallet", Currency: appapi.Currency{Code: "BTC", Type: "crypto"}}
	a, ok := activity(btc, w.Data)
	if !ok || a.Type != integrations.ActivityTransferOut || a.Description != "Sent bitcoin to User 2" || a.TradeDate != "2015-01-31" {
		t.Fatalf("%+v %v", a, ok)
	}
	eq(t, "units", a.Units, "-1")
	eq(t, "price", a.Price, "10")
}

// TestDocumentedTypes maps every transaction type of the documented list
// (docs.cdp.coinbase.com coinbase-app track-apis transactions, "Transaction
// Types"): trades by the amount's sign, movements by theirs, the rest by
// type, OTHER for what has no universal type.
func TestDocumentedTypes(t *testing.T) {
	btc := appapi.Account{ID: "w", Type: "wallet", Currency: appapi.Currency{Code: "BTC", Type: "crypto"}}
	usd := appapi.Account{ID: "u", Type: "fiat", Currency: appapi.Currency{Code: "USD", Type: "fiat"}}
	cases := []struct {
		typ    string
		w      appapi.Account
		amount string
		want   integrations.ActivityType
	}{
		{"advanced_trade_fill", btc, "0.1", integrations.ActivityBuy},
		{"buy", btc, "0.1", integrations.ActivityBuy},
		{"sell", btc, "-0.1", integrations.ActivitySell},
		{"trade", btc, "-0.1", integrations.ActivitySell},
		{"clawback", btc, "-0.1", integrations.ActivityOther},
		{"derivatives_settlement", usd, "-5", integrations.ActivityOther},
		{"earn_payout", btc, "0.001", integrations.ActivityInterest},
		{"fiat_deposit", usd, "100", integrations.ActivityContribution},
		{"fiat_withdrawal", usd, "-100", integrations.ActivityWithdrawal},
		{"incentives_rewards_payout", btc, "0.001", integrations.ActivityInterest},
		{"incentives_shared_clawback", btc, "-0.001", integrations.ActivityOther},
		{"intx_deposit", btc, "-0.1", integrations.ActivityTransferOut},
		{"intx_withdrawal", btc, "0.1", integrations.ActivityTransferIn},
		{"receive", btc, "0.1", integrations.ActivityTransferIn},
		{"request", btc, "0.1", integrations.ActivityOther},
		{"retail_simple_dust", btc, "-0.00001", integrations.ActivityOther},
		{"send", btc, "-0.1", integrations.ActivityTransferOut},
		{"send", btc, "0.1", integrations.ActivityTransferIn},
		{"staking_transfer", btc, "-0.1", integrations.ActivityOther},
		{"subscription_rebate", usd, "1", integrations.ActivityOther},
		{"subscription", usd, "-4.99", integrations.ActivityFee},
		{"transfer", btc, "0.1", integrations.ActivityOther},
		{"tx", btc, "0.1", integrations.ActivityOther},
		{"unstaking_transfer", btc, "0.1", integrations.ActivityOther},
	}
	for _, c := range cases {
		tx := appapi.Transaction{ID: "t-" + c.typ, Type: c.typ, Status: "completed", CreatedAt: "2025-01-02T03:04:05Z",
			Amount: appapi.Money{Amount: num{Decimal: decimal.RequireFromString(c.amount), Valid: true}, Currency: c.w.Currency.Code}}
		a, ok := activity(c.w, tx)
		if !ok || a.Type != c.want || a.RawType != c.typ {
			t.Errorf("%s %s: %s %v", c.typ, c.amount, a.Type, ok)
		}
	}
}

// TestUnpricedPair: a coin whose pair Coinbase does not price (the spot
// call's 404) is PriceUnknown, and the native total leaves it out.
func TestUnpricedPair(t *testing.T) {
	one := num{Decimal: decimal.NewFromInt(1), Valid: true}
	ws := []appapi.Account{
		{ID: "a", Type: "wallet", Currency: appapi.Currency{Code: "BTC", Type: "crypto"}, Balance: appapi.Money{Amount: one}},
		{ID: "b", Type: "wallet", Currency: appapi.Currency{Code: "XYZ", Type: "crypto"}, Balance: appapi.Money{Amount: one}},
		{ID: "c", Type: "fiat", Currency: appapi.Currency{Code: "USD", Type: "fiat"}, Balance: appapi.Money{Amount: one}},
	}
	bals, pos := holdings(ws, "USD", map[string]decimal.Decimal{"BTC": decimal.NewFromInt(100)}, time.Unix(0, 0))
	if len(pos) != 2 || pos[0].PriceUnknown || !pos[1].PriceUnknown || !pos[1].MarketValue.IsZero() {
		t.Fatalf("%+v", pos)
	}
	eq(t, "total", bals[0].Total, "101")
}

// TestSafeID: an error id goes into a message only when it reads as one
// (lower-case letters, digits and underscores, at most 48).
func TestSafeID(t *testing.T) {
	for in, want := range map[string]string{
		"invalid_token": "invalid_token", "expired_token": "expired_token", "": "unauthorized",
		"Invalid-Token": "unauthorized", strings.Repeat("a", 49): "unauthorized", "token <script>": "unauthorized",
	} {
		if got := safeID(in); got != want {
			t.Errorf("safeID(%q) = %q, want %q", in, got, want)
		}
	}
}
