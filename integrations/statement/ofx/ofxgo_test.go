package ofx

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/aclindsa/ofxgo"
)

// TestAgainstOFXGo reads every fixture with github.com/aclindsa/ofxgo too
// (a test-only dependency: the app does not link it) and checks that both
// find the same transactions (by FITID), positions and accounts.
func TestAgainstOFXGo(t *testing.T) {
	files := fixtures(t)
	compared := 0
	for _, f := range files {
		b, _ := os.ReadFile(f)
		resp, err := ofxgo.DecodeResponse(bytes.NewReader(b))
		if err != nil {
			t.Logf("%s: ofxgo cannot read it (%v); skipped", f, err)
			continue
		}
		var want []string
		var positions, accounts int
		for _, m := range resp.InvStmt {
			s := m.(*ofxgo.InvStatementResponse)
			accounts++
			positions += len(s.InvPosList)
			if s.InvTranList == nil {
				continue
			}
			for _, tr := range s.InvTranList.InvTransactions {
				want = append(want, fitid(tr))
				if inc, ok := tr.(ofxgo.Income); ok && inc.Withholding.Sign() != 0 {
					want = append(want, string(inc.InvTran.FiTID)+"-tax")
				}
			}
			for _, bt := range s.InvTranList.BankTransactions {
				for _, tr := range bt.Transactions {
					want = append(want, string(tr.FiTID))
				}
			}
		}
		for _, m := range resp.Bank {
			s := m.(*ofxgo.StatementResponse)
			accounts++
			if s.BankTranList != nil {
				for _, tr := range s.BankTranList.Transactions {
					want = append(want, string(tr.FiTID))
				}
			}
		}
		for _, m := range resp.CreditCard {
			s := m.(*ofxgo.CCStatementResponse)
			accounts++
			if s.BankTranList != nil {
				for _, tr := range s.BankTranList.Transactions {
					want = append(want, string(tr.FiTID))
				}
			}
		}
		st := load(t, filepath.Base(f))
		var got []string
		gotPos := 0
		for _, a := range st.Dataset.Accounts {
			for _, act := range st.Dataset.Activities[a.ID] {
				got = append(got, act.ID) // no fixture repeats a FITID
			}
			gotPos += len(st.Dataset.Positions[a.ID])
		}
		sort.Strings(want)
		sort.Strings(got)
		if strings.Join(want, ",") != strings.Join(got, ",") {
			t.Errorf("%s: transactions differ:\n ofxgo %v\n ours  %v", f, want, got)
		}
		if positions != gotPos || accounts != len(st.Accounts) {
			t.Errorf("%s: positions %d/%d accounts %d/%d (ofxgo/ours)", f, positions, gotPos, accounts, len(st.Accounts))
		}
		compared++
	}
	if compared < 8 {
		t.Errorf("only %d fixtures compared", compared)
	}
}

// fitid is tr's FITID: every ofxgo investment transaction holds its
// InvTran directly or inside its InvBuy or InvSell. A type with neither
// gives "?<type>", which no fixture's FITID matches.
func fitid(tr ofxgo.InvTransaction) string {
	v := reflect.Indirect(reflect.ValueOf(tr))
	for _, side := range []string{"InvBuy", "InvSell"} {
		if f := v.FieldByName(side); f.IsValid() {
			v = f
		}
	}
	if f := v.FieldByName("InvTran"); f.IsValid() {
		return f.FieldByName("FiTID").String()
	}
	return "?" + tr.TransactionType()
}
