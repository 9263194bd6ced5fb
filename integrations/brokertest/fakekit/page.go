package fakekit

// Page is the page of rows that starts at offset and holds at most size
// rows, cut to the rows there are (a negative offset is 0; none past the
// end), and end, where the next page starts: len(rows) when this one is
// the last. The page shares rows's backing array, as rows[offset:end].
func Page[T any](rows []T, offset, size int) (page []T, end int) {
	start := min(max(offset, 0), len(rows))
	end = start + min(max(size, 0), len(rows)-start)
	return rows[start:end], end
}
