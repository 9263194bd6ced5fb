package fakekit

import "github.com/latchkey/latchkey/integrations/brokertest"

// CountNumbered is a Rig's Count for a fake whose login sees the accounts
// numbers, whatever the variant: id is the id the integration gives an
// account by its number, rows how many positions and activities the fake
// serves for it.
func CountNumbered[S any](numbers []string, id func(number string) string,
	rows func(srv S, number string) (positions, activities int)) func(srv S, variant string, list brokertest.List, accountID string) int {
	return func(srv S, _ string, list brokertest.List, accountID string) int {
		return brokertest.CountRows(list, accountID, len(numbers), func(i int) (string, int, int) {
			p, a := rows(srv, numbers[i])
			return id(numbers[i]), p, a
		})
	}
}
