package ofx

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// nums reads several amounts and dates of one element; err is the first
// that is not one (bad(its path)), and later reads do not replace it.
type nums struct {
	c   *conv
	e   *elem
	err error
}

func (n *nums) get(path string) decimal.Decimal {
	d, err := n.c.amount(n.e.str(path))
	n.fail(err, path)
	return d
}

// date reads the element's date at path ("" when it has none).
func (n *nums) date(path string) integrations.Date {
	d, err := n.c.date(n.e.str(path))
	n.fail(err, path)
	return d
}

func (n *nums) fail(err error, path string) {
	if err != nil && n.err == nil {
		n.err = bad(path)
	}
}

func (c *conv) position(acct, curdef string, stmt, e *elem) error {
	ip := e.child("INVPOS")
	if ip == nil {
		return nil
	}
	n := &nums{c: c, e: ip}
	units, price, mv, acb := n.get("UNITS"), n.get("UNITPRICE"), n.get("MKTVAL"), n.get("AVGCOSTBASIS")
	if n.err != nil {
		return n.err
	}
	key := c.secKey(ip.child("SECID"))
	if key == ":" || key == "" {
		c.st.Problems = append(c.st.Problems, Problem{Account: c.masked(acct), Reason: "a position has no security"})
		return nil
	}
	if strings.EqualFold(ip.str("POSTYPE"), "SHORT") {
		units = units.Abs().Neg()
	}
	p := integrations.Position{Units: units, Price: price, MarketValue: mv, Currency: currency(ip, curdef)}
	if t, err := ofxTime(ip.str("DTPRICEASOF")); err == nil && t.Year() > 1990 {
		p.AsOf = t
	} else if t, err := ofxTime(stmt.str("DTASOF")); err == nil {
		p.AsOf = t
	}
	if !acb.IsZero() {
		p.AverageCost = decimal.NewNullDecimal(acb)
		p.CostBasis = decimal.NewNullDecimal(acb.Mul(units.Abs()))
	}
	if c.st.Dataset.Positions == nil {
		c.st.Dataset.Positions = make(map[string][]integrations.Position)
	}
	c.st.Dataset.Positions[acct] = append(c.st.Dataset.Positions[acct], p)
	c.pos = append(c.pos, ref{acct, len(c.st.Dataset.Positions[acct]) - 1, key})
	if p.Currency == curdef {
		if c.assets == nil {
			c.assets = make(map[string]decimal.Decimal)
		}
		c.assets[acct] = c.assets[acct].Add(mv)
	}
	c.st.Items++
	return nil
}

// sum adds the amounts that are not zero (most are: no new value then).
func sum(ds ...decimal.Decimal) decimal.Decimal {
	t := decimal.Zero
	for _, d := range ds {
		if !d.IsZero() {
			if t.IsZero() {
				t = d
			} else {
				t = t.Add(d)
			}
		}
	}
	return t
}

// negAbs is -|d|, d itself when already negative.
func negAbs(d decimal.Decimal) decimal.Decimal {
	if d.IsNegative() {
		return d
	}
	return d.Neg()
}

// invTran maps one INVTRANLIST item. Amounts follow the Activity contract:
// cash out negative, in positive; buys add units, sells remove them.
func (c *conv) invTran(acct, curdef string, e *elem) error {
	a := integrations.Activity{RawType: e.name}
	body := e // the element holding INVTRAN, SECID and the amounts
	switch e.name {
	case "BUYSTOCK", "BUYMF", "BUYOPT", "BUYDEBT", "BUYOTHER":
		body = e.child("INVBUY")
	case "SELLSTOCK", "SELLMF", "SELLOPT", "SELLDEBT", "SELLOTHER":
		body = e.child("INVSELL")
	}
	if body == nil {
		return nil
	}
	for _, sub := range []string{"BUYTYPE", "SELLTYPE", "OPTBUYTYPE", "OPTSELLTYPE", "INCOMETYPE", "TFERACTION", "OPTACTION"} {
		if v := e.str(sub); v != "" {
			a.RawType += " " + v
		}
	}
	if r, ok := c.raw[a.RawType]; ok {
		a.RawType = r // one string per kind, not per transaction
	} else if len(c.raw) < 256 {
		c.raw[a.RawType] = a.RawType
	}
	n := &nums{c: c, e: body}
	total := n.get("TOTAL")
	units := n.get("UNITS")
	price := n.get("UNITPRICE").Abs()
	costs := sum(n.get("COMMISSION"), n.get("FEES"), n.get("LOAD"), n.get("TAXES")).Abs()
	a.Currency = currency(body, curdef)
	var extra *integrations.Activity
	switch e.name {
	case "BUYSTOCK", "BUYMF", "BUYOPT", "BUYDEBT", "BUYOTHER":
		a.Type, a.Units, a.Price, a.Fee = integrations.ActivityBuy, units.Abs(), price, costs
		a.Amount = negAbs(total)
		if a.Amount.IsZero() {
			a.Amount = a.Units.Mul(price).Add(costs).Neg()
		}
	case "SELLSTOCK", "SELLMF", "SELLOPT", "SELLDEBT", "SELLOTHER":
		a.Type, a.Units, a.Price, a.Fee = integrations.ActivitySell, units.Abs().Neg(), price, costs
		a.Amount = total.Abs()
		if a.Amount.IsZero() {
			a.Amount = units.Abs().Mul(price).Sub(costs)
		}
	case "INCOME":
		a.Type, a.Amount = integrations.ActivityDividend, total
		switch e.str("INCOMETYPE") {
		case "INTEREST":
			a.Type = integrations.ActivityInterest
		case "MISC":
			a.Type = integrations.ActivityOther
		}
		if w := n.get("WITHHOLDING"); !w.IsZero() {
			extra = &integrations.Activity{Type: integrations.ActivityTax, RawType: "INCOME WITHHOLDING", Amount: w.Abs().Neg(), Currency: a.Currency}
		}
	case "REINVEST":
		// Income received and bought back at once: no cash moves.
		a.Type, a.Units, a.Price, a.Fee = integrations.ActivityReinvest, units, price, costs
	case "TRANSFER":
		a.Type, a.Units, a.Price = integrations.ActivityTransferIn, units.Abs(), price
		if strings.EqualFold(e.str("TFERACTION"), "OUT") {
			a.Type, a.Units = integrations.ActivityTransferOut, a.Units.Neg()
		}
	case "INVEXPENSE", "MARGININTEREST":
		a.Type, a.Amount = integrations.ActivityFee, total.Abs().Neg()
	case "RETOFCAP":
		a.Type, a.Amount = integrations.ActivityOther, total
	case "SPLIT":
		a.Type = integrations.ActivitySplit
		a.Units = n.get("NEWUNITS").Sub(n.get("OLDUNITS"))
		a.Amount = n.get("FRACCASH")
	case "JRNLFUND", "JRNLSEC":
		a.Type = integrations.ActivityOther // between sub-accounts: nothing leaves the account
	case "CLOSUREOPT":
		a.Type, a.Units = integrations.ActivityOther, units
	default:
		return nil // not a transaction this version knows
	}
	if n.err != nil {
		return n.err
	}
	tran := body.child("INVTRAN")
	dates := &nums{c: c, e: tran}
	trade, settle := dates.date("DTTRADE"), dates.date("DTSETTLE")
	if dates.err != nil {
		return dates.err
	}
	a.TradeDate, a.SettlementDate, a.Description = trade, settle, tran.str("MEMO")
	sec := c.secKey(body.child("SECID"))
	if sec == ":" {
		sec = ""
	}
	fitid := tran.str("FITID")
	c.addActivity(acct, fitid, sec, a)
	if extra != nil {
		extra.TradeDate, extra.Description = trade, a.Description
		c.addActivity(acct, fitid+"-tax", sec, *extra)
	}
	return nil
}

// bankTran maps a STMTTRN (in a bank or card statement, or INVBANKTRAN).
// TRNAMT is signed from the account holder's side, so it is kept as written.
func (c *conv) bankTran(acct, curdef string, t *elem) error {
	if t.name != "STMTTRN" {
		return nil
	}
	n := &nums{c: c, e: t}
	amt, posted, user := n.get("TRNAMT"), n.date("DTPOSTED"), n.date("DTUSER")
	if n.err != nil {
		return n.err
	}
	tt := strings.ToUpper(t.str("TRNTYPE"))
	a := integrations.Activity{RawType: tt, Amount: amt, TradeDate: posted, Currency: currency(t, curdef)}
	if user != "" {
		a.TradeDate, a.SettlementDate = user, posted
	}
	name := t.str("NAME")
	if name == "" {
		name = t.str("PAYEE/NAME")
	}
	if m := t.str("MEMO"); m != "" && m != name {
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
	c.addActivity(acct, t.str("FITID"), "", a)
	return nil
}
