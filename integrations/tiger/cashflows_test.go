package tiger_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/tiger"
	"github.com/latchkey/latchkey/integrations/tiger/fake"
)

// answerMethod answers the requests of one method with a Tiger envelope
// (code and message) instead of the fake: past the first skip of them, the
// first times (all when times is 0), calling hook first if set. Other
// requests go through.
type answerMethod struct {
	next          http.RoundTripper
	method        string
	code          int
	message       string
	skip, times   int
	hook          func()
	mu            sync.Mutex
	answered, all int
}

func (e *answerMethod) RoundTrip(r *http.Request) (*http.Response, error) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	if !bytes.Contains(body, []byte(`"method":"`+e.method+`"`)) {
		return e.next.RoundTrip(r)
	}
	e.mu.Lock()
	e.all++
	answer := e.all > e.skip && (e.times == 0 || e.answered < e.times)
	if answer {
		e.answered++
	}
	e.mu.Unlock()
	if !answer {
		return e.next.RoundTrip(r)
	}
	if e.hook != nil {
		e.hook()
	}
	page := `{"code":` + strconv.Itoa(e.code) + `,"message":"` + e.message + `","timestamp":1}`
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader([]byte(page))), Request: r}, nil
}

// refusing connects the TBSG developer with the answers of method replaced
// by Tiger's code and message.
func refusing(t *testing.T, a *answerMethod) (integrations.Client, *fake.Server, string) {
	t.Helper()
	in, env, srv, _, done := connect(t, 0, func(*fake.Server) map[string]string {
		return fake.Keys(fake.TigerID, fake.DemoPrivateKey, "")
	})
	brokertest.Intercept(&env, func(next http.RoundTripper) http.RoundTripper { a.next = next; return a })
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv, done.Accounts[0].ID
}

// kinds counts activities by type, and those read from transfer_fund
// ("funding-…") and fund_details ("detail-…").
func kinds(acts []integrations.Activity) (fills, funding, details int) {
	for _, a := range acts {
		switch {
		case a.Type == integrations.ActivityBuy || a.Type == integrations.ActivitySell:
			fills++
		case strings.HasPrefix(a.ID, "funding-"):
			funding++
		case strings.HasPrefix(a.ID, "detail-"):
			details++
		}
	}
	return fills, funding, details
}

// TestFillsKeptWhenFundDetailsRefused: fund_details refused for good (a
// business parameter error, as an account might get for a segment it does
// not have) no longer stops the fills: the walk goes on to its end in one
// go, and says through ErrPartial which part it could not read; a walk
// resumed from its last cursor has nothing left to read.
func TestFillsKeptWhenFundDetailsRefused(t *testing.T) {
	a := &answerMethod{method: "fund_details", code: 1010, message: "biz param error: seg_types not supported"}
	c, srv, id := refusing(t, a)
	acts, err := c.Activities(t.Context(), id, time.Time{})
	if !errors.Is(err, integrations.ErrPartial) || errors.Is(err, integrations.ErrReauthRequired) || integrations.Transient(err) {
		t.Fatalf("Activities: %d activities, error %v; want ErrPartial", len(acts), err)
	}
	if why := integrations.Detail(err, integrations.ErrPartial); why != "some of the dividends, interest, fees and other cash entries "+
		"could not be read (Tiger refused the request (code 1010))" {
		t.Errorf("the user reads %q", why)
	}
	fills, funding, details := kinds(acts)
	if fills != srv.Fills(id) || funding != 4 || details != 0 {
		t.Errorf("%d fills of %d, %d deposits and withdrawals, %d entries", fills, srv.Fills(id), funding, details)
	}

	// The app's walk: one attempt reaches the end; its cursor is "".
	w := c.(integrations.HistoryWalker)
	cursor, pages, walkFills := "unset", 0, 0
	err = w.WalkActivities(t.Context(), id, time.Time{}, "", func(acts []integrations.Activity, next string) error {
		f, _, _ := kinds(acts)
		walkFills += f
		pages++
		cursor = next
		return nil
	})
	if !errors.Is(err, integrations.ErrPartial) || cursor != "" || walkFills != srv.Fills(id) {
		t.Errorf("walk: %v, cursor %q after %d pages, %d fills", err, cursor, pages, walkFills)
	}
}

// TestFillsKeptWhenTransferFundRefused: transfer_fund refused leaves the
// deposits and withdrawals out, says so, and reads the rest; the
// withdrawal fee fund_details lists among the fees is then kept (it is not
// read from transfer_fund).
func TestFillsKeptWhenTransferFundRefused(t *testing.T) {
	a := &answerMethod{method: "transfer_fund", code: 1, message: "server error"}
	c, srv, id := refusing(t, a)
	acts, err := c.Activities(t.Context(), id, time.Time{})
	if !errors.Is(err, integrations.ErrPartial) {
		t.Fatalf("Activities: %d activities, error %v; want ErrPartial", len(acts), err)
	}
	if why := integrations.Detail(err, integrations.ErrPartial); !strings.HasPrefix(why, "the deposits and withdrawals could not be read") ||
		strings.Contains(why, "dividends") {
		t.Errorf("the user reads %q", why)
	}
	fills, funding, details := kinds(acts)
	if fills != srv.Fills(id) || funding != 0 || details == 0 {
		t.Errorf("%d fills of %d, %d deposits and withdrawals, %d entries", fills, srv.Fills(id), funding, details)
	}
	fee := false
	for _, x := range acts {
		fee = fee || (x.RawType == "Withdrawal Fee" && strings.HasPrefix(x.ID, "detail-"))
	}
	if !fee {
		t.Error("the withdrawal fee fund_details lists was dropped though transfer_fund could not be read")
	}
	if a.all != 1 {
		t.Errorf("transfer_fund asked %d times in one walk", a.all)
	}
}

// TestWithdrawalFeeCountedOnce: the withdrawal fee transfer_fund lists
// (type 20), which the fake files among fund_details' fees as well, is
// read once, from transfer_fund; the other fees stay.
func TestWithdrawalFeeCountedOnce(t *testing.T) {
	acts, srv, id := history(t, func(time.Time) time.Time { return time.Time{} })
	var withdrawalFees, fees int
	for _, a := range acts {
		if a.Type == integrations.ActivityFee {
			fees++
			if strings.Contains(a.RawType, "Withdrawal") {
				withdrawalFees++
				if !strings.HasPrefix(a.ID, "funding-") || !a.Amount.Equal(brokertest.Dec("-5")) {
					t.Errorf("withdrawal fee %+v, want transfer_fund's", a)
				}
			}
		}
	}
	if withdrawalFees != 1 || fees != 4 || len(acts) != srv.Count(brokertest.ListActivities, id) {
		t.Errorf("%d withdrawal fees, %d fees, %d activities of %d", withdrawalFees, fees, len(acts), srv.Count(brokertest.ListActivities, id))
	}
}

// resumedWalk walks the first account's history to its end in as many
// walks as the fake's rate limit (3 calls of a method a minute) takes, with
// a's answers in place of its method's; each walk by a new client, as the
// app builds one per sync, when perSync. It gives what the walks handed
// over, how many there were and the last one's error.
func resumedWalk(t *testing.T, a *answerMethod, perSync bool) ([]integrations.Activity, int, error) {
	t.Helper()
	in := tiger.New()[0]
	env, _, clk := fake.Start(t, in, fake.Options{RateLimit: 3})
	done, err := brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env,
		Values: fake.Keys(fake.TigerID, fake.DemoPrivateKey, "")})
	if err != nil {
		t.Fatal(err)
	}
	brokertest.Intercept(&env, func(next http.RoundTripper) http.RoundTripper { a.next = next; return a })
	id := done.Accounts[0].ID
	var out []integrations.Activity
	cursor, walks := "", 0
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	for ; err == nil; clk.Add(61 * time.Second) {
		walks++
		if perSync && walks > 1 {
			if c, err = in.NewClient(t.Context(), done.Grant, env, nil); err != nil {
				break
			}
		}
		err = c.(integrations.HistoryWalker).WalkActivities(t.Context(), id, time.Time{}, cursor, func(acts []integrations.Activity, next string) error {
			out = append(out, acts...)
			cursor = next
			return nil
		})
		if _, limited := integrations.RetryAfter(err); !limited || walks > 50 {
			break
		}
		err = nil
	}
	if walks < 3 || cursor != "" {
		t.Fatalf("%d walks, cursor %q, error %v: the walk was not resumed to its end", walks, cursor, err)
	}
	return out, walks, err
}

// withdrawalFees gives the withdrawal fees among acts (RawType "Withdrawal
// Fee", transfer_fund's typeDesc and fund_details' type in the fake) and
// how many fees there are in all.
func withdrawalFees(acts []integrations.Activity) (withdrawal []integrations.Activity, fees int) {
	for _, x := range acts {
		if x.Type == integrations.ActivityFee {
			fees++
			if strings.Contains(x.RawType, "Withdrawal") {
				withdrawal = append(withdrawal, x)
			}
		}
	}
	return withdrawal, fees
}

// TestWithdrawalFeeKeptWhenFundingMissedBeforeResume: transfer_fund refused
// at the walk's start (its rows skipped, "funding" carried in the cursor),
// the walk stopped by a rate limit and resumed in later syncs: the
// withdrawal fee comes once, from fund_details, whether one client walks
// or a new one each sync — a new client must not read transfer_fund anew
// for the fees to leave out, since its rows were never handed over.
func TestWithdrawalFeeKeptWhenFundingMissedBeforeResume(t *testing.T) {
	for _, perSync := range []bool{false, true} {
		t.Run(map[bool]string{false: "one client", true: "a client per sync"}[perSync], func(t *testing.T) {
			a := &answerMethod{method: "transfer_fund", code: 1010, message: "biz param error", times: 1}
			acts, walks, err := resumedWalk(t, a, perSync)
			if !errors.Is(err, integrations.ErrPartial) || !strings.Contains(err.Error(), "deposits and withdrawals") {
				t.Errorf("the last walk: %v; want the deposits and withdrawals missed", err)
			}
			w, fees := withdrawalFees(acts)
			// TestWithdrawalFeeCountedOnce: 4 fees, one of them the withdrawal fee.
			if fees != 4 || len(w) != 1 || !strings.HasPrefix(w[0].ID, "detail-") || !w[0].Amount.Equal(brokertest.Dec("-5")) {
				t.Errorf("%d walks: %d fees, withdrawal fees %+v; want 4, and fund_details' withdrawal fee", walks, fees, w)
			}
			if perSync && a.all != 1 {
				t.Errorf("transfer_fund asked %d times; want once, at the walk's start", a.all)
			}
		})
	}
}

// TestWithdrawalFeeNotCountedTwiceWhenRereadFails: transfer_fund read at
// the walk's start (its withdrawal fee handed over), then refused to the
// new client of a later sync that needs its fees to drop fund_details'
// copy: the fee is not counted a second time; the FEE entries that cannot
// be told apart are missed instead, and the walk says so.
func TestWithdrawalFeeNotCountedTwiceWhenRereadFails(t *testing.T) {
	a := &answerMethod{method: "transfer_fund", code: 1010, message: "biz param error", skip: 1}
	acts, walks, err := resumedWalk(t, a, true)
	if a.answered == 0 {
		t.Fatalf("%d walks: transfer_fund never asked again; the test reaches nothing", walks)
	}
	w, fees := withdrawalFees(acts)
	if len(w) != 1 || !strings.HasPrefix(w[0].ID, "funding-") {
		t.Errorf("%d walks: %d fees, withdrawal fees %+v; want transfer_fund's alone", walks, fees, w)
	}
	if !errors.Is(err, integrations.ErrPartial) || !strings.Contains(err.Error(), "fees") || strings.Contains(err.Error(), "deposits") {
		t.Errorf("the last walk: %v; want the fees missed", err)
	}
}

// TestCashFlowReadsThatStopTheWalk: a dead grant and an ended context at a
// cash-flow read stop the walk with their own error (no partial read); a
// rate limit stops it at its cursor (TestWalkResumesAfterRateLimit).
func TestCashFlowReadsThatStopTheWalk(t *testing.T) {
	for _, method := range []string{"transfer_fund", "fund_details"} {
		t.Run(method, func(t *testing.T) {
			a := &answerMethod{method: method, code: 1000, message: "failed to verify signature, please make sure you use the correct rsa private key"}
			c, _, id := refusing(t, a)
			if acts, err := c.Activities(t.Context(), id, time.Time{}); !errors.Is(err, integrations.ErrReauthRequired) || errors.Is(err, integrations.ErrPartial) || acts != nil {
				t.Errorf("a refused key: %d activities, %v", len(acts), err)
			}
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			b := &answerMethod{method: method, code: 1, message: "server error", hook: cancel}
			c, _, id = refusing(t, b)
			if acts, err := c.Activities(ctx, id, time.Time{}); !errors.Is(err, context.Canceled) || errors.Is(err, integrations.ErrPartial) {
				t.Errorf("an ended context: %d activities, %v", len(acts), err)
			}
		})
	}
}

// TestMissedPartOutlivesResume: a walk that missed some entries, then
// stopped at a rate limit, still says they are missing when it ends in a
// later attempt resumed from its cursor.
func TestMissedPartOutlivesResume(t *testing.T) {
	in := tiger.New()[0]
	env, srv, clk := fake.Start(t, in, fake.Options{RateLimit: 3})
	done, err := brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env,
		Values: fake.Keys(fake.TigerID, fake.DemoPrivateKey, "")})
	if err != nil {
		t.Fatal(err)
	}
	a := &answerMethod{method: "fund_details", code: 1010, message: "biz param error", times: 1}
	brokertest.Intercept(&env, func(next http.RoundTripper) http.RoundTripper { a.next = next; return a })
	c, _ := in.NewClient(t.Context(), done.Grant, env, nil)
	w := c.(integrations.HistoryWalker)
	id := done.Accounts[0].ID
	cursor, walks, fills := "", 0, 0
	for {
		walks++
		err = w.WalkActivities(t.Context(), id, time.Time{}, cursor, func(acts []integrations.Activity, next string) error {
			f, _, _ := kinds(acts)
			fills += f
			cursor = next
			return nil
		})
		if _, limited := integrations.RetryAfter(err); !limited || walks > 50 {
			break
		}
		clk.Add(61 * time.Second)
	}
	if walks < 3 || cursor != "" || fills != srv.Fills(id) {
		t.Errorf("%d walks, cursor %q, %d fills of %d", walks, cursor, fills, srv.Fills(id))
	}
	if !errors.Is(err, integrations.ErrPartial) || !strings.Contains(err.Error(), "dividends") {
		t.Errorf("the last walk: %v; want the entries missed in the first", err)
	}
}

// TestCashFlowRequests: transfer_fund is asked as the Python and Go SDKs
// ask it, without seg_type; fund_details asks the futures segment only of
// an account whose prime_assets shows one.
func TestCashFlowRequests(t *testing.T) {
	in, env, srv, _, done := connect(t, 0, func(*fake.Server) map[string]string {
		return fake.Keys(fake.TigerID, fake.DemoPrivateKey, "")
	})
	c, _ := in.NewClient(t.Context(), done.Grant, env, nil)
	for _, acct := range done.Accounts {
		if _, err := c.Activities(t.Context(), acct.ID, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range srv.Requests("transfer_fund") {
		if _, ok := r["seg_type"]; ok || r["lang"] != "en_US" {
			t.Errorf("transfer_fund asked with %v", r)
		}
	}
	want := map[string]string{"50129912": "SEC FUT", "50129913": "SEC"} // margin with a futures segment; cash
	seen := map[string]bool{}
	for _, r := range srv.Requests("fund_details") {
		n, _ := r["account"].(string)
		var segs []string
		for _, s := range r["seg_types"].([]any) {
			segs = append(segs, s.(string))
		}
		seen[n] = true
		if got := strings.Join(segs, " "); got != want[n] {
			t.Errorf("account %s: seg_types %s, want %s", n, got, want[n])
		}
	}
	if len(seen) != 2 {
		t.Errorf("fund_details asked for %v", seen)
	}
}

// TestHistoryRevision: both variants read deposits, withdrawals and the
// other cash entries from revision 1 on, so a connection synced before
// reads its whole history once more.
func TestHistoryRevision(t *testing.T) {
	for _, in := range tiger.New() {
		if r := in.Institution().HistoryRevision; r < 1 {
			t.Errorf("%s: HistoryRevision %d, want 1 or more", in.Institution().ID, r)
		}
	}
}
