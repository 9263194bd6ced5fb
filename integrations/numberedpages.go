package integrations

import "context"

// ReadNumbered is a list read in numbered pages (the request names a page
// number or index): page reads page n, counting from first, and returns its
// items and whether another page follows. The items come in the order
// read. A server that never stops is cut off after maxPages pages with an
// error matching ErrUnavailable ("too many pages").
func ReadNumbered[T any](ctx context.Context, maxPages, first int, page func(ctx context.Context, n int) ([]T, bool, error)) ([]T, error) {
	var out []T
	for n := first; n < first+maxPages; n++ {
		items, more, err := page(ctx, n)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
		if !more {
			return out, nil
		}
	}
	return nil, Wrap(ErrUnavailable, "too many pages")
}
