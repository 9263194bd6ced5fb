package ofx

import (
	"context"
	"strings"

	"github.com/aclindsa/ofxgo"
	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

func (c *conv) inv(ctx context.Context, s *ofxgo.InvStatementResponse) error {
	if err := statusErr(s.Status); err != nil {
		return err
	}
	curdef := curdefOf(s.CurDef)
	broker := strings.TrimSpace(string(s.InvAcctFrom.BrokerID))
	number := strings.TrimSpace(string(s.InvAcctFrom.AcctID))
	cat := integrations.CategoryInvestment
	if s.Inv401K != nil || s.Inv401KBal != nil {
		cat = integrations.CategoryRetirement
	}
	acct := c.account(broker, number, curdef, cat, "INVSTMTRS")
	asOf := s.DtAsOf.Time
	c.asOf(asOf)
	if tl := s.InvTranList; tl != nil {
		for i, t := range tl.InvTransactions {
			if i&4095 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			c.invTran(acct, curdef, t)
		}
		for _, bt := range tl.BankTransactions {
			for _, t := range bt.Transactions {
				c.bankTran(acct, curdef, t)
			}
		}
	}
	var mv decimal.Decimal
	for _, p := range s.InvPosList {
		pos, ok := c.position(p, curdef)
		if !ok {
			c.st.Problems = append(c.st.Problems, Problem{Account: c.masked(acct), Reason: "a position has no security"})
			continue
		}
		if c.st.Dataset.Positions == nil {
			c.st.Dataset.Positions = make(map[string][]integrations.Position)
		}
		c.st.Dataset.Positions[acct] = append(c.st.Dataset.Positions[acct], pos)
		if pos.Currency == curdef {
			mv = mv.Add(pos.MarketValue)
		}
		c.st.Items++
	}
	if b := s.InvBal; b != nil {
		cash := c.dec(b.AvailCash)
		bal := integrations.Balance{Currency: curdef, Cash: cash, Total: cash.Add(mv)}
		if bp := c.dec(b.BuyPower); !bp.IsZero() {
			bal.BuyingPower = decimal.NewNullDecimal(bp)
		}
		if c.st.Dataset.Balances == nil {
			c.st.Dataset.Balances = make(map[string][]integrations.Balance)
		}
		c.st.Dataset.Balances[acct] = append(c.st.Dataset.Balances[acct], bal)
		c.st.Items++
	}
	return nil
}

func (c *conv) position(p ofxgo.Position, curdef string) (integrations.Position, bool) {
	var ip ofxgo.InvPosition
	switch v := p.(type) {
	case ofxgo.StockPosition:
		ip = v.InvPos
	case ofxgo.MFPosition:
		ip = v.InvPos
	case ofxgo.OptPosition:
		ip = v.InvPos
	case ofxgo.DebtPosition:
		ip = v.InvPos
	case ofxgo.OtherPosition:
		ip = v.InvPos
	default:
		return integrations.Position{}, false
	}
	sym, ticker := c.symbol(ip.SecID)
	if ticker == "" {
		return integrations.Position{}, false
	}
	cur := curdef
	if ip.Currency != nil {
		if ok, _ := ip.Currency.Valid(); ok {
			cur = ip.Currency.CurSym.String()
		}
	}
	if sym.Currency == "" {
		sym.Currency = cur
	}
	units := c.dec(ip.Units)
	if strings.EqualFold(ip.PosType.String(), "SHORT") {
		units = units.Abs().Neg()
	}
	pos := integrations.Position{
		Symbol: sym, Units: units, Price: c.dec(ip.UnitPrice), MarketValue: c.dec(ip.MktVal),
		Currency: cur, AsOf: ip.DtPriceAsOf.Time,
	}
	if pos.AsOf.IsZero() || pos.AsOf.Year() <= 1990 {
		pos.AsOf = c.st.Dataset.AsOf
	}
	if acb := c.dec(ip.AvgCostBasis); !acb.IsZero() {
		pos.AverageCost = decimal.NewNullDecimal(acb)
		pos.CostBasis = decimal.NewNullDecimal(acb.Mul(units.Abs()))
	}
	return pos, true
}

func (c *conv) invTran(acct, curdef string, t ofxgo.InvTransaction) {
	var (
		a     integrations.Activity
		tran  ofxgo.InvTran
		extra []integrations.Activity // a tax withheld beside income
	)
	a.RawType = t.TransactionType()
	buy := func(b ofxgo.InvBuy) {
		tran = b.InvTran
		sym, ticker := c.symbol(b.SecID)
		a.Type, a.Symbol = integrations.ActivityBuy, ticker
		a.Units, a.Price = c.dec(b.Units).Abs(), c.dec(b.UnitPrice).Abs()
		a.Fee = c.dec(b.Commission).Add(c.dec(b.Fees)).Add(c.dec(b.Load)).Add(c.dec(b.Taxes)).Abs()
		a.Amount = c.dec(b.Total).Abs().Neg()
		if a.Amount.IsZero() {
			a.Amount = a.Units.Mul(a.Price).Add(a.Fee).Neg()
		}
		a.Currency = curOf(curdef, &b.Currency, &b.OrigCurrency)
		a.Description = describe(tran, sym)
	}
	sell := func(s ofxgo.InvSell) {
		tran = s.InvTran
		sym, ticker := c.symbol(s.SecID)
		a.Type, a.Symbol = integrations.ActivitySell, ticker
		a.Units, a.Price = c.dec(s.Units).Abs().Neg(), c.dec(s.UnitPrice).Abs()
		a.Fee = c.dec(s.Commission).Add(c.dec(s.Fees)).Add(c.dec(s.Load)).Add(c.dec(s.Taxes)).Abs()
		a.Amount = c.dec(s.Total).Abs()
		if a.Amount.IsZero() {
			a.Amount = a.Units.Abs().Mul(a.Price).Sub(a.Fee)
		}
		a.Currency = curOf(curdef, &s.Currency, &s.OrigCurrency)
		a.Description = describe(tran, sym)
	}
	switch v := t.(type) {
	case ofxgo.BuyStock:
		buy(v.InvBuy)
		a.RawType += " " + v.BuyType.String()
	case ofxgo.BuyMF:
		buy(v.InvBuy)
	case ofxgo.BuyOpt:
		buy(v.InvBuy)
		a.RawType += " " + v.OptBuyType.String()
	case ofxgo.BuyDebt:
		buy(v.InvBuy)
	case ofxgo.BuyOther:
		buy(v.InvBuy)
	case ofxgo.SellStock:
		sell(v.InvSell)
		a.RawType += " " + v.SellType.String()
	case ofxgo.SellMF:
		sell(v.InvSell)
	case ofxgo.SellOpt:
		sell(v.InvSell)
		a.RawType += " " + v.OptSellType.String()
	case ofxgo.SellDebt:
		sell(v.InvSell)
	case ofxgo.SellOther:
		sell(v.InvSell)
	case ofxgo.Income:
		tran = v.InvTran
		sym, ticker := c.symbol(v.SecID)
		it := v.IncomeType.String()
		a.RawType += " " + it
		a.Type = integrations.ActivityDividend
		switch it {
		case "INTEREST":
			a.Type = integrations.ActivityInterest
		case "MISC":
			a.Type = integrations.ActivityOther
		}
		a.Symbol, a.Amount = ticker, c.dec(v.Total)
		a.Currency = curOf(curdef, &v.Currency, &v.OrigCurrency)
		a.Description = describe(tran, sym)
		if w := c.dec(v.Withholding); !w.IsZero() {
			extra = append(extra, integrations.Activity{
				Type: integrations.ActivityTax, RawType: "INCOME WITHHOLDING", TradeDate: date(tran.DtTrade),
				Symbol: ticker, Amount: w.Abs().Neg(), Currency: a.Currency, Description: a.Description,
			})
		}
	case ofxgo.Reinvest:
		tran = v.InvTran
		sym, ticker := c.symbol(v.SecID)
		a.RawType += " " + v.IncomeType.String()
		a.Type, a.Symbol = integrations.ActivityReinvest, ticker
		a.Units, a.Price = c.dec(v.Units), c.dec(v.UnitPrice).Abs()
		a.Fee = c.dec(v.Commission).Add(c.dec(v.Fees)).Add(c.dec(v.Load)).Add(c.dec(v.Taxes)).Abs()
		// Income received and bought back at once: no cash moves.
		a.Currency = curOf(curdef, &v.Currency, &v.OrigCurrency)
		a.Description = describe(tran, sym)
	case ofxgo.Transfer:
		tran = v.InvTran
		sym, ticker := c.symbol(v.SecID)
		a.Symbol, a.Units, a.Price = ticker, c.dec(v.Units).Abs(), c.dec(v.UnitPrice).Abs()
		a.RawType += " " + v.TferAction.String()
		if v.TferAction.String() == "OUT" {
			a.Type, a.Units = integrations.ActivityTransferOut, a.Units.Neg()
		} else {
			a.Type = integrations.ActivityTransferIn
		}
		a.Currency = curdef
		if sym.Currency != "" {
			a.Currency = sym.Currency
		}
		a.Description = describe(tran, sym)
	case ofxgo.InvExpense:
		tran = v.InvTran
		sym, ticker := c.symbol(v.SecID)
		a.Type, a.Symbol, a.Amount = integrations.ActivityFee, ticker, c.dec(v.Total).Abs().Neg()
		a.Currency = curOf(curdef, &v.Currency, &v.OrigCurrency)
		a.Description = describe(tran, sym)
	case ofxgo.MarginInterest:
		tran = v.InvTran
		a.Type, a.Amount = integrations.ActivityFee, c.dec(v.Total).Abs().Neg()
		a.Currency = curOf(curdef, &v.Currency, &v.OrigCurrency)
		a.Description = describe(tran, integrations.Symbol{})
	case ofxgo.RetOfCap:
		tran = v.InvTran
		sym, ticker := c.symbol(v.SecID)
		a.Type, a.Symbol, a.Amount = integrations.ActivityOther, ticker, c.dec(v.Total)
		a.Currency = curOf(curdef, &v.Currency, &v.OrigCurrency)
		a.Description = describe(tran, sym)
	case ofxgo.Split:
		tran = v.InvTran
		sym, ticker := c.symbol(v.SecID)
		a.Type, a.Symbol = integrations.ActivitySplit, ticker
		a.Units = c.dec(v.NewUnits).Sub(c.dec(v.OldUnits))
		a.Amount = c.dec(v.FracCash)
		a.Currency = curOf(curdef, &v.Currency, &v.OrigCurrency)
		a.Description = describe(tran, sym)
	case ofxgo.JrnlFund:
		tran = v.InvTran
		a.Type = integrations.ActivityOther // between sub-accounts: no cash leaves the account
		a.Currency = curdef
		a.Description = describe(tran, integrations.Symbol{})
	case ofxgo.JrnlSec:
		tran = v.InvTran
		sym, ticker := c.symbol(v.SecID)
		a.Type, a.Symbol = integrations.ActivityOther, ticker
		a.Currency = curdef
		a.Description = describe(tran, sym)
	case ofxgo.ClosureOpt:
		tran = v.InvTran
		sym, ticker := c.symbol(v.SecID)
		a.RawType += " " + v.OptAction.String()
		a.Type, a.Symbol, a.Units = integrations.ActivityOther, ticker, c.dec(v.Units)
		a.Currency = curdef
		a.Description = describe(tran, sym)
	default:
		return
	}
	a.TradeDate = date(tran.DtTrade)
	a.SettlementDate = datePtr(tran.DtSettle)
	if a.Currency == "" {
		a.Currency = curdef
	}
	fitid := string(tran.FiTID)
	c.addActivity(acct, fitid, a)
	for _, e := range extra {
		c.addActivity(acct, strings.TrimSpace(fitid)+"-tax", e)
	}
}

func describe(t ofxgo.InvTran, sym integrations.Symbol) string {
	if m := strings.TrimSpace(string(t.Memo)); m != "" {
		return m
	}
	return sym.Description
}
