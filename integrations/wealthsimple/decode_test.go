package wealthsimple

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var fixture = brokertest.Fixture // testdata/name

var eq = brokertest.EqualDecimal // got equals want's text

func TestOTPHeaders(t *testing.T) {
	h := http.Header{}
	h.Set(headerOTPNeeded, "true")
	h.Set(headerOTP, "required; method=app")
	if !otpRequired(h, tokenAnswer{}) || otpMethod(h.Get(headerOTP)) != "app" {
		t.Errorf("the documented 401 headers must read as an app code: %v", h)
	}
	h = http.Header{}
	h.Set(headerOTP, "required; method=sms; digits=6")
	if !otpRequired(h, tokenAnswer{}) || otpMethod(h.Get(headerOTP)) != "sms" {
		t.Errorf("x-wealthsimple-otp alone must read as required by SMS")
	}
	if otpRequired(http.Header{}, tokenAnswer{Error: "invalid_grant", ErrorDescription: "Invalid email or password"}) {
		t.Error("a 401 without OTP headers is a refused password")
	}
	// The web app's documented challenge body, should the headers be
	// missing: {"error":"invalid_grant","error_description":"Two-step
	// verification code required"}.
	if !otpRequired(http.Header{}, tokenAnswer{Error: "invalid_grant", ErrorDescription: "Two-step verification code required"}) {
		t.Error("the challenge's description must read as a code required")
	}
}

func TestDecodeAccounts(t *testing.T) {
	accts, pi, err := decodeAccounts(fixture(t, "accounts.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !pi.HasNextPage || pi.EndCursor != "MjU=" || len(accts) != 2 {
		t.Fatalf("page %+v, %d accounts", pi, len(accts))
	}
	cash, tfsa := accts[0], accts[1]
	brokertest.Match(t, "cash", cash, integrations.Account{ID: "ca-cash-msb-8r1ee8xy", Name: "Cash Account",
		Category: integrations.CategoryCash, Number: "••••7Q2Z"})
	brokertest.Match(t, "tfsa", tfsa, integrations.Account{Name: "TFSA", Category: integrations.CategoryRetirement,
		Number: "••••F0JB", Status: "open"})
}

func TestDecodeCash(t *testing.T) {
	cash, order, err := decodeCash(fixture(t, "balances.json"), "non-registered-hf6d91x0")
	if err != nil {
		t.Fatal(err)
	}
	if len(order) != 2 || order[0] != "CAD" || order[1] != "USD" {
		t.Fatalf("currencies %v (a security's balance is not cash)", order)
	}
	eq(t, "CAD", cash["CAD"], "310.00")
	eq(t, "USD", cash["USD"], "845.12")
	if _, _, err := decodeCash(fixture(t, "balances.json"), "tfsa-other"); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("an answer without the account: %v", err)
	}
}

func TestDecodePositions(t *testing.T) {
	asOf := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
	pos, pi, err := decodePositions(fixture(t, "positions.json"), asOf)
	if err != nil || pi.HasNextPage || len(pos) != 1 {
		t.Fatalf("%v %+v %v", pos, pi, err)
	}
	p := pos[0]
	brokertest.Match(t, "position", p, integrations.Position{Symbol: integrations.Symbol{Ticker: "AAPL", Type: integrations.SecurityEquity, Exchange: "NASDAQ"},
		Currency: "USD", Units: brokertest.Dec("12.0000"), Price: brokertest.Dec("212.44"),
		MarketValue: brokertest.Dec("2549.28"), AverageCost: brokertest.NullDec("171.32"),
		CostBasis: brokertest.NullDec("2055.84")})
}

func TestDecodeActivities(t *testing.T) {
	acts, pi, err := decodeActivities(fixture(t, "activities.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !pi.HasNextPage || pi.EndCursor != "NA==" {
		t.Errorf("page %+v", pi)
	}
	if len(acts) != 3 {
		t.Fatalf("want 3 activities (the rejected order is left out), got %d", len(acts))
	}
	buy, div, xfer := acts[0], acts[1], acts[2]
	// Amount: amountSign negative
	brokertest.Match(t, "buy", buy, integrations.Activity{ID: "order-a1b2c3", Type: integrations.ActivityBuy,
		RawType: "DIY_BUY/MARKET_ORDER", TradeDate: "2026-02-03", Amount: brokertest.Dec("-471.30"),
		Units: brokertest.Dec("15.0000"), Price: brokertest.Dec("31.42")})
	brokertest.Match(t, "dividend", div, integrations.Activity{Type: integrations.ActivityDividend, RawType: "DIVIDEND",
		Symbol: "XEQT", Amount: brokertest.Dec("16.44")})
	brokertest.Match(t, "transfer", xfer, integrations.Activity{Type: integrations.ActivityTransferOut,
		RawType: "INTERNAL_TRANSFER/SOURCE", Amount: brokertest.Dec("-1000.00")})
}

func TestActivityTypes(t *testing.T) {
	for _, c := range []struct {
		typ, sub string
		want     integrations.ActivityType
	}{
		{"DIY_SELL", "MARKET_ORDER", integrations.ActivitySell}, {"CRYPTO_BUY", "", integrations.ActivityBuy},
		{"NON_RESIDENT_TAX", "", integrations.ActivityTax}, {"INTEREST", "FPL_INTEREST", integrations.ActivityInterest},
		{"DEPOSIT", "E_TRANSFER", integrations.ActivityContribution}, {"WITHDRAWAL", "BILL_PAY", integrations.ActivityWithdrawal},
		{"INSTITUTIONAL_TRANSFER_INTENT", "TRANSFER_IN", integrations.ActivityTransferIn},
		{"INTERNAL_TRANSFER", "DESTINATION", integrations.ActivityTransferIn}, {"CORPORATE_ACTION", "SUBDIVISION", integrations.ActivitySplit},
		{"FUNDS_CONVERSION", "", integrations.ActivityOther}, {"P2P_PAYMENT", "SEND", integrations.ActivityOther},
	} {
		if got := activityType(c.typ, c.sub); got != c.want {
			t.Errorf("%s/%s → %s, want %s", c.typ, c.sub, got, c.want)
		}
	}
}

func TestRefused(t *testing.T) {
	wrong := integrations.ErrInvalidCredentials
	if err := refused(&refusal{ans: tokenAnswer{Error: "invalid_grant", ErrorDescription: "Invalid email or password"}}, wrong); !errors.Is(err, wrong) {
		t.Errorf("a plain invalid_grant: %v", err)
	}
	if err := refused(&refusal{ans: tokenAnswer{Error: "invalid_grant", ErrorDescription: "Your account has been locked."}}, wrong); !errors.Is(err, integrations.ErrAccountLocked) {
		t.Errorf("a locked account: %v", err)
	}
}
