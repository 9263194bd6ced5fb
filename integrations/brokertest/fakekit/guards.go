package fakekit

import "net/http"

// GuardsAs is [Base.GuardAs] behind one Gate: what makes a fake's data
// routes, each mounted as mux.Handle(pattern, data(h)) with h handed the
// credential's holder ([ServeAs] when h wants a value made of it).
func (b *Base) GuardsAs(g Gate) func(h func(w http.ResponseWriter, r *http.Request, who string)) http.Handler {
	return func(h func(w http.ResponseWriter, r *http.Request, who string)) http.Handler { return b.GuardAs(g, h) }
}
