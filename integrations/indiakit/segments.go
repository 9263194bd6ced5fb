package indiakit

import (
	"context"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// The segments of a login that shows an account per segment (Zerodha's
// Kite, Upstox): equity always, commodity when MCX is enabled.
const (
	SegEquity    = "equity"
	SegCommodity = "commodity"
)

// SegmentID is the Latchkey id of a user's segment account.
func SegmentID(uid, seg string) string { return uid + "-" + seg }

// SplitSegment returns the user and segment of a segment account's id.
func SplitSegment(id string) (uid, seg string, ok bool) {
	i := strings.LastIndexByte(id, '-')
	if i <= 0 {
		return "", "", false
	}
	uid, seg = id[:i], id[i+1:]
	return uid, seg, seg == SegEquity || seg == SegCommodity
}

// SegmentNames are how a broker names its segment accounts: Name is the
// broker's name shown before "Equity" or "Commodity", RawEquity and
// RawCommodity the accounts' raw types.
type SegmentNames struct {
	Name, RawEquity, RawCommodity string
}

// SegmentAccounts are a login's accounts: equity always, commodity when MCX
// is among the user's enabled exchanges; their status is status ("open",
// "inactive"), their number the user id's last four characters.
func SegmentAccounts(uid string, exchanges []string, names SegmentNames, status string) []integrations.Account {
	acct := func(seg, name, raw string) integrations.Account {
		return integrations.Account{
			ID: SegmentID(uid, seg), Number: integrations.MaskNumber(uid), Name: names.Name + " " + name, RawType: raw,
			Category: integrations.CategoryInvestment, Currency: Currency, Status: status,
		}
	}
	out := []integrations.Account{acct(SegEquity, "Equity", names.RawEquity)}
	for _, x := range exchanges {
		if strings.EqualFold(x, "MCX") {
			out = append(out, acct(SegCommodity, "Commodity", names.RawCommodity))
			break
		}
	}
	return out
}

// Segments is how a broker with an account per segment reads them: each
// broker's client gives its own calls, Segments checks the account and puts
// the answers together the same way for every broker. A client embeds it
// for its Accounts, Balances and Positions, and through its Conn the
// broker's API (whose Name names the broker in Segments' messages).
type Segments struct {
	Conn
	// UserID is the login's user; NoAccount the error for an account that is
	// not one of its segments (nil: integrations.NoAccount of the API's
	// name).
	UserID    string
	NoAccount error
	// Profile reads the user the session answers for and its segment
	// accounts (the broker's profile).
	Profile func(ctx context.Context) (uid string, accounts []integrations.Account, err error)
	// Holdings reads the demat holdings (equity only) at their last price.
	Holdings func(ctx context.Context) ([]integrations.Position, error)
	// Funds reads a segment's cash and buying power.
	Funds func(ctx context.Context, seg string) (cash, buyingPower decimal.Decimal, err error)
	// Open reads a segment's open positions.
	Open func(ctx context.Context, seg string) ([]integrations.Position, error)
}

// Accounts returns the login's segment accounts once Profile has checked
// that the session answers for the login's user (ids compared as Book's,
// [SameClient]): an answer for another user means the grant is no longer
// this login's (ErrReauthRequired).
func (s Segments) Accounts(ctx context.Context) ([]integrations.Account, error) {
	uid, accts, err := s.Profile(ctx)
	if err != nil {
		return nil, err
	}
	if !SameClient(uid, s.UserID) {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, s.API.Name+" answered for another user")
	}
	return accts, nil
}

// Segment checks accountID belongs to the login and returns its segment.
func (s Segments) Segment(accountID string) (string, error) {
	uid, seg, ok := SplitSegment(accountID)
	if !ok || uid != s.UserID {
		return "", s.noAccount(s.NoAccount)
	}
	return seg, nil
}

// Balances returns the segment's INR balance: its cash and buying power,
// and for equity a total that adds the holdings at their last price.
func (s Segments) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	seg, err := s.Segment(accountID)
	if err != nil {
		return nil, err
	}
	cash, bp, err := s.Funds(ctx, seg)
	if err != nil {
		return nil, err
	}
	total := cash
	if seg == SegEquity {
		hs, err := s.Holdings(ctx)
		if err != nil {
			return nil, err
		}
		total = total.Add(Value(hs))
	}
	return []integrations.Balance{{Currency: Currency, Cash: cash, BuyingPower: decimal.NewNullDecimal(bp), Total: total}}, nil
}

// Positions returns the segment's holdings (equity only) and open
// positions.
func (s Segments) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	seg, err := s.Segment(accountID)
	if err != nil {
		return nil, err
	}
	var out []integrations.Position
	if seg == SegEquity {
		if out, err = s.Holdings(ctx); err != nil {
			return nil, err
		}
	}
	pos, err := s.Open(ctx, seg)
	if err != nil {
		return nil, err
	}
	return append(out, pos...), nil
}
