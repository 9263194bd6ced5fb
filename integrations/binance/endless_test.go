package binance_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/binance"
	"github.com/latchkey/latchkey/integrations/binance/fake"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// samePage answers every myTrades request after a market's first with that
// first page: a market whose trades never end.
type samePage struct {
	next  http.RoundTripper
	mu    sync.Mutex
	first map[string][]byte // symbol → its first page
	hdr   http.Header
}

func (s *samePage) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path != "/api/v3/myTrades" {
		return s.next.RoundTrip(r)
	}
	sym, from := r.URL.Query().Get("symbol"), r.URL.Query().Get("fromId")
	s.mu.Lock()
	first, ok := s.first[sym]
	s.mu.Unlock()
	if ok && from != "0" {
		return &http.Response{StatusCode: http.StatusOK, Header: s.hdr.Clone(), Body: io.NopCloser(bytes.NewReader(first)), Request: r}, nil
	}
	resp, err := s.next.RoundTrip(r)
	if err != nil || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.first[sym], s.hdr = b, resp.Header.Clone()
	s.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

// TestTradesThatNeverEnd: a market whose trade pages never run short is cut
// off with an error matching ErrUnavailable, not left after maxPages pages
// for the next market as if its later trades were not there.
func TestTradesThatNeverEnd(t *testing.T) {
	defer binance.SetTradePages(1, 5)()
	in := binance.New()[0]
	env, _, clk := fake.Start(t, in, fake.Options{})
	brokertest.Intercept(&env, func(next http.RoundTripper) http.RoundTripper {
		return &samePage{next: next, first: map[string][]byte{}}
	})
	in = cryptokit.WithWait(in.(*binance.Integration), fakekit.ClockSleep(clk))
	c, err := in.NewClient(t.Context(), login(t, in, env), env, nil)
	if err != nil {
		t.Fatal(err)
	}
	accts, err := c.Accounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	acts, err := c.Activities(t.Context(), accts[0].ID, time.Time{})
	if !errors.Is(err, integrations.ErrUnavailable) || !strings.Contains(err.Error(), "trade history") {
		t.Fatalf("endless trades: %d activities, error %v; want ErrUnavailable", len(acts), err)
	}
}
