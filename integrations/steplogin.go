package integrations

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"
)

// StepLogin is a Login of a form and the challenges an institution may answer
// it with — password → code, choice, approval or security questions → grant
// — written as one handler per kind of step. It keeps the step being
// answered, checks each answer the way every login does (required fields,
// an empty code, a choice that is not offered), hands a refused answer's step
// back for another try, and ends the login on the DoneStep, on any other
// error or on Close (which also cancels a handler still waiting). A package
// writes only what its API asks for:
//
//	return &integrations.StepLogin{
//		Form:   &integrations.FormStep{Title: "Sign in to Acme", Fields: method.Fields},
//		Values: req.Values,
//		Submit: l.password, // → a *CodeStep, or the *DoneStep
//		Code:   l.code,     // → the *DoneStep, or ErrInvalidMFACode
//		Approve: func(ctx context.Context, st *integrations.ApproveStep) (integrations.Step, error) {
//			return integrations.PollApproval(ctx, st, time.Second, l.approved)
//		},
//		OnEnd: l.forgetPassword,
//	}
//
// A handler returns the next step. Errors matching ErrInvalidCredentials or
// ErrInvalidMFACode keep the login on the step that was answered, or on the
// step the handler returned with the error (a key refused at the approval
// hands the form back; a portal that refused the password opens anew); any
// other error ends it. A handler the login does not need stays nil.
//
// A login that opens on a step only a call can make (the authorize page of
// a request token, what a repair needs) sets Start instead of Form.
type StepLogin struct {
	// Form is the first step. The first Next returns it, or — when Values
	// fill every required field (the CLI's --field) — submits them at once.
	Form *FormStep
	// Values pre-fill the form (LoginRequest.Values).
	Values map[string]string
	// Start, when set, makes the first step instead of Form: the first Next
	// returns what it returns. Its error ends the login, unless it is a
	// refusal returned with a step to answer.
	Start func(ctx context.Context) (Step, error)
	// UntrimmedSecrets passes secret fields as typed: a password may begin or
	// end with a space. Other values are always trimmed.
	UntrimmedSecrets bool
	// Missing is the message of the ErrInvalidCredentials a form answered
	// with a required field left empty comes back with; empty, it is
	// "enter the " and the labels of the fields left empty, lower-cased.
	Missing string

	// Submit answers the form with its values, every required field present.
	Submit func(ctx context.Context, values map[string]string) (Step, error)
	// Code answers a CodeStep with the code, trimmed, not empty, of the
	// field's Length and digits only when the field says so.
	Code func(ctx context.Context, st *CodeStep, code string) (Step, error)
	// Choose answers a ChoiceStep with the value of one of its choices. A
	// choice whose Field is Optional is Choose's to check: it gets the value
	// as answered, trimmed — empty (its default) or one the choices do not
	// list.
	Choose func(ctx context.Context, st *ChoiceStep, choice string) (Step, error)
	// Questions answers a QuestionsStep: each question's answer by field name.
	Questions func(ctx context.Context, st *QuestionsStep, answers map[string]string) (Step, error)
	// Approve waits until the approval an ApproveStep asks for is given,
	// denied (ErrApprovalDenied) or times out (ErrLoginTimeout); see
	// PollApproval.
	Approve func(ctx context.Context, st *ApproveStep) (Step, error)
	// Browse waits for a BrowserStep's callback; pasted is Answer.Redirect.
	Browse func(ctx context.Context, st *BrowserStep, pasted string) (Step, error)
	// OnPaste takes Login.Paste; nil refuses pastes with ErrNotSupported.
	OnPaste func(pasted string) error
	// OnEnd runs once when the login ends (done, failed or closed): forget a
	// password, release a listener.
	OnEnd func()

	mu     sync.Mutex
	step   Step // the step being answered; nil before the first Next
	over   bool
	cancel context.CancelFunc // of the handler running, if any
}

// Next answers the current step with a and returns the next one.
func (l *StepLogin) Next(ctx context.Context, a Answer) (Step, error) {
	l.mu.Lock()
	if l.over {
		l.mu.Unlock()
		return nil, ErrLoginOver
	}
	cur := l.step
	if cur == nil && l.Start == nil {
		cur, l.step = l.Form, l.Form
		if !l.filled(l.Values) {
			l.mu.Unlock()
			return l.Form, nil
		}
		a = Answer{Values: l.Values}
	}
	ctx, cancel := context.WithCancel(ctx)
	l.cancel = cancel
	l.mu.Unlock()
	defer cancel()

	var next Step
	var err error
	if cur == nil {
		next, err = l.Start(ctx)
	} else {
		next, err = l.answer(ctx, cur, a)
	}

	l.mu.Lock()
	closed := l.over
	l.cancel = nil
	l.mu.Unlock()
	refused := err != nil && (errors.Is(err, ErrInvalidCredentials) || errors.Is(err, ErrInvalidMFACode))
	if refused && next == nil {
		next = cur // nil after Start: no step to answer again
	}
	switch {
	case closed:
		return nil, ErrLoginOver
	case refused && next != nil:
		// answered again: the login stays on next
	case err != nil:
		l.end()
		return nil, err
	case next == nil:
		l.end()
		return nil, Wrap(ErrUnavailable, "the login did not say what comes next")
	default:
		if _, done := next.(*DoneStep); done {
			l.end()
			return next, nil
		}
	}
	l.mu.Lock()
	l.step = next
	l.mu.Unlock()
	return next, err
}

// answer checks a against step and calls the step's handler.
func (l *StepLogin) answer(ctx context.Context, step Step, a Answer) (Step, error) {
	unhandled := Wrap(ErrNotSupported, "this login cannot answer that step")
	switch st := step.(type) {
	case *FormStep:
		values, err := l.formValues(st, a.Values)
		if err != nil {
			return nil, err
		}
		if l.Submit == nil {
			return nil, unhandled
		}
		return l.Submit(ctx, values)
	case *CodeStep:
		code, err := checkCode(st.Field, a.Values[st.Field.Name])
		if err != nil {
			return nil, err
		}
		if l.Code == nil {
			return nil, unhandled
		}
		return l.Code(ctx, st, code)
	case *ChoiceStep:
		v := strings.TrimSpace(a.Values[st.Field.Name])
		if !st.Field.Optional && !slices.ContainsFunc(st.Field.Choices, func(c Choice) bool { return c.Value == v }) {
			return nil, Wrap(ErrInvalidMFACode, "choose one of the options")
		}
		if l.Choose == nil {
			return nil, unhandled
		}
		return l.Choose(ctx, st, v)
	case *QuestionsStep:
		answers := make(map[string]string, len(st.Fields))
		for _, f := range st.Fields {
			v := strings.TrimSpace(a.Values[f.Name])
			if v == "" && !f.Optional {
				return nil, Wrap(ErrInvalidMFACode, "answer every question")
			}
			answers[f.Name] = v
		}
		if l.Questions == nil {
			return nil, unhandled
		}
		return l.Questions(ctx, st, answers)
	case *ApproveStep:
		if l.Approve == nil {
			return nil, unhandled
		}
		return l.Approve(ctx, st)
	case *BrowserStep:
		if l.Browse == nil {
			return nil, unhandled
		}
		return l.Browse(ctx, st, a.Redirect)
	default:
		return nil, unhandled
	}
}

// formValues returns the form's values, trimmed, or ErrInvalidCredentials
// naming the required fields left empty.
func (l *StepLogin) formValues(form *FormStep, vals map[string]string) (map[string]string, error) {
	out := make(map[string]string, len(form.Fields))
	var missing []string
	for _, f := range form.Fields {
		v := vals[f.Name]
		if strings.TrimSpace(v) == "" {
			v = ""
		} else if f.Kind != FieldSecret || !l.UntrimmedSecrets {
			v = strings.TrimSpace(v)
		}
		if v == "" && !f.Optional {
			missing = append(missing, strings.ToLower(f.Label))
		}
		out[f.Name] = v
	}
	if len(missing) > 0 {
		return nil, Wrap(ErrInvalidCredentials, cmp.Or(l.Missing, "enter the "+strings.Join(missing, " and the ")))
	}
	return out, nil
}

func (l *StepLogin) filled(vals map[string]string) bool {
	if len(vals) == 0 {
		return false
	}
	for _, f := range l.Form.Fields {
		if !f.Optional && strings.TrimSpace(vals[f.Name]) == "" {
			return false
		}
	}
	return true
}

// checkCode trims a one-time code and checks it against its field.
func checkCode(f Field, raw string) (string, error) {
	code := strings.TrimSpace(raw)
	switch {
	case code == "":
		return "", Wrap(ErrInvalidMFACode, "enter the code")
	case f.Digits && strings.Trim(code, "0123456789") != "":
		return "", Wrap(ErrInvalidMFACode, "the code is digits only")
	case f.Length > 0 && len([]rune(code)) != f.Length:
		return "", Wrap(ErrInvalidMFACode, "the code does not have the expected length")
	}
	return code, nil
}

func (l *StepLogin) end() {
	l.mu.Lock()
	if l.over {
		l.mu.Unlock()
		return
	}
	l.over = true
	cancel, onEnd := l.cancel, l.OnEnd
	l.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	if onEnd != nil {
		onEnd()
	}
}

// Paste hands a pasted code or redirect to OnPaste.
func (l *StepLogin) Paste(pasted string) error {
	l.mu.Lock()
	over := l.over
	l.mu.Unlock()
	switch {
	case l.OnPaste == nil:
		return Wrap(ErrNotSupported, "nothing to paste in this login")
	case over:
		return ErrLoginOver
	}
	return l.OnPaste(pasted)
}

// Close ends the login; a handler still waiting sees its context cancelled.
func (l *StepLogin) Close() error {
	l.end()
	return nil
}

// DefaultApproveTimeout is how long PollApproval waits when the ApproveStep
// names no timeout.
const DefaultApproveTimeout = 5 * time.Minute

// PollApproval waits for the approval st asks for: after every interval it
// calls check, which returns the next step once the approval came (or an
// error: ErrApprovalDenied when it was refused), and nil, nil while it is
// pending. It gives up with ErrLoginTimeout after st.Timeout
// (DefaultApproveTimeout when zero), and with ctx's error when ctx ends.
func PollApproval(ctx context.Context, st *ApproveStep, interval time.Duration, check func(ctx context.Context) (Step, error)) (Step, error) {
	timeout := st.Timeout
	if timeout <= 0 {
		timeout = DefaultApproveTimeout
	}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(max(interval, time.Millisecond))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-deadline.C:
			return nil, Wrap(ErrLoginTimeout, "the login was not approved in time")
		case <-tick.C:
		}
		next, err := check(ctx)
		if err != nil || next != nil {
			return next, err
		}
	}
}
