package questrade

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// secret is the grant's secret: the current access token, the single-use
// refresh token that replaces it, and the API server they belong to.
type secret struct {
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token"`
	APIServer    string    `json:"api_server"`
	AccessExpiry time.Time `json:"access_expiry"`
}

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a Questrade login", func(s secret) bool { return s.RefreshToken != "" && s.APIServer != "" })
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

// refreshLife is how long an unused refresh token lives (7 days, as the
// manual tokens of the API Centre): the grant ends then unless a sync
// refreshes it before.
const refreshLife = 7 * 24 * time.Hour

// mode says how a refusal reads.
type mode int

const (
	modeData    mode = iota
	modeLogin        // a pasted token or a code was refused: ErrInvalidCredentials
	modeRefresh      // our own refresh token was refused: ErrReauthRequired
)

// codeInvalidToken is the error code of a refused access token.
const codeInvalidToken = 1017

// status reads Questrade's refusals in mode m. The login server refuses a
// used, expired or unknown token with 400, 401 or 403; the API refuses an
// access token with 401 or {"code":1017}. 429s may name the window's end in
// X-RateLimit-Reset (a Unix time); the limits are per second and per hour.
func status(m mode, now func() time.Time) httpx.StatusMapper {
	s := httpx.Status{Name: "Questrade", Login: m == modeLogin, Now: now,
		Reset: httpx.ResetUnix("X-RateLimit-Reset"), Wait: time.Second}
	if m != modeData {
		s.Refused = []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden}
	}
	s.Body = func(code int, body []byte) error {
		var e struct {
			Code int `json:"code"`
		}
		_ = json.Unmarshal(body, &e)
		switch {
		case e.Code == codeInvalidToken:
			return integrations.Wrap(integrations.ErrReauthRequired, "Questrade refused the access token")
		case e.Code != 0:
			return fmt.Errorf("questrade: the request was refused (HTTP %d, code %d)", code, e.Code)
		}
		return nil
	}
	return s.Map
}

// tokens calls the login server's token endpoint.
type tokens struct {
	auth string // login server base URL
	http *http.Client
	now  func() time.Time
}

func (in *Integration) tokens(env integrations.Env) *tokens {
	return &tokens{auth: strings.TrimRight(env.URL("auth"), "/"), http: env.Client(), now: env.Time}
}

// api is the HTTP side of the login server (base "") or of the API server.
func (t *tokens) api(base string) *httpx.API {
	return &httpx.API{Name: "Questrade", Client: t.http, Base: cmp.Or(base, t.auth), Status: status(modeData, t.now)}
}

// redeem trades q (a refresh token, or an authorization code) at
// /oauth2/token, with its parameters in the query as Questrade documents,
// and returns the new secret. The answer's api_server must be Questrade's
// own (https, *.questrade.com) unless the login server is on this machine.
func (t *tokens) redeem(ctx context.Context, q url.Values, m mode) (secret, error) {
	now := t.now()
	b, err := t.api("").Do(ctx, httpx.Request{Method: http.MethodPost, Path: "/oauth2/token", Query: q, Status: status(m, t.now)})
	if err != nil {
		return secret{}, err
	}
	var w wireToken
	if err := decode(b, &w); err != nil {
		return secret{}, err
	}
	server, ok := apiServer(t.auth, w.APIServer)
	if w.AccessToken == "" || w.RefreshToken == "" || !ok {
		return secret{}, errMalformed
	}
	life := integrations.Lifetime(w.ExpiresIn, 30*time.Minute)
	httpx.RedactorOf(t.http).Add(w.AccessToken, w.RefreshToken)
	return secret{AccessToken: w.AccessToken, RefreshToken: w.RefreshToken, APIServer: server, AccessExpiry: now.Add(life)}, nil
}

// apiServer checks and normalises an api_server (with a trailing slash).
func apiServer(auth, s string) (string, bool) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || u.RawQuery != "" || u.User != nil {
		return "", false
	}
	if !integrations.Loopback(auth) && (u.Scheme != "https" || !strings.HasSuffix(strings.ToLower(u.Hostname()), ".questrade.com")) {
		return "", false
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.String(), true
}

// get fetches v1/<path> on the API server with the access token.
func (t *tokens) get(ctx context.Context, sec secret, path string, q url.Values) ([]byte, error) {
	return t.api(sec.APIServer).Do(ctx, httpx.Request{Path: "v1/" + path, Query: q, Bearer: sec.AccessToken})
}

// client reads one Questrade login's accounts.
type client struct {
	in                               *Integration
	tok                              *tokens
	tokens                           *integrations.TokenSource[secret]
	integrations.AccountBook[string] // Accounts; account id → number
}

var _ integrations.Client = (*client)(nil)

func (in *Integration) newClient(env integrations.Env, g integrations.Grant, sec secret, save integrations.SaveFunc) *client {
	t := in.tokens(env)
	httpx.RedactorOf(t.http).Add(sec.AccessToken, sec.RefreshToken)
	c := &client{in: in, tok: t}
	c.AccountBook.Read, c.AccountBook.NotFound = integrations.LoginAccounts(c.get, "accounts", c.in.decodeAccounts), integrations.NoAccount("Questrade")
	c.tokens = &integrations.TokenSource[secret]{Name: "Questrade", Grant: g, Secret: sec, Save: save, Now: t.now,
		// A secret without an access expiry is due at once.
		Access: func(s secret) (string, time.Time) { return s.AccessToken, cmp.Or(s.AccessExpiry, time.Unix(1, 0)) },
		Refresh: func(ctx context.Context, s secret) (secret, error) {
			return t.redeem(ctx, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {s.RefreshToken}}, modeRefresh)
		},
		// The refresh token the grant holds lives another 7 days.
		Encode: func(g integrations.Grant, s secret) integrations.Grant {
			g.Secret, g.Expiry = s.encode(), t.now().Add(refreshLife).Truncate(time.Second)
			return g
		}}
	return c
}

// get fetches a data path; a refused access token is refreshed once.
func (c *client) get(ctx context.Context, path string, q url.Values) (b []byte, err error) {
	err = c.tokens.Do(ctx, func(ctx context.Context, s secret) error {
		b, err = c.tok.get(ctx, s, path, q)
		return err
	})
	return b, err
}

// accountsPath is where an account's lists are, under its number.
const accountsPath = "accounts/"

// Balances returns the account's balance in each currency.
func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	return integrations.ReadList(ctx, &c.AccountBook, accountID, c.get, accountsPath, "balances", decodeBalances)
}

// Positions returns the account's positions, described by one symbols call.
// The positions carry their own prices: when the symbols call fails, they
// are returned without their type and description (the currency guessed
// from the listing's suffix), with an error matching ErrPartial.
func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	raw, err := integrations.ReadList(ctx, &c.AccountBook, accountID, c.get, accountsPath, "positions", decodePositions)
	if err != nil || len(raw) == 0 {
		return nil, err
	}
	asOf := c.tok.now().UTC()
	out, serr := integrations.Described(ctx, raw, wirePosition.symbol, c.symbols,
		func(r wirePosition, s wireSymbol) integrations.Position { return position(r, s, asOf) })
	return integrations.KeepPartial("the symbols' details", out, serr)
}

// symbols reads the symbols of ids with one call.
func (c *client) symbols(ctx context.Context, ids []int64) (map[int64]wireSymbol, error) {
	text := make([]string, 0, len(ids))
	for _, id := range ids {
		text = append(text, strconv.FormatInt(id, 10))
	}
	b, err := c.get(ctx, "symbols", url.Values{"ids": {strings.Join(text, ",")}})
	if err != nil {
		return nil, err
	}
	return decodeSymbols(b)
}

// windowDays is how many calendar days one activities call asks for:
// Questrade answers at most 31 days a call.
const windowDays = 30

// defaultHistory is how far back a read with a zero since goes.
const defaultHistory = 10 * 365 * 24 * time.Hour

// toronto is Questrade's time zone: windows start at its midnight.
var toronto = func() *time.Location {
	if loc, err := time.LoadLocation("America/Toronto"); err == nil {
		return loc
	}
	return time.FixedZone("EST", -5*3600)
}()

// Activities returns the account's activities from since's date to now,
// reading back-to-back windows of 30 days that never overlap.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	n, err := c.AccountBook.Lookup(ctx, accountID)
	if err != nil {
		return nil, err
	}
	p := integrations.AccountPath(accountsPath, n, "activities")
	now := c.tok.now()
	if since.IsZero() {
		since = now.Add(-defaultHistory)
	}
	d := since.UTC()
	start := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, toronto)
	var rows []wireActivity
	for from := start; !from.After(now); {
		to := from.AddDate(0, 0, windowDays)
		b, err := c.get(ctx, p, url.Values{
			"startTime": {from.Format(time.RFC3339)},
			"endTime":   {to.Add(-time.Second).Format(time.RFC3339)},
		})
		if err != nil {
			return nil, err
		}
		w, err := decodeActivities(b)
		if err != nil {
			return nil, err
		}
		rows = append(rows, w...)
		from = to
	}
	acts, err := mapActivities(accountID, rows)
	if err != nil {
		return nil, err
	}
	return integrations.OnOrAfter(acts, since), nil
}
