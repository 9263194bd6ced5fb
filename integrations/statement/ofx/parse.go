package ofx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement/internal/ident"
)

// ErrStatus is returned for a file whose sign-on or statement status is an
// error (a failed download saved as a file).
var ErrStatus = errors.New("the file reports an error instead of a statement")

// ErrNoStatement is returned for a valid OFX file that holds no bank, card
// or investment statement (a profile or sign-on response only).
var ErrNoStatement = errors.New("the file holds no statement")

// ErrBadValue is returned for a file with an amount or date that is not one
// (a damaged file): importing part of a statement would mislead.
var ErrBadValue = errors.New("the file holds a value that is not an amount or a date")

func parse(ctx context.Context, r io.Reader, hint int) (st *Statement, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c := &conv{
		ctx:     ctx,
		st:      &Statement{},
		secs:    make(map[string]security),
		raw:     make(map[string]string),
		hint:    hint,
		accts:   make(map[*elem]string),
		keys:    make(map[secID]string),
		amounts: make(map[string]amountVal),
		dates:   make(map[string]dateVal),
	}
	root, err := read(r, c.handle, &c.st.Windows1252)
	if err != nil {
		var re readError
		if errors.As(err, &re) {
			return nil, re.err // the reader's own failure (a size cap), not the file's
		}
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrBadValue) || errors.Is(err, ErrStatus) {
			return nil, err
		}
		return nil, fmt.Errorf("unreadable OFX: %w", err)
	}
	if code := root.str("SIGNONMSGSRSV1/SONRS/STATUS/CODE"); code != "" && code != "0" {
		return nil, fmt.Errorf("%w (sign-on status %s)", ErrStatus, code)
	}
	found := false
	for _, set := range root.kids {
		for _, trn := range set.kids {
			var err error
			switch {
			case set.name == "INVSTMTMSGSRSV1" && trn.name == "INVSTMTTRNRS":
				err = c.invStatement(root, trn)
			case set.name == "BANKMSGSRSV1" && trn.name == "STMTTRNRS":
				err = c.cashStatement(root, trn, "STMTRS")
			case set.name == "CREDITCARDMSGSRSV1" && trn.name == "CCSTMTTRNRS":
				err = c.cashStatement(root, trn, "CCSTMTRS")
			default:
				continue
			}
			if err != nil {
				return nil, err
			}
			found = true
		}
	}
	if !found {
		return nil, ErrNoStatement
	}
	c.resolve()
	c.uniqueIDs()
	if c.st.Dataset.AsOf.IsZero() {
		c.st.Dataset.AsOf = time.Now().UTC()
	}
	return c.st, nil
}

type security struct {
	ticker, name, cusip, isin string
	kind                      integrations.SecurityType
	currency                  string
}

// ref is an activity or position whose security is named by SECID and
// resolved once the SECLIST (which follows the statements) has been read.
type ref struct {
	acct string
	idx  int
	key  string
}

type conv struct {
	ctx    context.Context
	st     *Statement
	secs   map[string]security
	hint   int               // transactions in the file, to size slices once
	raw    map[string]string // interned raw types
	accts  map[*elem]string  // statement element → account id
	acts   []ref
	pos    []ref
	count  int
	assets map[string]decimal.Decimal // market value per account, for balances
	// memos of what transactions repeat
	keys    map[secID]string
	amounts map[string]amountVal
	dates   map[string]dateVal
}

func secKey(secid *elem) string {
	if secid == nil {
		return ""
	}
	return strings.ToUpper(secid.str("UNIQUEIDTYPE")) + ":" + secid.str("UNIQUEID")
}

// memoMax bounds each of conv's memos.
const memoMax = 1 << 14

type secID struct{ typ, id string }

// secKey is secKey(secid), one string per security.
func (c *conv) secKey(secid *elem) string {
	if secid == nil {
		return ""
	}
	k := secID{secid.str("UNIQUEIDTYPE"), secid.str("UNIQUEID")}
	if s, ok := c.keys[k]; ok {
		return s
	}
	s := secKey(secid)
	if len(c.keys) < memoMax {
		c.keys[k] = s
	}
	return s
}

type amountVal struct {
	d   decimal.Decimal
	err error
}

// amount is parseAmount ("" is zero), remembered: decimals are immutable,
// so one value may stand in every transaction that writes it.
func (c *conv) amount(s string) (decimal.Decimal, error) {
	if s == "" {
		return decimal.Zero, nil
	}
	if v, ok := c.amounts[s]; ok {
		return v.d, v.err
	}
	d, err := parseAmount(s)
	if len(c.amounts) < memoMax {
		c.amounts[s] = amountVal{d, err}
	}
	return d, err
}

type dateVal struct {
	d   integrations.Date
	err error
}

// date reads an OFX date-time as the date written (in its own zone), ""
// for none, remembered.
func (c *conv) date(s string) (integrations.Date, error) {
	if s == "" {
		return "", nil
	}
	if v, ok := c.dates[s]; ok {
		return v.d, v.err
	}
	var v dateVal
	if t, err := ofxTime(s); err != nil {
		v.err = err
	} else {
		v.d = integrations.DateOf(t)
	}
	if len(c.dates) < memoMax {
		c.dates[s] = v
	}
	return v.d, v.err
}

// handle takes the items of the streamed lists as they close.
func (c *conv) handle(list string, e *elem, stack []*elem) error {
	if c.count++; c.count&4095 == 0 {
		if err := c.ctx.Err(); err != nil {
			return err
		}
	}
	switch list {
	case "SECLIST":
		c.security(e)
		return nil
	case "INVTRANLIST", "INVPOSLIST":
		stmt := nearest(stack, "INVSTMTRS")
		if stmt == nil {
			return nil
		}
		acct, curdef := c.invAccount(stack[0], stmt), stmt.str("CURDEF")
		if list == "INVPOSLIST" {
			return c.position(acct, curdef, stmt, e)
		}
		if e.name == "INVBANKTRAN" {
			for _, t := range e.kids {
				if t.name == "STMTTRN" {
					if err := c.bankTran(acct, curdef, t); err != nil {
						return err
					}
				}
			}
			return nil
		}
		return c.invTran(acct, curdef, e)
	case "BANKTRANLIST":
		if stmt := nearest(stack, "STMTRS"); stmt != nil {
			return c.bankTran(c.cashAccount(stack[0], stmt), stmt.str("CURDEF"), e)
		}
		if stmt := nearest(stack, "CCSTMTRS"); stmt != nil {
			return c.bankTran(c.cashAccount(stack[0], stmt), stmt.str("CURDEF"), e)
		}
		if stmt := nearest(stack, "INVSTMTRS"); stmt != nil { // not where the spec puts it, but seen
			return c.bankTran(c.invAccount(stack[0], stmt), stmt.str("CURDEF"), e)
		}
	}
	return nil
}

func nearest(stack []*elem, name string) *elem {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i].name == name {
			return stack[i]
		}
	}
	return nil
}

func (c *conv) security(e *elem) {
	info := e.child("SECINFO")
	if info == nil {
		return
	}
	kind := integrations.SecurityOther
	switch e.name {
	case "STOCKINFO":
		kind = integrations.SecurityEquity
	case "MFINFO":
		kind = integrations.SecurityFund
	case "OPTINFO":
		kind = integrations.SecurityOption
	case "DEBTINFO":
		kind = integrations.SecurityBond
	}
	s := security{ticker: info.str("TICKER"), name: info.str("SECNAME"), kind: kind, currency: info.str("CURRENCY/CURSYM")}
	switch strings.ToUpper(info.str("SECID/UNIQUEIDTYPE")) {
	case "CUSIP":
		s.cusip = info.str("SECID/UNIQUEID")
	case "ISIN":
		s.isin = info.str("SECID/UNIQUEID")
	}
	c.secs[secKey(info.child("SECID"))] = s
}

// symbol is a security's ticker, else its CUSIP or other id.
func (c *conv) symbol(key string) integrations.Symbol {
	typ, id, _ := strings.Cut(key, ":")
	sym := integrations.Symbol{Type: integrations.SecurityOther}
	if s, ok := c.secs[key]; ok {
		sym = integrations.Symbol{Ticker: s.ticker, Description: s.name, Type: s.kind, CUSIP: s.cusip, ISIN: s.isin, Currency: s.currency}
	} else if typ == "CUSIP" {
		sym.CUSIP = id
	}
	if sym.Ticker == "" {
		sym.Ticker = id
	}
	return sym
}

// resolve fills in symbols once the SECLIST is known.
func (c *conv) resolve() {
	for _, r := range c.acts {
		a := &c.st.Dataset.Activities[r.acct][r.idx]
		sym := c.symbol(r.key)
		a.Symbol = sym.Ticker
		if a.Description == "" {
			a.Description = sym.Description
		}
	}
	for _, r := range c.pos {
		p := &c.st.Dataset.Positions[r.acct][r.idx]
		sym := c.symbol(r.key)
		if sym.Currency == "" {
			sym.Currency = p.Currency
		}
		p.Symbol = sym
	}
}

func (c *conv) institution(root *elem, fallback string) string {
	if org := root.str("SIGNONMSGSRSV1/SONRS/FI/ORG"); org != "" {
		return org
	}
	if fid := root.str("SIGNONMSGSRSV1/SONRS/FI/FID"); fid != "" {
		return fid
	}
	return fallback
}

func (c *conv) invAccount(root, stmt *elem) string {
	if id, ok := c.accts[stmt]; ok {
		return id
	}
	cat := integrations.CategoryInvestment
	if stmt.child("INV401K") != nil || stmt.child("INV401KBAL") != nil {
		cat = integrations.CategoryRetirement
	}
	broker := stmt.str("INVACCTFROM/BROKERID")
	id := c.account(c.institution(root, broker), broker, stmt.str("INVACCTFROM/ACCTID"), stmt.str("CURDEF"), cat, "INVSTMTRS")
	c.accts[stmt] = id
	return id
}

func (c *conv) cashAccount(root, stmt *elem) string {
	if id, ok := c.accts[stmt]; ok {
		return id
	}
	var id string
	if stmt.name == "CCSTMTRS" {
		id = c.account(c.institution(root, ""), "", stmt.str("CCACCTFROM/ACCTID"), stmt.str("CURDEF"), integrations.CategoryCash, "CCSTMTRS")
	} else {
		bank := stmt.str("BANKACCTFROM/BANKID")
		id = c.account(c.institution(root, bank), bank, stmt.str("BANKACCTFROM/ACCTID"), stmt.str("CURDEF"),
			integrations.CategoryCash, strings.TrimSpace("STMTRS "+stmt.str("BANKACCTFROM/ACCTTYPE")))
	}
	c.accts[stmt] = id
	return id
}

// account registers an account; the id hashes the routing or broker id with
// the number, which itself never leaves the parser.
func (c *conv) account(inst, idKey, number, curdef string, cat integrations.Category, rawType string) string {
	id := ident.AccountID(idKey, number)
	for _, a := range c.st.Accounts {
		if a.AccountID == id {
			return id
		}
	}
	masked := ident.Mask(number)
	c.st.Accounts = append(c.st.Accounts, Account{AccountID: id, Institution: inst, Number: masked, Currency: curdef})
	name := inst
	if name == "" {
		name = "OFX"
	}
	c.st.Dataset.Accounts = append(c.st.Dataset.Accounts, integrations.Account{
		ID: id, Number: masked, Name: strings.TrimSpace(name + " " + masked), RawType: rawType,
		Category: cat, Currency: curdef, Status: "open",
	})
	return id
}

func (c *conv) asOf(t time.Time) {
	if t.After(c.st.Dataset.AsOf) {
		c.st.Dataset.AsOf = t
	}
}

func (c *conv) status(trn *elem) error {
	if strings.EqualFold(trn.str("STATUS/SEVERITY"), "ERROR") {
		return fmt.Errorf("%w (status %s)", ErrStatus, trn.str("STATUS/CODE"))
	}
	return nil
}

func (c *conv) invStatement(root, trn *elem) error {
	if err := c.status(trn); err != nil {
		return err
	}
	stmt := trn.child("INVSTMTRS")
	if stmt == nil {
		return nil
	}
	acct := c.invAccount(root, stmt)
	if t, err := ofxTime(stmt.str("DTASOF")); err == nil {
		c.asOf(t)
	}
	bal := stmt.child("INVBAL")
	if bal == nil {
		return nil
	}
	curdef := stmt.str("CURDEF")
	cash, err := bal.num("AVAILCASH")
	if err != nil {
		return bad("AVAILCASH")
	}
	b := integrations.Balance{Currency: curdef, Cash: cash, Total: cash.Add(c.assets[acct])}
	if bp, err := bal.num("BUYPOWER"); err == nil && !bp.IsZero() {
		b.BuyingPower = decimal.NewNullDecimal(bp)
	}
	c.addBalance(acct, b)
	return nil
}

func (c *conv) cashStatement(root, trn *elem, name string) error {
	if err := c.status(trn); err != nil {
		return err
	}
	stmt := trn.child(name)
	if stmt == nil {
		return nil
	}
	acct := c.cashAccount(root, stmt)
	bal, err := stmt.num("LEDGERBAL/BALAMT")
	if err != nil {
		return bad("BALAMT")
	}
	if t, err := ofxTime(stmt.str("LEDGERBAL/DTASOF")); err == nil {
		c.asOf(t)
	}
	c.addBalance(acct, integrations.Balance{Currency: stmt.str("CURDEF"), Cash: bal, Total: bal})
	return nil
}

func (c *conv) addBalance(acct string, b integrations.Balance) {
	if c.st.Dataset.Balances == nil {
		c.st.Dataset.Balances = make(map[string][]integrations.Balance)
	}
	c.st.Dataset.Balances[acct] = append(c.st.Dataset.Balances[acct], b)
	c.st.Items++
}

func bad(what string) error { return fmt.Errorf("%w (%s)", ErrBadValue, what) }

// id returns the activity's base id: its FITID, or a hash of its content
// when the file gives none. Repeats are told apart in uniqueIDs.
func (c *conv) id(fitid string, a *integrations.Activity, sec string) string {
	if fitid == "" {
		return "h" + ident.Hash(string(a.TradeDate), a.RawType, sec, a.Units.String(), a.Amount.String(), a.Description)[:24]
	}
	return fitid
}

// uniqueIDs suffixes the second and later activities of an account that
// share an id with "#1", "#2", … in file order, so re-reading a file gives
// the same ids and a FITID an institution repeats does not merge two rows.
func (c *conv) uniqueIDs() {
	for _, acts := range c.st.Dataset.Activities {
		idx := make([]int32, len(acts))
		for i := range idx {
			idx[i] = int32(i)
		}
		sort.SliceStable(idx, func(i, j int) bool { return acts[idx[i]].ID < acts[idx[j]].ID })
		for i := 1; i < len(idx); i++ {
			n := 0
			for i < len(idx) && acts[idx[i]].ID == acts[idx[i-1-n]].ID {
				n++
				i++
			}
			for k := 1; k <= n; k++ {
				a := &acts[idx[i-1-n+k]]
				a.ID += "#" + strconv.Itoa(k)
			}
		}
	}
}

func (c *conv) addActivity(acct, fitid, sec string, a integrations.Activity) {
	if a.TradeDate == "" {
		c.st.Problems = append(c.st.Problems, Problem{Account: c.masked(acct), Reason: "a transaction has no date"})
		return
	}
	a.ID = c.id(fitid, &a, sec)
	if c.st.Dataset.Activities == nil {
		c.st.Dataset.Activities = make(map[string][]integrations.Activity)
	}
	list := c.st.Dataset.Activities[acct]
	if list == nil && len(c.st.Dataset.Activities) == 0 {
		list = make([]integrations.Activity, 0, c.hint) // most files hold one account
	}
	c.st.Dataset.Activities[acct] = append(list, a)
	if sec != "" {
		if c.acts == nil {
			c.acts = make([]ref, 0, c.hint)
		}
		c.acts = append(c.acts, ref{acct, len(c.st.Dataset.Activities[acct]) - 1, sec})
	}
	c.st.Items++
}

func (c *conv) masked(acct string) string {
	for _, a := range c.st.Accounts {
		if a.AccountID == acct {
			return a.Number
		}
	}
	return ""
}

// currency is a transaction's currency: its CURRENCY's when it has one
// (ORIGCURRENCY means the amounts were converted to CURDEF), else CURDEF.
func currency(e *elem, curdef string) string {
	if c := e.str("CURRENCY/CURSYM"); c != "" {
		return strings.ToUpper(c)
	}
	return curdef
}

// readError wraps an error of the underlying reader, so it is not mistaken
// for a damaged file.
type readError struct{ err error }

func (e readError) Error() string { return e.err.Error() }
func (e readError) Unwrap() error { return e.err }
