package brokertest

// CountRows answers a Counter's Count for a fake whose login sees n
// accounts: row(i) names the i-th account's id (as the integration gives
// it) and how many positions and activities the fake serves for it. An id
// the login does not see counts no rows.
func CountRows(list List, accountID string, n int, row func(i int) (id string, positions, activities int)) int {
	if list == ListAccounts {
		return n
	}
	for i := range n {
		id, p, a := row(i)
		if id != accountID {
			continue
		}
		if list == ListPositions {
			return p
		}
		return a
	}
	return 0
}
