package integrations

import (
	"cmp"
	"context"
	"slices"
)

// Described completes positions listed with their units (raw) by one call
// of their own that describes or prices them (a symbols or a quotes call):
// keyed says which key a raw position is asked about (false: none, it is
// built with nothing), read makes the call with the keys sorted, each once,
// and build makes a position of a raw one and what the call said of its key
// (the zero value when it said nothing or failed). Without a key to ask,
// read is not called. The call's error comes back with the positions, for
// the client to say what it cost ([PricesUnknown], [Partial]).
func Described[R any, K cmp.Ordered, D any](ctx context.Context, raw []R, keyed func(R) (K, bool),
	read func(ctx context.Context, keys []K) (map[K]D, error), build func(R, D) Position) ([]Position, error) {
	var keys []K
	for _, r := range raw {
		if k, ok := keyed(r); ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	var said map[K]D
	var err error
	if len(keys) > 0 {
		said, err = read(ctx, keys)
	}
	out := make([]Position, 0, len(raw))
	for _, r := range raw {
		var d D
		if k, ok := keyed(r); ok {
			d = said[k]
		}
		out = append(out, build(r, d))
	}
	return out, err
}
