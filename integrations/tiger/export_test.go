package tiger

// SetPageLimit lowers the transactions asked for per page, for a test.
func SetPageLimit(n int) (restore func()) {
	old := pageLimit
	pageLimit = n
	return func() { pageLimit = old }
}
