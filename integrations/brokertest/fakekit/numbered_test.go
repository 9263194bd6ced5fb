package fakekit_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func TestCountNumbered(t *testing.T) {
	rows := map[string][2]int{"111": {3, 40}, "222": {1, 7}}
	count := fakekit.CountNumbered([]string{"111", "222"}, func(n string) string { return "id-" + n },
		func(srv map[string][2]int, n string) (int, int) { return srv[n][0], srv[n][1] })
	for _, c := range []struct {
		list    brokertest.List
		account string
		want    int
	}{
		{brokertest.ListAccounts, "", 2},
		{brokertest.ListPositions, "id-111", 3},
		{brokertest.ListActivities, "id-222", 7},
		{brokertest.ListPositions, "111", 0}, // the number is not the id
	} {
		if got := count(rows, "any variant", c.list, c.account); got != c.want {
			t.Errorf("%v of %q: %d, want %d", c.list, c.account, got, c.want)
		}
	}
}
