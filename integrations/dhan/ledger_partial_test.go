package dhan_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/dhan"
	"github.com/latchkey/latchkey/integrations/dhan/fake"
)

// ledgerAnswers answers GET /ledger in the fake's stead: answer gets the
// request's from-date and to-date and the fake's own answer, and returns
// the status and body to send (status 0: the fake's answer as it is).
type ledgerAnswers struct {
	next   http.RoundTripper
	answer func(from, to string, real []byte) (int, string)
}

func (l ledgerAnswers) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := l.next.RoundTrip(r)
	if err != nil || !strings.HasSuffix(r.URL.Path, "/ledger") {
		return resp, err
	}
	real, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	status, body := l.answer(r.URL.Query().Get("from-date"), r.URL.Query().Get("to-date"), real)
	if status == 0 {
		status, body = resp.StatusCode, string(real)
	}
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader([]byte(body))), Request: r}, nil
}

// dhanError is Dhan's error envelope.
func dhanError(typ, code, msg string) string {
	b, _ := json.Marshal(map[string]string{"errorType": typ, "errorCode": code, "errorMessage": msg})
	return string(b)
}

var dh905 = dhanError("Input_Exception", "DH-905", "Missing required fields, bad values for parameters etc.")

// ledgerRig is a logged-in client of the fake, the account, and the
// activities it reads when the ledger answers as the fake does.
type ledgerRig struct {
	t     *testing.T
	in    integrations.Integration
	env   integrations.Env
	grant integrations.Grant
	acct  string
	clean []integrations.Activity
}

func newLedgerRig(t *testing.T) *ledgerRig {
	in := dhan.New()[0]
	env, _, _ := fake.Start(t, in, fake.Options{})
	done, err := login(t, in, env, fake.Values(fake.MainClientID, fake.MainToken))
	if err != nil {
		t.Fatal(err)
	}
	r := &ledgerRig{t: t, in: in, env: env, grant: done.Grant, acct: fake.AccountID(fake.MainClientID)}
	c, _ := in.NewClient(t.Context(), r.grant, env, nil)
	if r.clean, err = c.Activities(t.Context(), r.acct, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if len(fills(r.clean)) == 0 || len(ledgerRows(r.clean)) == 0 {
		t.Fatalf("the fake's activities have %d fills and %d ledger rows", len(fills(r.clean)), len(ledgerRows(r.clean)))
	}
	return r
}

// read reads the whole history with the ledger answered by answer.
func (r *ledgerRig) read(ctx context.Context, answer func(from, to string, real []byte) (int, string)) ([]integrations.Activity, error) {
	env := r.env
	brokertest.Intercept(&env, func(next http.RoundTripper) http.RoundTripper { return ledgerAnswers{next, answer} })
	c, err := r.in.NewClient(ctx, r.grant, env, nil)
	if err != nil {
		r.t.Fatal(err)
	}
	return c.Activities(ctx, r.acct, time.Time{})
}

func isFill(a integrations.Activity) bool { return !strings.HasPrefix(a.ID, "ledger-") }

func fills(acts []integrations.Activity) []string { return ids(acts, isFill) }
func ledgerRows(acts []integrations.Activity) []string {
	return ids(acts, func(a integrations.Activity) bool { return !isFill(a) })
}

func ids(acts []integrations.Activity, keep func(integrations.Activity) bool) []string {
	var out []string
	for _, a := range acts {
		if keep(a) {
			out = append(out, a.ID)
		}
	}
	slices.Sort(out)
	return out
}

// wantPartial checks err is a partial read, not to be retried, that says
// in plain words the ledger could not be read and names the dates.
func wantPartial(t *testing.T, name string, err error, dates ...string) {
	t.Helper()
	if !errors.Is(err, integrations.ErrPartial) || integrations.Transient(err) || errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("%s: err %v, want a partial read", name, err)
		return
	}
	msg := integrations.Detail(err, integrations.ErrPartial)
	if !strings.Contains(msg, "the ledger (deposits, withdrawals, charges)") || !strings.Contains(msg, "could not be read") {
		t.Errorf("%s: the partial read says %q", name, msg)
	}
	for _, d := range dates {
		if !strings.Contains(msg, d) {
			t.Errorf("%s: the partial read says %q, naming no %s", name, msg, d)
		}
	}
}

// Reading the ledger raised the history revision to 1: a connection synced
// before reads its whole history once more, so the ledger's rows reach
// back as far as the trades'.
func TestLedgerHistoryRevision(t *testing.T) {
	if got := dhan.New()[0].Institution().HistoryRevision; got < 1 {
		t.Errorf("HistoryRevision = %d, want 1 or more", got)
	}
}

// The ledger never gates the trades: whatever GET /ledger answers (a
// refusal, an error body with 200, something that is not JSON, a rate
// limit) every fill comes, with an error matching ErrPartial that says the
// ledger could not be read. (Before, a DH-905 from /ledger lost every
// fill.)
func TestLedgerRefusedKeepsTheFills(t *testing.T) {
	r := newLedgerRig(t)
	for name, answer := range map[string]func(from, to string, real []byte) (int, string){
		"DH-905": func(_, _ string, _ []byte) (int, string) { return http.StatusBadRequest, dh905 },
		"DH-902": func(_, _ string, _ []byte) (int, string) {
			return http.StatusForbidden, dhanError("Access_Exception", "DH-902", "x")
		},
		"DH-904 (rate limit)": func(_, _ string, _ []byte) (int, string) {
			return http.StatusBadRequest, dhanError("Rate_Limit", "DH-904", "x")
		},
		"an error body at 200": func(_, _ string, _ []byte) (int, string) { return http.StatusOK, dh905 },
		"not JSON":             func(_, _ string, _ []byte) (int, string) { return http.StatusOK, "<html>maintenance</html>" },
	} {
		acts, err := r.read(t.Context(), answer)
		wantPartial(t, name, err)
		if got, want := fills(acts), fills(r.clean); !slices.Equal(got, want) {
			t.Errorf("%s: %d fills, want the %d of the trade history", name, len(got), len(want))
		}
		if rows := ledgerRows(acts); len(rows) != 0 {
			t.Errorf("%s: %d ledger rows from a ledger that could not be read", name, len(rows))
		}
		brokertest.WantActivities(t, acts...)
	}
}

// A dead grant or an ended context at the ledger fails the read: the
// fills are not handed back as if only the ledger were missing.
func TestLedgerDeadGrantFailsTheRead(t *testing.T) {
	r := newLedgerRig(t)
	acts, err := r.read(t.Context(), func(_, _ string, _ []byte) (int, string) {
		return http.StatusUnauthorized, dhanError("Invalid_Authentication", "DH-901", "Client ID or user generated access token is invalid or expired.")
	})
	if !errors.Is(err, integrations.ErrReauthRequired) || errors.Is(err, integrations.ErrPartial) || acts != nil {
		t.Errorf("DH-901 at the ledger: %d activities, %v; want ErrReauthRequired", len(acts), err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	acts, err = r.read(ctx, func(_, _ string, real []byte) (int, string) { cancel(); return 0, "" })
	if !errors.Is(err, context.Canceled) || errors.Is(err, integrations.ErrPartial) || acts != nil {
		t.Errorf("cancelled at the ledger: %d activities, %v; want context.Canceled", len(acts), err)
	}
}

// One window refused does not stop the others: their rows come, and the
// partial read names the window not read.
func TestLedgerOneWindowRefused(t *testing.T) {
	r := newLedgerRig(t)
	var windows [][2]string
	acts, err := r.read(t.Context(), func(from, to string, _ []byte) (int, string) {
		windows = append(windows, [2]string{from, to})
		if len(windows) == 1 {
			return http.StatusBadRequest, dh905 // the oldest year, before the fake's first fill
		}
		return 0, ""
	})
	if len(windows) < 2 {
		t.Fatalf("the ledger was read in %d windows", len(windows))
	}
	wantPartial(t, "the oldest window refused", err, "from "+windows[0][0]+" to "+windows[0][1])
	if msg := err.Error(); strings.Contains(msg, windows[1][0]) {
		t.Errorf("the partial read names a window that was read: %q", msg)
	}
	if got, want := fills(acts), fills(r.clean); !slices.Equal(got, want) {
		t.Errorf("%d fills, want %d", len(got), len(want))
	}
	if got, want := ledgerRows(acts), ledgerRows(r.clean); !slices.Equal(got, want) {
		t.Errorf("ledger rows %v, want %v (the fake's rows are all in the later windows)", got, want)
	}

	// Two windows that meet are named as one span; one rate limit ends
	// the walk there, its span reaching today.
	windows = nil
	_, err = r.read(t.Context(), func(from, to string, _ []byte) (int, string) {
		windows = append(windows, [2]string{from, to})
		if len(windows) <= 2 {
			return http.StatusBadRequest, dh905
		}
		return 0, ""
	})
	wantPartial(t, "two windows refused", err, "from "+windows[0][0]+" to "+windows[1][1])
	windows = nil
	_, err = r.read(t.Context(), func(from, to string, _ []byte) (int, string) {
		windows = append(windows, [2]string{from, to})
		if len(windows) == 2 {
			return http.StatusTooManyRequests, dhanError("Rate_Limit", "DH-904", "Too many requests")
		}
		return 0, ""
	})
	if len(windows) != 2 {
		t.Errorf("after a rate limit the ledger was asked %d more times", len(windows)-2)
	}
	today := r.env.Time().In(ist).Format(time.DateOnly)
	wantPartial(t, "a rate limit", err, "from "+windows[1][0]+" to "+today)
}

// Rows whose date or amount cannot be read make their window partial: the
// window's other rows come, and so do the fills. Thousands separators and
// an empty {} answer read whole.
func TestLedgerOddAnswers(t *testing.T) {
	r := newLedgerRig(t)
	edit := func(change func(rows []map[string]any) []map[string]any) func(from, to string, real []byte) (int, string) {
		return func(_, _ string, real []byte) (int, string) {
			var rows []map[string]any
			if err := json.Unmarshal(real, &rows); err != nil {
				t.Fatalf("the fake's ledger: %v", err)
			}
			b, _ := json.Marshal(change(rows))
			return http.StatusOK, string(b)
		}
	}
	movers := func(rows []map[string]any) []int { // the rows that move cash, not bills
		var out []int
		for i, row := range rows {
			if row["voucherdesc"] != "BILL" && row["narration"] != "Opening Balance" {
				out = append(out, i)
			}
		}
		return out
	}

	var hit string
	acts, err := r.read(t.Context(), func(from, to string, real []byte) (int, string) {
		return edit(func(rows []map[string]any) []map[string]any {
			if m := movers(rows); hit == "" && len(m) > 0 {
				hit = from + " to " + to
				rows[m[0]]["voucherdate"] = "22nd of June"
			}
			return rows
		})(from, to, real)
	})
	wantPartial(t, "a date that cannot be read", err, "from "+hit, "1 row")
	if got, want := fills(acts), fills(r.clean); !slices.Equal(got, want) {
		t.Errorf("a date that cannot be read: %d fills, want %d", len(got), len(want))
	}
	if got, want := len(ledgerRows(acts)), len(ledgerRows(r.clean))-1; got != want {
		t.Errorf("a date that cannot be read: %d ledger rows, want %d (all but that one)", got, want)
	}

	acts, err = r.read(t.Context(), edit(func(rows []map[string]any) []map[string]any {
		for _, i := range movers(rows) {
			rows[i]["debit"] = "twenty"
		}
		return rows
	}))
	wantPartial(t, "amounts that cannot be read", err)
	if got, want := fills(acts), fills(r.clean); !slices.Equal(got, want) || len(ledgerRows(acts)) != 0 {
		t.Errorf("amounts that cannot be read: %d fills (want %d), %d ledger rows", len(got), len(want), len(ledgerRows(acts)))
	}

	// The same amounts with thousands separators, Indian or international.
	acts, err = r.read(t.Context(), edit(func(rows []map[string]any) []map[string]any {
		for _, row := range rows {
			for _, k := range []string{"debit", "credit", "runbal"} {
				if s, _ := row[k].(string); strings.HasSuffix(s, "00000.00") {
					row[k] = strings.TrimSuffix(s, "00000.00") + ",00,000.00"
				} else if strings.HasSuffix(s, "000.00") && len(s) > 6 {
					row[k] = strings.TrimSuffix(s, "000.00") + ",000.00"
				}
			}
		}
		return rows
	}))
	if err != nil || !sameActivities(acts, r.clean) {
		t.Errorf("thousands separators: %d activities, %v; want the %d read without", len(acts), err, len(r.clean))
	}

	// {} and [] are no rows, read whole.
	for _, empty := range []string{`{}`, `[]`} {
		acts, err = r.read(t.Context(), func(_, _ string, _ []byte) (int, string) { return http.StatusOK, empty })
		if err != nil || !slices.Equal(fills(acts), fills(r.clean)) || len(ledgerRows(acts)) != 0 {
			t.Errorf("%s: %d activities, %v; want the fills and no ledger rows", empty, len(acts), err)
		}
	}
}

func sameActivities(a, b []integrations.Activity) bool {
	return slices.EqualFunc(a, b, func(x, y integrations.Activity) bool {
		return x.ID == y.ID && x.Type == y.Type && x.Amount.Equal(y.Amount) && x.TradeDate == y.TradeDate
	})
}
