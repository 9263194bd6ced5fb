package simplefin

import (
	"bytes"
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/latchkey/latchkey/integrations"
)

// The wire types follow protocol.html ("Data"): an Account Set with
// errlist (Error objects), the deprecated errors (strings), connections
// (Connection objects) and accounts (Account objects); an Account with
// conn_id, or (servers of the first protocol) an org (Organization); its
// transactions; and the holdings the Bridge adds for many brokerages.

type wireSet struct {
	// Errors is the deprecated list of strings "suitable for displaying to
	// a user"; Errlist the structured list that replaces it.
	Errors      []flexString `json:"errors"`
	Errlist     []wireError  `json:"errlist"`
	Connections []wireConn   `json:"connections"`
	Accounts    []wireAccount
}

// UnmarshalJSON reads the set, keeping accounts that decode and dropping
// the others (an account the server half-wrote costs only itself).
func (s *wireSet) UnmarshalJSON(b []byte) error {
	var raw struct {
		Errors      json.RawMessage   `json:"errors"`
		Errlist     json.RawMessage   `json:"errlist"`
		Connections json.RawMessage   `json:"connections"`
		Accounts    []json.RawMessage `json:"accounts"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*s = wireSet{}
	lenient(raw.Errors, &s.Errors)
	lenient(raw.Errlist, &s.Errlist)
	lenient(raw.Connections, &s.Connections)
	for _, a := range raw.Accounts {
		var w wireAccount
		if json.Unmarshal(a, &w) == nil {
			s.Accounts = append(s.Accounts, w)
		}
	}
	return nil
}

// lenient decodes a list element by element, dropping the elements that
// do not decode.
func lenient[T any](b json.RawMessage, out *[]T) {
	var list []json.RawMessage
	if json.Unmarshal(b, &list) != nil {
		return
	}
	for _, e := range list {
		var v T
		if json.Unmarshal(e, &v) == nil {
			*out = append(*out, v)
		}
	}
}

// wireError is an Error: code ("gen.", "gen.api", "gen.auth", "con.",
// "con.auth", "act.", "act.failed", "act.missingdata"), msg, and conn_id or
// account_id when the error is specific to one. The protocol's table names
// the text "msg", its first example "message": both are read.
type wireError struct {
	Code      flexString `json:"code"`
	Msg       flexString `json:"msg"`
	Message   flexString `json:"message"`
	ConnID    flexString `json:"conn_id"`
	AccountID flexString `json:"account_id"`
}

func (e wireError) text() string { return firstOf(string(e.Msg), string(e.Message)) }

// wireConn is a Connection: "a single connection to an institution".
type wireConn struct {
	ConnID  flexString `json:"conn_id"`
	Name    flexString `json:"name"`
	OrgID   flexString `json:"org_id"`
	OrgName flexString `json:"org_name"`
	OrgURL  flexString `json:"org_url"`
	SfinURL flexString `json:"sfin_url"`
}

// wireOrg is the deprecated Organization: "Either domain or name is
// required"; the Bridge adds url and id.
type wireOrg struct {
	Domain  flexString `json:"domain"`
	SfinURL flexString `json:"sfin-url"`
	Name    flexString `json:"name"`
	URL     flexString `json:"url"`
	ID      flexString `json:"id"`
}

type wireAccount struct {
	Org          *wireOrg            `json:"org"`
	ID           flexString          `json:"id"`
	Name         flexString          `json:"name"`
	ConnID       flexString          `json:"conn_id"`
	ConnName     flexString          `json:"conn_name"`
	Currency     flexString          `json:"currency"`
	Balance      integrations.Number `json:"balance"`
	Available    integrations.Number `json:"available-balance"`
	BalanceDate  flexInt             `json:"balance-date"`
	Transactions []wireTxn           `json:"-"`
	Holdings     []wireHolding       `json:"-"`
}

// UnmarshalJSON reads an account; its transactions and holdings element
// by element.
func (a *wireAccount) UnmarshalJSON(b []byte) error {
	type plain wireAccount
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	var lists struct {
		Transactions json.RawMessage `json:"transactions"`
		Holdings     json.RawMessage `json:"holdings"`
	}
	if err := json.Unmarshal(b, &lists); err != nil {
		return err
	}
	*a = wireAccount(p)
	lenient(lists.Transactions, &a.Transactions)
	lenient(lists.Holdings, &a.Holdings)
	return nil
}

// wireTxn is a Transaction: posted ("If the transaction is pending, this
// may be 0"), amount ("Positive numbers indicate money being deposited
// into the account"), description, transacted_at, pending; the Bridge adds
// payee, memo and mcc.
type wireTxn struct {
	ID           flexString          `json:"id"`
	Posted       flexInt             `json:"posted"`
	Amount       integrations.Number `json:"amount"`
	Description  flexString          `json:"description"`
	Payee        flexString          `json:"payee"`
	Memo         flexString          `json:"memo"`
	TransactedAt flexInt             `json:"transacted_at"`
	Pending      bool                `json:"pending"`
}

// wireHolding is a holding as the Bridge sends them (its public demo:
// id, created, cost_basis "55.00", currency, description "Shares of
// Apple", market_value "105884.8", purchase_price "0.10", shares "550.0",
// symbol "AAPL"): cost_basis is the position's total cost (550 × 0.10).
type wireHolding struct {
	ID            flexString          `json:"id"`
	Created       flexInt             `json:"created"`
	Currency      flexString          `json:"currency"`
	CostBasis     integrations.Number `json:"cost_basis"`
	Description   flexString          `json:"description"`
	MarketValue   integrations.Number `json:"market_value"`
	PurchasePrice integrations.Number `json:"purchase_price"`
	Shares        integrations.Number `json:"shares"`
	Symbol        flexString          `json:"symbol"`
}

// flexString reads a JSON string, or a number as its text; anything else
// is empty. Control characters are dropped and the text trimmed.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	var s string
	switch {
	case len(b) > 0 && b[0] == '"':
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	case len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9'):
		s = string(b)
	}
	*f = flexString(clean(s))
	return nil
}

// clean drops control and format characters and trims.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// flexInt reads a UNIX epoch timestamp: a JSON integer (or float with a
// zero fraction), or one in a string; anything else is 0.
type flexInt int64

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(strings.TrimSpace(string(b)), `"`)
	*f = 0
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		*f = flexInt(n)
	} else if x, err := strconv.ParseFloat(s, 64); err == nil && x == float64(int64(x)) && x > -1e15 && x < 1e15 {
		*f = flexInt(int64(x))
	}
	return nil
}

// time is the timestamp, or the zero time for 0 and absurd values (before
// 1970 or after 3000).
func (f flexInt) time() time.Time {
	if f <= 0 || f > 32503680000 {
		return time.Time{}
	}
	return time.Unix(int64(f), 0).UTC()
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// errMalformed is a body that is not an Account Set.
var errMalformed = errors.New("simplefin: not an account set")

// decodeSet reads an Account Set. A body without an accounts list is
// malformed; so is one whose errlist, connections or errors are not lists.
func decodeSet(b []byte) (*wireSet, error) {
	var probe map[string]json.RawMessage
	if json.Unmarshal(b, &probe) != nil {
		return nil, errMalformed
	}
	acc, ok := probe["accounts"]
	if !ok || !isList(acc) {
		return nil, errMalformed
	}
	for _, k := range []string{"errlist", "connections", "errors"} {
		if v, ok := probe[k]; ok && !isList(v) && string(bytes.TrimSpace(v)) != "null" {
			return nil, errMalformed
		}
	}
	var s wireSet
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, errMalformed
	}
	return &s, nil
}

func isList(b json.RawMessage) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && b[0] == '['
}

// conn is one connection of a set as Latchkey names it.
type conn struct {
	Key  string // "c:" + conn_id, or "o:" + the organization's key
	Name string // what it reaches, to show ("Fidelity Investments")
	// Site is the institution's own address, for its monogram.
	Site string
}

// orgKey names an organization of the first protocol: its id, domain,
// name or SimpleFIN URL, whichever it has first.
func orgKey(o *wireOrg) string {
	if o == nil {
		return ""
	}
	return firstOf(string(o.ID), string(o.Domain), string(o.Name), string(o.SfinURL))
}

// accountConn is the key of the connection an account belongs to.
func accountConn(a wireAccount) string {
	if a.ConnID != "" {
		return "c:" + string(a.ConnID)
	}
	if k := orgKey(a.Org); k != "" {
		return "o:" + k
	}
	return ""
}

// connections lists the set's connections: the protocol's connections
// list, then those its accounts name (conn_id without a listed
// connection, or an org), in the order they first appear. The name is the
// connection's ("Human-friendly name for this connection. This should
// include the financial institution name"), else its organization's.
func (s *wireSet) connections() []conn {
	var out []conn
	seen := map[string]int{}
	add := func(c conn) {
		if c.Key == "" || c.Key == "c:" || c.Key == "o:" {
			return
		}
		if i, ok := seen[c.Key]; ok {
			if out[i].Name == "" {
				out[i].Name = c.Name
			}
			if out[i].Site == "" {
				out[i].Site = c.Site
			}
			return
		}
		seen[c.Key] = len(out)
		out = append(out, c)
	}
	for _, c := range s.Connections {
		add(conn{Key: "c:" + string(c.ConnID), Name: firstOf(string(c.Name), string(c.OrgName), string(c.OrgID)),
			Site: firstOf(string(c.OrgURL), string(c.SfinURL))})
	}
	for _, a := range s.Accounts {
		c := conn{Key: accountConn(a), Name: string(a.ConnName)}
		if a.Org != nil {
			c.Name = firstOf(c.Name, string(a.Org.Name), string(a.Org.Domain))
			c.Site = firstOf(string(a.Org.URL), string(a.Org.Domain), string(a.Org.SfinURL))
		}
		add(c)
	}
	for i := range out {
		if out[i].Name == "" {
			out[i].Name = "SimpleFIN connection"
		}
	}
	return out
}

// accountsOf returns the accounts of one connection.
func (s *wireSet) accountsOf(key string) []wireAccount {
	var out []wireAccount
	seen := map[string]bool{}
	for _, a := range s.Accounts {
		if a.ID == "" || accountConn(a) != key || seen[string(a.ID)] {
			continue
		}
		seen[string(a.ID)] = true
		out = append(out, a)
	}
	return out
}

// sortConns orders connections by name, then key: a stable order for the
// login's DoneStep and its Also.
func sortConns(cs []conn) {
	sort.SliceStable(cs, func(i, j int) bool {
		if a, b := strings.ToLower(cs[i].Name), strings.ToLower(cs[j].Name); a != b {
			return a < b
		}
		return cs[i].Key < cs[j].Key
	})
}
