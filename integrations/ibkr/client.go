package ibkr

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Paths, under the "api" endpoint.
const (
	pathLST        = "/oauth/live_session_token"
	pathAccounts   = "/portfolio/accounts"
	pathSSODHInit  = "/iserver/auth/ssodh/init"
	pathBrokerAccs = "/iserver/accounts"
	pathTrades     = "/iserver/account/trades"
)

func pathLedger(n string) string { return "/portfolio/" + url.PathEscape(n) + "/ledger" }

func pathPositions(n string, page int) string {
	return "/portfolio/" + url.PathEscape(n) + "/positions/" + strconv.Itoa(page)
}

func pathContract(conid string) string { return "/iserver/contract/" + url.PathEscape(conid) + "/info" }

const name = "Interactive Brokers"

// userAgent names Latchkey: IBKR's web services ask programs for one.
const userAgent = "Latchkey (Go; +https://github.com/latchkey/latchkey)"

// Waits after a 429 that names none: the per-endpoint limits of
// /portfolio/accounts and /iserver/account/trades are one request in five
// seconds; every other request is under the 50-a-second session limit.
const (
	pacedWait   = 5 * time.Second
	defaultWait = time.Second
)

// maxTradeDays is the most days /iserver/account/trades reaches back.
const maxTradeDays = 7

// maxPages bounds a paged read against a server that never stops.
const maxPages = 500

var (
	// errGone is a 410: IBKR asks for a new live session token.
	errGone = integrations.Wrap(integrations.ErrUnavailable, "Interactive Brokers ended the session (HTTP 410)")
	// errNoBridge is a brokerage endpoint answered without a brokerage session.
	errNoBridge = integrations.Wrap(integrations.ErrUnavailable, "Interactive Brokers has no brokerage session for this login yet")
	// errCompeting is a brokerage session held elsewhere.
	errCompeting = integrations.Wrap(integrations.ErrUnavailable,
		"another Interactive Brokers session (TWS, Client Portal or the mobile app) holds the brokerage session: "+
			"trades are read once it is closed")
	errNoAccount = integrations.NoAccount("Interactive Brokers")

	mismatch = "the live session token does not verify: the access token secret, the encryption key or the " +
		"Diffie-Hellman parameters are not the ones IBKR holds for this consumer key"
	// errMismatch is a live session token whose signature is not ours.
	errMismatch      = integrations.Wrap(integrations.ErrReauthRequired, mismatch)
	errMismatchLogin = integrations.Wrap(integrations.ErrInvalidCredentials, mismatch)
)

// status reads IBKR's refusals: 401 refuses the signature or the live
// session token (ErrInvalidCredentials while logging in, ErrReauthRequired
// after); 429 waits for Retry-After, else wait; 410 asks for a new live
// session token; 400 "no bridge" wants a brokerage session; 5xx and other
// refusals are ErrUnavailable. Bodies ({"error":…,"statusCode":…}) are never
// quoted.
func status(login bool, now func() time.Time, wait time.Duration) httpx.StatusMapper {
	s := httpx.Status{Name: name, Refused: []int{http.StatusUnauthorized}, Login: login, Now: now, Wait: wait,
		Body: func(code int, body []byte) error {
			switch {
			case code == http.StatusGone:
				return errGone
			case code == http.StatusBadRequest && bytes.Contains(bytes.ToLower(body), []byte("no bridge")):
				return errNoBridge
			}
			return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Interactive Brokers refused the request (HTTP %d)", code))
		}}
	return s.Map
}

// keys are a secret's parsed parts.
type keys struct {
	signing *rsa.PrivateKey
	group   dhGroup
	secret  []byte // the decrypted access token secret
}

func parseKeys(s secret) (keys, error) {
	k, err := parsePrivateKey(s.SigningKey)
	if err != nil {
		return keys{}, err
	}
	p, ok := new(big.Int).SetString(s.DHPrime, 16)
	if !ok {
		return keys{}, errDHParams
	}
	sec, err := hex.DecodeString(s.TokenSecret)
	if err != nil || len(sec) == 0 {
		return keys{}, errors.New("ibkr: the saved token secret is not hex")
	}
	return keys{signing: k, group: dhGroup{P: p, G: big.NewInt(s.DHGenerator)}, secret: sec}, nil
}

// session is the HTTP side of one login: signing, the live session token
// request and the plain send.
type session struct {
	api  *httpx.API
	now  func() time.Time
	keys keys
	// queryless is set once IBKR accepted a request signed without its
	// query parameters after refusing it signed with them (see doc.go).
	queryless atomic.Bool
}

func newSession(env integrations.Env, k keys) *session {
	h := http.Header{}
	h.Set("User-Agent", userAgent)
	return &session{now: env.Time, keys: k,
		api: &httpx.API{Name: name, Client: env.Client(), Base: env.URL("api"), Header: h, Status: status(false, env.Time, defaultWait)}}
}

// url is the absolute URL of path with q: what is sent and what is signed.
func (s *session) url(path string, q url.Values) string {
	u := strings.TrimRight(s.api.Base, "/") + "/" + strings.TrimLeft(path, "/")
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// liveSessionToken runs the Diffie-Hellman exchange of POST
// /oauth/live_session_token, signed RSA-SHA256 over the base string with
// the decrypted secret's hex in front, and returns sec with the new token
// and its end. login reads a refusal as ErrInvalidCredentials.
func (s *session) liveSessionToken(ctx context.Context, sec secret, login bool) (secret, error) {
	a, hexA, err := s.keys.group.challenge()
	if err != nil {
		return secret{}, err
	}
	u := s.url(pathLST, nil)
	su, _, err := signingURL(u)
	if err != nil {
		return secret{}, err
	}
	now := s.now()
	ps := oauthParams(sec.ConsumerKey, sec.AccessToken, methodRSA, nonce(), now, param{"diffie_hellman_challenge", hexA})
	sig, err := signRSA(s.keys.signing, baseString(sec.TokenSecret, http.MethodPost, su, ps))
	if err != nil {
		return secret{}, fmt.Errorf("ibkr: signing the session request: %w", err)
	}
	hdr := http.Header{}
	hdr.Set("Authorization", authorization(realmFor(sec.ConsumerKey), ps, sig))
	b, err := s.api.Do(ctx, httpx.Request{Method: http.MethodPost, Path: u, Header: hdr, Status: status(login, s.now, defaultWait)})
	if err != nil {
		return secret{}, err
	}
	w, err := decodeLST(b)
	if err != nil {
		return secret{}, err
	}
	k, err := s.keys.group.sharedSecret(a, w.DHResponse)
	if err != nil && login {
		// IBKR computed with another group than the one pasted.
		return secret{}, errMismatchLogin
	}
	if err != nil {
		return secret{}, errMalformed
	}
	lst := liveSessionToken(k, s.keys.secret)
	if !lstVerified(lst, sec.ConsumerKey, w.Signature) {
		if login {
			return secret{}, errMismatchLogin
		}
		return secret{}, errMismatch
	}
	httpx.RedactorOf(s.api.Client).Add(lst)
	sec.LST, sec.LSTExpiry = lst, w.expiry(now)
	return sec, nil
}

// request is one API call.
type request struct {
	method string
	path   string
	query  url.Values
	json   any
	wait   time.Duration // after a 429 without Retry-After (0: defaultWait)
}

// send makes r with sec's live session token, signed HMAC-SHA256. A
// refused request that has a query is signed once more without its query
// parameters: IBKR's guide puts them in the base string, the clients that
// work in practice (ibind, ibkr_web_client) leave them out, and which one
// IBKR checks is not settled (doc.go).
func (s *session) send(ctx context.Context, sec secret, r request) ([]byte, error) {
	queryless := s.queryless.Load()
	b, err := s.sendSigned(ctx, sec, r, queryless)
	if err != nil && len(r.query) > 0 && !queryless && errors.Is(err, integrations.ErrReauthRequired) {
		b, err = s.sendSigned(ctx, sec, r, true)
		if err == nil {
			s.queryless.Store(true)
		}
	}
	return b, err
}

func (s *session) sendSigned(ctx context.Context, sec secret, r request, queryless bool) ([]byte, error) {
	lst, err := base64.StdEncoding.DecodeString(sec.LST)
	if err != nil || len(lst) == 0 {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, "the live session token is unreadable")
	}
	method := r.method
	if method == "" {
		method = http.MethodGet
	}
	u := s.url(r.path, r.query)
	su, q, err := signingURL(u)
	if err != nil {
		return nil, err
	}
	if queryless {
		q = nil
	}
	ps := oauthParams(sec.ConsumerKey, sec.AccessToken, methodHMAC, nonce(), s.now())
	sig := signHMAC(lst, baseString("", method, su, append(append([]param(nil), ps...), q...)))
	hdr := http.Header{}
	hdr.Set("Authorization", authorization(realmFor(sec.ConsumerKey), ps, sig))
	wait := r.wait
	if wait <= 0 {
		wait = defaultWait
	}
	return s.api.Do(ctx, httpx.Request{Method: method, Path: u, Header: hdr, JSON: r.json, Status: status(false, s.now, wait)})
}

// client reads one login's accounts.
type client struct {
	in   *Integration
	s    *session
	ts   *integrations.TokenSource[secret]
	now  func() time.Time
	inst string

	accts integrations.AccountIndex[acct] // Latchkey account id → number and currency

	mu        sync.Mutex
	primed    string // the live session token whose session listed /portfolio/accounts
	brokerage string // the live session token whose session opened a brokerage session
}

var _ integrations.Client = (*client)(nil)

func newClient(in *Integration, env integrations.Env, g integrations.Grant, sec secret, save integrations.SaveFunc) (*client, error) {
	k, err := parseKeys(sec)
	if err != nil {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, "the saved Interactive Brokers keys are unreadable")
	}
	httpx.RedactorOf(env.HTTP).Add(sec.ConsumerKey, sec.AccessToken, sec.TokenSecret, sec.LST)
	c := &client{in: in, s: newSession(env, k), now: env.Time, inst: in.ID()}
	// The live session token lasts about a day: it is made again (a new
	// Diffie-Hellman exchange) when due or refused, saved before use.
	c.ts = &integrations.TokenSource[secret]{Name: name, Grant: g, Secret: sec, Save: save, Now: env.Time, Margin: 5 * time.Minute,
		Access: func(s secret) (string, time.Time) { return s.LST, s.LSTExpiry },
		Refresh: func(ctx context.Context, s secret) (secret, error) {
			return c.s.liveSessionToken(ctx, s, false)
		},
		Encode: integrations.EncodeGrant(secret.encode, nil)}
	return c, nil
}

// with calls f with the secret to use. A refused live session token (401)
// or an ended session (410) is replaced once and f called again; a second
// refusal is the grant's end (ErrReauthRequired), a second 410 an outage.
func (c *client) with(ctx context.Context, f func(ctx context.Context, sec secret) error) error {
	sec, err := c.ts.Token(ctx)
	if err != nil {
		return err
	}
	err = f(ctx, sec)
	if err == nil || !(errors.Is(err, integrations.ErrReauthRequired) || errors.Is(err, errGone)) {
		return err
	}
	if sec, err = c.ts.Refused(ctx, sec.LST); err != nil {
		return err
	}
	return f(ctx, sec)
}

// listAccounts reads GET /portfolio/accounts with sec, which also opens the
// /portfolio endpoints for sec's session, and remembers the accounts.
func (c *client) listAccounts(ctx context.Context, sec secret) ([]integrations.Account, []acct, error) {
	b, err := c.s.send(ctx, sec, request{path: pathAccounts, wait: pacedWait})
	if err != nil {
		return nil, nil, err
	}
	accts, info, err := decodeAccounts(b, c.inst)
	if err != nil {
		return nil, nil, err
	}
	m := make(map[string]acct, len(accts))
	for i, a := range accts {
		m[a.ID] = info[i]
	}
	c.accts.Set(m)
	c.mu.Lock()
	c.primed = sec.LST
	c.mu.Unlock()
	return accts, info, nil
}

// Accounts returns the login's accounts.
func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	var out []integrations.Account
	err := c.with(ctx, func(ctx context.Context, sec secret) error {
		a, _, err := c.listAccounts(ctx, sec)
		out = a
		return err
	})
	return out, err
}

// prime lists the accounts in sec's session if it has not yet: IBKR asks
// for /portfolio/accounts before any other /portfolio call of a session.
func (c *client) prime(ctx context.Context, sec secret) error {
	c.mu.Lock()
	done := c.primed == sec.LST
	c.mu.Unlock()
	if done {
		return nil
	}
	_, _, err := c.listAccounts(ctx, sec)
	return err
}

// account returns the number and currency behind a Latchkey account id.
func (c *client) account(ctx context.Context, id string) (acct, error) {
	a, ok, err := c.accts.Get(ctx, id, func(ctx context.Context) error {
		_, err := c.Accounts(ctx)
		return err
	})
	if err != nil {
		return acct{}, err
	}
	if !ok {
		return acct{}, errNoAccount
	}
	return a, nil
}

// portfolio GETs a /portfolio path of a primed session.
func (c *client) portfolio(ctx context.Context, path string) ([]byte, error) {
	var b []byte
	err := c.with(ctx, func(ctx context.Context, sec secret) error {
		if err := c.prime(ctx, sec); err != nil {
			return err
		}
		var err error
		b, err = c.s.send(ctx, sec, request{path: path})
		return err
	})
	return b, err
}

// Balances returns the account's cash per currency (GET .../ledger).
func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	a, err := c.account(ctx, accountID)
	if err != nil {
		return nil, err
	}
	b, err := c.portfolio(ctx, pathLedger(a.number))
	if err != nil {
		return nil, err
	}
	return decodeLedger(b)
}

// Positions returns the account's open positions, every page of them: pages
// are numbered from 0 and the read ends at an empty page or one shorter than
// the page size its rows name.
func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	a, err := c.account(ctx, accountID)
	if err != nil {
		return nil, err
	}
	asOf := c.now().UTC()
	return integrations.ReadNumbered(ctx, maxPages, 0, func(ctx context.Context, page int) ([]integrations.Position, bool, error) {
		b, err := c.portfolio(ctx, pathPositions(a.number, page))
		if err != nil {
			return nil, false, err
		}
		pos, rows, size, err := decodePositions(b, asOf)
		return pos, rows > 0 && (size == 0 || rows >= size), err
	})
}

// openBrokerage opens the brokerage session the /iserver endpoints need
// (POST /iserver/auth/ssodh/init, publish, without competing: Latchkey
// never logs the user out of TWS or the mobile app), then GET
// /iserver/accounts, which IBKR asks for before other /iserver calls.
func (c *client) openBrokerage(ctx context.Context, sec secret) error {
	c.mu.Lock()
	done := c.brokerage == sec.LST
	c.mu.Unlock()
	if done {
		return nil
	}
	b, err := c.s.send(ctx, sec, request{method: http.MethodPost, path: pathSSODHInit,
		json: map[string]bool{"publish": true, "compete": false}})
	if err != nil {
		return err
	}
	st, err := decodeAuthStatus(b)
	if err != nil {
		return err
	}
	if !st.Authenticated || !st.Connected || st.Competing {
		return errCompeting
	}
	if _, err := c.s.send(ctx, sec, request{path: pathBrokerAccs}); err != nil {
		return err
	}
	c.mu.Lock()
	c.brokerage = sec.LST
	c.mu.Unlock()
	return nil
}

// brokerageGet GETs an /iserver path in a brokerage session.
func (c *client) brokerageGet(ctx context.Context, r request) ([]byte, error) {
	var b []byte
	err := c.with(ctx, func(ctx context.Context, sec secret) error {
		if err := c.openBrokerage(ctx, sec); err != nil {
			return err
		}
		var err error
		b, err = c.s.send(ctx, sec, r)
		if errors.Is(err, errNoBridge) {
			// The session lost its brokerage session: open it again once.
			c.mu.Lock()
			c.brokerage = ""
			c.mu.Unlock()
			if err := c.openBrokerage(ctx, sec); err != nil {
				return err
			}
			b, err = c.s.send(ctx, sec, r)
		}
		return err
	})
	return b, err
}

// tradeDays is how many days back /iserver/account/trades must reach for
// since: the whole days from since's date to today's (UTC) and one more,
// in case "prior days" counts today, 1 to 7.
func tradeDays(now, since time.Time) int {
	if since.IsZero() {
		return maxTradeDays
	}
	today := integrations.DateOf(now.UTC()).Time()
	from := integrations.DateOf(since.UTC()).Time()
	d := int(today.Sub(from)/(24*time.Hour)) + 1
	return min(max(d, 1), maxTradeDays)
}

// Activities returns the account's executions on or after since, as far as
// the Web API keeps them: the last seven days (IBKR Flex has the rest). Each
// execution's currency is its contract's (GET /iserver/contract/{conid}/info,
// once per contract of the read).
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	a, err := c.account(ctx, accountID)
	if err != nil {
		return nil, err
	}
	q := url.Values{"days": {strconv.Itoa(tradeDays(c.now(), since))}, "accountId": {a.number}}
	b, err := c.brokerageGet(ctx, request{path: pathTrades, query: q, wait: pacedWait})
	if err != nil {
		return nil, err
	}
	trades, err := decodeTrades(b)
	if err != nil {
		return nil, err
	}
	from := integrations.DateOf(since.UTC())
	currencies := map[string]string{}
	var out []integrations.Activity
	seen := map[string]bool{}
	for _, t := range trades {
		if acc := t.account(); acc != "" && acc != a.number {
			continue
		}
		when, _ := t.when()
		if !since.IsZero() && integrations.DateOf(when) < from {
			continue
		}
		cur, err := c.currency(ctx, string(t.Conid), a.currency, currencies)
		if err != nil {
			return nil, err
		}
		act, err := t.activity(cur)
		if err != nil {
			return nil, err
		}
		if seen[act.ID] {
			continue
		}
		seen[act.ID] = true
		out = append(out, act)
	}
	return out, nil
}

// currency is a contract's currency, read once per read; an execution
// without a conid is taken to be in the account's base currency.
func (c *client) currency(ctx context.Context, conid, base string, known map[string]string) (string, error) {
	if conid == "" {
		return base, nil
	}
	if cur, ok := known[conid]; ok {
		return cur, nil
	}
	b, err := c.brokerageGet(ctx, request{path: pathContract(conid)})
	if err != nil {
		return "", err
	}
	cur, err := decodeContractCurrency(b)
	if err != nil {
		return "", err
	}
	known[conid] = cur
	return cur, nil
}
