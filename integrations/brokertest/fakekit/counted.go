package fakekit

import "github.com/latchkey/latchkey/integrations/brokertest"

// Injecting is a fake with the suite's injections on a path and after a
// number of requests: a fake built on Base.
type Injecting interface {
	brokertest.Fake
	brokertest.AfterInjector
	brokertest.PathInjector
}

// Counted is a fake as the suite sees it in one variant: the fake, whose
// rows there Rows counts (a brokertest.Counter). A Rig with a Count hands
// the suite its fake Counted.
type Counted struct {
	Injecting
	Rows func(list brokertest.List, accountID string) int
}

// Count is Rows.
func (c Counted) Count(list brokertest.List, accountID string) int { return c.Rows(list, accountID) }
