package wealthsimple

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Paths and headers of Wealthsimple's web app.
const (
	pathLoginPage = "/app/login"
	pathToken     = "/v1/oauth/v2/token"
	pathTokenInfo = "/v1/oauth/v2/token/info"
	pathGraphQL   = "/graphql"

	headerClient     = "x-wealthsimple-client"
	clientName       = "@wealthsimple/wealthsimple"
	headerProfile    = "x-ws-profile"
	headerDevice     = "x-ws-device-id"
	headerSession    = "x-ws-session-id"
	headerOTP        = "x-wealthsimple-otp"
	headerOTPNeeded  = "x-wealthsimple-otp-required"
	headerOTPClaim   = "x-wealthsimple-otp-authenticated-claim"
	headerAPIVersion = "x-ws-api-version"
	apiVersion       = "12"

	scope = "invest.read trade.read tax.read"
)

// api talks to Wealthsimple's OAuth server and web app through httpx's
// call. Its client keeps cookies: the login page's wssdi is the device id.
type api struct {
	auth, app *httpx.API
	now       func() time.Time
	jar       http.CookieJar
	clientID  string // the web app's OAuth client id
	deviceID  string // the wssdi device cookie
	sessionID string
}

var errMalformed = integrations.Malformed("Wealthsimple")

func newAPI(env integrations.Env) (*api, error) {
	auth, err := endpoint(env, "auth")
	if err != nil {
		return nil, err
	}
	app, err := endpoint(env, "api")
	if err != nil {
		return nil, err
	}
	jar, _ := cookiejar.New(nil)
	hc := *env.Client()
	hc.Jar = jar
	a := &api{now: env.Time, jar: jar, sessionID: randomHex(16)}
	common := httpx.Status{Name: "Wealthsimple", Now: env.Time}
	a.auth = &httpx.API{Name: "Wealthsimple", Client: &hc, Base: auth, Status: common.Map}
	a.app = &httpx.API{Name: "Wealthsimple", Client: &hc, Base: app, Status: common.Map}
	return a, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (a *api) redact(s ...string) { httpx.RedactorOf(a.app.Client).Add(s...) }

// header is what every request of the web app says: its session and
// device.
func (a *api) header(h http.Header) http.Header {
	h.Set(headerSession, a.sessionID)
	if a.deviceID != "" {
		h.Set(headerDevice, a.deviceID)
	}
	return h
}

// --- Bootstrap -----------------------------------------------------------------

var (
	reScript   = regexp.MustCompile(`<script[^>]*src="([^"]*/app-[a-f0-9]+\.js)"`)
	reClientID = regexp.MustCompile(`"production"[^}]*clientId:"([a-f0-9]+)"`)
)

// bootstrap reads, as the web app does, the device id (the wssdi cookie of
// the login page) and the web app's OAuth client id (in its JS bundle).
func (a *api) bootstrap(ctx context.Context) error {
	if a.clientID != "" && a.deviceID != "" {
		return nil
	}
	changed := integrations.Wrap(integrations.ErrUnavailable, "Wealthsimple's login page changed; Latchkey needs an update")
	refused := func(resp *http.Response, body []byte) error {
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
			return httpx.Status{Name: "Wealthsimple", Now: a.now}.Map(resp, body)
		}
		return changed
	}
	page, err := url.Parse(strings.TrimRight(a.app.Base, "/") + pathLoginPage)
	if err != nil {
		return changed
	}
	body, err := a.app.Do(ctx, httpx.Request{Path: page.String(), Header: http.Header{"Accept": {"text/html"}}, Status: refused})
	if err != nil {
		return err
	}
	for _, c := range a.jar.Cookies(page) {
		if c.Name == "wssdi" && c.Value != "" {
			a.deviceID = c.Value
		}
	}
	m := reScript.FindSubmatch(body)
	if a.deviceID == "" || m == nil {
		return changed
	}
	js, err := page.Parse(string(m[1]))
	if err != nil || (js.Scheme != "https" && js.Scheme != "http") {
		return changed
	}
	body, err = a.app.Do(ctx, httpx.Request{Path: js.String(), Header: http.Header{"Accept": {"*/*"}}, Status: refused})
	if err != nil {
		return err
	}
	id := reClientID.FindSubmatch(body)
	if id == nil {
		return changed
	}
	a.clientID = string(id[1])
	return nil
}

// --- OAuth -----------------------------------------------------------------------

// tokenAnswer is the token endpoint's answer.
type tokenAnswer struct {
	AccessToken      string `json:"access_token"`
	RefreshToken     string `json:"refresh_token"`
	ExpiresIn        int64  `json:"expires_in"`
	IdentityID       string `json:"identity_canonical_id"`
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
}

// otpChallenge is a 401 asking for a two-step verification code. It is an
// error of the token call the login turns into a CodeStep; it never leaves
// the package.
type otpChallenge struct {
	method string // sms, email, app...
	claim  string // x-wealthsimple-otp-authenticated-claim, sent back with the code
}

func (*otpChallenge) Error() string { return "wealthsimple: a two-step verification code is required" }

// refusal is a token request refused with an OAuth error the login reads
// (a wrong password, a locked login); it never leaves the package.
type refusal struct{ ans tokenAnswer }

func (*refusal) Error() string { return "wealthsimple: the token request was refused" }

// tokenStatus reads a refused token request: the two-step signal, an OAuth
// error, or the common statuses.
func (a *api) tokenStatus(resp *http.Response, body []byte) error {
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		return httpx.Status{Name: "Wealthsimple", Now: a.now}.Map(resp, body)
	}
	var ans tokenAnswer
	jerr := json.Unmarshal(body, &ans)
	if resp.StatusCode == http.StatusUnauthorized && otpRequired(resp.Header, ans) {
		ch := &otpChallenge{method: otpMethod(resp.Header.Get(headerOTP)), claim: resp.Header.Get(headerOTPClaim)}
		a.redact(ch.claim)
		return ch
	}
	if jerr != nil || ans.Error == "" {
		return httpx.StatusError(resp)
	}
	return &refusal{ans: ans}
}

// token posts to the token endpoint. A 401 with the two-step signal is an
// *otpChallenge, another OAuth refusal a *refusal.
func (a *api) token(ctx context.Context, body map[string]any, h http.Header) (tokenAnswer, error) {
	hdr := a.header(http.Header{headerClient: {clientName}})
	for k, vs := range h {
		hdr[http.CanonicalHeaderKey(k)] = vs
	}
	var ans tokenAnswer
	err := a.auth.JSON(ctx, httpx.Request{Method: http.MethodPost, Path: pathToken, JSON: body, Header: hdr, Status: a.tokenStatus}, &ans)
	if err != nil {
		return tokenAnswer{}, err
	}
	if ans.AccessToken == "" || ans.RefreshToken == "" {
		return tokenAnswer{}, errMalformed
	}
	a.redact(ans.AccessToken, ans.RefreshToken)
	return ans, nil
}

// otpRequired reads the 401's two-step signal: x-wealthsimple-otp-required:
// true, or x-wealthsimple-otp: required; method=..., or — without those
// headers — the description the web app shows ("Two-step verification code
// required").
func otpRequired(h http.Header, ans tokenAnswer) bool {
	return strings.EqualFold(strings.TrimSpace(h.Get(headerOTPNeeded)), "true") ||
		strings.Contains(strings.ToLower(h.Get(headerOTP)), "required") ||
		(ans.Error == "invalid_grant" && strings.Contains(strings.ToLower(ans.ErrorDescription), "two-step verification"))
}

// otpMethod reads the method of "required; method=sms; digits=6".
func otpMethod(v string) string {
	for _, part := range strings.Split(v, ";") {
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && strings.EqualFold(k, "method") {
			return strings.ToLower(strings.TrimSpace(val))
		}
	}
	return ""
}

// refresh trades a refresh token for new tokens, as ws-api-python does: no
// Authorization header, x-ws-profile: invest. A refused refresh is
// ErrReauthRequired.
func (a *api) refresh(ctx context.Context, refreshToken string) (tokenAnswer, error) {
	ans, err := a.token(ctx, map[string]any{"grant_type": "refresh_token", "refresh_token": refreshToken, "client_id": a.clientID},
		http.Header{headerProfile: {"invest"}})
	var ch *otpChallenge
	var rf *refusal
	var sc *httpx.StatusCodeError
	switch {
	case errors.As(err, &ch), errors.As(err, &rf), errors.As(err, &sc) && sc.StatusCode < 500:
		return tokenAnswer{}, integrations.Wrap(integrations.ErrReauthRequired, "Wealthsimple refused to refresh the login")
	case err != nil:
		return tokenAnswer{}, err
	}
	return ans, nil
}

// identity reads the identity id of an access token (GET token/info).
func (a *api) identity(ctx context.Context, access string) (string, error) {
	var info struct {
		IdentityID    string `json:"identity_canonical_id"`
		ResourceOwner string `json:"resource_owner_id"`
	}
	err := a.auth.JSON(ctx, httpx.Request{Path: pathTokenInfo, Bearer: access, Header: a.header(http.Header{headerClient: {clientName}})}, &info)
	switch {
	case err != nil:
		return "", err
	case info.IdentityID != "":
		return info.IdentityID, nil
	case info.ResourceOwner != "":
		return info.ResourceOwner, nil
	}
	return "", errMalformed
}

// --- GraphQL ---------------------------------------------------------------------

// errNotAuthorized is GraphQL's refusal of an access token ("Not
// Authorized."), which a refresh may cure.
var errNotAuthorized = integrations.Wrap(integrations.ErrReauthRequired, "Wealthsimple no longer accepts this login")

// graphqlStatus: 401 and 403 are a refused token; the rest as usual.
func (a *api) graphqlStatus(resp *http.Response, body []byte) error {
	if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
		return errNotAuthorized
	}
	return httpx.Status{Name: "Wealthsimple", Now: a.now}.Map(resp, body)
}

// graphql runs one query with an access token and returns its data.
func (a *api) graphql(ctx context.Context, access, op, query string, vars map[string]any) (json.RawMessage, error) {
	h := a.header(http.Header{headerProfile: {"trade"}, headerAPIVersion: {apiVersion}, "x-ws-locale": {"en-CA"}, "x-platform-os": {"web"}})
	b, err := a.app.Do(httpx.MarkRetryable(ctx), httpx.Request{Method: http.MethodPost, Path: pathGraphQL, Bearer: access, Header: h,
		JSON: map[string]any{"operationName": op, "query": query, "variables": vars}, Status: a.graphqlStatus})
	if err != nil {
		return nil, err
	}
	return decodeGraphQL(b, op)
}

// --- Client ----------------------------------------------------------------------

// Page sizes of the paged queries.
const (
	accountsPageSize   = 25
	positionsPageSize  = 50
	activitiesPageSize = 20
	maxPages           = 1000
	refreshMargin      = 60 * time.Second
)

// client reads one Wealthsimple login. Access tokens last 30 minutes; the
// client refreshes them with the refresh token (which rotates), saving the
// new grant before using it (integrations.TokenSource).
type client struct {
	api    *api
	tokens *integrations.TokenSource[secret]

	accounts integrations.AccountIndex[integrations.Account]
}

func newClient(a *api, g integrations.Grant, sec secret, save integrations.SaveFunc) *client {
	return &client{api: a, tokens: &integrations.TokenSource[secret]{
		Name: "Wealthsimple", Grant: g, Secret: sec, Save: save, Now: a.now, Margin: refreshMargin,
		Access:  func(s secret) (string, time.Time) { return s.Access, s.AccessExpiry },
		Refresh: a.refreshSecret,
		Encode:  integrations.EncodeGrant(secret.encode, nil),
	}}
}

// refreshSecret trades s's refresh token for new tokens (both rotate).
func (a *api) refreshSecret(ctx context.Context, s secret) (secret, error) {
	if s.Refresh == "" {
		return secret{}, integrations.Wrap(integrations.ErrReauthRequired, "the Wealthsimple login cannot be refreshed")
	}
	ans, err := a.refresh(ctx, s.Refresh)
	if err != nil {
		return secret{}, err
	}
	s.Access, s.Refresh = ans.AccessToken, ans.RefreshToken
	s.AccessExpiry = expiry(a.now(), ans.ExpiresIn)
	return s, nil
}

func expiry(now time.Time, secs int64) time.Time {
	if secs <= 0 {
		return time.Time{}
	}
	return now.Add(time.Duration(secs) * time.Second).UTC().Truncate(time.Second)
}

// query runs a GraphQL query, refreshing the access token once if it is
// refused.
func (c *client) query(ctx context.Context, op, q string, vars map[string]any) (json.RawMessage, error) {
	s, err := c.tokens.Token(ctx)
	if err != nil {
		return nil, err
	}
	data, err := c.api.graphql(ctx, s.Access, op, q, vars)
	if !errors.Is(err, errNotAuthorized) {
		return data, err
	}
	if s, err = c.tokens.Refused(ctx, s.Access); err != nil {
		return nil, err
	}
	return c.api.graphql(ctx, s.Access, op, q, vars)
}

func (c *client) identity() string {
	_, s := c.tokens.Current()
	return s.IdentityID
}

func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	vars := map[string]any{"identityId": c.identity(), "pageSize": accountsPageSize}
	out, err := pages(ctx, c, opAccounts, queryAccounts, vars, decodeAccounts)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]integrations.Account, len(out))
	for _, a := range out {
		byID[a.ID] = a
	}
	c.accounts.Set(byID)
	return out, nil
}

// pages reads every page of one of the web app's GraphQL lists: op with
// vars, each page decoded by decode, following pageInfo's endCursor while
// hasNextPage (a page with a next one but no cursor is malformed).
func pages[T any](ctx context.Context, c *client, op, query string, vars map[string]any,
	decode func([]byte) ([]T, pageInfo, error)) ([]T, error) {
	return integrations.ReadPages(ctx, maxPages, func(ctx context.Context, cursor string) ([]T, string, error) {
		if cursor != "" {
			vars["cursor"] = cursor
		}
		data, err := c.query(ctx, op, query, vars)
		if err != nil {
			return nil, "", err
		}
		page, pi, err := decode(data)
		switch {
		case err != nil:
			return nil, "", err
		case !pi.HasNextPage:
			return page, "", nil
		case pi.EndCursor == "":
			return nil, "", errMalformed
		}
		return page, pi.EndCursor, nil
	})
}

// currency returns an account's currency, reading the accounts if needed.
func (c *client) currency(ctx context.Context, accountID string) (string, error) {
	a, err := c.accounts.Lookup(ctx, accountID, func(ctx context.Context) error {
		_, err := c.Accounts(ctx)
		return err
	}, integrations.NoAccount("Wealthsimple"))
	return a.Currency, err
}

func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	cur, err := c.currency(ctx, accountID)
	if err != nil {
		return nil, err
	}
	asOf := c.api.now().UTC().Truncate(time.Second)
	vars := map[string]any{"identityId": c.identity(), "currency": cur, "first": positionsPageSize, "accountIds": []string{accountID}}
	return pages(ctx, c, opPositions, queryPositions, vars, func(data []byte) ([]integrations.Position, pageInfo, error) {
		return decodePositions(data, asOf)
	})
}

// Balances: cash per currency (the sec-c-cad and sec-c-usd balances), and
// per currency the total of cash and positions.
func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	data, err := c.query(ctx, opBalances, queryBalances, map[string]any{"ids": []string{accountID}, "type": "TRADING"})
	if err != nil {
		return nil, err
	}
	cash, order, err := decodeCash(data, accountID)
	if err != nil {
		return nil, err
	}
	pos, err := c.Positions(ctx, accountID)
	if err != nil {
		return nil, err
	}
	totals := map[string]integrations.Balance{}
	for _, cur := range order {
		totals[cur] = integrations.Balance{Currency: cur, Cash: cash[cur], Total: cash[cur]}
	}
	for _, p := range pos {
		b, ok := totals[p.Currency]
		if !ok {
			b = integrations.Balance{Currency: p.Currency}
			order = append(order, p.Currency)
		}
		b.Total = b.Total.Add(p.MarketValue)
		totals[p.Currency] = b
	}
	out := make([]integrations.Balance, 0, len(order))
	for _, cur := range order {
		out = append(out, totals[cur])
	}
	return out, nil
}

// Activities reads the activity feed of the account from since, newest
// first, following the cursor.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	cond := map[string]any{"accountIds": []string{accountID}, "endDate": c.api.now().UTC().AddDate(0, 0, 1).Format(time.DateOnly)}
	if !since.IsZero() {
		cond["startDate"] = string(integrations.DateOf(since.UTC()))
	}
	vars := map[string]any{"orderBy": "OCCURRED_AT_DESC", "first": activitiesPageSize, "condition": cond}
	out, err := pages(ctx, c, opActivities, queryActivities, vars, decodeActivities)
	if err != nil {
		return nil, err
	}
	return integrations.Dedupe(integrations.OnOrAfter(out, since)), nil
}

// GraphQL operations of the web app (operation names and fields as
// gboudreau/ws-api-python sends them; only the fields Latchkey reads are
// selected).
const (
	opAccounts   = "FetchAllAccountFinancials"
	opBalances   = "FetchAccountsWithBalance"
	opPositions  = "FetchIdentityPositions"
	opActivities = "FetchActivityFeedItems"
)

const queryAccounts = `query FetchAllAccountFinancials($identityId: ID!, $pageSize: Int = 25, $cursor: String) {
  identity(id: $identityId) {
    id
    accounts(filter: {}, first: $pageSize, after: $cursor) {
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          status
          currency
          nickname
          type
          unifiedAccountType
          custodianAccounts { id branch status }
        }
      }
    }
  }
}`

const queryBalances = `query FetchAccountsWithBalance($ids: [String!]!, $type: BalanceType!) {
  accounts(ids: $ids) {
    id
    custodianAccounts {
      id
      financials {
        ... on CustodianAccountFinancialsSo {
          balance(type: $type) { quantity securityId }
        }
      }
    }
  }
}`

const queryPositions = `query FetchIdentityPositions($identityId: ID!, $currency: Currency!, $first: Int, $cursor: String, $accountIds: [ID!]) {
  identity(id: $identityId) {
    id
    financials(filter: {accounts: $accountIds}) {
      current(currency: $currency) {
        id
        positions(first: $first, after: $cursor) {
          edges {
            node {
              id
              quantity
              positionDirection
              bookValue { amount currency }
              averagePrice { amount currency }
              totalValue { amount currency }
              security {
                id
                currency
                securityType
                stock { name symbol primaryExchange }
                quoteV2(currency: null) { price currency }
              }
            }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
}`

const queryActivities = `query FetchActivityFeedItems($first: Int, $cursor: Cursor, $condition: ActivityCondition, $orderBy: [ActivitiesOrderBy!] = OCCURRED_AT_DESC) {
  activityFeedItems(first: $first, after: $cursor, condition: $condition, orderBy: $orderBy) {
    edges {
      node {
        accountId
        amount
        amountSign
        assetQuantity
        assetSymbol
        canonicalId
        currency
        occurredAt
        securityId
        status
        subType
        type
        fees
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`
