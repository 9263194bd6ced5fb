package ofx

import (
	"bytes"
	"os"
	"path/filepath"
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

func fitid(tr ofxgo.InvTransaction) string {
	switch v := tr.(type) {
	case ofxgo.BuyStock:
		return string(v.InvBuy.InvTran.FiTID)
	case ofxgo.BuyMF:
		return string(v.InvBuy.InvTran.FiTID)
	case ofxgo.BuyOpt:
		return string(v.InvBuy.InvTran.FiTID)
	case ofxgo.BuyDebt:
		return string(v.InvBuy.InvTran.FiTID)
	case ofxgo.BuyOther:
		return string(v.InvBuy.InvTran.FiTID)
	case ofxgo.SellStock:
		return string(v.InvSell.InvTran.FiTID)
	case ofxgo.SellMF:
		return string(v.InvSell.InvTran.FiTID)
	case ofxgo.SellOpt:
		return string(v.InvSell.InvTran.FiTID)
	case ofxgo.SellDebt:
		return string(v.InvSell.InvTran.FiTID)
	case ofxgo.SellOther:
		return string(v.InvSell.InvTran.FiTID)
	case ofxgo.Income:
		return string(v.InvTran.FiTID)
	case ofxgo.Reinvest:
		return string(v.InvTran.FiTID)
	case ofxgo.Transfer:
		return string(v.InvTran.FiTID)
	case ofxgo.InvExpense:
		return string(v.InvTran.FiTID)
	case ofxgo.MarginInterest:
		return string(v.InvTran.FiTID)
	case ofxgo.RetOfCap:
		return string(v.InvTran.FiTID)
	case ofxgo.Split:
		return string(v.InvTran.FiTID)
	case ofxgo.JrnlFund:
		return string(v.InvTran.FiTID)
	case ofxgo.JrnlSec:
		return string(v.InvTran.FiTID)
	case ofxgo.ClosureOpt:
		return string(v.InvTran.FiTID)
	}
	return "?" + tr.TransactionType()
}
