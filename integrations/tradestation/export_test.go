package tradestation

// SetPageSize lowers the orders asked for per page, for a test.
func SetPageSize(n int) (restore func()) {
	old := pageSize
	pageSize = n
	return func() { pageSize = old }
}
