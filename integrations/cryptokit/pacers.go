package cryptokit

import (
	"net/http"
	"runtime"
	"sync"
	"weak"
)

// Pacers keeps an exchange's pace of a key's rate limit (a P) per HTTP
// client and API key: the app keeps a connection's client across syncs, so
// the pace outlives one client of the integration, and it is forgotten
// with the client. The zero Pacers makes each pace with new(P); New, when
// set, makes it instead.
type Pacers[P any] struct {
	New func() *P
	m   sync.Map // pacerKey → *P
}

type pacerKey struct {
	client weak.Pointer[http.Client]
	key    string
}

// For is the pace of key on c.
func (ps *Pacers[P]) For(c *http.Client, key string) *P {
	k := pacerKey{weak.Make(c), key}
	if p, ok := ps.m.Load(k); ok {
		return p.(*P)
	}
	fresh := new(P)
	if ps.New != nil {
		fresh = ps.New()
	}
	p, loaded := ps.m.LoadOrStore(k, fresh)
	if !loaded {
		runtime.AddCleanup(c, ps.forget, k)
	}
	return p.(*P)
}

// forget drops the pace of a client that is gone.
func (ps *Pacers[P]) forget(k pacerKey) { ps.m.Delete(k) }
