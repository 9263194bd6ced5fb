package public

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/public/fake"
)

var readFixture = brokertest.Fixture // testdata/name

var eq = brokertest.EqualDecimal // got equals want's text

// The payloads are those of the official SDK's deserialization tests.
func TestFixtureAccounts(t *testing.T) {
	accts, numbers, err := decodeAccounts(readFixture(t, "accounts.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(accts) != 3 || numbers[0] != "ACC-001" {
		t.Fatalf("%+v %v", accts, numbers)
	}
	if a := accts[0]; a.ID != accountID("ACC-001") || a.Number != "••••-001" || a.Name != "Public Brokerage (margin)" || a.Category != integrations.CategoryInvestment {
		t.Errorf("brokerage = %+v", a)
	}
	if accts[1].Category != integrations.CategoryRetirement || accts[2].Category != integrations.CategoryCash {
		t.Errorf("IRA %+v, high yield %+v", accts[1], accts[2])
	}
}

func TestFixturePortfolio(t *testing.T) {
	p, err := decodePortfolio(readFixture(t, "portfolio.json"))
	if err != nil {
		t.Fatal(err)
	}
	b := p.balances()
	if len(b) != 1 || b[0].Currency != "USD" {
		t.Fatalf("%+v", b)
	}
	// Cash: from equity
	// Total: sum of equity
	brokertest.Match(t, "b[0]", b[0], integrations.Balance{Cash: brokertest.Dec("10000.00"),
		Total: brokertest.Dec("25000.00"), BuyingPower: brokertest.NullDec("20000.00")})
	asOf := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ps, err := p.positions(asOf)
	if err != nil || len(ps) != 2 {
		t.Fatalf("%v %v", ps, err)
	}
	brokertest.Match(t, "ps[0]", ps[0], integrations.Position{Units: brokertest.Dec("100"), Price: brokertest.Dec("150.00"),
		MarketValue: brokertest.Dec("15000.00"), CostBasis: brokertest.NullDec("12000.50"),
		AverageCost: brokertest.NullDec("120.005")})
	if !ps[0].AsOf.Equal(time.Date(2025, 1, 15, 21, 0, 0, 0, time.UTC)) || ps[0].Symbol.Type != integrations.SecurityEquity {
		t.Errorf("AAPL %+v", ps[0])
	}
	if ps[1].CostBasis.Valid || !ps[1].AsOf.Equal(asOf) || !ps[1].MarketValue.IsZero() {
		t.Errorf("MSFT without optional fields: %+v", ps[1])
	}
}

func TestFixtureHistory(t *testing.T) {
	acts, next, err := decodeHistory(readFixture(t, "history.json"))
	if err != nil {
		t.Fatal(err)
	}
	if next != "TOKEN_FOR_PAGE_2" || len(acts) != 4 {
		t.Fatalf("next %q, %d rows", next, len(acts))
	}
	buy, dep, adj, wd := acts[0], acts[1], acts[2], acts[3]
	brokertest.Match(t, "buy", buy, integrations.Activity{Type: integrations.ActivityBuy, RawType: "TRADE", Symbol: "AAPL",
		TradeDate: "2025-01-15", Amount: brokertest.Dec("-1500.00"), Price: brokertest.Dec("150"),
		Units: brokertest.Dec("10")})
	brokertest.Match(t, "deposit", dep, integrations.Activity{Type: integrations.ActivityContribution,
		RawType: "MONEY_MOVEMENT/DEPOSIT", Amount: brokertest.Dec("5000.00")})
	if adj.Type != integrations.ActivityOther || adj.RawType != "POSITION_ADJUSTMENT" || !adj.Amount.IsZero() {
		t.Errorf("adjustment %+v", adj)
	}
	// Amount: positive on the wire, OUTGOING
	brokertest.Match(t, "withdrawal", wd, integrations.Activity{Type: integrations.ActivityWithdrawal,
		Amount: brokertest.Dec("-250.00")})
}

func TestActivityTypes(t *testing.T) {
	neg := decimal.NewNullDecimal(decimal.NewFromInt(-5))
	for _, c := range []struct {
		row  wireTransaction
		want integrations.ActivityType
	}{
		{wireTransaction{Type: "TRADE", Side: "SELL"}, integrations.ActivitySell},
		{wireTransaction{Type: "TRADE", Side: "SHORT"}, integrations.ActivityOther},
		{wireTransaction{Type: "MONEY_MOVEMENT", SubType: "DIVIDEND"}, integrations.ActivityDividend},
		{wireTransaction{Type: "MONEY_MOVEMENT", SubType: "INTEREST"}, integrations.ActivityInterest},
		{wireTransaction{Type: "MONEY_MOVEMENT", SubType: "FEE"}, integrations.ActivityFee},
		{wireTransaction{Type: "MONEY_MOVEMENT", SubType: "TRANSFER", Direction: "INCOMING"}, integrations.ActivityTransferIn},
		{wireTransaction{Type: "MONEY_MOVEMENT", SubType: "TRANSFER", Direction: "OUTGOING"}, integrations.ActivityTransferOut},
		// a T-bill leaving shows by its sign when no direction is given
		{wireTransaction{Type: "MONEY_MOVEMENT", SubType: "TREASURY_BILL_TRANSFER", NetAmount: neg}, integrations.ActivityTransferOut},
		{wireTransaction{Type: "MONEY_MOVEMENT", SubType: "SOMETHING_NEW"}, integrations.ActivityOther},
	} {
		if got := activityType(c.row); got != c.want {
			t.Errorf("%s/%s %s %s: %s, want %s", c.row.Type, c.row.SubType, c.row.Side, c.row.Direction, got, c.want)
		}
	}
}

// Numbers no broker sends (1e999999) and rows without their key fields are
// malformed, not shown.
func TestDecodeRefusesInsaneRows(t *testing.T) {
	// 1e999999 is refused as it is read; 1e40 reads, and is refused as no
	// broker's number.
	for _, b := range []string{`{"cash":"1e999999"}`, `{"equity":[{"type":"CASH","value":"1e999999"}]}`,
		`{"buyingPower":{"buyingPower":"1e999999"}}`, `{"cash":"1e40"}`, `{"equity":[{"type":"CASH","value":"1e40"}]}`,
		`{"buyingPower":{"buyingPower":"1e40"}}`} {
		if _, err := decodePortfolio([]byte(b)); !errors.Is(err, integrations.ErrUnavailable) {
			t.Errorf("portfolio %s: %v", b, err)
		}
	}
	for _, b := range []string{`{"positions":[{"instrument":{},"quantity":"1"}]}`,
		`{"positions":[{"instrument":{"symbol":"X"},"quantity":"1","lastPrice":{"lastPrice":"1e999999"}}]}`,
		`{"positions":[{"instrument":{"symbol":"X"},"quantity":"1","costBasis":{"totalCost":"1e999999"}}]}`} {
		p, err := decodePortfolio([]byte(b))
		if err == nil {
			_, err = p.positions(time.Unix(0, 0))
		}
		if !errors.Is(err, integrations.ErrUnavailable) {
			t.Errorf("positions %s: %v", b, err)
		}
	}
	if _, _, err := decodeHistory([]byte(`{"transactions":[{"id":"1","type":"TRADE"}]}`)); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("a row without its time: %v", err)
	}
}

// The access token is minted once and reused until it is due; a new one is
// minted ahead of its end and saved before it is used.
func TestTokenLifetime(t *testing.T) {
	clk, f, env := newRig(t)
	in := &Integration{}
	done, err := brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env, Values: map[string]string{fieldKey: fake.Secret}})
	if err != nil {
		t.Fatal(err)
	}
	if done.Grant.Fingerprint != integrations.Fingerprint(ID, fake.Brokerage) || len(done.Accounts) != 2 {
		t.Errorf("grant %v, accounts %+v", done.Grant, done.Accounts)
	}
	var saved []integrations.Grant
	c, _ := in.NewClient(t.Context(), done.Grant, env, func(_ context.Context, g integrations.Grant) error {
		saved = append(saved, g)
		return nil
	})
	minted := f.Minted()
	for i := 0; i < 3; i++ {
		if _, err := c.Accounts(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if f.Minted() != minted || len(saved) != 0 {
		t.Errorf("a fresh token was replaced: %d mints, %d saves", f.Minted()-minted, len(saved))
	}
	clk.Add(tokenValidity - 30*time.Second)
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	if f.Minted() != minted+1 || len(saved) != 1 {
		t.Errorf("a token due to end was not replaced once: %d mints, %d saves", f.Minted()-minted, len(saved))
	}
	// A client built from the saved grant uses its token without minting.
	c2, _ := in.NewClient(t.Context(), saved[0], env, nil)
	if _, err := c2.Accounts(t.Context()); err != nil || f.Minted() != minted+1 {
		t.Errorf("client from the saved grant: %v, %d mints", err, f.Minted()-minted)
	}
	if _, err := c2.Positions(t.Context(), "pub-unknown"); err == nil {
		t.Error("an unknown account id was accepted")
	}
	if _, err := in.NewClient(t.Context(), integrations.Grant{Secret: []byte(`{}`)}, env, nil); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("empty secret: %v", err)
	}
}
