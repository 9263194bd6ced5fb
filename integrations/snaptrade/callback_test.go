package snaptrade

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// watched records, at the page's first write, whether the answer had
// already been handed over.
type watched struct {
	http.ResponseWriter
	c             *callback
	wrote, handed bool
}

func (w *watched) Write(b []byte) (int, error) {
	if !w.wrote {
		w.wrote, w.handed = true, len(w.c.ch) > 0
	}
	return w.ResponseWriter.Write(b)
}

func (w *watched) Flush() { w.ResponseWriter.(http.Flusher).Flush() }

// The waiting side closes the listener as soon as it has the answer, so the
// page must be written before the answer is handed over: otherwise the
// browser can get a reset connection instead of "you can close this tab"
// (the app's SnapTrade journey saw EOF under load).
func TestCallbackPageBeforeAnswer(t *testing.T) {
	c, err := listen()
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	rec := httptest.NewRecorder()
	w := &watched{ResponseWriter: rec, c: c}
	req := httptest.NewRequest(http.MethodGet, c.url+"?status=SUCCESS&connection_id=c1", nil)
	c.serve(w, req)
	if !w.wrote || w.handed {
		t.Errorf("page written %v, answer handed over before it %v", w.wrote, w.handed)
	}
	if !rec.Flushed || !strings.Contains(rec.Body.String(), pageDone) {
		t.Errorf("page flushed %v: %q", rec.Flushed, rec.Body.String())
	}
	// oauthflow's page headers: not cached, sniffed, framed or given scripts.
	for k, want := range map[string]string{"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"} {
		if got := rec.Header().Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("Content-Security-Policy: %q", csp)
	}
	if v := <-c.ch; v.Get("connection_id") != "c1" {
		t.Errorf("answer %v", v)
	}
}

// Closing right after the answer still lets the browser read the whole page.
func TestCallbackPageSurvivesClose(t *testing.T) {
	for i := 0; i < 10; i++ {
		c, err := listen()
		if err != nil {
			t.Fatal(err)
		}
		got := make(chan string, 1)
		go func() {
			resp, err := http.Get(c.url + "?status=ERROR&status_code=400")
			if err != nil {
				got <- err.Error()
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			got <- string(b)
		}()
		if v := <-c.ch; v.Get("status") != "ERROR" {
			t.Fatalf("answer %v", v)
		}
		c.close()
		if b := <-got; !strings.Contains(b, pageOver) {
			t.Fatalf("round %d: the browser got %q", i, b)
		}
	}
}

// A listener opened after the login ended (Close while the portal was being
// opened) is closed at once and the login answers ErrLoginOver; before the
// end, a new listener replaces and closes the one before it.
func TestListenerAfterEndClosed(t *testing.T) {
	answers := func(c *callback) bool {
		resp, err := http.Get(c.url)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return true
	}
	l := &login{}
	first, err := listen()
	if err != nil {
		t.Fatal(err)
	}
	if err := l.keep(first); err != nil {
		t.Fatalf("keep before the end: %v", err)
	}
	second, err := listen()
	if err != nil {
		t.Fatal(err)
	}
	if err := l.keep(second); err != nil {
		t.Fatalf("keep a second listener: %v", err)
	}
	if answers(first) {
		t.Error("the replaced listener still answers")
	}
	if !answers(second) {
		t.Fatal("the kept listener does not answer")
	}
	l.end()
	if answers(second) {
		t.Error("the listener still answers after the end")
	}
	late, err := listen()
	if err != nil {
		t.Fatal(err)
	}
	if err := l.keep(late); !errors.Is(err, integrations.ErrLoginOver) {
		t.Errorf("keep after the end: %v, want ErrLoginOver", err)
	}
	if answers(late) {
		t.Error("a listener opened after the end still answers")
	}
}
