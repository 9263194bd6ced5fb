package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"syscall"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/vault"
)

// minPasswordLen is the shortest master password init and passwd accept.
const minPasswordLen = 8

// readLine reads the next line of stdin, without its line ending. Every
// prompt takes its answer from here, in order, when stdin is not a terminal.
func (s *session) readLine(what string) ([]byte, error) {
	line, err := s.lines.ReadBytes('\n')
	if err != nil && !(errors.Is(err, io.EOF) && len(line) > 0) {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("expected %s on stdin, found the end of input", what)
		}
		return nil, fmt.Errorf("read %s: %v", what, err)
	}
	line = bytes.TrimRight(line, "\r\n")
	return line, nil
}

// masterSecret returns the password (or, with --recovery-key-stdin, the
// recovery key) that unlocks the vault: the first line of stdin, the file
// LATCHKEY_PASSWORD_FILE names, or a prompt on the terminal.
func (s *session) masterSecret() (secret []byte, recovery bool, err error) {
	if s.g.RecoveryKeyStdin {
		if s.g.PasswordStdin {
			return nil, false, usagef("--password-stdin and --recovery-key-stdin exclude each other")
		}
		k, err := s.readLine("the recovery key")
		return k, true, err
	}
	if s.g.PasswordStdin {
		p, err := s.readLine("the master password")
		return p, false, err
	}
	if f := s.getenv("LATCHKEY_PASSWORD_FILE"); f != "" {
		b, err := s.readPasswordFile(f)
		return b, false, err
	}
	if s.io.Terminal && s.io.ReadPassword != nil {
		p, err := s.io.ReadPassword("Master password: ")
		return p, false, err
	}
	return nil, false, usagef("no terminal to ask for the master password: use --password-stdin or LATCHKEY_PASSWORD_FILE")
}

// maxPasswordFile bounds what is read of LATCHKEY_PASSWORD_FILE: a password
// is one line, and the file could be a device or a mistake (/dev/zero).
const maxPasswordFile = 4096

// readPasswordFile reads the master password from the first line of the
// file path names, without its line ending (LF or CRLF). It refuses a file
// larger than maxPasswordFile (reading no more than that), and it warns on stderr
// when the file can be read by other users than its owner (Unix).
func (s *session) readPasswordFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read LATCHKEY_PASSWORD_FILE: %v", errors.Unwrap(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o077 != 0 && runtime.GOOS != "windows" {
		s.info("warning: the password file %s can be read by other users (mode %04o); chmod 600 it\n", path, fi.Mode().Perm())
	}
	b, err := io.ReadAll(io.LimitReader(f, maxPasswordFile+1))
	if err != nil {
		wipe(b)
		return nil, fmt.Errorf("read LATCHKEY_PASSWORD_FILE: %v", errors.Unwrap(err))
	}
	if len(b) > maxPasswordFile {
		wipe(b)
		return nil, fmt.Errorf("LATCHKEY_PASSWORD_FILE is larger than %d bytes: it should hold only the master password", maxPasswordFile)
	}
	line := b
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		line = b[:i]
	}
	out := bytes.Clone(line)
	wipe(b)
	return out, nil
}

// newPassword asks for a new master password: the next line of stdin with
// --password-stdin (or when stdin is not a terminal), or twice on the terminal.
func (s *session) newPassword() ([]byte, error) {
	var p []byte
	var err error
	if s.g.PasswordStdin || s.g.RecoveryKeyStdin || !s.io.Terminal || s.io.ReadPassword == nil {
		if p, err = s.readLine("the new master password"); err != nil {
			return nil, err
		}
	} else {
		if p, err = s.io.ReadPassword("New master password: "); err != nil {
			return nil, err
		}
		again, err := s.io.ReadPassword("Repeat the new master password: ")
		if err != nil {
			return nil, err
		}
		same := bytes.Equal(p, again)
		wipe(again)
		if !same {
			wipe(p)
			return nil, errors.New("the two passwords differ; nothing was changed")
		}
	}
	if len([]rune(string(p))) < minPasswordLen {
		wipe(p)
		return nil, fmt.Errorf("the master password must be at least %d characters", minPasswordLen)
	}
	return p, nil
}

func (s *session) getenv(k string) string {
	if s.io.Getenv == nil {
		return ""
	}
	return s.io.Getenv(k)
}

func (s *session) vaultPath() (string, error) {
	if s.g.Vault != "" {
		return s.g.Vault, nil
	}
	p, err := vault.DefaultPath()
	if err != nil {
		return "", fmt.Errorf("find the vault: %v (use --vault)", err)
	}
	return p, nil
}

// openVault opens the vault file, locked. A command that only reads the
// vault (command.readOnly) falls back to opening it read-only when it
// cannot be written here: a read-only file or file system.
func (s *session) openVault(ctx context.Context) (*vault.Vault, error) {
	path, err := s.vaultPath()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("no vault at %s: create one with latchkey init", path)
	}
	v, err := openVaultFile(ctx, path)
	if err != nil && cannotWrite(err) {
		if s.cmd == nil || !s.cmd.readOnly {
			return nil, fmt.Errorf("%w: %w (%v)", vault.ErrReadOnly, errChanges, err)
		}
		return openVaultReadOnly(ctx, path)
	}
	return v, err
}

// errChanges marks a read-only vault met by a command that would change it.
var errChanges = errors.New("this command changes it")

// The vault's openers: variables so that tests can stand in a read-only
// file system, which they cannot make (they may run as root).
var (
	openVaultFile     = vault.Open
	openVaultReadOnly = openReadOnly
)

// cannotWrite reports whether opening the vault failed because it cannot be
// written here.
func cannotWrite(err error) bool {
	return errors.Is(err, vault.ErrReadOnly) || errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// unlockVault opens and unlocks the vault with the master secret.
func (s *session) unlockVault(ctx context.Context) (*vault.Vault, error) {
	v, err := s.openVault(ctx)
	if err != nil {
		return nil, err
	}
	secret, recovery, err := s.masterSecret()
	if err != nil {
		v.Close()
		return nil, err
	}
	defer wipe(secret)
	if recovery {
		err = v.UnlockWithRecoveryKey(ctx, string(secret))
	} else {
		err = v.Unlock(ctx, secret)
	}
	if err != nil {
		v.Close()
		return nil, err
	}
	return v, nil
}

func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}

// exitCode maps an error to the documented exit codes.
func exitCode(err error) int {
	var ue usageError
	var nu needsUserError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ue):
		return ExitUsage
	case errors.As(err, &nu):
		return ExitNeedsUser
	case errors.Is(err, context.Canceled):
		return ExitCancelled
	case errors.Is(err, vault.ErrWrongPassword):
		return ExitWrongPassword
	case errors.Is(err, vault.ErrInUse):
		return ExitInUse
	case errors.Is(err, vault.ErrCorrupt), errors.Is(err, vault.ErrCorruptRecord), errors.Is(err, vault.ErrUnsupportedVersion):
		return ExitCorrupt
	case errors.Is(err, vault.ErrDiskFull):
		return ExitDiskFull
	case errors.Is(err, vault.ErrReadOnly):
		return ExitReadOnly
	default:
		return ExitError
	}
}

// vaultText is what the user reads for the vault's (and the process's)
// own failures, whatever layer they crossed; ok is false for other errors.
// The words are app.Explain's, shared with the desktop; only what is the
// CLI's own (a command that changes a read-only vault, Ctrl-C) is worded
// here.
func vaultText(err error) (text string, ok bool) {
	switch {
	case errors.Is(err, context.Canceled):
		return "cancelled", true
	case errors.Is(err, vault.ErrReadOnly) && errors.Is(err, errChanges):
		return "the vault is read-only here (a read-only file or file system), and this command changes it; the commands that only read it work", true
	}
	e := app.Explain(err, app.Situation{Doing: app.DoingUnlock})
	switch e.Code {
	case app.CodeWrongPassword, app.CodeInUse, app.CodeDiskFull, app.CodeReadOnly, app.CodeCorrupt,
		app.CodeCorruptRecord, app.CodeNewerVersion, app.CodeNoLockedMemory, app.CodeLocked:
		return e.Text, true
	}
	return "", false
}

// userText is what the user reads for err: app.Explain's words for the
// documented errors, the error's own text for the CLI's (usage, a missing
// account), which never come from an institution.
func userText(err error) string {
	if t, ok := vaultText(err); ok {
		return t
	}
	var ex *explainedError
	if errors.As(err, &ex) {
		return ex.text
	}
	if isContractError(err) {
		return app.Explain(err, app.Situation{}).Text
	}
	return strings.TrimSpace(err.Error())
}

// loginSituation is what a portal session is doing, for app.Explain: a new
// connection, or a repair (of a disabled connection) or reconnect.
func loginSituation(p *app.Portal) app.Situation {
	sit := app.Situation{Doing: app.DoingConnect}
	if rc := p.Reconnecting(); rc != nil {
		sit.Doing = app.DoingReconnect
		if rc.Disabled() {
			sit.Doing = app.DoingRepair
		}
	}
	if in := p.Institution(); in != nil {
		sit.Institution = in.Name
	}
	return sit
}

// loginText is what the user reads for an error during a login.
func loginText(err error, sit app.Situation) string {
	if t, ok := vaultText(err); ok {
		return t
	}
	return app.Explain(err, sit).Text
}

// explainedError is a login's error with app.Explain's words for its
// situation: the text printed, the error kept for the exit code.
type explainedError struct {
	err  error
	text string
}

func (e *explainedError) Error() string { return e.text }
func (e *explainedError) Unwrap() error { return e.err }

// explained wraps a login's error documented by the contract with the
// words for its situation; other errors (the CLI's, the vault's) stay.
func explained(err error, sit app.Situation) error {
	if _, own := vaultText(err); own || !isContractError(err) {
		return err
	}
	return &explainedError{err: err, text: loginText(err, sit)}
}

// resultText is what the user reads for a failed data set or connection
// during a sync.
func resultText(err error) string {
	if t, ok := vaultText(err); ok {
		return t
	}
	return app.Explain(err, app.Situation{Doing: app.DoingSync}).Text
}

// isContractError reports whether err carries one of the integrations
// contract's sentinels, whose user text explains the way forward.
func isContractError(err error) bool {
	return integrations.Code(err) != integrations.CodeUnknown
}
