package ofx

import (
	"context"
	"strings"

	"github.com/aclindsa/ofxgo"

	"github.com/latchkey/latchkey/integrations"
)

func (c *conv) bank(ctx context.Context, s *ofxgo.StatementResponse) error {
	if err := statusErr(s.Status); err != nil {
		return err
	}
	curdef := curdefOf(s.CurDef)
	acct := c.account(string(s.BankAcctFrom.BankID), strings.TrimSpace(string(s.BankAcctFrom.AcctID)), curdef,
		integrations.CategoryCash, "STMTRS "+s.BankAcctFrom.AcctType.String())
	return c.cash(ctx, acct, curdef, s.BankTranList, s.BalAmt, s.AvailBalAmt, s.DtAsOf)
}

func (c *conv) card(ctx context.Context, s *ofxgo.CCStatementResponse) error {
	if err := statusErr(s.Status); err != nil {
		return err
	}
	curdef := curdefOf(s.CurDef)
	acct := c.account("", strings.TrimSpace(string(s.CCAcctFrom.AcctID)), curdef, integrations.CategoryCash, "CCSTMTRS")
	return c.cash(ctx, acct, curdef, s.BankTranList, s.BalAmt, s.AvailBalAmt, s.DtAsOf)
}

func (c *conv) cash(ctx context.Context, acct, curdef string, tl *ofxgo.TransactionList, bal ofxgo.Amount, avail *ofxgo.Amount, asOf ofxgo.Date) error {
	if tl != nil {
		for i, t := range tl.Transactions {
			if i&4095 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			c.bankTran(acct, curdef, t)
		}
	}
	b := integrations.Balance{Currency: curdef, Cash: c.dec(bal), Total: c.dec(bal)}
	if c.st.Dataset.Balances == nil {
		c.st.Dataset.Balances = make(map[string][]integrations.Balance)
	}
	c.st.Dataset.Balances[acct] = append(c.st.Dataset.Balances[acct], b)
	c.st.Items++
	c.asOf(asOf.Time)
	return nil
}

// bankTran maps a STMTTRN (in a bank or card statement, or INVBANKTRAN).
// TRNAMT is signed from the account holder's side, so it is kept as written.
func (c *conv) bankTran(acct, curdef string, t ofxgo.Transaction) {
	amt := c.dec(t.TrnAmt)
	tt := t.TrnType.String()
	a := integrations.Activity{
		RawType: tt, Amount: amt, TradeDate: date(t.DtPosted), Currency: curOf(curdef, t.Currency, t.OrigCurrency),
	}
	if t.DtUser != nil && !t.DtUser.IsZero() {
		a.TradeDate, a.SettlementDate = date(*t.DtUser), date(t.DtPosted)
	}
	name := strings.TrimSpace(string(t.Name))
	if t.Payee != nil && name == "" {
		name = strings.TrimSpace(string(t.Payee.Name))
	}
	if m := strings.TrimSpace(string(t.Memo)); m != "" && m != name {
		if name != "" {
			name += " — "
		}
		name += m
	}
	a.Description = name
	switch tt {
	case "INT":
		a.Type = integrations.ActivityInterest
	case "DIV":
		a.Type = integrations.ActivityDividend
	case "FEE", "SRVCHG":
		a.Type = integrations.ActivityFee
	case "XFER":
		a.Type = integrations.ActivityTransferIn
		if amt.IsNegative() {
			a.Type = integrations.ActivityTransferOut
		}
	case "CREDIT", "DEP", "DIRECTDEP", "DEBIT", "DIRECTDEBIT", "PAYMENT", "CHECK", "ATM", "POS", "CASH", "REPEATPMT":
		a.Type = integrations.ActivityContribution
		if amt.IsNegative() {
			a.Type = integrations.ActivityWithdrawal
		}
	default:
		a.Type = integrations.ActivityOther
	}
	c.addActivity(acct, string(t.FiTID), a)
}
