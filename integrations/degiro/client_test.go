package degiro_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/degiro/fake"
)

func session(t *testing.T, user string) (integrations.Client, *fake.Server, string) {
	t.Helper()
	in, env, f := newRig(t)
	c := brokertest.Connect(t, in, integrations.LoginRequest{Method: integrations.AuthCredentials, Env: env, Values: creds(user)}, nil)
	accts, err := c.Accounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return c, f, accts[0].ID
}

// products/info describes the positions apart from the update that lists
// them (issue 11.17): when it fails, the holdings keep their units, named by
// product id with the price unknown (the update's price is in a currency
// only products/info names), and the error matches ErrPartial. The fresh
// client has read no product yet.
func TestProductsFailingKeepsHoldings(t *testing.T) {
	clean, _, id := session(t, "dg_user")
	want, err := clean.Positions(t.Context(), id)
	if err != nil || len(want) == 0 {
		t.Fatalf("positions %d, %v", len(want), err)
	}
	c, f, id := session(t, "dg_user")
	f.InjectPath("/product_search/secure/v5/products/info", brokertest.ServerError, 1<<20)
	got, err := c.Positions(t.Context(), id)
	if !errors.Is(err, integrations.ErrPartial) {
		t.Fatalf("products/info failing: %v; want the positions and ErrPartial", err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d positions without product details; want %d", len(got), len(want))
	}
	for i, p := range got {
		if !p.PriceUnknown || !p.Price.IsZero() || !p.MarketValue.IsZero() || !p.Units.Equal(want[i].Units) {
			t.Errorf("position %d: %+v; want %s units, price unknown", i, p, want[i].Units)
		}
		if _, err := strconv.Atoi(p.Symbol.Ticker); err != nil {
			t.Errorf("position %d is named %q; want its product id", i, p.Symbol.Ticker)
		}
	}
	if _, err := c.Balances(t.Context(), id); err == nil {
		t.Error("balances without the value of the positions were returned as whole")
	}
	f.InjectPath("/product_search/secure/v5/products/info", brokertest.ServerError, 0)
	got, err = c.Positions(t.Context(), id)
	if err != nil || len(got) != len(want) || got[0].PriceUnknown || got[0].Symbol.Ticker != want[0].Symbol.Ticker {
		t.Errorf("once products/info is back: %v, %+v", err, got)
	}
}

// The update is asked for with the account and the session in the query
// too, as degiro-connector's ActionGetUpdate sends them; the fake refuses
// it without.
func TestUpdateNamesAccountAndSession(t *testing.T) {
	in, env, f := newRig(t)
	lg, _ := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthCredentials, Env: env, Values: creds("dg_user")})
	defer lg.Close()
	st, err := lg.Next(t.Context(), integrations.Answer{})
	if err != nil {
		t.Fatal(err)
	}
	var sec struct {
		SessionID string `json:"session_id"`
	}
	if err := json.Unmarshal(st.(*integrations.DoneStep).Grant.Secret, &sec); err != nil || sec.SessionID == "" {
		t.Fatalf("secret: %v", err)
	}
	ia := strconv.Itoa(fake.IntAccount)
	get := func(query string) int {
		resp, err := http.Get(f.URL() + "/trading/secure/v5/update/" + ia + ";jsessionid=" + sec.SessionID + "?portfolio=0&cashFunds=0" + query)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get(""); code != http.StatusBadRequest {
		t.Errorf("without intAccount and sessionId: HTTP %d, want 400", code)
	}
	if code := get("&intAccount=" + ia + "&sessionId=" + sec.SessionID); code != http.StatusOK {
		t.Errorf("with them: HTTP %d", code)
	}
}
