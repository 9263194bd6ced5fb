package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// The import login's field and step names (integrations/importer's
// contract, documented in its package doc; the CLI may not import it).
const (
	importFileField     = "file"
	importFormatField   = "format"
	importCurrencyField = "currency"
	importBadRows       = "bad_rows"
	importBackfill      = "backfill"
	importMapPrefix     = "map_"
	importCancel        = "cancel"
)

// importOptions are the import flags shared by import and connect.
type importOptions struct {
	format, currency    string
	backfill, acceptBad bool
	fields              map[string]string // connect's --field values
}

func (o *importOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", "", "the file's `PRESET` (see latchkey --json institutions: the import method's format choices); default: detect")
	fs.BoolVar(&o.backfill, "backfill", false, "import a statement older than the connection's data: its activities are added, its holdings not used")
	fs.BoolVar(&o.acceptBad, "accept-bad-rows", false, "when some rows cannot be read, import the good rows (the bad ones are listed)")
}

func importCommand() command {
	var o importOptions
	return command{
		name: "import", args: "CONNECTION FILE...", nargs: [2]int{2, -1},
		summary: "import newer statement files into an import connection",
		flags: func(fs *flag.FlagSet) {
			o = importOptions{}
			o.register(fs)
			fs.StringVar(&o.currency, "currency", "", "the `CODE` of a file that names no currency (Webull Canada: CAD or USD)")
		},
		run: func(ctx context.Context, s *session, args []string) error {
			files := args[1:]
			if err := s.checkImportFiles(files); err != nil {
				return err
			}
			return s.withApp(ctx, false, func(a *app.App) error {
				c, err := a.Connection(ctx, args[0])
				if err != nil {
					return err
				}
				if c.Method != integrations.AuthImport {
					return usagef("%q logs in with %s, it is not fed by files: import statements into a connection made with latchkey connect %s --method import --file FILE",
						c.Label, c.Method, c.InstitutionID)
				}
				var results []importJSON
				for _, f := range files {
					r, conn, err := s.importOne(ctx, a, app.PortalRequest{ConnectionID: c.ID}, "", f, o)
					if err != nil {
						if len(results) > 0 {
							s.info("%d file(s) were imported before this one.\n", len(results))
						}
						return err
					}
					c = conn
					results = append(results, r)
					s.printImport(r, c)
				}
				doc := map[string]any{"connection": s.connectionJSON(a, c), "imports": results}
				return s.out(doc, func(w io.Writer) { fmt.Fprintln(w, c.ID) })
			})
		},
	}
}

// checkImportFiles refuses a statement path that is the vault (or one of
// its files): the vault is never read as a statement.
func (s *session) checkImportFiles(files []string) error {
	vp, err := s.vaultPath()
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := refuseVault(f, vp); err != nil {
			return err
		}
	}
	return nil
}

// importJSON is one imported file in --json output.
type importJSON struct {
	File            string        `json:"file"`
	NewActivities   int           `json:"new_activities"`
	KnownActivities int           `json:"known_activities"`
	Accounts        int           `json:"accounts"`
	HoldingsAsOf    any           `json:"holdings_as_of"` // null when the holdings were not replaced
	Backfill        bool          `json:"backfill"`
	SkippedRows     int           `json:"skipped_rows"`
	Problems        []problemJSON `json:"problems"`
}

type problemJSON struct {
	Line   int    `json:"line"` // 0 when the problem has no line
	Reason string `json:"reason"`
}

// connectImport is connect --method import: a new connection from a file.
func (s *session) connectImport(ctx context.Context, a *app.App, req app.PortalRequest, file string, o importOptions) error {
	if err := s.checkImportFiles([]string{file}); err != nil {
		return err
	}
	r, c, err := s.importOne(ctx, a, req, integrations.AuthImport, file, o)
	if err != nil {
		return err
	}
	if req.ConnectionID != "" {
		s.info("Imported into %q (%s).\n", c.Label, c.ID)
	} else {
		s.info("Connected %q (%s).\n", c.Label, c.ID)
	}
	s.printImport(r, c)
	doc := s.connectionJSON(a, c)
	doc["import"] = r
	return s.out(doc, func(w io.Writer) { fmt.Fprintln(w, c.ID) })
}

func (s *session) printImport(r importJSON, c app.Connection) {
	if s.g.JSON {
		return
	}
	asOf := "holdings unchanged"
	if t, ok := r.HoldingsAsOf.(string); ok {
		asOf = "holdings as of " + t[:min(len(t), 10)]
	}
	s.info("%s: %d new activities, %d already known, %s.\n", r.File, r.NewActivities, r.KnownActivities, asOf)
	if r.SkippedRows > 0 {
		s.info("%d row(s) could not be read and were left out.\n", r.SkippedRows)
	}
}

// importOne imports one file through the portal: a new connection, or a
// repair of req.ConnectionID ("import a newer statement").
func (s *session) importOne(ctx context.Context, a *app.App, req app.PortalRequest, method integrations.AuthKind, file string, o importOptions) (importJSON, app.Connection, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return importJSON{}, app.Connection{}, usagef("%s: %v", file, err)
	}
	values := map[string]string{}
	for k, v := range o.fields {
		values[k] = v
	}
	values[importFileField] = abs
	if o.format != "" {
		values[importFormatField] = o.format
	}
	if o.currency != "" {
		values[importCurrencyField] = o.currency
	}
	p, err := a.NewPortal(ctx, req)
	if err != nil {
		return importJSON{}, app.Connection{}, err
	}
	defer p.Abandon(context.WithoutCancel(ctx))
	out := importJSON{File: filepath.Base(file), Problems: []problemJSON{}}
	step, err := p.Begin(ctx, method, values)
	for range 50 {
		if err != nil {
			var ae *app.AlreadyConnectedError
			switch {
			case errors.As(err, &ae):
				return out, app.Connection{}, fmt.Errorf("this statement's account is already connected as %q (%s): import newer files with latchkey import %s FILE",
					ae.Existing.Label, ae.Existing.ID, ae.Existing.ID)
			case errors.Is(err, integrations.ErrNotSupported) && step == nil:
				return out, app.Connection{}, importErr(err, integrations.ErrNotSupported)
			}
			return out, app.Connection{}, importErr(err, integrations.ErrInvalidCredentials, integrations.ErrDifferentLogin)
		}
		var ans integrations.Answer
		switch st := step.(type) {
		case *integrations.DoneStep:
			c := p.Connection()
			if c == nil {
				return out, app.Connection{}, errors.New("the import finished without a connection")
			}
			if r := p.Imported(); r != nil {
				out.NewActivities, out.KnownActivities, out.Accounts = r.NewActivities, r.KnownActivities, r.Accounts
				out.HoldingsAsOf = timeJSON(r.HoldingsAsOf)
			}
			return out, *c, nil
		case *integrations.ChoiceStep:
			v, err := s.importChoice(st, o, &out)
			if err != nil {
				return out, app.Connection{}, err
			}
			ans.Values = map[string]string{st.Field.Name: v}
		case *integrations.FormStep:
			if !isMappingStep(st) {
				return out, app.Connection{}, fmt.Errorf("the import asked for %q again: check the file and the flags", st.Title)
			}
			if !s.io.Terminal {
				return out, app.Connection{}, needsUserError{"the file's columns need to be mapped: run latchkey import (or connect) in a terminal, or import the file once in the desktop app; the mapping is saved with the connection, so the next file of the same shape imports without asking"}
			}
			vals, err := s.promptMapping(st)
			if err != nil {
				return out, app.Connection{}, err
			}
			ans.Values = vals
		default:
			return out, app.Connection{}, fmt.Errorf("unexpected import step %T", step)
		}
		step, err = p.Next(ctx, ans)
	}
	return out, app.Connection{}, errors.New("the import did not end")
}

// importErr is an import's failure in the user's words: the detail the
// import gave (which file, which account) rather than the contract's
// generic text, which speaks of credentials.
func importErr(err error, kinds ...error) error {
	for _, k := range kinds {
		if d := integrations.Detail(err, k); d != "" {
			if errors.Is(err, integrations.ErrDifferentLogin) {
				return fmt.Errorf("statement refused: %s; nothing was imported", d)
			}
			return fmt.Errorf("statement not imported: %s", d)
		}
	}
	return err
}

// importChoice answers the bad-rows and backfill steps from the flags, on
// the terminal, or not at all (exit 6).
func (s *session) importChoice(st *integrations.ChoiceStep, o importOptions, out *importJSON) (string, error) {
	first := ""
	for _, c := range st.Field.Choices {
		if c.Value != importCancel {
			first = c.Value
			break
		}
	}
	switch st.Field.Name {
	case importBadRows:
		out.Problems = problemsOf(st.Message)
		out.SkippedRows = len(out.Problems)
		if n := moreProblems(st.Message); n > 0 {
			out.SkippedRows += n
		}
		if o.acceptBad {
			return first, nil
		}
	case importBackfill:
		out.Backfill = true
		if o.backfill {
			return first, nil
		}
	}
	for _, line := range strings.Split(st.Message, "\n") {
		s.info("%s\n", line)
	}
	if !s.io.Terminal {
		switch st.Field.Name {
		case importBadRows:
			return "", needsUserError{"some rows could not be read (listed above): run again with --accept-bad-rows to import the good rows"}
		case importBackfill:
			return "", needsUserError{"this statement is older than the data already imported: run again with --backfill to add its activities"}
		}
		return "", needsUserError{"the import asks a question: run it in a terminal"}
	}
	return s.choose(st.Field)
}

var problemLine = regexp.MustCompile(`^line (\d+): (.*)$`)
var moreLine = regexp.MustCompile(`^… and (\d+) more$`)

// problemsOf reads the bad-rows step's Message: one problem a line between
// the first line ("N rows could not be read:") and the question.
func problemsOf(msg string) []problemJSON {
	lines := strings.Split(msg, "\n")
	out := []problemJSON{}
	if len(lines) < 3 {
		return out
	}
	for _, l := range lines[1 : len(lines)-1] {
		if moreLine.MatchString(l) {
			continue
		}
		if m := problemLine.FindStringSubmatch(l); m != nil {
			n, _ := strconv.Atoi(m[1])
			out = append(out, problemJSON{Line: n, Reason: m[2]})
			continue
		}
		out = append(out, problemJSON{Reason: l})
	}
	return out
}

func moreProblems(msg string) int {
	for _, l := range strings.Split(msg, "\n") {
		if m := moreLine.FindStringSubmatch(l); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n
		}
	}
	return 0
}

// isMappingStep reports whether a form is the import's column mapping.
func isMappingStep(st *integrations.FormStep) bool {
	for _, f := range st.Fields {
		if strings.HasPrefix(f.Name, importMapPrefix) {
			return true
		}
	}
	return false
}

// promptMapping asks each mapping field on the terminal: Enter keeps the
// proposal (the field's Placeholder), a number picks a choice.
func (s *session) promptMapping(st *integrations.FormStep) (map[string]string, error) {
	s.info("%s\n", st.Title)
	for _, line := range strings.Split(st.Message, "\n") {
		s.info("%s\n", line)
	}
	vals := map[string]string{}
	for _, f := range st.Fields {
		s.info("\n%s (Enter keeps %q):\n", f.Label, labelOf(f, f.Placeholder))
		for i, c := range f.Choices {
			s.info("  %d) %s\n", i+1, c.Label)
		}
		printf(s.io.Stderr, "%s: ", f.Label)
		b, err := s.readLine(strings.ToLower(f.Label))
		if err != nil {
			return nil, err
		}
		v := strings.TrimSpace(string(b))
		if n, e := strconv.Atoi(v); e == nil && n >= 1 && n <= len(f.Choices) {
			v = f.Choices[n-1].Value
		}
		vals[f.Name] = v
	}
	return vals, nil
}

func labelOf(f integrations.Field, value string) string {
	for _, c := range f.Choices {
		if c.Value == value {
			return c.Label
		}
	}
	return value
}

// checkMethodFields refuses --field names the import method does not have.
func (s *session) checkMethodFields(ctx context.Context, a *app.App, req app.PortalRequest, fields map[string]string) error {
	if len(fields) == 0 {
		return nil
	}
	id := req.InstitutionID
	var repairing *app.Connection
	if req.ConnectionID != "" {
		c, err := a.Connection(ctx, req.ConnectionID)
		if err != nil {
			return err
		}
		id, repairing = c.InstitutionID, &c
	}
	reg, err := s.registry()
	if err != nil {
		return err
	}
	in, err := reg.Get(id)
	if err != nil {
		return err
	}
	return checkFields(in.Institution(), repairing, integrations.AuthImport, fields)
}
