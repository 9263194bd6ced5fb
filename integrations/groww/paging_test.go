package groww_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/groww"
	"github.com/latchkey/latchkey/integrations/groww/fake"
)

// pagedBook is a day's CASH orders served in pages of at most orderCap
// (whatever page_size asks), each order filled by fills trades served in
// pages of at most tradeCap; the other segments have none. endless orders
// makes every page past the first full of unfilled orders.
type pagedBook struct {
	orders, orderCap, fills, tradeCap int
	endless                           bool
	sizes                             map[string]string // path kind → the page_size asked
}

func answer(r *http.Request, body string) *http.Response {
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(body)), Request: r}
}

func (p *pagedBook) serve(next http.RoundTripper) http.RoundTripper {
	return brokertest.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		q := r.URL.Query()
		page, _ := strconv.Atoi(q.Get("page"))
		switch {
		case r.URL.Path == "/v1/order/list":
			p.sizes["orders"] = q.Get("page_size")
			if q.Get("segment") != "CASH" {
				return answer(r, `{"status":"SUCCESS","payload":{"order_list":[]}}`), nil
			}
			size, _ := strconv.Atoi(q.Get("page_size"))
			size = min(size, p.orderCap)
			var rows []string
			for i := page * size; i < (page+1)*size && (i < p.orders || p.endless); i++ {
				filled := 1
				if i >= p.orders {
					filled = 0
				}
				rows = append(rows, fmt.Sprintf(`{"groww_order_id":"GMK%04d","trading_symbol":"IDEA","order_status":"EXECUTED","filled_quantity":%d,"exchange":"NSE","segment":"CASH","product":"CNC","transaction_type":"BUY"}`, i, filled))
			}
			return answer(r, `{"status":"SUCCESS","payload":{"order_list":[`+strings.Join(rows, ",")+`]}}`), nil
		case strings.HasPrefix(r.URL.Path, "/v1/order/trades/"):
			p.sizes["trades"] = q.Get("page_size")
			id := strings.TrimPrefix(r.URL.Path, "/v1/order/trades/")
			size, _ := strconv.Atoi(q.Get("page_size"))
			size = min(size, p.tradeCap)
			var rows []string
			for i := page * size; i < min(p.fills, (page+1)*size); i++ {
				rows = append(rows, fmt.Sprintf(`{"price":8.5,"quantity":1,"groww_order_id":"%s","groww_trade_id":"T%s-%d","trading_symbol":"IDEA","exchange":"NSE","segment":"CASH","product":"CNC","transaction_type":"BUY","trade_date_time":"2026-03-18T10:00:00"}`, id, id, i))
			}
			return answer(r, `{"status":"SUCCESS","payload":{"trade_list":[`+strings.Join(rows, ",")+`]}}`), nil
		}
		return next.RoundTrip(r)
	})
}

// activities reads the main login's fills with p serving the order list
// and the trades.
func (p *pagedBook) activities(t *testing.T) ([]integrations.Activity, error) {
	t.Helper()
	in := groww.New()[0]
	env, _, _ := fake.Start(t, in, fake.Options{})
	done, err := login(t, in, env, integrations.AuthToken, fake.TokenValues(fake.MainToken))
	if err != nil {
		t.Fatal(err)
	}
	p.sizes = map[string]string{}
	brokertest.Intercept(&env, p.serve)
	c, err := in.NewClient(context.Background(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.Activities(t.Context(), fake.AccountID(fake.MainUCC), time.Time{})
}

// The order list is asked 25 a page (the Python SDK's default; a
// third-party client calls 25 the maximum, the docs 100) and read until an
// empty page: a server that serves 10 a page whatever is asked has every
// one of its 30 filled orders read, none taken for the last by a short page.
func TestOrderListReadUntilEmptyPage(t *testing.T) {
	p := &pagedBook{orders: 30, orderCap: 10, fills: 1, tradeCap: 50}
	acts, err := p.activities(t)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 30 {
		t.Errorf("%d fills of 30 filled orders read: a short page was taken for the end", len(acts))
	}
	if p.sizes["orders"] != "25" || p.sizes["trades"] != "50" {
		t.Errorf("page_size asked: %v, want orders 25, trades 50", p.sizes)
	}
}

// The trades of an order are read until an empty page too: an order of 7
// fills served 3 a page has all 7.
func TestTradesReadUntilEmptyPage(t *testing.T) {
	p := &pagedBook{orders: 2, orderCap: 25, fills: 7, tradeCap: 3}
	acts, err := p.activities(t)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 14 {
		t.Errorf("%d fills read, want 2 orders × 7", len(acts))
	}
}

// A list that does not end is cut off after its most pages: the fills read
// are kept, with an error matching ErrPartial, not lost to ErrUnavailable.
func TestEndlessOrderListKeepsWhatWasRead(t *testing.T) {
	p := &pagedBook{orders: 40, orderCap: 25, fills: 1, tradeCap: 50, endless: true}
	acts, err := p.activities(t)
	if !errors.Is(err, integrations.ErrPartial) || errors.Is(err, integrations.ErrUnavailable) {
		t.Fatalf("error %v, want one matching ErrPartial only", err)
	}
	if len(acts) != 40 {
		t.Errorf("%d fills kept, want the 40 read", len(acts))
	}
	if msg := err.Error(); !strings.Contains(msg, "CASH orders past the first 2500") {
		t.Errorf("message %q does not say what was left", msg)
	}
}
