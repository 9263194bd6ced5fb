package tiger_test

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
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/tiger"
	"github.com/latchkey/latchkey/integrations/tiger/fake"
)

// firstPageAgain answers every order_transactions request that names a
// page_token with the first page it saw that named a next one: a server
// whose pages never end. Other requests go through.
type firstPageAgain struct {
	next  http.RoundTripper
	mu    sync.Mutex
	first []byte
}

func (f *firstPageAgain) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	if !bytes.Contains(body, []byte("order_transactions")) {
		return f.next.RoundTrip(r)
	}
	f.mu.Lock()
	first := f.first
	f.mu.Unlock()
	if first != nil && bytes.Contains(body, []byte("page_token")) {
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(bytes.NewReader(first)), Request: r}, nil
	}
	resp, err := f.next.RoundTrip(r)
	if err != nil || first != nil {
		return resp, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if bytes.Contains(b, []byte("nextPageToken")) {
		f.mu.Lock()
		f.first = b
		f.mu.Unlock()
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

// TestTransactionsThatNeverEnd: a window whose page tokens never end is cut
// off with an error matching ErrUnavailable, not read as if its first pages
// were all of it (the fills past them silently lost).
func TestTransactionsThatNeverEnd(t *testing.T) {
	defer tiger.SetPageLimit(1)()
	defer tiger.SetMaxPages(20)()
	in, env, _, _, done := connect(t, 0, func(*fake.Server) map[string]string {
		return fake.Keys(fake.TigerID, fake.DemoPrivateKey, "")
	})
	brokertest.Intercept(&env, func(next http.RoundTripper) http.RoundTripper { return &firstPageAgain{next: next} })
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	acts, err := c.Activities(t.Context(), done.Accounts[0].ID, time.Time{})
	if !errors.Is(err, integrations.ErrUnavailable) {
		t.Fatalf("endless transactions: %d activities, error %v; want ErrUnavailable", len(acts), err)
	}
}

// endlessDetails answers every fund_details request with one more entry
// of an item count that never runs out. Other requests go through.
type endlessDetails struct{ next http.RoundTripper }

func (e endlessDetails) RoundTrip(r *http.Request) (*http.Response, error) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	if !bytes.Contains(body, []byte(`"method":"fund_details"`)) {
		return e.next.RoundTrip(r)
	}
	page := `{"code":0,"message":"success","data":{"page":1,"limit":100,"itemCount":100000000,"pageCount":1000000,` +
		`"items":[{"id":"1","currency":"USD","type":"Platform Fee","segType":"SEC","amount":-1,"businessDate":"2026-01-02"}]}}`
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader([]byte(page))), Request: r}, nil
}

// TestFundDetailsThatNeverEnd: fund_details pages whose item count is
// never reached are cut off, not read as if their first pages were all of
// it: the entries are missing with an error matching ErrPartial that says
// so, and the fills still come.
func TestFundDetailsThatNeverEnd(t *testing.T) {
	defer tiger.SetMaxPages(20)()
	in, env, srv, _, done := connect(t, 0, func(*fake.Server) map[string]string {
		return fake.Keys(fake.TigerID, fake.DemoPrivateKey, "")
	})
	brokertest.Intercept(&env, func(next http.RoundTripper) http.RoundTripper { return endlessDetails{next} })
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	acts, err := c.Activities(t.Context(), done.Accounts[0].ID, time.Time{})
	if !errors.Is(err, integrations.ErrPartial) || !strings.Contains(err.Error(), "dividends, interest, fees") {
		t.Fatalf("endless fund_details: %d activities, error %v; want ErrPartial", len(acts), err)
	}
	fills := 0
	for _, a := range acts {
		switch a.Type {
		case integrations.ActivityBuy, integrations.ActivitySell:
			fills++
		case integrations.ActivityFee:
			if strings.HasPrefix(a.ID, "detail-") {
				t.Errorf("an entry of a window cut off was kept: %+v", a)
			}
		}
	}
	if want := srv.Fills(done.Accounts[0].ID); fills == 0 || fills != want {
		t.Errorf("%d fills, the fake serves %d", fills, want)
	}
}
