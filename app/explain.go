package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/vault"
)

// Codes of failures that belong to the vault or the app, beside
// integrations.Code's and ErrorCode's. Compare codes with constants, never
// with literals.
const (
	CodeWrongPassword    = "WRONG_PASSWORD"    // vault.ErrWrongPassword
	CodeInUse            = "IN_USE"            // vault.ErrInUse
	CodeCorrupt          = "CORRUPT"           // vault.ErrCorrupt
	CodeCorruptRecord    = "CORRUPT_RECORD"    // vault.ErrCorruptRecord
	CodeNewerVersion     = "NEWER_VERSION"     // vault.ErrUnsupportedVersion
	CodeExists           = "EXISTS"            // vault.ErrExists
	CodeNoLockedMemory   = "NO_LOCKED_MEMORY"  // vault.ErrNoLockedMemory
	CodeNotFound         = "NOT_FOUND"         // ErrNotFound
	CodeAlreadyConnected = "ALREADY_CONNECTED" // ErrAlreadyConnected
	CodeSessionOver      = "SESSION_OVER"      // ErrSessionOver
	CodeExportIsVault    = "EXPORT_IS_VAULT"   // ErrExportIsVault
)

// Doing says what the user was doing when an error happened. The same error
// reads differently during each: a maintenance window while making a new
// connection has no saved data to mention, while the same window during a
// sync keeps the saved data.
type Doing int

// What the user can be doing.
const (
	DoingOther     Doing = iota
	DoingConnect         // making a new connection: nothing is saved yet
	DoingRepair          // logging in again to a disabled connection
	DoingReconnect       // logging in again to a connection that still works
	DoingSync            // refreshing saved connections
	DoingUnlock          // unlocking the vault with the master password
	DoingRecovery        // unlocking the vault with the recovery key
	DoingCreate          // creating the vault
	DoingOpen            // opening the vault file
	DoingSave            // changing something kept in the vault
	DoingRead            // reading saved data
	DoingExport          // writing data to a file
	DoingImport          // importing a statement file into a connection (new or existing)
)

// Situation is the context an error is explained in.
type Situation struct {
	Doing Doing
	// InBrowser is true when the failing step was the institution's own page
	// in the browser (an OAuth consent), not its app or Latchkey's form.
	InBrowser bool
	// Institution is the institution's display name, "" when unknown.
	Institution string
}

// Remedy is the way forward an explanation offers. A front end maps it to
// its own control: a button in the desktop, a hint in the CLI.
type Remedy string

// Remedies.
const (
	RemedyNone          Remedy = ""
	RemedyCorrect       Remedy = "correct"        // fix what was typed and submit it again
	RemedyRetry         Remedy = "retry"          // try the same thing again (after Wait, if set)
	RemedyStartAgain    Remedy = "start-again"    // start a new login
	RemedyRepair        Remedy = "repair"         // repair the connection: log in again
	RemedyAtInstitution Remedy = "at-institution" // first do something at the institution (unlock the login)
	RemedySettings      Remedy = "settings"       // add the app registration in Settings
	RemedyOriginalLogin Remedy = "original-login" // log in as the connection's user, or add a new connection
	RemedyFreeSpace     Remedy = "free-space"     // free disk space, then try again
	RemedyWritable      Remedy = "writable"       // make the vault's folder writable
	RemedyRestoreBackup Remedy = "restore-backup" // restore a backup of the vault
	RemedyUpgrade       Remedy = "upgrade"        // install a newer Latchkey
	RemedyCloseOther    Remedy = "close-other"    // close the other window or command using the vault
	RemedyUnlock        Remedy = "unlock"         // unlock the vault
)

// Explanation is what an error means to the user and the way forward, in
// words safe to show: it never holds err.Error() of an error outside the
// documented set, whose text may echo a response body or a secret.
type Explanation struct {
	Code  string // ErrorCode(err), or one of the vault and app codes above
	Title string // a short headline: "Your login is locked at Example"
	Text  string // what happened and what to do, in sentences
	// Detail is the institution's own user-safe detail
	// (integrations.Detail), already part of Text for the codes where it
	// says what to correct; "" when there is none.
	Detail string
	Remedy Remedy
	// Wait is how long to wait before trying again (RATE_LIMITED), 0 when
	// unknown.
	Wait time.Duration
	// Transient is true when trying again later may work without the user
	// changing anything.
	Transient bool
}

// String is the explanation in one line: the text, which already says the
// way forward.
func (e Explanation) String() string { return e.Text }

// explainCode is the code Explain uses for err: the vault's and the app's
// own failures first, then ErrorCode.
func explainCode(err error) string {
	if err == nil {
		return ""
	}
	if c, ok := codeOf(explainCodes, err); ok {
		return c
	}
	return ErrorCode(err)
}

// explainCodes are the vault's and the app's own failures, in the order
// explainCode tries them.
var explainCodes = []sentinelCode{
	{vault.ErrWrongPassword, CodeWrongPassword},
	{vault.ErrInUse, CodeInUse},
	{vault.ErrCorruptRecord, CodeCorruptRecord},
	{vault.ErrCorrupt, CodeCorrupt},
	{vault.ErrUnsupportedVersion, CodeNewerVersion},
	{vault.ErrExists, CodeExists},
	{vault.ErrNoLockedMemory, CodeNoLockedMemory},
	{ErrNotFound, CodeNotFound},
	{ErrAlreadyConnected, CodeAlreadyConnected},
	{ErrSessionOver, CodeSessionOver},
	{ErrExportIsVault, CodeExportIsVault},
}

// Explain maps err to the words and the way forward for the situation s.
// It is the one place the desktop and the CLI turn an error into text.
func Explain(err error, s Situation) Explanation {
	if err == nil {
		return Explanation{}
	}
	e := Explanation{Code: explainCode(err), Detail: firstDetail(err)}
	inst := s.Institution
	if inst == "" {
		inst = "The institution"
	}
	hasData := s.Doing == DoingSync || s.Doing == DoingRepair || s.Doing == DoingReconnect || s.Doing == DoingRead
	kept := ""
	if hasData {
		kept = " Your saved data is kept."
	}
	if s.Doing == DoingImport {
		if ok := explainImport(&e); ok {
			return e
		}
	}
	if f, ok := fixedExplanations[e.Code]; ok {
		e.Title, e.Text, e.Remedy, e.Transient = f.title, f.text, f.remedy, f.transient
		return e
	}
	switch e.Code {
	// --- the institution ---------------------------------------------------------
	case integrations.CodeReauthRequired:
		e.Title = inst + " no longer accepts this login"
		e.Remedy = RemedyRepair
		e.Text = inst + " no longer accepts the connection's login: it was revoked or it expired." + kept +
			" Repair the connection to log in again."
		if s.Doing == DoingConnect {
			e.Text = inst + " did not accept the login. Start again."
			e.Remedy = RemedyStartAgain
		}
	case integrations.CodeInvalidCredentials:
		e.Title = "Check your login details"
		e.Remedy = RemedyCorrect
		e.Text = e.detailOr(inst+" did not accept these details. Check them and try again.", "")
		if s.Doing == DoingSync {
			e.Title = inst + " no longer accepts this login"
			e.Text = inst + " no longer accepts the connection's login details." + kept + " Repair the connection to enter them again."
			e.Remedy = RemedyRepair
		}
	case integrations.CodeInvalidMFA:
		e.Title = "That code was not accepted"
		e.Remedy = RemedyCorrect
		e.Text = e.detailOr("Check the code and type it again. Codes expire after a short while: ask for a new one if needed.", "")
	case integrations.CodeApprovalDenied:
		e.Remedy = RemedyStartAgain
		if s.InBrowser {
			e.Title = "Access was not allowed"
			e.Text = "Access was not allowed on " + possessive(inst) + " page in the browser, so nothing was saved. " +
				"Start again and choose Allow there to connect."
		} else {
			e.Title = "The sign-in was denied"
			e.Text = "The sign-in request was denied in " + possessive(inst) + " app. If that was not you, change your password there. " +
				"Start again to send a new request."
		}
	case integrations.CodeTimeout:
		if s.Doing == DoingSync {
			e.Title = inst + " took too long to answer"
			e.Text = inst + " did not answer in time." + kept + " Try again later."
			e.Remedy, e.Transient = RemedyRetry, true
			break
		}
		e.Title = "The sign-in took too long"
		e.Text = "Latchkey stopped waiting for the sign-in to finish. Nothing was saved. Start again when you are ready."
		e.Remedy = RemedyStartAgain
	case integrations.CodeAccountLocked:
		e.Title = "Your login is locked at " + lower(inst)
		e.Text = "Unlock it first on " + possessive(inst) + " website or by calling them: it was locked there, usually after too many attempts. " +
			"Then come back and try again." + kept
		e.Remedy = RemedyAtInstitution
	case integrations.CodeRateLimited:
		e.Title = inst + " asks Latchkey to slow down"
		e.Wait, _ = integrations.RetryAfter(err)
		e.Remedy, e.Transient = RemedyRetry, true
		wait := "a few minutes"
		if e.Wait > 0 {
			wait = integrations.HumanDuration(e.Wait)
		}
		e.Text = inst + " is limiting requests." + kept + " Try again in " + wait + "."
	case integrations.CodeUnavailable:
		e.Title = inst + " is not available right now"
		e.Text = inst + " is down or in maintenance." + kept + " Try again later."
		e.Remedy, e.Transient = RemedyRetry, true
	case integrations.CodeNotSupported:
		e.Title = "Not supported"
		e.Text = e.detailOr(inst+" does not support this.", "")
	case integrations.CodeNeedsApp:
		e.Title = "Set up your app registration"
		e.Text = inst + " needs your own app registration. Register an app with it (its help says how), " +
			"enter the client id in Settings › App registrations, then try again."
		e.Remedy = RemedySettings
	case integrations.CodePartial:
		e.Title = "Partly synced"
		e.Text = "Some of the data could not be read this time; what was read is saved and the rest keeps its last known values. Try again later."
		if e.Detail != "" {
			e.Text = "Partly synced: " + strings.TrimSuffix(e.Detail, ".") + ". What was read is saved; the rest keeps its last known values."
		}
		e.Remedy, e.Transient = RemedyRetry, true
	case integrations.CodeNoAccounts:
		e.Title = inst + " returned no accounts"
		e.Text = inst + " returned no accounts for this login." + kept + " Try again later, and repair the connection if it keeps happening."
		e.Remedy, e.Transient = RemedyRetry, true
	// --- the vault ---------------------------------------------------------------
	case CodeDiskFull:
		e.Title = "The disk is full"
		e.Text = "Latchkey could not write to the vault because the disk is full. Nothing saved before was lost. Free some space, then try again."
		if s.Doing == DoingConnect {
			e.Text = "Latchkey could not save the new connection because the disk is full. Nothing saved before was lost. Free some space, then connect again."
		}
		e.Remedy = RemedyFreeSpace
	case CodeWrongPassword:
		e.Remedy = RemedyCorrect
		switch s.Doing {
		case DoingRecovery:
			e.Title = "Wrong recovery key"
			e.Text = "That recovery key does not open this vault. Check it and try again (letters and digits only; spaces and dashes do not matter)."
		case DoingUnlock:
			e.Title = "Wrong password"
			e.Text = "Wrong password. Try again, or use your recovery key."
		default:
			e.Title = "Wrong password"
			e.Text = "The current password is not right."
		}
	default:
		e.Title = "Something went wrong"
		e.Remedy = RemedyRetry
		switch s.Doing {
		case DoingConnect:
			e.Text = "Something went wrong talking to " + lower(inst) + ". Nothing was saved; try again."
		case DoingSync, DoingRepair, DoingReconnect:
			e.Text = "Something went wrong talking to " + lower(inst) + "." + kept + " Try again."
		case DoingUnlock, DoingRecovery, DoingCreate, DoingOpen:
			e.Text = "The vault could not be opened. Try again; if it keeps happening, restart Latchkey."
		case DoingSave:
			e.Text = "The change could not be saved. Nothing else was changed; try again."
		case DoingRead:
			e.Text = "The saved data could not be read. Try again."
		case DoingExport:
			e.Text = "The file could not be written. Check the folder and try again."
		default:
			e.Text = "Something went wrong. Try again."
		}
	}
	return e
}

// fixed is an explanation whose words are the same in every situation.
type fixed struct {
	title, text string
	remedy      Remedy
	transient   bool
}

// signInOver explains a login, or a session of the app, that has ended.
var signInOver = fixed{"This sign-in has ended", "This sign-in is over. Start again to connect.", RemedyStartAgain, false}

// fixedExplanations are the codes whose explanation depends neither on the
// institution nor on what the user was doing; Explain words the others.
var fixedExplanations = map[string]fixed{
	// --- the institution ---------------------------------------------------------
	integrations.CodeDifferentLogin: {"That is a different login",
		"You logged in as a different user than this connection belongs to, so nothing was changed. " +
			"Log in as the connection's user, or add the other login as a new connection.", RemedyOriginalLogin, false},
	integrations.CodeLoginOver: signInOver,
	CodeSessionOver:            signInOver,
	integrations.CodeCancelled: {"Cancelled", "Cancelled.", RemedyNone, false},
	// --- the app -----------------------------------------------------------------
	CodeNotFound: {"This connection no longer exists",
		"This connection no longer exists: it may have been removed in another window.", RemedyNone, false},
	CodeAlreadyConnected: {"Already connected",
		"This login is already connected. Update that connection instead of adding a second one.", RemedyNone, false},
	CodeExportIsVault: {"That file is the vault",
		"That file is your vault: writing the export there would destroy every saved login. Choose another file.", RemedyCorrect, false},
	// --- the vault ---------------------------------------------------------------
	CodeReadOnly: {"The vault is read-only here",
		"Latchkey can show your saved data but cannot save changes: the vault's file or folder is read-only. " +
			"Make it writable, or move the vault to a folder you can write to.", RemedyWritable, false},
	CodeLocked: {"The vault is locked", "The vault is locked. Unlock it to continue.", RemedyUnlock, false},
	CodeInUse: {"Latchkey is already open",
		"Your vault is open in another Latchkey window, or a latchkey command is using it. Switch to that window, or close it and try again.",
		RemedyCloseOther, true},
	CodeNewerVersion: {"This vault needs a newer Latchkey",
		"The vault was written by a newer version of Latchkey. Install the latest version to open it. Nothing was changed.", RemedyUpgrade, false},
	CodeCorrupt: {"The vault is damaged",
		"The vault file cannot be read: it is damaged. Nothing was changed. If you have a backup, quit Latchkey and copy it over the vault file.",
		RemedyRestoreBackup, false},
	CodeCorruptRecord: {"Part of the vault is damaged",
		"A record in the vault failed its integrity check: it was damaged or changed outside Latchkey. " +
			"Nothing was changed. If you have a backup, quit Latchkey and copy it over the vault file.", RemedyRestoreBackup, false},
	CodeExists: {"A vault already exists here", "A file already exists at the vault's path. Restart Latchkey to unlock it.", RemedyNone, false},
	CodeNoLockedMemory: {"Not enough locked memory",
		"The system does not let Latchkey lock enough memory to keep secrets out of swap. Close other programs, or raise the limit (ulimit -l), then try again.",
		RemedyRetry, true},
}

// explainImport words the failures of a statement import, whose documented
// errors speak of logins: a file that cannot be read is refused as invalid
// "credentials" and a file of another account as a "different login", each
// with the import's own detail (which file, which account). It reports
// whether it explained e; other codes read as for any login.
func explainImport(e *Explanation) bool {
	switch e.Code {
	case integrations.CodeInvalidCredentials:
		e.Title = "This file cannot be imported"
		e.Text = e.detailOr("The file could not be read as a statement. Choose the file you downloaded from the institution.", " Nothing was imported.")
		e.Remedy = RemedyCorrect
	case integrations.CodeDifferentLogin:
		e.Title = "This statement is not this connection's"
		e.Text = e.detailOr("This statement is of another account or institution. Nothing was imported; choose the right file.", " Nothing was imported.")
		e.Remedy = RemedyCorrect
	case integrations.CodeCancelled:
		e.Title = "Import cancelled"
		e.Text = "Nothing was imported."
	case integrations.CodeNotSupported:
		e.Title = "Statements cannot be imported here"
		e.Text = e.detailOr("This connection cannot take statement files.", "")
	default:
		return false
	}
	return true
}

// detailOr is the institution's own detail as a sentence, followed by
// after, when it gave one (it says what to correct); else text.
func (e *Explanation) detailOr(text, after string) string {
	if e.Detail == "" {
		return text
	}
	return sentence(e.Detail) + after
}

// firstDetail is the user-safe detail an integration gave with the
// documented error (integrations.Wrap), or "".
func firstDetail(err error) string {
	var d *integrations.DetailError
	if errors.As(err, &d) {
		return d.Detail
	}
	return ""
}

// sentence makes an integration's lower-case detail a sentence.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r := []rune(s)
	s = strings.ToUpper(string(r[0])) + string(r[1:])
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "!") {
		s += "."
	}
	return s
}

// possessive is "Example's", or "the institution's".
func possessive(name string) string {
	if name == "The institution" {
		return "the institution's"
	}
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

// lower lower-cases the generic "The institution" for use mid-sentence.
func lower(name string) string {
	if name == "The institution" {
		return "the institution"
	}
	return name
}

// Cancelled reports whether err only says that the user stopped what was
// running, which front ends usually show as nothing at all.
func Cancelled(err error) bool { return errors.Is(err, context.Canceled) }
