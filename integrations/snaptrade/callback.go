package snaptrade

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/oauthflow"
)

// callback is the loopback listener SnapTrade's Connection Portal sends the
// browser back to (the login link's customRedirect, with immediateRedirect):
// {customRedirect}?status=SUCCESS&connection_id=…, ?status=ERROR&
// status_code=…&error_code=…, or ?status=ABANDONED
// (docs/implement-connection-portal.md, "Query parameters in redirect").
//
// It listens on 127.0.0.1 at an ephemeral port (RFC 8252) under an
// unguessable path, since the portal echoes no state of ours; it accepts
// one GET of that path addressed to 127.0.0.1:port or localhost:port with a
// status, answers everything else 404 without ending the wait, and its pages
// are static, reflecting nothing of the request. oauthflow.Flow does the
// same for OAuth, but expects an authorization code where SnapTrade sends a
// status and a connection id.
type callback struct {
	url  string
	path string
	port string
	srv  *http.Server

	once sync.Once
	ch   chan url.Values // the one answer
}

// listen starts a callback listener.
func listen() (*callback, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	c := &callback{path: "/callback/snaptrade/" + hex.EncodeToString(b), port: port, ch: make(chan url.Values, 1)}
	c.url = "http://127.0.0.1:" + port + c.path
	c.srv = &http.Server{Handler: http.HandlerFunc(c.serve), ReadHeaderTimeout: 10 * time.Second}
	go c.srv.Serve(ln) //nolint:errcheck // ErrServerClosed on close
	return c, nil
}

// claim takes the one answer's place; false when it was already taken.
func (c *callback) claim() bool {
	ok := false
	c.once.Do(func() { ok = true })
	return ok
}

func (c *callback) hostOK(host string) bool {
	return host == "127.0.0.1:"+c.port || host == "localhost:"+c.port
}

func (c *callback) serve(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if r.Method != http.MethodGet || r.URL.Path != c.path || !c.hostOK(r.Host) || q.Get("status") == "" {
		oauthflow.Page(w, http.StatusNotFound, pageNotFound)
		return
	}
	v := url.Values{}
	for _, k := range []string{"status", "connection_id", "status_code", "error_code"} {
		if x := q.Get(k); x != "" {
			v.Set(k, x)
		}
	}
	if !c.claim() {
		oauthflow.Page(w, http.StatusNotFound, pageNotFound)
		return
	}
	// The page is written and flushed before the answer is handed over: the
	// waiting side closes the listener as soon as it has the answer.
	w.Header().Set("Connection", "close")
	if v.Get("status") == "SUCCESS" {
		oauthflow.Page(w, http.StatusOK, pageDone)
	} else {
		oauthflow.Page(w, http.StatusOK, pageOver)
	}
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	c.ch <- v
}

// close stops the listener, letting a page in flight finish (Close alone
// would cut it, and the browser would show a reset connection instead of
// "you can close this tab").
func (c *callback) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = c.srv.Shutdown(ctx)
	_ = c.srv.Close()
}

// The listener's pages, with oauthflow's headers.
var (
	pageNotFound = oauthflow.PageOf("Not found", "")
	pageDone     = oauthflow.PageOf("Done", "SnapTrade connected your brokerage. You can close this tab and return to Latchkey.")
	pageOver     = oauthflow.PageOf("SnapTrade's portal has closed", "Return to Latchkey to see what happened.")
)
