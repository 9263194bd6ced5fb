package integrations

import (
	"context"
	"time"
)

// Step is one step of a login, rendered alike by the desktop and the CLI. It
// is one of *BrowserStep, *FormStep, *CodeStep, *ChoiceStep, *ApproveStep,
// *QuestionsStep or *DoneStep.
type Step interface{ step() }

// BrowserStep: open URL in the system browser and wait for the institution to
// redirect back. Answer it with an empty Answer: Next blocks until the
// callback arrives, the user pastes the redirect URL or code (Login.Paste or
// Answer.Redirect), the login times out (ErrLoginTimeout) or ctx ends.
type BrowserStep struct {
	URL     string
	Message string
	// CanPaste is true when the user may paste the final redirect URL or the
	// code, for when the callback cannot reach Latchkey.
	CanPaste bool
	// Timeout is how long Next waits for the callback.
	Timeout time.Duration
}

// FormStep asks for the values of Fields (e.g. username and password).
type FormStep struct {
	Title   string
	Message string
	Fields  []Field
}

// CodeStep asks for a one-time code sent to Destination (a masked hint such as
// "SMS to ••• ••• 1234", or "your authenticator app").
type CodeStep struct {
	Message     string
	Destination string
	Field       Field
}

// ChoiceStep asks the user to choose a method or device (Field.Choices).
type ChoiceStep struct {
	Message string
	Field   Field
}

// ApproveStep: approve the login in the institution's own app. Answer it with
// an empty Answer: Next polls until approved (next step), denied
// (ErrApprovalDenied), timed out (ErrLoginTimeout) or ctx ends.
type ApproveStep struct {
	Message string
	// ApproveURL is set where approval can also be given in a browser (the
	// demo brokerage serves such a page).
	ApproveURL string
	Timeout    time.Duration
}

// QuestionsStep asks security questions; each Field's Label is the question.
type QuestionsStep struct {
	Message string
	Fields  []Field
}

// DoneStep ends a login with a grant. Accounts, when set, are the accounts the
// login found (used to show them and to compute the fingerprint).
type DoneStep struct {
	Grant    Grant
	Accounts []Account
	// LoginHint is a masked hint of the login's user name (see MaskLogin),
	// kept on the connection so a repair form can show whose login it is.
	// Never the full value.
	LoginHint string
	// Name, for a bridge, names what this connection reaches
	// ("Webull Canada"), and Monogram its monogram in assets/; empty for a
	// direct connection, which takes its institution's.
	Name, Monogram string
	// Data is data the login itself produced (an imported statement); the
	// app stores it as the connection's first sync.
	Data *Dataset
	// Also are further connections the same login produced: a bridge's other
	// brokerage authorizations, each becoming its own Latchkey connection
	// (Also of an Also is ignored). Ones already connected are skipped.
	Also []*DoneStep
}

func (*BrowserStep) step()   {}
func (*FormStep) step()      {}
func (*CodeStep) step()      {}
func (*ChoiceStep) step()    {}
func (*ApproveStep) step()   {}
func (*QuestionsStep) step() {}
func (*DoneStep) step()      {}

// Answer answers the current step.
type Answer struct {
	// Values maps Field.Name to what the user entered or chose.
	Values map[string]string
	// Redirect is a pasted redirect URL or authorization code (BrowserStep).
	Redirect string
}

// LoginRequest starts a login.
type LoginRequest struct {
	Method AuthKind
	// Values pre-fills the method's Fields (e.g. from the CLI's --field). A
	// login whose fields are all present skips the first FormStep.
	Values map[string]string
	Env    Env
	// Repair is the grant of the connection being repaired, nil for a new
	// connection. Bridges use it to reopen their own reconnect page for the
	// same authorization; import logins to check a file is for the same
	// account.
	Repair *Grant
}

// Login is one login in progress. It is driven by one goroutine calling Next;
// Paste and Close may be called from any goroutine.
type Login interface {
	// Next answers the current step and returns the next one. The first call
	// takes an empty Answer and returns the first step.
	//
	// On ErrInvalidCredentials or ErrInvalidMFACode, Next returns the same
	// step again with the error, and the step may be answered again. On any
	// other error the returned step is nil and the login is over.
	Next(ctx context.Context, a Answer) (Step, error)
	// Paste hands a pasted redirect URL or code to a waiting BrowserStep.
	Paste(redirect string) error
	// Close ends the login and releases what it holds (a loopback listener).
	Close() error
}
