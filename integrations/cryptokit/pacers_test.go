package cryptokit

import (
	"net/http"
	"testing"
	"weak"
)

func TestPacers(t *testing.T) {
	type pace struct{ used map[string]int }
	ps := Pacers[pace]{New: func() *pace { return &pace{used: map[string]int{}} }}
	c, other := &http.Client{}, &http.Client{}
	p := ps.For(c, "key")
	if p.used == nil {
		t.Fatal("For did not make the pace with New")
	}
	if ps.For(c, "key") != p {
		t.Error("a second For of the same client and key made another pace")
	}
	if ps.For(c, "other key") == p || ps.For(other, "key") == p {
		t.Error("another key, or another client, shares the pace")
	}
	ps.forget(pacerKey{weak.Make(c), "key"})
	if ps.For(c, "key") == p {
		t.Error("a forgotten pace came back")
	}
	var zero Pacers[pace]
	if zero.For(c, "key") == nil {
		t.Error("the zero Pacers made no pace")
	}
}
