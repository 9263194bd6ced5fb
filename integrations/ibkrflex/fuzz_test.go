package ibkrflex

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// FuzzDecoders feeds the answer decoder and the statement readers arbitrary
// bytes: none may panic, and every failure must be ErrUnavailable.
func FuzzDecoders(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.xml"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<FlexQueryResponse><FlexStatements><FlexStatement accountId="U1"><OpenPositions><OpenPosition symbol="X" currency="USD" position="1e999999999"/></OpenPositions></FlexStatement></FlexStatements></FlexQueryResponse>`))
	f.Add([]byte(`<FlexQueryResponse><FlexStatements><FlexStatement accountId="U1"><Trades><Trade symbol="X" currency="USD" tradeDate="20250230" tradeID="1"/></Trades></FlexStatement></FlexStatements></FlexQueryResponse>`))
	f.Add([]byte(`<!DOCTYPE x [<!ENTITY a "aaaa">]><FlexStatementResponse><Status>&a;</Status></FlexStatementResponse>`))
	f.Add([]byte(`{"not":"xml"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		check := func(what string, err error) {
			if err != nil && !errors.Is(err, integrations.ErrUnavailable) {
				t.Errorf("%s: %v is not ErrUnavailable", what, err)
			}
		}
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
