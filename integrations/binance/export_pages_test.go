package binance

// SetTradePages lowers the trades read a page and the pages read of one
// market, for a test.
func SetTradePages(limit, pages int) (restore func()) {
	oldLimit, oldPages := tradeLimit, maxPages
	tradeLimit, maxPages = limit, pages
	return func() { tradeLimit, maxPages = oldLimit, oldPages }
}
