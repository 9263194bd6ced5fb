package kraken

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Sign returns Kraken's API-Sign for a private call: base64 of
// HMAC-SHA512(key = base64-decoded private key, message = urlPath ‖
// SHA256(nonce ‖ postData)), urlPath being "/0/private/<Method>".
func Sign(key []byte, urlPath, nonce, postData string) string {
	sum := sha256.Sum256([]byte(nonce + postData))
	m := hmac.New(sha512.New, key)
	m.Write([]byte(urlPath))
	m.Write(sum[:])
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// nonces hands out strictly increasing nonces: the clock in microseconds, or
// one more than the last nonce handed out when the clock has not moved on.
// Deriving them from the clock keeps them increasing across processes and
// restarts, which Kraken requires per API key.
type nonces struct {
	mu   sync.Mutex
	last uint64
}

var processNonces nonces

func (n *nonces) next(now time.Time) uint64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	v := uint64(max(now.UnixMicro(), 0))
	if v <= n.last {
		v = n.last + 1
	}
	n.last = v
	return v
}

// api talks to Kraken's REST API with one key pair.
type api struct {
	http  *httpx.API
	now   func() time.Time
	sec   secret
	key   []byte // the decoded private key
	login bool   // refusals mean wrong credentials, not a dead grant
	pace  *pacer
	wait  cryptokit.Wait
}

// newAPI builds the HTTP side. While logging in (login) a refused key is
// ErrInvalidCredentials; afterwards ErrReauthRequired.
func (in *Integration) newAPI(env integrations.Env, sec secret, login bool) (*api, error) {
	base, err := httpx.NeedEndpoint(env, "api", "Kraken API")
	if err != nil {
		return nil, err
	}
	key, err := base64.StdEncoding.DecodeString(sec.Secret)
	if err != nil || len(key) == 0 {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the private key is not valid: copy it whole from Kraken (it is base64 and ends with ==)")
	}
	hc := env.Client()
	httpx.RedactorOf(hc).Add(sec.Key, sec.Secret)
	return &api{
		http: &httpx.API{Name: "Kraken", Client: hc, Base: base, Header: http.Header{"User-Agent": {"Latchkey"}}},
		now:  env.Time, sec: sec, key: key, login: login, pace: pacers.For(hc, sec.Key), wait: in.Wait,
	}, nil
}

// status maps what Kraken (or a proxy in front of it) answers with an HTTP
// error before any envelope: Kraken itself answers API errors with 200 and
// the error list.
func (a *api) status() httpx.StatusMapper {
	return httpx.Status{Name: "Kraken", Refused: []int{http.StatusUnauthorized, http.StatusForbidden}, Login: a.login,
		Now: a.now, Wait: throttleWait}.Map
}

// private calls POST /0/private/<method> with the form signed, and decodes
// the result into out. A private call is never retried by the transport: a
// retried body would carry a nonce Kraken has already seen.
func (a *api) private(ctx context.Context, method string, form url.Values, out any) error {
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	nonce := strconv.FormatUint(processNonces.next(a.now()), 10)
	f.Set("nonce", nonce)
	path := "/0/private/" + method
	b, err := a.http.Do(ctx, httpx.Request{Method: http.MethodPost, Path: path, Form: f, Status: a.status(),
		Header: http.Header{"API-Key": {a.sec.Key}, "API-Sign": {Sign(a.key, path, nonce, f.Encode())}}})
	if err != nil {
		return err
	}
	return decodeResponse(b, a.login, a.now(), out)
}

// public calls GET /0/public/<method>?q (retried by the transport).
func (a *api) public(ctx context.Context, method string, q url.Values, out any) error {
	b, err := a.http.Do(ctx, httpx.Request{Path: "/0/public/" + method, Query: q, Status: a.status()})
	if err != nil {
		return err
	}
	return decodeResponse(b, false, a.now(), out)
}

// --- Pacing -------------------------------------------------------------------

// Kraken's REST rate limit (docs.kraken.com "Spot REST Rate Limits"): every
// API key has a call counter; a Ledgers call adds 2, other private calls 1;
// the counter decays, and a call that would take it past the maximum is
// refused with "EAPI:Rate limit exceeded". The pacer assumes the Starter
// tier, the slowest: a maximum of 15 and a decay of 0.33 a second.
const (
	counterMax   = 15.0
	counterDecay = 0.33 // per second
	ledgerCost   = 2.0
	// maxRefusals is how many refusals in a row a walk waits out before
	// returning the rate-limit error (the app resumes from its cursor).
	maxRefusals = 3
)

// pacer estimates one API key's counter once Kraken has said it is full, so
// a long ledger walk waits just long enough between pages instead of being
// refused again (and, Kraken warns, restricted for longer). Before the first
// refusal it knows nothing of the counter (other apps may share the key) and
// does not wait.
type pacer struct {
	mu    sync.Mutex
	spent bool      // a refusal set the estimate
	level float64   // the estimated counter at `at`
	at    time.Time // on the integration's clock
}

func (p *pacer) estimate(now time.Time) float64 {
	elapsed := max(now.Sub(p.at).Seconds(), 0)
	return max(p.level-elapsed*counterDecay, 0)
}

// wait is how long to wait before a call of cost.
func (p *pacer) wait(now time.Time, cost float64) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.spent {
		return 0
	}
	over := p.estimate(now) + cost - counterMax
	if over <= 0 {
		return 0
	}
	return time.Duration(over / counterDecay * float64(time.Second))
}

// took counts a call of cost that went through.
func (p *pacer) took(now time.Time, cost float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.spent {
		p.level, p.at = p.estimate(now)+cost, now
	}
}

// refused records that Kraken found the counter full.
func (p *pacer) refused(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.spent, p.level, p.at = true, counterMax, now
}

// pacers keeps one pacer per HTTP client (the app keeps a connection's
// client across syncs) and API key, forgotten with the client.
var pacers cryptokit.Pacers[pacer]

// counterFull reports whether err is Kraken's "the counter is full".
func counterFull(err error) bool {
	var cf *counterFullError
	return errors.As(err, &cf)
}

// --- Calls ----------------------------------------------------------------------

func (a *api) balances(ctx context.Context) (map[string]decimal.Decimal, error) {
	var bal map[string]num
	if err := a.private(ctx, "Balance", nil, &bal); err != nil {
		return nil, err
	}
	return merged(bal)
}

// ledgerQuery is one Ledgers call: entries after start (exclusive, 0 for
// none), up to end (inclusive, 0 for none), from offset ofs.
type ledgerQuery struct {
	start, end int64
	ofs        int
}

func (a *api) ledgers(ctx context.Context, q ledgerQuery) (ledgerPage, []ledgerEntry, error) {
	form := url.Values{"type": {"all"}, "ofs": {strconv.Itoa(q.ofs)}}
	if q.start > 0 {
		form.Set("start", strconv.FormatInt(q.start, 10))
	}
	if q.end > 0 {
		form.Set("end", strconv.FormatInt(q.end, 10))
	}
	var p ledgerPage
	if err := a.private(ctx, "Ledgers", form, &p); err != nil {
		return p, nil, err
	}
	es, err := p.entries()
	if err != nil || p.Count < 0 {
		return p, nil, errMalformed
	}
	return p, es, nil
}

// pacedLedgers is ledgers within a walk: it waits as the pacer says, and
// waits out up to maxRefusals "counter full" refusals in a row.
func (a *api) pacedLedgers(ctx context.Context, q ledgerQuery) (ledgerPage, []ledgerEntry, error) {
	for refusals := 0; ; refusals++ {
		if d := a.pace.wait(a.now(), ledgerCost); d > 0 {
			if err := a.wait.Sleep(ctx, d); err != nil {
				return ledgerPage{}, nil, err
			}
		}
		p, es, err := a.ledgers(ctx, q)
		switch {
		case err == nil:
			a.pace.took(a.now(), ledgerCost)
			return p, es, nil
		case !counterFull(err) || refusals+1 >= maxRefusals:
			return p, nil, err
		}
		a.pace.refused(a.now())
	}
}

// accountOwner reads a new key's balances (its Query Funds permission),
// then names the Kraken account behind it for the grant's fingerprint:
// Kraken's API has no user id, so it is the id of the
// account's oldest ledger entry, which no other account has and which a new
// key of the same account finds again. An account with no ledger yet is
// named by its key.
func (a *api) accountOwner(ctx context.Context) (string, error) {
	if _, err := a.balances(ctx); err != nil { // the key's Query Funds
		return "", err
	}
	p, _, err := a.ledgers(ctx, ledgerQuery{})
	if err != nil {
		return "", err
	}
	if p.Count == 0 {
		return "key:" + a.sec.Key, nil
	}
	_, es, err := a.ledgers(ctx, ledgerQuery{ofs: p.Count - 1})
	if err != nil {
		return "", err
	}
	if len(es) == 0 {
		return "", errMalformed
	}
	return "ledger:" + es[len(es)-1].ID, nil
}

// prices returns the last USD price of each asset given, from the public
// AssetPairs and Ticker. Assets without a USD market are left out.
func (a *api) prices(ctx context.Context, assets []string) (map[string]decimal.Decimal, error) {
	if len(assets) == 0 {
		return map[string]decimal.Decimal{}, nil
	}
	var pairs map[string]assetPair
	if err := a.public(ctx, "AssetPairs", nil, &pairs); err != nil {
		return nil, err
	}
	byAsset := usdPairs(pairs)
	var names []string
	asset := map[string]string{}
	for _, c := range assets {
		if p, ok := byAsset[c]; ok {
			names = append(names, p)
			asset[p] = c
			asset[pairs[p].Altname] = c
		}
	}
	if len(names) == 0 {
		return map[string]decimal.Decimal{}, nil
	}
	var tick map[string]tickerEntry
	if err := a.public(ctx, "Ticker", url.Values{"pair": {strings.Join(names, ",")}}, &tick); err != nil {
		return nil, err
	}
	return lastPrices(tick, asset)
}

// --- Client ---------------------------------------------------------------------

// spotID is the id of the one account a Kraken login has: its spot wallet.
const spotID = "spot"

func spotAccount() integrations.Account {
	return cryptokit.Account(spotID, "Kraken spot wallet", "spot", valuation)
}

// client reads one Kraken account.
// Balances and Positions come from one read of the holdings
// (cryptokit.Spot): the cash balances, the dollar total counting the crypto
// at its last price, and a position per crypto asset. Without prices the
// balances come with an error matching ErrPartial (the app then keeps the
// cached ones), the positions with PriceUnknown.
type client struct {
	cryptokit.Spot // Accounts, Balances and Positions
	api            *api
}

var (
	_ integrations.Client        = (*client)(nil)
	_ integrations.HistoryWalker = (*client)(nil)
)

// holdings reads the balances and prices them. When AssetPairs or Ticker
// fails, the units are kept (PriceUnknown) and perr is that failure.
func (c *client) holdings(ctx context.Context) (bals []integrations.Balance, pos []integrations.Position, perr, err error) {
	bal, err := c.api.balances(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	px, perr := c.api.prices(ctx, cryptokit.Coins(bal, isCash))
	bals, pos = holdings(bal, px, c.api.now().UTC())
	return bals, pos, perr, nil
}

// maxLedgerPages bounds a ledger walk (500,000 entries).
const maxLedgerPages = 10000

// ledgerCursor is where a walk resumes: the ledger up to End (a unix time,
// inclusive, fixed when the walk began, so newer entries do not shift the
// offsets), from offset Ofs.
type ledgerCursor struct {
	End int64 `json:"end"`
	Ofs int   `json:"ofs"`
}

// Activities reads the ledger from since (see WalkActivities) in one go.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	out, err := integrations.ReadWalk(ctx, c, accountID, since)
	return integrations.Dedupe(out), err
}

// WalkActivities reads the ledger from since on, newest first, 50 entries a
// call (Kraken's page) by offset below an end fixed when the walk began.
// After each page it hands page that page's activities and the cursor of
// the next. The entries at a full page's oldest instant wait for the next
// page, so a trade's two legs (which share their time) are always combined.
// Ledger calls are paced to the key's counter once Kraken has refused one.
func (c *client) WalkActivities(ctx context.Context, accountID string, since time.Time, cursor string,
	page func(acts []integrations.Activity, next string) error) error {
	if err := c.Own(accountID); err != nil {
		return err
	}
	cur := ledgerCursor{End: c.api.now().Unix()}
	var resumed ledgerCursor
	if json.Unmarshal([]byte(cursor), &resumed) == nil && resumed.End > 0 && resumed.Ofs >= 0 {
		cur = resumed
	}
	var start int64
	if !since.IsZero() {
		start = since.Unix() - 1 // start is exclusive
	}
	for range maxLedgerPages {
		p, es, err := c.api.pacedLedgers(ctx, ledgerQuery{start: start, end: cur.End, ofs: cur.Ofs})
		if err != nil {
			return err
		}
		if len(es) == 0 || cur.Ofs+len(es) >= p.Count {
			return page(activities(es), "")
		}
		keep := len(es)
		oldest := es[len(es)-1].Time
		for keep > 0 && es[keep-1].Time.Equal(oldest.Decimal) {
			keep--
		}
		if keep == 0 { // a page of one instant: take it whole
			keep = len(es)
		}
		cur.Ofs += keep
		next, _ := json.Marshal(cur)
		if err := page(activities(es[:keep]), string(next)); err != nil {
			return err
		}
	}
	return integrations.Wrap(integrations.ErrUnavailable, "Kraken's ledger did not end")
}
