package integrations

import (
	"context"
	"net/url"
)

// AccountBook is the accounts side of a client that lists a login's
// accounts with one call: Accounts reads them and keeps, under each one's
// id, what the client addresses it by (its number for a path); Lookup
// answers from what it kept, reading the accounts once more for an id it
// does not know yet. Set Read and NotFound before use; the book is safe for
// concurrent use. A client embeds it: the book's Accounts is the client's.
type AccountBook[T any] struct {
	// Read lists the login's accounts and, at the same index, what the
	// book keeps of each.
	Read func(ctx context.Context) ([]Account, []T, error)
	// NotFound is the error of an id still unknown after a reread.
	NotFound error

	index AccountIndex[T]
}

// Accounts reads the login's accounts and keeps them; a failed read keeps
// what was kept before.
func (b *AccountBook[T]) Accounts(ctx context.Context) ([]Account, error) {
	accts, keep, err := b.Read(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]T, len(accts))
	for i, a := range accts {
		m[a.ID] = keep[i]
	}
	b.index.Set(m)
	return accts, nil
}

// Lookup returns what the book keeps of account id (see AccountIndex.Lookup).
func (b *AccountBook[T]) Lookup(ctx context.Context, id string) (T, error) {
	return b.index.Lookup(ctx, id, func(ctx context.Context) error {
		_, err := b.Accounts(ctx)
		return err
	}, b.NotFound)
}

// SplitAccounts splits a decoder's accounts into their contract side and
// what a client keeps of each (an AccountBook's Read).
func SplitAccounts[A, T any](list []A, split func(A) (Account, T)) ([]Account, []T) {
	accts, keep := make([]Account, 0, len(list)), make([]T, 0, len(list))
	for _, x := range list {
		a, k := split(x)
		accts, keep = append(accts, a), append(keep, k)
	}
	return accts, keep
}

// ReadAccount is a data call of one account: id looked up in book (the
// accounts read again once when it is unknown), read given what the book
// keeps of it (its number, for the path), and the answer decoded.
func ReadAccount[K, T any](ctx context.Context, book *AccountBook[K], id string,
	read func(ctx context.Context, kept K) ([]byte, error), decode func([]byte) (T, error)) (T, error) {
	var zero T
	k, err := book.Lookup(ctx, id)
	if err != nil {
		return zero, err
	}
	b, err := read(ctx, k)
	if err != nil {
		return zero, err
	}
	return decode(b)
}

// AccountPath is the API path of one of an account's lists, the account
// named by its number: prefix, the number escaped for a path, "/" and list
// ("/v1/accounts/", "6YA00005", "balances": /v1/accounts/6YA00005/balances).
func AccountPath(prefix, number, list string) string {
	return prefix + url.PathEscape(number) + "/" + list
}

// ReadList is ReadAccount of a list served under the account's number
// (AccountPath(prefix, number, list)): id looked up in book, the list read
// with get, without a query, and decoded.
func ReadList[T any](ctx context.Context, book *AccountBook[string], id string,
	get func(ctx context.Context, path string, q url.Values) ([]byte, error), prefix, list string, decode func([]byte) (T, error)) (T, error) {
	return ReadAccount(ctx, book, id, func(ctx context.Context, n string) ([]byte, error) {
		return get(ctx, AccountPath(prefix, n, list), nil)
	}, decode)
}
