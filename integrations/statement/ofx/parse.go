package ofx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/aclindsa/ofxgo"
	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement/internal/ident"
)

// ErrStatus is returned for a file whose sign-on or statement status is an
// error (a failed download saved as a file).
var ErrStatus = errors.New("the file reports an error instead of a statement")

// ErrOutOfRange is returned for a file with an amount too large or too
// precise to be real (1e999999).
var ErrOutOfRange = errors.New("an amount in the file is out of range")

// ErrNoStatement is returned for a valid OFX file that holds no bank, card
// or investment statement (a profile or sign-on response only).
var ErrNoStatement = errors.New("the file holds no statement")

func parse(ctx context.Context, b []byte) (st *Statement, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b = fixup(b)
	defer func() {
		// ofxgo walks hostile input with type assertions; a panic there
		// must not take the app down.
		if p := recover(); p != nil {
			st, err = nil, fmt.Errorf("unreadable OFX (%v)", p)
		}
	}()
	if !isXML(b) {
		if b, err = sgmlToXML(b); err != nil {
			return nil, fmt.Errorf("unreadable OFX: %w", err)
		}
	}
	resp, err := ofxgo.DecodeResponse(bytes.NewReader(b))
	if err != nil && isXML(b) {
		// Some exporters declare OFX 2 (XML) and then write 1.x SGML
		// leaves without closing tags: read the body as SGML.
		if sg := asSGML(b); sg != nil {
			if r2, err2 := ofxgo.DecodeResponse(bytes.NewReader(sg)); err2 == nil {
				resp, err = r2, nil
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("unreadable OFX: %s", short(err.Error()))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if resp.Signon.Status.Code != 0 {
		return nil, fmt.Errorf("%w (sign-on status %d)", ErrStatus, resp.Signon.Status.Code)
	}
	c := &conv{
		st:   &Statement{},
		secs: make(map[string]security),
		org:  strings.TrimSpace(string(resp.Signon.Org)),
		fid:  strings.TrimSpace(string(resp.Signon.Fid)),
		seen: make(map[string]int),
	}
	for _, m := range resp.SecList {
		if sl, ok := m.(*ofxgo.SecurityList); ok {
			c.securities(sl)
		}
	}
	found := false
	for _, m := range resp.InvStmt {
		if s, ok := m.(*ofxgo.InvStatementResponse); ok {
			found = true
			if err := c.inv(ctx, s); err != nil {
				return nil, err
			}
		}
	}
	for _, m := range resp.Bank {
		if s, ok := m.(*ofxgo.StatementResponse); ok {
			found = true
			if err := c.bank(ctx, s); err != nil {
				return nil, err
			}
		}
	}
	for _, m := range resp.CreditCard {
		if s, ok := m.(*ofxgo.CCStatementResponse); ok {
			found = true
			if err := c.card(ctx, s); err != nil {
				return nil, err
			}
		}
	}
	if !found {
		return nil, ErrNoStatement
	}
	if c.bad {
		return nil, ErrOutOfRange
	}
	if c.st.Dataset.AsOf.IsZero() {
		c.st.Dataset.AsOf = time.Now().UTC()
	}
	return c.st, nil
}

// sgmlHeader is an OFX 1.02 header, put before the body of an XML-declared
// file whose body is SGML.
const sgmlHeader = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"

func isXML(b []byte) bool {
	return bytes.HasPrefix(b, []byte("<?xml")) || bytes.HasPrefix(b, []byte("<?XML"))
}

func asSGML(b []byte) []byte {
	i := bytes.Index(b, []byte("<OFX>"))
	if i < 0 {
		return nil
	}
	return append([]byte(sgmlHeader), b[i:]...)
}

// fixup repairs what real files get wrong and ofxgo refuses: an SGML header
// that runs straight into <OFX> without a blank line, and a time zone with
// no offset ("[-:EST]", "[+:EST]").
func fixup(b []byte) []byte {
	b = bytes.TrimLeft(b, " \t\r\n")
	for _, bad := range [][]byte{[]byte("[-:"), []byte("[+:")} {
		for i := bytes.Index(b, bad); i >= 0; i = bytes.Index(b, bad) {
			b[i+1] = '0' // in place: same length
		}
	}
	if bytes.HasPrefix(b, []byte("OFXHEADER")) {
		if i := bytes.Index(b, []byte("<OFX>")); i > 0 && !bytes.HasSuffix(bytes.TrimRight(b[:i], " \t"), []byte("\n")) {
			out := make([]byte, 0, len(b)+2)
			out = append(out, b[:i]...)
			out = append(out, '\n', '\n')
			return append(out, b[i:]...)
		}
	}
	return b
}

func short(s string) string {
	if len(s) > 160 {
		s = s[:160]
	}
	return s
}

type security struct {
	ticker, name, cusip, isin string
	kind                      integrations.SecurityType
	currency                  string
}

type conv struct {
	st       *Statement
	secs     map[string]security
	org, fid string
	seen     map[string]int
	bad      bool // an amount was out of range
}

func (c *conv) institution(fallback string) string {
	switch {
	case c.org != "":
		return c.org
	case c.fid != "":
		return c.fid
	}
	return strings.TrimSpace(fallback)
}

func (c *conv) securities(sl *ofxgo.SecurityList) {
	for _, s := range sl.Securities {
		var info ofxgo.SecInfo
		kind := integrations.SecurityOther
		switch v := s.(type) {
		case ofxgo.StockInfo:
			info, kind = v.SecInfo, integrations.SecurityEquity
		case ofxgo.MFInfo:
			info, kind = v.SecInfo, integrations.SecurityFund
		case ofxgo.OptInfo:
			info, kind = v.SecInfo, integrations.SecurityOption
		case ofxgo.DebtInfo:
			info, kind = v.SecInfo, integrations.SecurityBond
		case ofxgo.OtherInfo:
			info = v.SecInfo
		default:
			continue
		}
		sec := security{
			ticker: strings.TrimSpace(string(info.Ticker)),
			name:   strings.TrimSpace(string(info.SecName)),
			kind:   kind,
		}
		id := strings.TrimSpace(string(info.SecID.UniqueID))
		switch strings.ToUpper(strings.TrimSpace(string(info.SecID.UniqueIDType))) {
		case "CUSIP":
			sec.cusip = id
		case "ISIN":
			sec.isin = id
		}
		if info.Currency != nil {
			sec.currency = info.Currency.CurSym.String()
		}
		c.secs[secKey(info.SecID)] = sec
	}
}

func secKey(id ofxgo.SecurityID) string {
	return strings.ToUpper(strings.TrimSpace(string(id.UniqueIDType))) + ":" + strings.TrimSpace(string(id.UniqueID))
}

// symbol returns the security's ticker (else its CUSIP or other id) and its
// description.
func (c *conv) symbol(id ofxgo.SecurityID) (integrations.Symbol, string) {
	s, ok := c.secs[secKey(id)]
	uid := strings.TrimSpace(string(id.UniqueID))
	sym := integrations.Symbol{Type: integrations.SecurityOther}
	if ok {
		sym = integrations.Symbol{Ticker: s.ticker, Description: s.name, Type: s.kind, CUSIP: s.cusip, ISIN: s.isin, Currency: s.currency}
	} else if strings.EqualFold(strings.TrimSpace(string(id.UniqueIDType)), "CUSIP") {
		sym.CUSIP = uid
	}
	if sym.Ticker == "" {
		sym.Ticker = uid
	}
	return sym, sym.Ticker
}

// maxBits bounds an amount's numerator and denominator (about 60 digits):
// OFX amounts are plain decimals, but ofxgo also accepts exponents up to
// 1e1000000, whose million-digit values would make every later sum slow.
const maxBits = 200

// dec converts an OFX amount exactly when its decimal expansion ends (it
// always does for amounts written in decimal), else to 16 places. An
// amount out of range reads as zero and marks the file bad.
func (c *conv) dec(a ofxgo.Amount) decimal.Decimal {
	r := &a.Rat
	if r.Num().BitLen() > maxBits || r.Denom().BitLen() > maxBits {
		c.bad = true
		return decimal.Zero
	}
	if r.IsInt() {
		return decimal.NewFromBigInt(r.Num(), 0)
	}
	den := new(big.Int).Set(r.Denom())
	twos, fives := 0, 0
	two, five, zero := big.NewInt(2), big.NewInt(5), new(big.Int)
	m := new(big.Int)
	for i := 0; i < 64 && den.Cmp(big.NewInt(1)) > 0; i++ {
		if m.Mod(den, two); m.Cmp(zero) == 0 {
			den.Quo(den, two)
			twos++
			continue
		}
		if m.Mod(den, five); m.Cmp(zero) == 0 {
			den.Quo(den, five)
			fives++
			continue
		}
		break
	}
	prec := 16
	if den.Cmp(big.NewInt(1)) == 0 {
		prec = max(twos, fives)
	}
	return decimal.NewFromBigRat(r, int32(prec))
}

func date(d ofxgo.Date) integrations.Date {
	if d.IsZero() {
		return ""
	}
	return integrations.DateOf(d.Time)
}

func datePtr(d *ofxgo.Date) integrations.Date {
	if d == nil {
		return ""
	}
	return date(*d)
}

// account registers an account and returns its id.
func (c *conv) account(inst, number, curdef string, cat integrations.Category, rawType string) string {
	id := ident.AccountID(inst, number)
	for _, a := range c.st.Accounts {
		if a.AccountID == id {
			return id
		}
	}
	masked := ident.Mask(number)
	c.st.Accounts = append(c.st.Accounts, Account{AccountID: id, Institution: c.institution(inst), Number: masked, Currency: curdef})
	name := c.institution(inst)
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

// id returns the activity's id: its FITID made unique within the account,
// or a hash of its content when the file gives none.
func (c *conv) id(acct, fitid string, a *integrations.Activity) string {
	fitid = strings.TrimSpace(fitid)
	if fitid == "" {
		fitid = "h" + ident.Hash(string(a.TradeDate), a.RawType, a.Symbol, a.Units.String(), a.Amount.String(), a.Description)[:24]
	}
	k := acct + "\x00" + fitid
	n := c.seen[k]
	c.seen[k] = n + 1
	if n > 0 {
		return fitid + "#" + fmt.Sprint(n)
	}
	return fitid
}

func (c *conv) addActivity(acct, fitid string, a integrations.Activity) {
	if a.TradeDate == "" {
		c.st.Problems = append(c.st.Problems, Problem{Account: c.masked(acct), Reason: "a transaction has no date"})
		return
	}
	a.ID = c.id(acct, fitid, &a)
	if c.st.Dataset.Activities == nil {
		c.st.Dataset.Activities = make(map[string][]integrations.Activity)
	}
	c.st.Dataset.Activities[acct] = append(c.st.Dataset.Activities[acct], a)
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

func statusErr(s ofxgo.Status) error {
	if s.Code != 0 && s.Severity.String() == "ERROR" {
		return fmt.Errorf("%w (status %d)", ErrStatus, s.Code)
	}
	return nil
}

func curOf(curdef string, cur, orig *ofxgo.Currency) string {
	if cur != nil {
		if ok, _ := cur.Valid(); ok {
			return cur.CurSym.String()
		}
	}
	return curdef
}

func curdefOf(c ofxgo.CurrSymbol) string {
	if ok, _ := c.Valid(); ok {
		return c.String()
	}
	return ""
}
