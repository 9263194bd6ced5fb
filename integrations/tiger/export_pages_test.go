package tiger

// SetMaxPages lowers the pages read of one window, for a test.
func SetMaxPages(n int) (restore func()) {
	old := maxPages
	maxPages = n
	return func() { maxPages = old }
}
