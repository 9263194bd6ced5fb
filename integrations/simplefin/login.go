package simplefin

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// login is one SimpleFIN login. A new connection: the user pastes a setup
// token (or an access URL), Latchkey claims it once, reads the connections
// it reaches (GET /accounts?balances-only=1) and makes one DoneStep per
// connection, the first with the others as Also. A repair: Latchkey asks
// the server what the connection needs — nothing (it works again), the
// user's attention at the Bridge (an ApproveStep whose ApproveURL is the
// Bridge's page, checked now and then until fixed), or a new setup token
// (the access URL was refused). These are the handlers of an
// integrations.StepLogin (steps), which keeps the step, hands the form back
// for a refused token and ends the login.
type login struct {
	in     *Integration
	env    integrations.Env
	repair *secret

	// claimed is the access URL this login claimed from token, kept while
	// the login lasts so that a failure after the claim (the token is then
	// used up) can be tried again without a new token.
	token, claimed string
}

// steps is the login as an integrations.StepLogin: a new connection opens
// on the setup token form (submitted at once when values hold the token),
// a repair on what the connection needs (check).
func (l *login) steps(values map[string]string) *integrations.StepLogin {
	sl := &integrations.StepLogin{
		Missing: "paste the setup token",
		Submit: func(ctx context.Context, v map[string]string) (integrations.Step, error) {
			return l.submit(ctx, v[FieldToken])
		},
		Approve: integrations.Polled(l.in.opts.RepairPoll, l.fixed),
		OnPaste: func(string) error {
			return integrations.Wrap(integrations.ErrNotSupported, "nothing to paste in a SimpleFIN login: paste the setup token into its field")
		},
	}
	if l.repair != nil {
		sl.Start = l.check
	} else {
		sl.Form = l.form("Connect SimpleFIN Bridge",
			"Paste the setup token you created at the SimpleFIN Bridge for Latchkey. Latchkey claims it once: it cannot be used again.")
		sl.Values = values
	}
	return sl
}

// form is the setup token form.
func (l *login) form(title, msg string) *integrations.FormStep {
	m, _ := l.in.Institution().Method(integrations.AuthBridge)
	fields := append([]integrations.Field(nil), m.Fields...)
	if u := l.env.URL("bridge"); u != "" {
		for i := range fields {
			fields[i].HelpURL = strings.TrimRight(u, "/") + "/create"
		}
	}
	return &integrations.FormStep{Title: title, Message: msg, Fields: fields}
}

// access turns what the user pasted into an access URL: as it is, or by
// claiming the setup token (once: the same token again in this login uses
// what the claim gave).
func (l *login) access(ctx context.Context, v string) (string, error) {
	if strings.Contains(v, "@") {
		if _, err := parseAccessURL(v); err == nil {
			return v, nil
		}
	}
	if l.claimed != "" && v == l.token {
		return l.claimed, nil
	}
	claimURL, err := parseToken(v)
	if err != nil {
		return "", err
	}
	access, err := claim(ctx, l.env, claimURL)
	if err != nil {
		return "", err
	}
	l.token, l.claimed = v, access
	return access, nil
}

// submit claims (or takes) the access URL and reads its connections: for
// a new connection, the DoneSteps; for a repair with a new token, the
// repaired connection's. A read that fails after the claim hands the form
// back (the claim is kept for this login), since the token cannot be
// claimed again.
func (l *login) submit(ctx context.Context, v string) (integrations.Step, error) {
	access, err := l.access(ctx, v)
	if err != nil {
		return nil, err
	}
	a, err := newAPI(l.env, access, true)
	if err != nil {
		return nil, err
	}
	set, err := l.list(ctx, a)
	if err != nil {
		if l.claimed == access && (integrations.Transient(err) || errors.Is(err, integrations.ErrNoAccounts)) {
			return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the setup token was claimed, but "+
				integrations.UserMessage(err)+" Latchkey keeps what the claim gave until you close this window: press Connect again to retry")
		}
		return nil, err
	}
	conns := set.connections()
	sortConns(conns)
	if l.repair != nil {
		for _, c := range conns {
			if c.Key == l.repair.Conn {
				done := l.done(access, set, c)
				// The other connections of the new access URL: the app
				// gives them the new access too where they share the old.
				for _, o := range conns {
					if o.Key != c.Key {
						done.Also = append(done.Also, l.done(access, set, o))
					}
				}
				return done, nil
			}
		}
		return nil, integrations.Wrap(integrations.ErrDifferentLogin,
			"the new setup token does not reach the connection to "+firstOf(l.repair.Name, "this institution")+": create it from the same Bridge account")
	}
	if len(conns) == 0 {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the setup token was claimed, but "+a.name+
			" has no institution connected yet: connect one there, then press Connect again")
	}
	done := l.done(access, set, conns[0])
	for _, c := range conns[1:] {
		done.Also = append(done.Also, l.done(access, set, c))
	}
	return done, nil
}

// list reads the access URL's connections and balances.
func (l *login) list(ctx context.Context, a *api) (*wireSet, error) {
	b, err := a.accounts(ctx, query(time.Time{}, time.Time{}, true))
	if err != nil {
		return nil, err
	}
	set, err := decodeSet(b)
	if err != nil {
		return nil, a.http.Malformed()
	}
	if is := set.issues(set.connections()); is.genAuth != "" {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, a.name+" refused the access: \""+is.genAuth+"\"")
	}
	return set, nil
}

// done is one connection's DoneStep.
func (l *login) done(access string, set *wireSet, c conn) *integrations.DoneStep {
	d := &integrations.DoneStep{
		Grant: integrations.Grant{Method: integrations.AuthBridge, Fingerprint: fingerprint(c.Key),
			Secret: secret{AccessURL: access, Conn: c.Key, Name: c.Name}.encode()},
		Name:     c.Name,
		Monogram: monogram(c),
	}
	for _, a := range set.accountsOf(c.Key) {
		if acct, ok := mapAccount(a); ok {
			d.Accounts = append(d.Accounts, acct)
		}
	}
	return d
}

// check is a repair's first step: what the server says of the connection
// now.
func (l *login) check(ctx context.Context) (integrations.Step, error) {
	r := *l.repair
	a, err := newAPI(l.env, r.AccessURL, false)
	if err != nil {
		return nil, err
	}
	b, err := a.accounts(ctx, query(time.Time{}, time.Time{}, true))
	switch {
	case status(err) == http.StatusPaymentRequired:
		return nil, integrations.Wrap(integrations.ErrAccountLocked, a.name+" asks for payment (HTTP 402): renew your subscription there, then repair again")
	case errors.Is(err, integrations.ErrReauthRequired):
		// The access URL is refused (disabled at the Bridge, or payment):
		// only a new setup token helps.
		return l.form("Repair "+firstOf(r.Name, "the SimpleFIN connection"),
			a.name+" no longer accepts Latchkey's access: it was disabled there, or ran over its daily budget of requests. "+
				"Create a new setup token at the Bridge and paste it here: Latchkey keeps this connection, its accounts and its history."), nil
	case err != nil:
		return nil, err
	}
	set, err := decodeSet(b)
	if err != nil {
		return nil, a.http.Malformed()
	}
	l.in.cache.forget(ctx, r.AccessURL)
	conns := set.connections()
	is := set.issues(conns)
	if is.genAuth != "" {
		return l.form("Repair "+firstOf(r.Name, "the SimpleFIN connection"),
			a.name+" refused Latchkey's access (\""+is.genAuth+"\"). Create a new setup token at the Bridge and paste it here."), nil
	}
	var found *conn
	for i := range conns {
		if conns[i].Key == r.Conn {
			found = &conns[i]
		}
	}
	if found == nil {
		return nil, integrations.Wrap(integrations.ErrNotSupported, a.name+" no longer lists the connection to "+
			firstOf(r.Name, "this institution")+": connect it again at the Bridge, then add it here with a new setup token")
	}
	msg, needs := is.connAuth[r.Conn]
	if !needs {
		return l.done(r.AccessURL, set, *found), nil
	}
	return &integrations.ApproveStep{
		Message: a.name + " says its login to " + found.Name + " needs your attention: \"" + msg + "\". Open the Bridge, sign in " +
			"and fix the connection there (it may ask for your password or a code at " + found.Name + "). Latchkey checks every " +
			integrations.HumanDuration(l.in.opts.RepairPoll) + " whether it is fixed; each check counts against the Bridge's " +
			"daily budget of about 24 requests.",
		ApproveURL: bridgePage(a.base),
		Timeout:    l.in.opts.RepairTimeout,
	}, nil
}

// fixed is the repair's check while the user fixes the connection at the
// Bridge: the DoneStep once the server no longer says it needs attention,
// nil while it does, the token form when the access was refused meanwhile.
func (l *login) fixed(ctx context.Context) (integrations.Step, error) {
	step, err := l.check(ctx)
	if _, waiting := step.(*integrations.ApproveStep); waiting && err == nil {
		return nil, nil
	}
	return step, err
}

// bridgePage is where the user fixes a connection: the Bridge's sign-in
// on the access URL's host (Actual Budget's SimpleFIN sync links
// https://bridge.simplefin.org/auth/login for a connection that "needs
// attention"). A server that is not the Bridge gets its own root.
func bridgePage(root *url.URL) string {
	u := url.URL{Scheme: root.Scheme, Host: root.Host}
	if serverName(root) == "SimpleFIN Bridge" {
		u.Path = "/auth/login"
	}
	return u.String()
}
