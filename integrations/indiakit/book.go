package indiakit

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// Book is how India's brokers read a login's one account: each broker's
// client gives its own calls, Book checks the account and puts the answers
// together the same way for every broker. A client embeds the Book (set
// when the client is made, its calls reading the session when they run),
// which serves its Accounts, Balances, Positions and Activities (the day's
// fills), and through its Conn the broker's API (whose Name names the
// broker in Book's messages).
type Book struct {
	Conn
	// Account is the login's one account, of the broker's client Client;
	// NoAccount is the error for any other account id (nil:
	// integrations.NoAccount of the API's name).
	Account   integrations.Account
	Client    string
	NoAccount error
	// Owner reads the client id the session answers for (the broker's
	// profile), which Accounts checks (a client that checks its session
	// another way has its own Accounts).
	Owner func(ctx context.Context) (string, error)
	// Funds reads the account's funds; the balance it returns is given the
	// holdings' value, read after the funds.
	Funds func(ctx context.Context) (func(holdings decimal.Decimal) (integrations.Balance, error), error)
	// Holdings reads the demat holdings at their last price.
	Holdings func(ctx context.Context) ([]integrations.Position, error)
	// Open reads the open (intraday and derivatives) positions.
	Open func(ctx context.Context) ([]integrations.Position, error)
	// TradeBook reads the day's fills (the trade book), mapped.
	TradeBook func(ctx context.Context) ([]integrations.Activity, error)
}

// Check returns NoAccount unless accountID is the login's account.
func (b Book) Check(accountID string) error {
	if accountID != b.Account.ID {
		return b.noAccount(b.NoAccount)
	}
	return nil
}

// noAccount is err, or when it is nil the kit's error for an account the
// login does not have, naming the broker by its API's name.
func (c Conn) noAccount(err error) error {
	if err != nil {
		return err
	}
	return integrations.NoAccount(c.API.Name)
}

// Accounts returns the login's one account once Owner has checked that the
// session answers for the login's client (ids compared as the brokers write
// them, case and spaces aside): an answer for another client means the grant
// is no longer this login's (ErrReauthRequired).
func (b Book) Accounts(ctx context.Context) ([]integrations.Account, error) {
	owner, err := b.Owner(ctx)
	if err != nil {
		return nil, err
	}
	if !SameClient(owner, b.Client) {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, b.API.Name+" answered for another client")
	}
	return []integrations.Account{b.Account}, nil
}

// SameClient reports whether a and b are the same client or user id as the
// brokers write them, case and spaces aside (a profile may answer "ab123 "
// for the login's AB123).
func SameClient(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// Balances returns the INR balance: the funds, with the holdings.
func (b Book) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	if err := b.Check(accountID); err != nil {
		return nil, err
	}
	bal, err := b.Funds(ctx)
	if err != nil {
		return nil, err
	}
	hs, err := b.Holdings(ctx)
	if err != nil {
		return nil, err
	}
	r, err := bal(Value(hs))
	if err != nil {
		return nil, err
	}
	return []integrations.Balance{r}, nil
}

// Positions returns the demat holdings and the open positions.
func (b Book) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	if err := b.Check(accountID); err != nil {
		return nil, err
	}
	out, err := b.Holdings(ctx)
	if err != nil {
		return nil, err
	}
	pos, err := b.Open(ctx)
	if err != nil {
		return nil, err
	}
	return append(out, pos...), nil
}

// DayActivities returns the trade book's fills traded on or after since's
// date in India, each once, by id: the brokers keep no older trades. A
// trade book read in part (an error matching ErrPartial: a list cut off)
// gives its fills with that error; any other error gives none.
func (b Book) DayActivities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	if err := b.Check(accountID); err != nil {
		return nil, err
	}
	acts, err := b.TradeBook(ctx)
	if err != nil && !errors.Is(err, integrations.ErrPartial) {
		return nil, err
	}
	var from integrations.Date
	if !since.IsZero() {
		from = integrations.DateOf(since.In(IST))
	}
	var out []integrations.Activity
	for _, a := range acts {
		if a.TradeDate >= from {
			out = append(out, a)
		}
	}
	out = integrations.Dedupe(out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, err
}

// ActivitiesReach is today in India (integrations.ActivitiesReacher): the
// trade book lists only the day's fills, so the app keeps the days before
// it as earlier syncs read them. A client that reads further back with an
// Activities of its own has an ActivitiesReach of its own too.
func (b Book) ActivitiesReach(time.Time) integrations.Date {
	return integrations.DateOf(b.Env.Time().In(IST))
}

// Activities is DayActivities: the contract's Activities of a client that
// embeds the Book.
func (b Book) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	return b.DayActivities(ctx, accountID, since)
}

// Getter reads one path of a broker's API with the login's session.
type Getter func(ctx context.Context, path string) ([]byte, error)

// ReadAt reads path with get and decodes it as of now().
func ReadAt[T any](get Getter, path string, now func() time.Time, decode func([]byte, time.Time) (T, error)) func(context.Context) (T, error) {
	return func(ctx context.Context) (T, error) {
		b, err := get(ctx, path)
		if err != nil {
			var zero T
			return zero, err
		}
		return decode(b, now())
	}
}

// ReadSegment reads path with get and decodes one segment's share of it as
// of now(): a segment account's read of a list that holds every segment
// (the open positions).
func ReadSegment[T any](get Getter, path string, now func() time.Time, decode func([]byte, string, time.Time) (T, error)) func(context.Context, string) (T, error) {
	return func(ctx context.Context, seg string) (T, error) {
		b, err := get(ctx, path)
		if err != nil {
			var zero T
			return zero, err
		}
		return decode(b, seg, now())
	}
}

// ReadFills reads the trade book at path with get, decodes its rows and maps
// each onto an activity.
func ReadFills[T any](get Getter, path string, decode func([]byte) ([]T, error), activity func(T) integrations.Activity) func(context.Context) ([]integrations.Activity, error) {
	return func(ctx context.Context) ([]integrations.Activity, error) {
		b, err := get(ctx, path)
		if err != nil {
			return nil, err
		}
		rows, err := decode(b)
		if err != nil {
			return nil, err
		}
		out := make([]integrations.Activity, 0, len(rows))
		for _, r := range rows {
			out = append(out, activity(r))
		}
		return out, nil
	}
}

// ReadFunds reads the funds at path with get and decodes them; the balance
// is made with the holdings' value (see Book.Funds).
func ReadFunds[T any](get Getter, path string, decode func([]byte) (T, error), balance func(T, decimal.Decimal) integrations.Balance) func(context.Context) (func(decimal.Decimal) (integrations.Balance, error), error) {
	return func(ctx context.Context) (func(decimal.Decimal) (integrations.Balance, error), error) {
		b, err := get(ctx, path)
		if err != nil {
			return nil, err
		}
		f, err := decode(b)
		if err != nil {
			return nil, err
		}
		return func(v decimal.Decimal) (integrations.Balance, error) { return balance(f, v), nil }, nil
	}
}
