package integrations

import (
	"context"
	"sync"
)

// AccountIndex keeps, under each account's id, what a client needs to
// address the account (its number for a path, its currency), and reads the
// accounts again once when asked for an id it does not know yet. The zero
// value is ready; it is safe for concurrent use.
type AccountIndex[T any] struct {
	mu sync.Mutex
	m  map[string]T
}

// Set replaces the index.
func (x *AccountIndex[T]) Set(m map[string]T) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.m = m
}

func (x *AccountIndex[T]) lookup(id string) (T, bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	v, ok := x.m[id]
	return v, ok
}

// Get returns the entry for id. When id is unknown it calls reload (which
// reads the accounts and calls Set) once; ok is false if id is still unknown.
func (x *AccountIndex[T]) Get(ctx context.Context, id string, reload func(context.Context) error) (v T, ok bool, err error) {
	if v, ok = x.lookup(id); ok {
		return v, true, nil
	}
	if err := reload(ctx); err != nil {
		return v, false, err
	}
	v, ok = x.lookup(id)
	return v, ok, nil
}

// Lookup is Get with an id still unknown after the reload an error:
// notFound.
func (x *AccountIndex[T]) Lookup(ctx context.Context, id string, reload func(context.Context) error, notFound error) (T, error) {
	v, ok, err := x.Get(ctx, id, reload)
	if err == nil && !ok {
		err = notFound
	}
	return v, err
}

// SetIndex replaces x with an entry per account of list: entry names each
// one's id and what x keeps of it.
func SetIndex[A, T any](x *AccountIndex[T], list []A, entry func(A) (id string, v T)) {
	m := make(map[string]T, len(list))
	for _, a := range list {
		id, v := entry(a)
		m[id] = v
	}
	x.Set(m)
}
