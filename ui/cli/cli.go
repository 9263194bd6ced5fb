// Package cli is Latchkey's headless front end: the same use cases as the
// desktop, for scripts and machines without a display.
//
// Its commands, flags, JSON output and exit codes are a contract that
// scripts rely on; see the README's CLI reference.
package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/term"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// Exit codes.
const (
	ExitOK            = 0
	ExitError         = 1
	ExitUsage         = 2
	ExitWrongPassword = 3   // wrong password or recovery key
	ExitInUse         = 4   // the vault is open in another Latchkey process
	ExitCorrupt       = 5   // the vault or a record is corrupt
	ExitNeedsUser     = 6   // the command needs the user (e.g. a disabled connection)
	ExitDiskFull      = 7   // the vault could not be written: the disk is full
	ExitReadOnly      = 8   // the command writes, and the vault is read-only here
	ExitCancelled     = 130 // interrupted (Ctrl-C, SIGINT or SIGTERM): the shells' 128+SIGINT
)

// IO is the process's standard streams and environment.
type IO struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// Terminal reports whether stdin is a terminal the user can type a
	// password into (without echo) through ReadPassword.
	Terminal     bool
	ReadPassword func(prompt string) ([]byte, error)
}

// StdIO returns the process's own streams.
func StdIO() IO {
	fd := int(os.Stdin.Fd())
	return IO{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
		Terminal: term.IsTerminal(fd),
		ReadPassword: func(prompt string) ([]byte, error) {
			fmt.Fprint(os.Stderr, prompt)
			defer fmt.Fprintln(os.Stderr)
			return term.ReadPassword(fd)
		},
	}
}

// Deps are what main, the composition root, builds and hands the CLI.
type Deps struct {
	Version string
	// GUI starts the desktop app; nil when this build has none.
	GUI func(ctx context.Context, g Globals) int
	// Registry builds the integrations registry: every institution, for
	// the app's data folder (the vault's folder), with the endpoint
	// overrides file applied ("" for none). The CLI calls it at most once
	// per command, and only in the commands that need it.
	Registry func(dataDir, endpoints string) (*integrations.Registry, error)
	// Browser opens OAuth pages for connect and reconnect (not with
	// --no-browser); nil: none, the URL is printed in any case.
	Browser integrations.Browser
	// AppOptions, when set, adjusts the app's options (tests).
	AppOptions func(*app.Options)
}

// Globals are the flags every command accepts, before or after its name.
type Globals struct {
	Vault            string // --vault, env LATCHKEY_VAULT
	PasswordStdin    bool   // --password-stdin
	RecoveryKeyStdin bool   // --recovery-key-stdin
	JSON             bool   // --json
	Endpoints        string // --endpoints, env LATCHKEY_ENDPOINTS
}

func (g *Globals) register(fs *flag.FlagSet) {
	fs.StringVar(&g.Vault, "vault", g.Vault, "vault file `path` (env LATCHKEY_VAULT)")
	fs.BoolVar(&g.PasswordStdin, "password-stdin", g.PasswordStdin, "read the master password from the first line of stdin")
	fs.BoolVar(&g.RecoveryKeyStdin, "recovery-key-stdin", g.RecoveryKeyStdin, "unlock with the recovery key, read from the first line of stdin")
	fs.BoolVar(&g.JSON, "json", g.JSON, "print one JSON document on stdout")
	fs.StringVar(&g.Endpoints, "endpoints", g.Endpoints, "JSON `file` of endpoint overrides (env LATCHKEY_ENDPOINTS)")
}

// command is one CLI command.
type command struct {
	name    string // "vault info"
	args    string // usage of positional arguments
	summary string
	flags   func(fs *flag.FlagSet) // command flags
	nargs   [2]int                 // min, max positional arguments (max -1: any)
	// readOnly commands never write the vault: they work on a vault on a
	// read-only file or file system.
	readOnly bool
	run      func(ctx context.Context, s *session, args []string) error
}

// usageError is a mistake in how the command was called.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// session is one invocation: streams, globals and the stdin line reader that
// every prompt shares, in order.
type session struct {
	io    IO
	deps  Deps
	g     Globals
	lines *bufio.Reader
	cmd   *command
	// wrote is set once a JSON document went to stdout: an error then goes
	// to stderr only, so stdout holds one document.
	wrote bool
	// reconnecting is set while a reconnect command runs.
	reconnecting bool
	// reg and regErr are the registry, once built (see registry).
	reg    *integrations.Registry
	regErr error
}

// Run runs the command line args (without the program name) and returns the
// exit code.
func Run(ctx context.Context, args []string, sio IO, deps Deps) int {
	s := &session{io: sio, deps: deps, lines: bufio.NewReader(sio.Stdin)}
	if sio.Getenv != nil {
		s.g.Vault = sio.Getenv("LATCHKEY_VAULT")
		s.g.Endpoints = sio.Getenv("LATCHKEY_ENDPOINTS")
	}
	return s.run(ctx, args)
}

func (s *session) run(ctx context.Context, args []string) int {
	// Global flags before the command name.
	gfs := flag.NewFlagSet("latchkey", flag.ContinueOnError)
	gfs.SetOutput(io.Discard)
	s.g.register(gfs)
	var showVersion bool
	gfs.BoolVar(&showVersion, "version", false, "print the version")
	if err := gfs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			s.usage(s.io.Stdout)
			return ExitOK
		}
		fmt.Fprintf(s.io.Stderr, "latchkey: %s\n", flagErrorText(err))
		s.usage(s.io.Stderr)
		return ExitUsage
	}
	if showVersion {
		return s.finish(s.version())
	}
	rest := gfs.Args()
	if len(rest) == 0 || rest[0] == "gui" {
		if s.deps.GUI == nil {
			fmt.Fprintln(s.io.Stderr, "latchkey: this build has no desktop app; see latchkey help")
			return ExitUsage
		}
		return s.deps.GUI(ctx, s.g)
	}
	if rest[0] == "help" {
		s.usage(s.io.Stdout)
		return ExitOK
	}
	cmd, args := findCommand(rest)
	if cmd == nil {
		fmt.Fprintf(s.io.Stderr, "latchkey: unknown command %q\n", strings.Join(rest[:min(2, len(rest))], " "))
		s.usage(s.io.Stderr)
		return ExitUsage
	}
	s.cmd = cmd
	fs := flag.NewFlagSet("latchkey "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	s.g.register(fs)
	if cmd.flags != nil {
		cmd.flags(fs)
	}
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		s.commandUsage(s.io.Stdout, cmd)
		return ExitOK
	}
	if err == nil && (len(pos) < cmd.nargs[0] || (cmd.nargs[1] >= 0 && len(pos) > cmd.nargs[1])) {
		err = usagef("wrong number of arguments")
	}
	if err != nil {
		fmt.Fprintf(s.io.Stderr, "latchkey %s: %s\n", cmd.name, flagErrorText(err))
		s.commandUsage(s.io.Stderr, cmd)
		return ExitUsage
	}
	return s.finish(cmd.run(ctx, s, pos))
}

// parseInterspersed parses flags that may stand before, between or after
// positional arguments ("--" ends flags).
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func findCommand(args []string) (*command, []string) {
	// Longest match first: "vault info" before "vault".
	for n := min(2, len(args)); n > 0; n-- {
		name := strings.Join(args[:n], " ")
		for i := range commands {
			if commands[i].name == name {
				return &commands[i], args[n:]
			}
		}
	}
	return nil, nil
}

// finish prints err for the user and maps it to an exit code.
func (s *session) finish(err error) int {
	if err == nil {
		return ExitOK
	}
	code := exitCode(err)
	name := "latchkey"
	if s.cmd != nil {
		name += " " + s.cmd.name
	}
	fmt.Fprintf(s.io.Stderr, "%s: %s\n", name, clean(userText(err)))
	if s.g.JSON && !s.wrote {
		_ = json.NewEncoder(s.io.Stdout).Encode(map[string]any{"error": userText(err), "exit_code": code})
	}
	return code
}

// out prints v as JSON with --json, or calls text otherwise.
func (s *session) out(v any, text func(w io.Writer)) error {
	if s.g.JSON {
		s.wrote = true
		enc := json.NewEncoder(s.io.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	text(s.io.Stdout)
	return nil
}

func (s *session) usage(w io.Writer) {
	fmt.Fprint(w, `Latchkey connects your brokerage accounts and keeps their keys in an encrypted vault.

Usage:
  latchkey [global flags]              start the desktop app (also: latchkey gui)
  latchkey [global flags] COMMAND ...  run a command headless

Commands:
`)
	names := make([]string, 0, len(commands))
	byName := map[string]*command{}
	for i := range commands {
		names = append(names, commands[i].name)
		byName[commands[i].name] = &commands[i]
	}
	sort.Strings(names)
	for _, n := range names {
		c := byName[n]
		fmt.Fprintf(w, "  %-28s %s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
	fmt.Fprint(w, `
Global flags:
  --vault PATH            vault file (env LATCHKEY_VAULT; default in your config folder)
  --password-stdin        the first line of stdin is the master password
                          (env LATCHKEY_PASSWORD_FILE names a file holding it)
  --recovery-key-stdin    unlock with the recovery key from the first line of stdin
  --json                  print one JSON document on stdout
  --endpoints FILE        endpoint overrides (env LATCHKEY_ENDPOINTS)
  --version               print the version

Exit codes: 0 ok, 1 error, 2 usage, 3 wrong password or recovery key,
4 vault in use, 5 vault corrupt, 6 needs the user, 7 disk full,
8 vault read-only, 130 cancelled (Ctrl-C).
`)
}

func (s *session) commandUsage(w io.Writer, c *command) {
	fmt.Fprintf(w, "Usage: latchkey %s\n  %s\n", strings.TrimSpace(c.name+" [flags] "+c.args), c.summary)
	if c.flags != nil {
		own := flag.NewFlagSet("", flag.ContinueOnError)
		c.flags(own)
		own.SetOutput(w)
		fmt.Fprintln(w, "Flags:")
		own.PrintDefaults()
	}
	fmt.Fprintln(w, "Global flags: latchkey help")
}

func (s *session) version() error {
	return s.out(map[string]string{"version": s.deps.Version}, func(w io.Writer) {
		fmt.Fprintf(w, "latchkey %s\n", s.deps.Version)
	})
}

// flagValueRe matches the value the flag package quotes in its errors
// (`invalid value "…" for flag -field`, `invalid boolean value "…" for -json`).
var flagValueRe = regexp.MustCompile(`value "(?:[^"\\]|\\.)*" for`)

// flagErrorText is a flag error's text without the value that was given:
// flag values may be secrets (--field password=…), and a mistyped one must
// not end up on the screen or in a log.
func flagErrorText(err error) string {
	if _, ok := err.(usageError); ok {
		return clean(err.Error())
	}
	return clean(flagValueRe.ReplaceAllString(err.Error(), "value for"))
}
