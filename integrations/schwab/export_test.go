package schwab

// SetMaxTransactions lowers the rows-per-answer cap for a test.
func SetMaxTransactions(n int) (restore func()) {
	old := maxTransactions
	maxTransactions = n
	return func() { maxTransactions = old }
}
