package brokertest

import "testing"

// Run runs the whole suite against h as subtests of t.
func Run(t *testing.T, h Harness) {
	t.Helper()
	run(wrapT(t), h)
}
