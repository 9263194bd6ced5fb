package indiakit

import (
	"context"
	"net/http"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Conn is the HTTP side every India broker's client embeds beside its Book
// or Segments: the broker's API (whose Name names the broker in messages),
// the integration's environment (its clock) and the broker's own mapping of
// refusals. The client keeps its secret; each call names the session's end.
type Conn struct {
	API *httpx.API
	Env integrations.Env
	// Map is the broker's refusal mapping (see httpx.MapAt), set on every
	// request that names no Status of its own; nil leaves the API's.
	Map func(status int, h http.Header, body []byte, now time.Time, login bool) error
}

// Do sends r with the day's session, which ends at expires: once it has
// ended Do answers [Ended] and no request goes out with a dead token (see
// [CheckSession]).
func (c Conn) Do(ctx context.Context, expires time.Time, r httpx.Request) ([]byte, error) {
	if err := CheckSession(c.API.Name, expires, c.Env.Time()); err != nil {
		return nil, err
	}
	return c.send(ctx, r, false)
}

// LoginDo sends r while a login checks what the user typed: there is no
// session yet, and a refusal is the credentials'.
func (c Conn) LoginDo(ctx context.Context, r httpx.Request) ([]byte, error) {
	return c.send(ctx, r, true)
}

func (c Conn) send(ctx context.Context, r httpx.Request, login bool) ([]byte, error) {
	if c.Map != nil && r.Status == nil {
		r.Status = httpx.MapAt(c.Map, c.Env.Time, login)
	}
	return c.API.Do(ctx, r)
}
