package integrations

import "context"

// ReadPages is a list read in pages that each name the next (a page token,
// a cursor, a next link): page reads the page at cursor ("" for the first)
// and returns its items and the next page's cursor, "" after the last. The
// items come in the order read. A server that never stops is cut off after
// maxPages pages with an error matching ErrUnavailable ("too many pages").
func ReadPages[T any](ctx context.Context, maxPages int, page func(ctx context.Context, cursor string) ([]T, string, error)) ([]T, error) {
	var out []T
	cursor := ""
	for range maxPages {
		items, next, err := page(ctx, cursor)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
		if next == "" {
			return out, nil
		}
		cursor = next
	}
	return nil, Wrap(ErrUnavailable, "too many pages")
}
