package snaptrade

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// Login link values (api.yaml, SnapTradeLoginUserRequestBody).
const (
	// FieldBroker is the login value, and the ChoiceStep field, naming the
	// brokerage to preselect in the portal by its slug.
	FieldBroker = "broker"
	// AnyBroker lets the portal's own list choose.
	AnyBroker = "any"
)

// login is one Connection Portal session: choose a brokerage (optional),
// open the portal's login link in the browser, wait for the portal to send
// the browser back (or a paste of where it went, or a poll that sees the
// result), then read the connections. These are the handlers of an
// integrations.StepLogin (steps), which keeps the step, hands it back for
// a refused answer (a portal that refused the password opens anew) and
// ends the login.
type login struct {
	in     *Integration
	api    *api
	repair string // the authorization id being reconnected; "" for a new one

	// set by the handlers, which run one at a time
	broker string
	before map[string]wireAuthorization

	pasted chan string

	mu    sync.Mutex
	cb    *callback // the loopback listener, closed when the login ends
	ended bool      // the login has ended: a listener opened now is closed at once
}

// steps is the login as an integrations.StepLogin. broker is the
// brokerage given with the login (LoginRequest.Values), if any.
func (l *login) steps(broker string) *integrations.StepLogin {
	return &integrations.StepLogin{
		Start: func(ctx context.Context) (integrations.Step, error) {
			return l.first(ctx, strings.TrimSpace(broker))
		},
		Choose:  l.choose,
		Browse:  l.browse,
		OnPaste: l.paste,
		OnEnd:   l.end,
	}
}

// first is the login's first step: a repair, or a login given its
// brokerage, opens the portal; otherwise the choice of brokerage, or the
// portal when SnapTrade's list cannot be read.
func (l *login) first(ctx context.Context, broker string) (integrations.Step, error) {
	switch {
	case l.repair != "":
		return l.open(ctx)
	case broker != "":
		l.setBroker(broker)
		return l.open(ctx)
	}
	step, err := l.chooseStep(ctx)
	if err != nil {
		return nil, err
	}
	if step == nil {
		// The list could not be read: the portal's own list will do.
		return l.open(ctx)
	}
	return step, nil
}

// choose opens the portal on the brokerage chosen; none is the portal's
// own list. The choice is Optional: the step checks it here.
func (l *login) choose(ctx context.Context, st *integrations.ChoiceStep, v string) (integrations.Step, error) {
	if v == "" {
		v = AnyBroker
	}
	if !slices.ContainsFunc(st.Field.Choices, func(c integrations.Choice) bool { return c.Value == v }) {
		return nil, integrations.Wrap(integrations.ErrNotSupported, "that is not one of the brokerages SnapTrade offers")
	}
	l.setBroker(v)
	return l.open(ctx)
}

// browse waits for the portal's answer, or reads the pasted one.
func (l *login) browse(ctx context.Context, _ *integrations.BrowserStep, pasted string) (integrations.Step, error) {
	if pasted == "" {
		return l.wait(ctx)
	}
	v, err := parsePaste(pasted)
	if err != nil {
		return nil, err
	}
	return l.result(ctx, v, true)
}

func (l *login) setBroker(v string) {
	if v == AnyBroker {
		v = ""
	}
	l.broker = strings.ToUpper(v)
}

// chooseStep offers SnapTrade's brokerages (GET /brokerages), those open
// to new connections ("A disabled brokerage will not be available for new
// connections"; "A brokerage in maintenance mode will not be available for
// new connections"), after the choice to let the portal list them. A list
// that cannot be read gives no step, unless the key itself was refused.
func (l *login) chooseStep(ctx context.Context) (*integrations.ChoiceStep, error) {
	b, err := l.api.do(ctx, request{path: "/brokerages"})
	if errors.Is(err, integrations.ErrNeedsApp) {
		return nil, err
	}
	if err != nil {
		return nil, nil
	}
	list, err := decodeBrokerages(b)
	if err != nil {
		return nil, nil
	}
	var choices []integrations.Choice
	seen := map[string]bool{}
	for _, br := range list {
		slug := strings.ToUpper(strings.TrimSpace(br.Slug))
		if slug == "" || seen[slug] || br.Enabled != nil && !*br.Enabled || br.MaintenanceMode || !cleanID(slug) {
			continue
		}
		seen[slug] = true
		label := br.label()
		if br.IsDegraded {
			label += " (SnapTrade reports connection problems)"
		}
		choices = append(choices, integrations.Choice{Value: slug, Label: label})
	}
	sort.SliceStable(choices, func(i, j int) bool { return strings.ToLower(choices[i].Label) < strings.ToLower(choices[j].Label) })
	choices = append([]integrations.Choice{{Value: AnyBroker, Label: "Choose in SnapTrade's portal"}}, choices...)
	return &integrations.ChoiceStep{
		Message: "Which brokerage do you want to connect through SnapTrade?",
		Field: integrations.Field{Name: FieldBroker, Label: "Brokerage", Kind: integrations.FieldChoice, Choices: choices, Optional: true,
			Help: "SnapTrade's portal opens on this brokerage's login; choose the portal to pick it there."},
	}, nil
}

// open lists the connections as they are now, starts the loopback
// listener, asks for a login link (POST /snapTrade/login, without userId
// and userSecret: a Personal key "resolves the Personal user's context from
// the API key") and returns the BrowserStep that opens it.
func (l *login) open(ctx context.Context) (integrations.Step, error) {
	list, err := l.list(ctx)
	if err != nil {
		return nil, err
	}
	l.before = map[string]wireAuthorization{}
	for _, a := range list {
		l.before[a.ID] = a
	}
	name := ""
	if l.repair != "" {
		auth, ok := l.before[l.repair]
		if !ok {
			return nil, integrations.Wrap(integrations.ErrNotSupported,
				"SnapTrade no longer has this connection: remove it in Latchkey and connect the brokerage again")
		}
		name = auth.Brokerage.label()
	}
	cb, err := listen()
	if err != nil {
		return nil, fmt.Errorf("snaptrade: start the loopback listener: %w", err)
	}
	if err := l.keep(cb); err != nil {
		return nil, err
	}

	body := map[string]any{"customRedirect": cb.url, "immediateRedirect": true}
	if l.repair != "" {
		// Reconnect mode; the connection keeps its type (SnapTrade's CLI
		// leaves connectionType out when reconnecting).
		body["reconnect"] = l.repair
	} else {
		body["connectionType"] = "read" // Latchkey only reads
		if l.broker != "" {
			body["broker"] = l.broker
		}
	}
	// LoginRedirectURI; the encryptedResponse variant is for users
	// registered with an SSH key, which a Personal key has no way to be.
	var res struct {
		RedirectURI string `json:"redirectURI"`
	}
	if err := l.api.json(ctx, request{method: "POST", path: "/snapTrade/login", body: body}, &res); err != nil {
		return nil, err
	}
	link, err := portalURL(res.RedirectURI)
	if err != nil {
		return nil, err
	}
	msg := "Log in to your brokerage in SnapTrade's Connection Portal, in your browser. When it is done, the portal sends you back to Latchkey."
	if l.repair != "" {
		msg = "Reconnect " + name + " in SnapTrade's Connection Portal, in your browser: log in to the same brokerage login as before. " +
			"When it is done, the portal sends you back to Latchkey."
	}
	return &integrations.BrowserStep{URL: link, Message: msg, CanPaste: true, Timeout: l.in.opts.Timeout}, nil
}

// portalURL checks the login link: an absolute https URL, or http on this
// machine (a fake). "The returned URL expires in 5 minutes" (api.yaml): it
// is opened at once.
func portalURL(s string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Host == "" || !(u.Scheme == "https" || u.Scheme == "http" && integrations.Loopback(s)) {
		return "", integrations.Wrap(integrations.ErrUnavailable, "SnapTrade's answer held no usable Connection Portal link")
	}
	return u.String(), nil
}

// list reads GET /authorizations.
func (l *login) list(ctx context.Context) ([]wireAuthorization, error) {
	b, err := l.api.do(ctx, request{path: "/authorizations"})
	if err != nil {
		return nil, err
	}
	list, err := decodeAuthorizations(b)
	if err != nil {
		return nil, l.api.http.Malformed()
	}
	return list, nil
}

// wait waits for the portal's answer: the redirect to the loopback
// listener, a pasted redirect, or a poll of the connections that sees the
// result.
func (l *login) wait(ctx context.Context) (integrations.Step, error) {
	l.mu.Lock()
	cb := l.cb
	l.mu.Unlock()
	if cb == nil {
		return nil, integrations.ErrLoginOver
	}
	timer := time.NewTimer(l.in.opts.Timeout)
	defer timer.Stop()
	var tick <-chan time.Time
	if l.in.opts.PollInterval > 0 {
		t := time.NewTicker(l.in.opts.PollInterval)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case v := <-cb.ch:
			return l.result(ctx, v, false)
		case s := <-l.pasted:
			v, err := parsePaste(s)
			if err != nil {
				return nil, err
			}
			return l.result(ctx, v, true)
		case <-tick:
			if id := l.poll(ctx); id != "" {
				return l.finish(ctx, id)
			}
		case <-timer.C:
			return nil, integrations.Wrap(integrations.ErrLoginTimeout, "SnapTrade's portal did not send the browser back in time")
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// poll reads the connections once and returns the id of the result it
// sees: in reconnect mode, the connection no longer disabled that was
// disabled when the portal opened; otherwise a connection that was not
// there (the newest, if several). Errors are left to the next tick.
func (l *login) poll(ctx context.Context) string {
	list, err := l.list(ctx)
	if err != nil {
		return ""
	}
	if l.repair != "" {
		for _, a := range list {
			if a.ID == l.repair && !a.Disabled && l.before[a.ID].Disabled {
				return a.ID
			}
		}
		return ""
	}
	newest, at := "", ""
	for _, a := range list {
		if _, was := l.before[a.ID]; !was && cleanID(a.ID) && (newest == "" || a.CreatedDate > at) {
			newest, at = a.ID, a.CreatedDate
		}
	}
	return newest
}

// parsePaste reads a pasted redirect: the whole address or its query.
func parsePaste(s string) (url.Values, error) {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	v, err := url.ParseQuery(s)
	if err != nil || v.Get("status") == "" {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials,
			"that is not the address SnapTrade's portal sent you to (it has no status): paste the whole address from the browser")
	}
	return v, nil
}

// Portal error codes (docs/implement-connection-portal.md, "Common Error
// Codes").
const (
	codeBadCredentials = "1066"
	codeBadMFA         = "1086"
	codeConnectFailed  = "3000"
	codeNotInProgress  = "1006"
	codeInvalidInput   = "1012"
	codeChangedAccount = "1023"
	codeKeyPermission  = "1140"
	codeUserNotFound   = "0000"
)

// result acts on the portal's answer.
func (l *login) result(ctx context.Context, v url.Values, pasted bool) (integrations.Step, error) {
	switch v.Get("status") {
	case "SUCCESS":
		id := v.Get("connection_id")
		if !cleanID(id) {
			if pasted {
				return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the pasted address names no SnapTrade connection")
			}
			return nil, integrations.Wrap(integrations.ErrUnavailable, "SnapTrade's portal named no connection")
		}
		return l.finish(ctx, id)
	case "ABANDONED":
		return nil, fmt.Errorf("you left SnapTrade's portal without connecting: %w", context.Canceled)
	case "ERROR":
		return l.portalError(ctx, safeCode(v.Get("error_code")))
	}
	if pasted {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the pasted address is not an answer of SnapTrade's portal")
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "SnapTrade's portal sent an answer Latchkey does not know")
}

// portalError maps the portal's error codes. A refused password or MFA
// code can be tried again: the portal opens anew (the old session is
// over) and the new BrowserStep comes back with the error.
func (l *login) portalError(ctx context.Context, code string) (integrations.Step, error) {
	again := func(kind error, what string) (integrations.Step, error) {
		step, err := l.open(ctx)
		if err != nil {
			return nil, err
		}
		return step, integrations.Wrap(kind, what)
	}
	switch code {
	case codeBadCredentials:
		return again(integrations.ErrInvalidCredentials, "the brokerage did not accept the login in SnapTrade's portal: try again")
	case codeBadMFA:
		return again(integrations.ErrInvalidMFACode, "the brokerage did not accept the verification code in SnapTrade's portal: try again")
	case codeConnectFailed:
		return nil, integrations.Wrap(integrations.ErrUnavailable, "SnapTrade could not reach the brokerage (code 3000): try again later")
	case codeNotInProgress:
		return nil, integrations.Wrap(integrations.ErrLoginTimeout, "SnapTrade's portal session had already ended (code 1006): start again")
	case codeChangedAccount:
		return nil, integrations.Wrap(integrations.ErrDifferentLogin,
			"SnapTrade refused to move this connection to another brokerage login (code 1023): log in as before, or remove the connection and connect the other login")
	case codeKeyPermission:
		return nil, integrations.Wrap(integrations.ErrNotSupported, "the API key you gave the brokerage lacks permission to read the account (code 1140)")
	case codeUserNotFound:
		return nil, integrations.Wrap(integrations.ErrNeedsApp, "SnapTrade did not recognise your Personal key (code 0000): check it in Settings")
	case codeInvalidInput:
		return nil, integrations.Wrap(integrations.ErrNotSupported, "SnapTrade refused the portal link's settings (code 1012)")
	case "":
		return nil, integrations.Wrap(integrations.ErrUnavailable, "SnapTrade's portal reported an error")
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "SnapTrade's portal reported an error (code "+code+")")
}

// finish reads the connections after the portal's success. A reconnect
// must have kept its connection (a new id is another login: ErrDifferentLogin)
// and brought it back to life; a new connection is the DoneStep and every
// other connection of the key comes as Also, each its own Latchkey
// connection (the app skips those already connected).
func (l *login) finish(ctx context.Context, id string) (integrations.Step, error) {
	if l.repair != "" && id != l.repair {
		return nil, integrations.Wrap(integrations.ErrDifferentLogin, "SnapTrade's portal connected another connection than the one being repaired")
	}
	list, err := l.list(ctx)
	if err != nil {
		return nil, err
	}
	var main *wireAuthorization
	for i := range list {
		if list[i].ID == id {
			main = &list[i]
		}
	}
	if main == nil {
		return nil, integrations.Wrap(integrations.ErrUnavailable, "SnapTrade does not list the connection its portal made")
	}
	if l.repair != "" && main.Disabled {
		return nil, integrations.Wrap(integrations.ErrReauthRequired,
			"SnapTrade still reports the connection to "+main.Brokerage.label()+" as disabled: finish the reconnection in SnapTrade's portal")
	}
	done := l.done(ctx, *main)
	if l.repair == "" {
		for _, a := range list {
			if a.ID != id && cleanID(a.ID) {
				done.Also = append(done.Also, l.done(ctx, a))
			}
		}
	}
	return done, nil
}

// done is one connection's DoneStep: its grant, its accounts (when they can
// be read; the first sync reads them anyway) and the brokerage it reaches.
func (l *login) done(ctx context.Context, a wireAuthorization) *integrations.DoneStep {
	d := &integrations.DoneStep{
		Grant:    integrations.Grant{Method: integrations.AuthBridge, Secret: secret{AuthorizationID: a.ID}.encode(), Fingerprint: fingerprint(a.ID)},
		Name:     a.Brokerage.label(),
		Monogram: Monogram(a.Brokerage.Slug),
	}
	if b, err := l.api.do(ctx, request{path: "/authorizations/" + a.ID + "/accounts"}); err == nil {
		if accts, err := decodeAccounts(b, a.Brokerage); err == nil {
			for _, x := range accts {
				d.Accounts = append(d.Accounts, x.Account)
			}
		}
	}
	return d
}

// paste hands a pasted redirect address to the waiting login (the
// StepLogin's Paste).
func (l *login) paste(s string) error {
	select {
	case l.pasted <- s:
		return nil
	default:
		return errors.New("the SnapTrade login is not waiting for an address")
	}
}

// keep makes cb the login's listener, closing the one before it. A login
// that ended meanwhile (Close while the portal was being opened) gets
// ErrLoginOver, and cb is closed rather than left listening.
func (l *login) keep(cb *callback) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ended {
		cb.close()
		return integrations.ErrLoginOver
	}
	if l.cb != nil {
		l.cb.close()
	}
	l.cb = cb
	return nil
}

// end closes the listener when the login ends.
func (l *login) end() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ended = true
	if l.cb != nil {
		l.cb.close()
		l.cb = nil
	}
}
