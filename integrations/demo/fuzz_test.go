package demo

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// seeds are real answers of the demo API, and some broken ones.
func seeds(f *testing.F) {
	p := buildPortfolio(userID("user_good"), dayOf(t0), false)
	x := buildPortfolio(cryptoUserID("satoshi"), dayOf(t0), true).accounts[0]
	a := p.accounts[0]
	var accts []wireAccount
	for _, a := range p.accounts {
		accts = append(accts, a.wire)
	}
	js := func(v any) []byte {
		b, _ := json.Marshal(v)
		return b
	}
	f.Add(js(map[string]any{"accounts": accts}))
	f.Add(js(map[string]any{"balances": a.balances}))
	f.Add(js(map[string]any{"positions": a.positions, "next_page_token": "abc"}))
	f.Add(js(map[string]any{"activities": a.activities[:20], "next_page_token": "abc"}))
	price := "65000.00"
	f.Add(js(map[string]any{"account_id": x.wire.ID, "as_of": "2026-03-15T00:00:00Z", "balances": []wireCryptoBalance{
		{Asset: "USD", Total: "10.00", Available: "10.00", ValueUSD: "10.00"},
		{Asset: "BTC", Total: "0.1", Available: "0.1", PriceUSD: &price, ValueUSD: "6500.00"}}}))
	f.Add(js(map[string]any{"account_id": x.wire.ID, "cursor": "c", "entries": []wireLedgerEntry{
		{ID: "lg_1", Type: "buy", Asset: "BTC", Quantity: "0.1", Price: "1", QuoteAmount: "-0.10", QuoteCurrency: "USD", Fee: "0", Time: "2026-03-01T10:00:00Z"}}}))
	f.Add([]byte(`{"positions":[{"symbol":"X","quantity":"1e999999999","price":"NaN","market_value":"1","as_of":"2026-01-01T00:00:00Z"}]}`))
	f.Add([]byte(`{"activities":[{"id":"a","type":"BUY","trade_date":"2026-02-30","quantity":"1"}]}`))
	f.Add([]byte(`{"accounts": [{"id": "x", <html>`))
	f.Add([]byte(`null`))
	f.Add([]byte(``))
}

// FuzzDecoders feeds every response decoder arbitrary bytes: none may panic,
// and every failure must be ErrUnavailable (the institution answered
// something that could not be understood).
func FuzzDecoders(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		check := func(what string, err error) { brokertest.WantNilOr(t, what, err, integrations.ErrUnavailable) }
		_, err := decodeAccounts(b)
		check("accounts", err)
		_, err = decodeBalances(b)
		check("balances", err)
		_, _, err = decodePositions(b)
		check("positions", err)
		_, _, err = decodeActivities(b)
		check("activities", err)
		_, _, _, err = decodeCryptoBalances(b)
		check("crypto balances", err)
		_, err = decodeHistory(b)
		check("history", err)
		_, _, _, err = decodeLedger(b)
		check("ledger", err)
		var res authResult
		check("auth", decode(b, &res))
		for _, status := range []int{400, 401, 404, 423, 429, 500, 503} {
			resp := &http.Response{StatusCode: status, Header: http.Header{"Retry-After": {string(b)}}}
			if err := (&api{now: time.Now}).mapStatus(resp, b, modeData); err == nil {
				t.Errorf("status %d mapped to nil", status)
			}
		}
	})
}

// FuzzTokens: a token the demo did not sign is never accepted, whatever it
// holds.
func FuzzTokens(f *testing.F) {
	s := &signer{key: []byte("0123456789abcdef0123456789abcdef")}
	good := s.sign(claims{Typ: typSession, Inst: ID, Sub: "u", GrantID: "g", Expires: 1 << 40})
	f.Add(good)
	f.Add(good[:len(good)-2] + "AA")
	f.Add("dk_ss_e30.")
	f.Add("")
	f.Fuzz(func(t *testing.T, tok string) {
		if _, err := s.verify(tok, typSession); err == nil {
			// Only the signed payload and signature verify (base64 may
			// spell the same bytes more than one way).
			_, p1, sig1, _ := parseToken(tok)
			_, p2, sig2, _ := parseToken(good)
			if string(p1) != string(p2) || string(sig1) != string(sig2) {
				t.Errorf("token %q verified", tok)
			}
		}
		_, _ = grantID(integrations.Grant{Secret: []byte(tok)})
	})
}
