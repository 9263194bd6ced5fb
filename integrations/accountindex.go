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
