package brokertest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"reflect"
	"strings"

	"github.com/latchkey/latchkey/integrations"
)

// maxSteps bounds a login: a flow that has not ended after this many steps
// is going round in circles.
const maxSteps = 20

// outcome is how a scripted login ended.
type outcome struct {
	done *integrations.DoneStep
	step integrations.Step // the step Next returned with err
	prev integrations.Step // the step that was being answered when err came; nil for the first Next
	err  error
}

// login plays sc through a login of r's integration. Every step is checked
// as it comes; every error text is noted for the leak checks.
func (r *rig) login(t tb, sc LoginScript) (*integrations.DoneStep, outcome, error) {
	t.Helper()
	s := r.s
	name := scriptName(sc)
	method, _ := r.inst.Method(sc.Method)
	for k, v := range sc.Values {
		for _, f := range method.Fields {
			if f.Name == k && f.Kind == integrations.FieldSecret {
				s.learn(v, fmt.Sprintf("the value typed into %q", k))
			}
		}
	}
	values := make(map[string]string, len(sc.Values))
	for k, v := range sc.Values {
		values[k] = v
	}
	answer := sc.Answer
	if answer == nil {
		answer = func(ctx context.Context, _ Fake, step integrations.Step) (integrations.Answer, error) {
			return AutoAnswer(ctx, step, sc.Values)
		}
	}

	// The login may keep StartLogin's context (a loopback listener's life):
	// give it the subtest's, and bound each Next instead.
	lg, err := r.in.StartLogin(t.Context(), integrations.LoginRequest{Method: sc.Method, Values: values, Env: r.env})
	s.noteErr(t, "StartLogin "+name, err)
	if err != nil {
		return nil, outcome{err: err}, err
	}
	if lg == nil {
		t.Fatalf("login %s: StartLogin returned neither a Login nor an error", name)
	}
	defer func() { _ = lg.Close() }()

	var prev integrations.Step
	a := integrations.Answer{}
	for i := 0; i < maxSteps; i++ {
		ctx, cancel := s.ctx(t)
		step, err := lg.Next(ctx, a)
		cancel()
		s.noteErr(t, fmt.Sprintf("login %s step %d", name, i+1), err)
		if err != nil {
			return nil, outcome{step: step, prev: prev, err: err}, err
		}
		if !checkStep(t, fmt.Sprintf("login %s step %d", name, i+1), step) {
			t.FailNow()
		}
		if done, ok := step.(*integrations.DoneStep); ok {
			return done, outcome{done: done}, nil
		}
		ctx, cancel = s.ctx(t)
		a, err = answer(ctx, r.fake, step)
		cancel()
		if err != nil {
			t.Fatalf("login %s: the script could not answer step %d (%T): %v", name, i+1, step, err)
		}
		s.learnAnswer(step, a)
		prev = step
	}
	t.Fatalf("login %s: no DoneStep after %d steps", name, maxSteps)
	return nil, outcome{}, nil
}

// learnAnswer records the secret values of an answer: secret fields, codes,
// security answers, pasted redirects.
func (s *suite) learnAnswer(step integrations.Step, a integrations.Answer) {
	var fields []integrations.Field
	all := false
	switch st := step.(type) {
	case *integrations.FormStep:
		fields = st.Fields
	case *integrations.CodeStep:
		fields, all = []integrations.Field{st.Field}, true
	case *integrations.QuestionsStep:
		fields, all = st.Fields, true
	case *integrations.ChoiceStep:
		fields = []integrations.Field{st.Field}
	}
	for k, v := range a.Values {
		secret := all || secretName(k)
		for _, f := range fields {
			if f.Name == k && f.Kind == integrations.FieldSecret {
				secret = true
			}
		}
		if secret {
			s.learn(v, fmt.Sprintf("the value answered for %q", k))
		}
	}
	if a.Redirect != "" {
		s.learn(a.Redirect, "a pasted redirect")
		if u, err := url.Parse(a.Redirect); err == nil {
			for k, vs := range u.Query() {
				if k == "error" || k == "error_description" || k == "error_uri" {
					continue // the institution's words, not the user's secret
				}
				for _, v := range vs {
					s.learn(v, fmt.Sprintf("the %q of a pasted redirect", k))
				}
			}
		}
	}
}

// checkStep checks a step is one of the documented kinds and renderable. It
// reports whether the login can go on.
func checkStep(t tb, where string, step integrations.Step) bool {
	t.Helper()
	if step == nil || reflect.ValueOf(step).IsNil() {
		t.Errorf("%s: Next returned a nil step and no error", where)
		return false
	}
	switch s := step.(type) {
	case *integrations.BrowserStep:
		if err := loopbackURL(s.URL); err != nil {
			t.Errorf("%s: BrowserStep URL: %v", where, err)
		}
		if s.Timeout < 0 {
			t.Errorf("%s: BrowserStep Timeout %s is negative", where, s.Timeout)
		}
	case *integrations.FormStep:
		if len(s.Fields) == 0 {
			t.Errorf("%s: FormStep without fields", where)
		}
		checkFields(t, where+" FormStep", s.Fields)
	case *integrations.CodeStep:
		checkField(t, where+" CodeStep", s.Field)
		if s.Message == "" && s.Destination == "" {
			t.Errorf("%s: CodeStep says neither where the code went nor anything else", where)
		}
	case *integrations.ChoiceStep:
		checkField(t, where+" ChoiceStep", s.Field)
		if s.Field.Kind != integrations.FieldChoice {
			t.Errorf("%s: ChoiceStep field has Kind %q, want %q", where, s.Field.Kind, integrations.FieldChoice)
		}
	case *integrations.ApproveStep:
		if s.Message == "" {
			t.Errorf("%s: ApproveStep without a Message", where)
		}
		checkURL(t, where+" ApproveURL", s.ApproveURL)
	case *integrations.QuestionsStep:
		if len(s.Fields) == 0 {
			t.Errorf("%s: QuestionsStep without questions", where)
		}
		checkFields(t, where+" QuestionsStep", s.Fields)
	case *integrations.DoneStep:
	default:
		t.Errorf("%s: undocumented step type %T", where, step)
		return false
	}
	return true
}

// checkGrant checks a grant a login or a refresh produced.
func (r *rig) checkGrant(t tb, where string, g integrations.Grant, method integrations.AuthKind) {
	t.Helper()
	r.s.learnGrant(g)
	if g.Method != method {
		t.Errorf("%s: grant method %q, want %q", where, g.Method, method)
	}
	if len(g.Secret) == 0 {
		t.Errorf("%s: grant has an empty Secret", where)
	}
	if g.Fingerprint == "" {
		t.Errorf("%s: grant has an empty Fingerprint", where)
	}
	if !g.Expiry.IsZero() && !g.Expiry.After(r.env.Time()) {
		t.Errorf("%s: grant Expiry %s is not in the future", where, g.Expiry)
	}
	parts := secretParts(g.Secret)
	if len(g.Secret) >= minTokenLen {
		parts = append(parts, string(g.Secret))
	}
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("grant", "grant", g)
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("grant", "grant", g)
	js, _ := json.Marshal(g)
	shown := map[string]string{
		"String()": g.String(), "%v": fmt.Sprintf("%v", g), "%+v": fmt.Sprintf("%+v", g),
		"%#v": fmt.Sprintf("%#v", g), "%v of a pointer": fmt.Sprintf("%v", &g),
		"slog": logs.String(), "JSON": string(js), "Fingerprint": g.Fingerprint,
	}
	for how, text := range shown {
		for _, p := range parts {
			if strings.Contains(text, p) {
				t.Errorf("%s: the grant's %s shows its secret", where, how)
				break
			}
		}
	}
}

// checkLogins logs in with every script.
func (s *suite) checkLogins(t tb, path string) {
	seen := map[string]int{}
	for _, sc := range s.h.Logins {
		name := scriptName(sc)
		seen[name]++
		if seen[name] > 1 {
			name = fmt.Sprintf("%s#%d", name, seen[name])
		}
		s.run(t, path, name, func(t tb, _ string) { s.checkLogin(t, sc) })
	}
	s.run(t, path, "NotSupported", s.checkNotSupported)
}

func (s *suite) checkLogin(t tb, sc LoginScript) {
	r := s.newRig(t)
	name := scriptName(sc)
	done, _, err := r.login(t, sc)
	if err != nil {
		t.Fatalf("login %s: %v", name, err)
	}
	if r.rec.n() == 0 {
		t.Errorf("plumbing: login %s sent no request through Env.HTTP", name)
	}
	r.checkGrant(t, "login "+name, done.Grant, sc.Method)
	if len(done.Accounts) > 0 {
		checkAccounts(t, r, "DoneStep", done.Accounts)
	}

	again, _, err := r.login(t, sc)
	if err != nil {
		t.Fatalf("second login %s: %v", name, err)
	}
	r.checkGrant(t, "second login "+name, again.Grant, sc.Method)
	if again.Grant.Fingerprint != done.Grant.Fingerprint {
		t.Errorf("login %s: two logins of the same user have different fingerprints", name)
	}

	c, err := r.in.NewClient(t.Context(), done.Grant, r.env, (&saver{rec: r.rec}).save)
	s.noteErr(t, "NewClient", err)
	if err != nil {
		t.Fatalf("login %s: NewClient: %v", name, err)
	}
	accts, err := r.accounts(t, c)
	if err != nil {
		t.Fatalf("login %s: Accounts with the new grant: %v", name, err)
	}
	ids := map[string]bool{}
	for _, a := range accts {
		ids[a.ID] = true
	}
	for _, a := range done.Accounts {
		if !ids[a.ID] {
			t.Errorf("login %s: DoneStep account %q is not among the client's accounts", name, a.ID)
		}
	}
}

// checkNotSupported starts a login with a method the institution lacks.
func (s *suite) checkNotSupported(t tb, _ string) {
	r := s.newRig(t)
	for _, k := range authKinds {
		if _, ok := r.inst.Method(k); ok {
			continue
		}
		ctx, cancel := s.ctx(t)
		defer cancel()
		lg, err := r.in.StartLogin(ctx, integrations.LoginRequest{Method: k, Env: r.env})
		s.noteErr(t, "StartLogin "+string(k), err)
		if lg != nil {
			_ = lg.Close()
		}
		if !errors.Is(err, integrations.ErrNotSupported) {
			t.Errorf("StartLogin with %q, which the institution does not offer: got %v, want ErrNotSupported", k, err)
		}
		return
	}
	t.Skip("the institution offers every auth kind")
}

// checkLoginFailures plays every failure script.
func (s *suite) checkLoginFailures(t tb, path string) {
	if len(s.h.LoginFailures) == 0 {
		t.Skip("the harness has no failure scripts")
	}
	for _, f := range s.h.LoginFailures {
		name := f.Name
		if name == "" {
			name = scriptName(f.Script)
		}
		s.run(t, path, name, func(t tb, _ string) {
			r := s.newRig(t)
			done, o, err := r.login(t, f.Script)
			if err == nil {
				t.Fatalf("login %s succeeded (fingerprint %s); want %v", name, done.Grant.Fingerprint, f.Want)
			}
			if !errors.Is(err, f.Want) {
				t.Errorf("login %s: got %q (code %s); want %v", name, err, integrations.Code(err), f.Want)
			}
			again := errors.Is(err, integrations.ErrInvalidCredentials) || errors.Is(err, integrations.ErrInvalidMFACode)
			switch {
			case again && (o.step == nil || reflect.ValueOf(o.step).IsNil()):
				t.Errorf("login %s: %v came without the step to answer again", name, err)
			case again && o.prev != nil && reflect.TypeOf(o.step) != reflect.TypeOf(o.prev):
				t.Errorf("login %s: %v came with a %T; want the %T that was answered, to answer again", name, err, o.step, o.prev)
			case again:
				if _, ok := o.step.(*integrations.DoneStep); ok {
					t.Errorf("login %s: %v came with a DoneStep", name, err)
				}
			case !again && o.step != nil && !reflect.ValueOf(o.step).IsNil():
				t.Errorf("login %s: %v ends the login, but Next also returned a %T", name, err, o.step)
			}
		})
	}
}
