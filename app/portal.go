package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/vault"
)

// PortalRequest starts a portal session. Three modes:
//   - a new connection: InstitutionID empty, the user picks one (SelectInstitution);
//   - a new connection with the institution preselected: InstitutionID set;
//   - a reconnect (repair) of a connection: ConnectionID set.
type PortalRequest struct {
	InstitutionID string
	ConnectionID  string
	// Label for a new connection; "" = the institution's display name.
	Label string
}

// Portal is one portal session: it drives an integration's login steps and
// records the session's events. Drive it from one goroutine; Paste, OpenURL
// and Abandon may be called from any.
type Portal struct {
	a         *App
	id        string
	reconnect *Connection // set in reconnect mode
	label     string

	mu          sync.Mutex
	institution *integrations.Institution
	method      integrations.AuthKind
	login       integrations.Login
	current     integrations.Step
	events      []Event // events not yet written (new connection in progress)
	done        *integrations.DoneStep
	result      *Connection
	imported    *ImportResult // what the login's data changed (an imported statement)
	siblings    []Connection  // made from done.Also
	over        bool
}

// NewPortal starts a portal session.
func (a *App) NewPortal(ctx context.Context, req PortalRequest) (*Portal, error) {
	p := &Portal{a: a, id: uuid.NewString(), label: req.Label}
	if req.ConnectionID != "" {
		c, err := a.Connection(ctx, req.ConnectionID)
		if err != nil {
			return nil, err
		}
		p.reconnect = &c
		req.InstitutionID = c.InstitutionID
	}
	p.record(ctx, Event{Type: EventSessionStarted})
	if p.reconnect != nil {
		p.record(ctx, Event{Type: EventReconnectStarted})
	}
	if req.InstitutionID != "" {
		if err := p.SelectInstitution(ctx, req.InstitutionID); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// ID is the session's id.
func (p *Portal) ID() string { return p.id }

// Reconnecting returns the connection being repaired, or nil.
func (p *Portal) Reconnecting() *Connection { return p.reconnect }

// Institution returns the selected institution, or nil.
func (p *Portal) Institution() *integrations.Institution {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.institution
}

// SelectInstitution chooses the institution (new connections only).
func (p *Portal) SelectInstitution(ctx context.Context, id string) error {
	if p.reconnect != nil && id != p.reconnect.InstitutionID {
		return errors.New("a reconnect stays with the connection's institution")
	}
	in, err := p.a.reg.Get(id)
	if err != nil {
		return err
	}
	inst := in.Institution()
	p.mu.Lock()
	if p.login != nil {
		p.mu.Unlock()
		return errors.New("the login has already started")
	}
	p.institution = &inst
	p.mu.Unlock()
	p.record(ctx, Event{Type: EventInstitutionSelected, InstitutionID: id})
	return nil
}

// LoginMethod is the method a login to inst uses when asked for method:
// method itself when given; else, repairing a connection (nil: none), the
// method it used if inst still offers it; else inst's first ("" when it
// has none). Begin picks its method so.
func LoginMethod(inst integrations.Institution, method integrations.AuthKind, repairing *Connection) integrations.AuthKind {
	if method == "" && repairing != nil {
		if _, ok := inst.Method(repairing.Method); ok {
			method = repairing.Method
		}
	}
	if method == "" && len(inst.AuthMethods) > 0 {
		method = inst.AuthMethods[0].Kind
	}
	return method
}

// Begin starts the login with one of the institution's methods ("" = its
// first; in reconnect mode, the connection's own method when offered) and
// returns the first step. values pre-fill the method's fields.
func (p *Portal) Begin(ctx context.Context, method integrations.AuthKind, values map[string]string) (integrations.Step, error) {
	p.mu.Lock()
	inst := p.institution
	started := p.login != nil
	p.mu.Unlock()
	if inst == nil {
		return nil, errors.New("choose an institution first")
	}
	if started {
		return nil, errors.New("the login has already started")
	}
	method = LoginMethod(*inst, method, p.reconnect)
	m, ok := inst.Method(method)
	if !ok {
		return nil, fmt.Errorf("%w: %s does not offer %q", integrations.ErrNotSupported, inst.DisplayName, method)
	}
	env, err := p.a.env(ctx, inst.ID)
	if err != nil {
		return nil, err
	}
	if m.NeedsApp && env.App == nil {
		return nil, fmt.Errorf("%w: add your %s app's client id in Settings first", ErrNeedsApp, inst.Name)
	}
	in, err := p.a.reg.Get(inst.ID)
	if err != nil {
		return nil, err
	}
	req := integrations.LoginRequest{Method: method, Values: values, Env: env}
	if p.reconnect != nil {
		g, err := p.a.Grant(ctx, p.reconnect.ID)
		if err != nil {
			return nil, err
		}
		req.Repair = &g
	}
	login, err := in.StartLogin(ctx, req)
	if err != nil {
		p.fail(ctx, err)
		return nil, err
	}
	p.mu.Lock()
	p.login, p.method = login, method
	p.mu.Unlock()
	if len(m.Fields) > 0 && hasAll(m.Fields, values) {
		p.record(ctx, Event{Type: EventCredentialsSubmitted, Method: string(method)})
	}
	return p.Next(ctx, integrations.Answer{})
}

func hasAll(fields []integrations.Field, values map[string]string) bool {
	for _, f := range fields {
		if !f.Optional && values[f.Name] == "" {
			return false
		}
	}
	return true
}

// Next answers the current step and returns the next. When the login ends
// with a grant, Next saves it — a new connection, or the repaired one — and
// returns the *integrations.DoneStep; Connection then returns the result.
//
// Errors follow the integrations contract: on ErrInvalidCredentials and
// ErrInvalidMFACode the same step comes back to answer again. A new login
// that is already connected fails with *AlreadyConnectedError (see
// UseExisting); a repair with another login fails with
// integrations.ErrDifferentLogin and changes nothing.
func (p *Portal) Next(ctx context.Context, ans integrations.Answer) (integrations.Step, error) {
	p.mu.Lock()
	login, prev, over := p.login, p.current, p.over
	p.mu.Unlock()
	if over {
		return nil, ErrSessionOver
	}
	if login == nil {
		return nil, errors.New("the login has not started")
	}
	switch prev.(type) {
	case *integrations.FormStep:
		p.record(ctx, Event{Type: EventCredentialsSubmitted, Method: string(p.method)})
	case *integrations.CodeStep, *integrations.ChoiceStep, *integrations.QuestionsStep, *integrations.ApproveStep:
		p.record(ctx, Event{Type: EventMFASubmitted, Code: stepKind(prev)})
	}
	step, err := login.Next(ctx, ans)
	if _, wasBrowser := prev.(*integrations.BrowserStep); wasBrowser && err == nil {
		p.record(ctx, Event{Type: EventOAuthCallback})
	}
	if err != nil {
		p.record(ctx, Event{Type: EventConnectionFailed, Code: ErrorCode(err), Detail: integrations.UserMessage(err)})
		if step == nil {
			p.finish()
			return nil, err
		}
		// The same kind of step comes back to answer again; a browser step
		// may carry a fresh URL (a new flow).
		p.mu.Lock()
		p.current = step
		p.mu.Unlock()
		if _, ok := step.(*integrations.BrowserStep); ok {
			p.OpenURL(ctx)
		}
		return step, err
	}
	p.mu.Lock()
	p.current = step
	p.mu.Unlock()
	switch s := step.(type) {
	case *integrations.BrowserStep:
		p.record(ctx, Event{Type: EventOAuthRedirect, Method: string(p.method)})
		p.OpenURL(ctx)
	case *integrations.CodeStep, *integrations.ChoiceStep, *integrations.QuestionsStep, *integrations.ApproveStep:
		p.record(ctx, Event{Type: EventMFARequested, Code: stepKind(step)})
	case *integrations.DoneStep:
		p.mu.Lock()
		p.done = s
		p.mu.Unlock()
		if err := p.save(ctx, s); err != nil {
			return nil, err
		}
	}
	return step, nil
}

func stepKind(s integrations.Step) string {
	switch s.(type) {
	case *integrations.CodeStep:
		return "code"
	case *integrations.ChoiceStep:
		return "choice"
	case *integrations.QuestionsStep:
		return "questions"
	case *integrations.ApproveStep:
		return "approve"
	}
	return ""
}

// OpenURL opens the current browser step's URL again.
func (p *Portal) OpenURL(ctx context.Context) {
	p.mu.Lock()
	b, _ := p.current.(*integrations.BrowserStep)
	p.mu.Unlock()
	if b != nil && p.a.browser != nil {
		_ = p.a.browser.OpenURL(ctx, b.URL)
	}
}

// Paste hands a pasted redirect URL or code to the waiting browser step.
func (p *Portal) Paste(s string) error {
	p.mu.Lock()
	login := p.login
	p.mu.Unlock()
	if login == nil {
		return errors.New("the login has not started")
	}
	return login.Paste(s)
}

// Connection returns the connection the session made or repaired, or nil.
func (p *Portal) Connection() *Connection {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.result
}

// Created returns every connection the session made: the one Connection
// returns, then those of the login's further authorizations (a bridge's
// other brokerages), which front ends sync along with it.
func (p *Portal) Created() []Connection {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.result == nil || p.reconnect != nil {
		return nil
	}
	return append([]Connection{*p.result}, p.siblings...)
}

// Imported returns what the data the login brought (an imported statement)
// changed in the connection it made or repaired: new and already known
// activities, accounts, and the holdings' date when they were replaced.
// Nil before the login is done, or when it brought no data.
func (p *Portal) Imported() *ImportResult {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.imported == nil {
		return nil
	}
	r := *p.imported
	return &r
}

// Accounts returns the accounts the login found, if it reported them.
func (p *Portal) Accounts() []integrations.Account {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done == nil {
		return nil
	}
	return p.done.Accounts
}

// Abandon ends the session without a connection (the user closed the portal).
func (p *Portal) Abandon(ctx context.Context) {
	p.mu.Lock()
	over := p.over || p.result != nil
	p.mu.Unlock()
	if !over {
		p.record(ctx, Event{Type: EventAbandoned})
	}
	p.finish()
	p.flushSession(ctx)
}

func (p *Portal) finish() {
	p.mu.Lock()
	login := p.login
	p.over = true
	p.mu.Unlock()
	if login != nil {
		_ = login.Close()
	}
}

func (p *Portal) fail(ctx context.Context, err error) {
	p.record(ctx, Event{Type: EventConnectionFailed, Code: ErrorCode(err), Detail: integrations.UserMessage(err)})
}

// record appends an event: to the repaired connection's history directly,
// or to the session's pending list for a new connection.
func (p *Portal) record(ctx context.Context, e Event) {
	e.Time = p.a.Now()
	e.SessionID = p.id
	if in := p.Institution(); in != nil && e.InstitutionID == "" {
		e.InstitutionID = in.ID
	}
	if p.reconnect != nil {
		_ = p.a.v.Update(ctx, func(tx *vault.Tx) error { return appendEvent(tx, eventsBucket(p.reconnect.ID), e) })
		return
	}
	p.mu.Lock()
	p.events = append(p.events, e)
	p.mu.Unlock()
}

// flushSession writes the pending events of a session that made no
// connection to the sessions log.
func (p *Portal) flushSession(ctx context.Context) {
	p.mu.Lock()
	events := p.events
	p.events = nil
	made := p.result != nil
	p.mu.Unlock()
	if p.reconnect != nil || made || len(events) == 0 {
		return
	}
	_ = p.a.v.Update(ctx, func(tx *vault.Tx) error {
		for i, e := range events {
			if err := txPutJSON(tx, bucketSessions, fmt.Sprintf("%s/%04d", p.id, i), e); err != nil {
				return err
			}
		}
		return nil
	})
}

// save stores the grant of a finished login.
func (p *Portal) save(ctx context.Context, done *integrations.DoneStep) error {
	if p.reconnect != nil {
		var imp ImportResult
		c, err := p.a.repair(ctx, p.reconnect.ID, done, p.id, &imp)
		if err != nil {
			p.finish()
			return err
		}
		// A bridge's repair with new keys (a new SimpleFIN setup token)
		// reaches the connection's siblings too: they get the new grant,
		// each by its own fingerprint.
		for _, also := range done.Also {
			if also == nil {
				continue
			}
			sib, err := p.a.findByFingerprint(ctx, c.InstitutionID, also.Grant.Fingerprint)
			if err != nil || sib == nil || sib.ID == c.ID {
				continue
			}
			if _, err := p.a.repair(ctx, sib.ID, also, p.id, nil); err != nil {
				p.finish()
				return err
			}
		}
		p.succeed(c, done, &imp)
		return nil
	}
	main, also := done, done.Also
	if existing, err := p.a.findByFingerprint(ctx, p.institution.ID, done.Grant.Fingerprint); err != nil {
		return err
	} else if existing != nil {
		// A bridge's login reaches every authorization of the account: one
		// already connected may come first while others are new (an
		// institution added at the bridge since). The first new one is the
		// session's connection; with none, the login is already connected.
		var fresh []*integrations.DoneStep
		for _, x := range done.Also {
			if x == nil {
				continue
			}
			if ex, err := p.a.findByFingerprint(ctx, p.institution.ID, x.Grant.Fingerprint); err == nil && ex == nil {
				fresh = append(fresh, x)
			}
		}
		if len(fresh) == 0 {
			p.record(ctx, Event{Type: EventConnectionFailed, Code: CodeAlreadyConnected, Detail: "this login is already connected"})
			return &AlreadyConnectedError{Existing: *existing}
		}
		first := *fresh[0]
		first.Also = nil
		main, also = &first, fresh[1:]
		p.mu.Lock()
		p.done = main
		p.mu.Unlock()
	}
	var imp ImportResult
	c, err := p.a.create(ctx, *p.institution, p.method, p.label, main, p.takeEvents(), &imp)
	if err != nil {
		return err
	}
	if main.Data != nil {
		p.mu.Lock()
		p.imported = &imp
		p.mu.Unlock()
	}
	// A bridge's other authorizations become connections of their own;
	// those already connected are left as they are.
	for _, also := range also {
		if also == nil {
			continue
		}
		if existing, err := p.a.findByFingerprint(ctx, p.institution.ID, also.Grant.Fingerprint); err != nil || existing != nil {
			continue
		}
		sib, err := p.a.create(ctx, *p.institution, p.method, "", also, nil, nil)
		if err != nil {
			return err
		}
		p.mu.Lock()
		p.siblings = append(p.siblings, sib)
		p.mu.Unlock()
	}
	p.mu.Lock()
	p.result = &c
	p.mu.Unlock()
	p.finish()
	return nil
}

func (p *Portal) takeEvents() []Event {
	p.mu.Lock()
	defer p.mu.Unlock()
	ev := p.events
	p.events = nil
	return ev
}

// UseExisting is the answer to *AlreadyConnectedError: it gives the existing
// connection this session's fresh grant (a repair of that connection) and
// returns it.
func (p *Portal) UseExisting(ctx context.Context) (Connection, error) {
	p.mu.Lock()
	done := p.done
	p.mu.Unlock()
	if done == nil {
		return Connection{}, errors.New("the login has not finished")
	}
	existing, err := p.a.findByFingerprint(ctx, p.institution.ID, done.Grant.Fingerprint)
	if err != nil {
		return Connection{}, err
	}
	if existing == nil {
		return Connection{}, ErrNotFound
	}
	var imp ImportResult
	c, err := p.a.repair(ctx, existing.ID, done, p.id, &imp)
	if err != nil {
		return Connection{}, err
	}
	p.succeed(c, done, &imp)
	return c, nil
}

// succeed records the connection the login repaired (and, when done
// brought a statement, what its import did) and ends the session.
func (p *Portal) succeed(c Connection, done *integrations.DoneStep, imp *ImportResult) {
	p.mu.Lock()
	p.result = &c
	if done.Data != nil {
		p.imported = imp
	}
	p.mu.Unlock()
	p.finish()
}

func (a *App) findByFingerprint(ctx context.Context, institutionID, fp string) (*Connection, error) {
	if fp == "" {
		return nil, nil
	}
	all, err := a.Connections(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range all {
		if c.InstitutionID == institutionID && c.Fingerprint == fp {
			return &c, nil
		}
	}
	return nil, nil
}

// create saves a new connection with its grant and the session's events.
// When the login brought data, what it changed goes to *imported (if not nil).
func (a *App) create(ctx context.Context, inst integrations.Institution, method integrations.AuthKind, label string, done *integrations.DoneStep, events []Event, imported *ImportResult) (Connection, error) {
	if label == "" {
		label = inst.DisplayName
		if done.Name != "" {
			label = done.Name + " · via " + inst.Name
		}
	}
	c := Connection{
		ID: uuid.NewString(), InstitutionID: inst.ID, Label: label, Type: TypeRead, Method: method,
		CreatedAt: a.Now(), Fingerprint: done.Grant.Fingerprint, ExpiresAt: done.Grant.Expiry.UTC(),
		Sync: map[string]SyncState{}, Name: done.Name, Monogram: done.Monogram, LoginHint: done.LoginHint,
	}
	for _, acct := range done.Accounts {
		c.AccountIDs = append(c.AccountIDs, acct.ID)
	}
	events = append(events, Event{Time: a.Now(), Type: EventConnectionSuccessful, InstitutionID: inst.ID, Method: string(method)})
	err := a.v.Update(ctx, func(tx *vault.Tx) error {
		if err := txPutJSON(tx, bucketConnections, c.ID, c); err != nil {
			return err
		}
		if err := txPutJSON(tx, bucketGrants, c.ID, toStored(done.Grant)); err != nil {
			return err
		}
		for _, e := range events {
			if err := appendEvent(tx, eventsBucket(c.ID), e); err != nil {
				return err
			}
		}
		if done.Data != nil {
			// The login brought its data (an imported statement): it is
			// the connection's first sync.
			r, err := a.putDataset(tx, &c, done.Data)
			if err != nil {
				return err
			}
			if imported != nil {
				*imported = r
			}
		}
		return txPutJSON(tx, bucketConnections, c.ID, c)
	})
	if err != nil {
		return Connection{}, fmt.Errorf("save connection: %w", err)
	}
	return c, nil
}

// repair replaces a connection's grant, keeping its id, accounts, cached
// data and history. A grant of a different login is refused and nothing
// changes. Data the login brought (a newer statement) is merged, what it
// changed going to *imported (if not nil); a statement older than the
// connection's data adds its activities only (a backfill).
func (a *App) repair(ctx context.Context, id string, done *integrations.DoneStep, session string, imported *ImportResult) (Connection, error) {
	g := done.Grant
	m := a.connLock(id)
	m.Lock()
	defer m.Unlock()
	var refused bool
	c, err := a.updateConnection(ctx, id, func(tx *vault.Tx, c *Connection) error {
		if c.Fingerprint != "" && g.Fingerprint != "" && c.Fingerprint != g.Fingerprint {
			refused = true
			return integrations.ErrDifferentLogin
		}
		c.DisabledAt, c.DisabledReason = time.Time{}, ""
		c.RepairedAt = a.Now()
		c.ExpiresAt = g.Expiry.UTC()
		if c.Fingerprint == "" {
			c.Fingerprint = g.Fingerprint
		}
		if done.LoginHint != "" {
			c.LoginHint = done.LoginHint
		}
		for k, s := range c.Sync {
			if s.LastError == integrations.CodeReauthRequired {
				s.LastError, s.LastErrorText = "", ""
				c.Sync[k] = s
			}
		}
		if err := txPutJSON(tx, bucketGrants, c.ID, toStored(g)); err != nil {
			return err
		}
		if done.Data != nil {
			r, err := a.putDataset(tx, c, done.Data)
			if err != nil {
				return err
			}
			if imported != nil {
				*imported = r
			}
		}
		now := a.Now()
		if err := appendEvent(tx, eventsBucket(c.ID), Event{Time: now, Type: EventConnectionSuccessful, SessionID: session, InstitutionID: c.InstitutionID}); err != nil {
			return err
		}
		return appendEvent(tx, eventsBucket(c.ID), Event{Time: now, Type: EventConnectionRepaired, SessionID: session, InstitutionID: c.InstitutionID})
	})
	if refused {
		_ = a.v.Update(ctx, func(tx *vault.Tx) error {
			return appendEvent(tx, eventsBucket(id), Event{Time: a.Now(), Type: EventConnectionFailed, SessionID: session,
				Code: integrations.CodeDifferentLogin, Detail: integrations.UserMessage(integrations.ErrDifferentLogin)})
		})
		return Connection{}, fmt.Errorf("repair refused: %w", integrations.ErrDifferentLogin)
	}
	return c, err
}
