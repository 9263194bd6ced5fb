package ibkrflex

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds the answer decoder and the statement readers arbitrary
// bytes: none may panic, and every failure must be ErrUnavailable.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.xml")
	f.Add([]byte(`<FlexQueryResponse><FlexStatements><FlexStatement accountId="U1"><OpenPositions><OpenPosition symbol="X" currency="USD" position="1e999999999"/></OpenPositions></FlexStatement></FlexStatements></FlexQueryResponse>`))
	f.Add([]byte(`<FlexQueryResponse><FlexStatements><FlexStatement accountId="U1"><Trades><Trade symbol="X" currency="USD" tradeDate="20250230" tradeID="1"/></Trades></FlexStatement></FlexStatements></FlexQueryResponse>`))
	f.Add([]byte(`<!DOCTYPE x [<!ENTITY a "aaaa">]><FlexStatementResponse><Status>&a;</Status></FlexStatementResponse>`))
	f.Add([]byte(`{"not":"xml"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		check := func(what string, err error) { brokertest.WantNilOr(t, what, err, integrations.ErrUnavailable) }
		_, q, err := decodeAnswer(b)
		check("answer", err)
		if q == nil {
			return
		}
		_ = q.accounts()
		for i := range q.Statements {
			s := &q.Statements[i]
			_, err := s.balances()
			check("balances", err)
			_, err = s.positions()
			check("positions", err)
			_, err = s.activities("")
			check("activities", err)
		}
	})
}
