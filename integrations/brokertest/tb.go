package brokertest

import "testing"

// tb is the part of *testing.T the suite drives. Run adapts a *testing.T; the
// package's own tests pass a recorder, so they can prove the suite fails
// where it should.
type tb interface {
	testing.TB
	Run(name string, f func(t tb)) bool
}

type realT struct{ *testing.T }

func wrapT(t *testing.T) tb { return realT{t} }

func (r realT) Run(name string, f func(t tb)) bool {
	return r.T.Run(name, func(t *testing.T) { f(realT{t}) })
}
