package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

func connCommands() []command {
	return []command{
		{name: "institutions", summary: "list the institutions Latchkey connects to", run: runInstitutions},
		appSetCommand(),
		connectCommand("connect", "INSTITUTION", "connect an account; prints the new connection's id"),
		connectCommand("reconnect", "CONNECTION", "repair a connection in place (same flags as connect)"),
		importCommand(),
		{name: "connections", readOnly: true, summary: "list connections with their status", run: runConnections},
		{name: "sync", args: "[CONNECTION...]", nargs: [2]int{0, -1}, summary: "refresh connections (all when none given)", run: runSync},
		accountsCommand(),
		positionsCommand(),
		activitiesCommand(),
		{name: "history", readOnly: true, args: "CONNECTION", nargs: [2]int{1, 1}, summary: "show a connection's portal events", run: runHistory},
		disconnectCommand(),
		actionCommand(),
		{name: "rename", args: "CONNECTION LABEL", nargs: [2]int{2, 2}, summary: "set a connection's label", run: runRename},
		exportCommand(),
		{name: "demo revoke", args: "CONNECTION", nargs: [2]int{1, 1}, summary: "revoke a demo connection's grant at the demo brokerage", run: runDemoRevoke},
	}
}

// withApp unlocks the vault, runs fn with the app, and closes the vault.
func (s *session) withApp(ctx context.Context, browser bool, fn func(a *app.App) error) error {
	a, closeFn, err := s.openApp(ctx, browser)
	if err != nil {
		return err
	}
	defer closeFn()
	return fn(a)
}

// mapped is f of each item, in order: an empty list, never nil (JSON's
// null), when there are none.
func mapped[T, R any](items []T, f func(T) R) []R {
	out := make([]R, 0, len(items))
	for _, x := range items {
		out = append(out, f(x))
	}
	return out
}

func table(w io.Writer, header string, rows [][]string) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = clean(c)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	tw.Flush()
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}

func timeJSON(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

// ---- institutions, app set ----

// The --json shapes of `institutions`: what a script needs to write
// --method, --field and --endpoints without reading the source.
type (
	institutionJSON struct {
		ID           string                    `json:"id"`
		Name         string                    `json:"name"`
		DisplayName  string                    `json:"display_name"`
		Region       string                    `json:"region"`
		Kind         integrations.Kind         `json:"kind"`
		AuthMethods  []methodJSON              `json:"auth_methods"`
		Paper        bool                      `json:"paper"`
		Unofficial   bool                      `json:"unofficial"`
		Demo         bool                      `json:"demo"`
		Capabilities []integrations.Capability `json:"capabilities"`
		// Endpoints are the names --endpoints overrides, with the URL in
		// use (user info removed) and whether an override set it.
		Endpoints []integrations.EndpointStatus `json:"endpoints"`
		// EndpointOverrides are the overrides in force (name → URL), null
		// when the institution's own servers are used.
		EndpointOverrides map[string]string `json:"endpoint_overrides"`
		RateScope         string            `json:"rate_scope"`                  // "grant" or "ip"
		StaleAfterHours   float64           `json:"stale_after_hours,omitempty"` // import connections
		MinSyncSeconds    float64           `json:"min_sync_interval_seconds,omitempty"`
		Via               string            `json:"via,omitempty"`
	}
	methodJSON struct {
		Kind     integrations.AuthKind `json:"kind"`
		Label    string                `json:"label"`
		NeedsApp bool                  `json:"needs_app"`
		// Fields are what --field NAME=VALUE fills.
		Fields []fieldJSON `json:"fields"`
	}
	fieldJSON struct {
		Name     string                 `json:"name"`
		Label    string                 `json:"label"`
		Kind     integrations.FieldKind `json:"kind"`
		Optional bool                   `json:"optional"`
		Help     string                 `json:"help,omitempty"`
		Length   int                    `json:"length,omitempty"`
		Digits   bool                   `json:"digits,omitempty"`
		Accept   []string               `json:"accept,omitempty"`
		// Multiline is a value of several lines (a PEM key).
		Multiline bool                  `json:"multiline,omitempty"`
		Choices   []integrations.Choice `json:"choices,omitempty"`
	}
)

func institutionDoc(reg *integrations.Registry, in integrations.Institution) institutionJSON {
	eps, _ := reg.Endpoints(in.ID)
	doc := institutionJSON{ID: in.ID, Name: in.Name, DisplayName: in.DisplayName, Region: in.Region, Kind: in.Kind,
		AuthMethods: []methodJSON{}, Paper: in.Paper, Unofficial: in.Unofficial, Demo: in.Demo, Capabilities: in.Capabilities,
		Endpoints: eps, EndpointOverrides: activeOverrides(reg, in.ID), RateScope: "grant", Via: in.Via,
		StaleAfterHours: in.StaleAfter.Hours(), MinSyncSeconds: in.MinSyncInterval.Seconds()}
	if in.RateScope != integrations.RateScopeGrant {
		doc.RateScope = string(in.RateScope)
	}
	if doc.Endpoints == nil {
		doc.Endpoints = []integrations.EndpointStatus{}
	}
	if doc.Capabilities == nil {
		doc.Capabilities = []integrations.Capability{}
	}
	for _, m := range in.AuthMethods {
		mj := methodJSON{Kind: m.Kind, Label: m.Label, NeedsApp: m.NeedsApp, Fields: []fieldJSON{}}
		for _, f := range m.Fields {
			mj.Fields = append(mj.Fields, fieldJSON{Name: f.Name, Label: f.Label, Kind: f.Kind, Optional: f.Optional, Help: f.Help,
				Length: f.Length, Digits: f.Digits, Accept: f.Accept, Choices: f.Choices, Multiline: f.Multiline})
		}
		doc.AuthMethods = append(doc.AuthMethods, mj)
	}
	return doc
}

func runInstitutions(ctx context.Context, s *session, _ []string) error {
	reg, err := s.registry()
	if err != nil {
		return err
	}
	var list []integrations.Institution
	for _, in := range reg.List() {
		list = append(list, in.Institution())
	}
	out := mapped(list, func(in integrations.Institution) institutionJSON { return institutionDoc(reg, in) })
	return s.out(out, func(w io.Writer) {
		var rows [][]string
		for _, in := range list {
			var m []string
			for _, x := range in.AuthMethods {
				m = append(m, string(x.Kind))
			}
			flags := []string{}
			if in.Demo {
				flags = append(flags, "demo")
			}
			if in.Paper {
				flags = append(flags, "paper")
			}
			if in.Unofficial {
				flags = append(flags, "unofficial")
			}
			if reg.Overridden(in.ID) {
				flags = append(flags, "endpoint override")
			}
			rows = append(rows, []string{in.ID, in.DisplayName, in.Region, string(in.Kind), strings.Join(m, ","), strings.Join(flags, ",")})
		}
		table(w, "ID\tNAME\tREGION\tKIND\tAUTH\tNOTES", rows)
	})
}

func appSetCommand() command {
	var clientID string
	var secretStdin bool
	var port int
	return command{
		name: "app set", args: "INSTITUTION", nargs: [2]int{1, 1},
		summary: "save your OAuth app registration for an institution",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&clientID, "client-id", "", "the app's client `id` (required)")
			fs.BoolVar(&secretStdin, "client-secret-stdin", false, "read the client secret from the next stdin line")
			fs.IntVar(&port, "redirect-port", 0, "the loopback `port` registered as the redirect URI")
		},
		run: func(ctx context.Context, s *session, args []string) error {
			if clientID == "" {
				return usagef("--client-id is required")
			}
			return s.withApp(ctx, false, func(a *app.App) error {
				r := &integrations.AppRegistration{ClientID: clientID, RedirectPort: port}
				if secretStdin {
					sec, err := s.readLine("the client secret")
					if err != nil {
						return err
					}
					r.ClientSecret = string(sec)
					wipe(sec)
				}
				if err := a.SetAppRegistration(ctx, args[0], r); err != nil {
					return err
				}
				return s.out(map[string]any{"institution": args[0], "client_id": clientID, "redirect_port": port}, func(w io.Writer) {
					printf(w, "Saved the app registration for %s.\n", args[0])
				})
			})
		},
	}
}

// ---- connect, reconnect ----

// fieldFlags are the --field NAME=VALUE flags. A malformed one is an error
// that never repeats the value (see flagErrorText).
type fieldFlags map[string]string

func (f fieldFlags) String() string { return "" }
func (f fieldFlags) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || k == "" {
		return errors.New("want NAME=VALUE")
	}
	f[k] = val
	return nil
}

func connectCommand(name, arg, summary string) command {
	var label, method, file string
	var noBrowser, noSync bool
	var imp importOptions
	fields := fieldFlags{}
	return command{
		name: name, args: arg, nargs: [2]int{1, 1}, summary: summary,
		flags: func(fs *flag.FlagSet) {
			for k := range fields {
				delete(fields, k)
			}
			imp = importOptions{}
			fs.StringVar(&label, "label", "", "a label for the connection")
			fs.StringVar(&method, "method", "", "how to log in: oauth, oauth1, credentials, apikey, token or import")
			fs.Var(fields, "field", "a login field as `NAME=VALUE` (repeatable)")
			fs.BoolVar(&noBrowser, "no-browser", false, "do not open the browser (the URL is printed to stderr)")
			fs.BoolVar(&noSync, "no-sync", false, "do not sync the connection after it is made")
			fs.StringVar(&file, "file", "", "with --method import: the statement `FILE` (OFX, QFX or CSV) to import")
			imp.register(fs)
		},
		run: func(ctx context.Context, s *session, args []string) error {
			m := integrations.AuthKind(method)
			if file != "" && m == "" {
				m = integrations.AuthImport
			}
			if (m == integrations.AuthImport) != (file != "") {
				return usagef("--method import and --file FILE go together")
			}
			return s.withApp(ctx, !noBrowser && m != integrations.AuthImport, func(a *app.App) error {
				req := app.PortalRequest{Label: label}
				if name == "reconnect" {
					req.ConnectionID = args[0]
				} else {
					req.InstitutionID = args[0]
				}
				if m == integrations.AuthImport {
					if err := s.checkMethodFields(ctx, a, req, fields); err != nil {
						return err
					}
					imp.fields = fields
					return s.connectImport(ctx, a, req, file, imp)
				}
				return s.connect(ctx, a, req, m, fields, !noSync)
			})
		},
	}
}

// checkFields refuses --field names the login method does not have, and
// lists the names it does have. The method is the one the portal will use
// (app.LoginMethod): --method, else the method a repaired connection used,
// else the institution's first.
func checkFields(inst integrations.Institution, repairing *app.Connection, method integrations.AuthKind, fields map[string]string) error {
	if len(fields) == 0 {
		return nil
	}
	m, ok := inst.Method(app.LoginMethod(inst, method, repairing))
	if !ok {
		return nil // the portal says which methods there are
	}
	var names []string
	known := map[string]bool{}
	for _, f := range m.Fields {
		names = append(names, f.Name)
		known[f.Name] = true
	}
	var unknown []string
	for k := range fields {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	if len(names) == 0 {
		return usagef("%s's %s login takes no --field (unknown: %s)", inst.ID, method, strings.Join(unknown, ", "))
	}
	return usagef("%s's %s login has no field %s; its fields are: %s (see latchkey --json institutions)",
		inst.ID, method, strings.Join(unknown, ", "), strings.Join(names, ", "))
}

func (s *session) connect(ctx context.Context, a *app.App, req app.PortalRequest, method integrations.AuthKind, fields map[string]string, sync bool) error {
	p, err := a.NewPortal(ctx, req)
	if err != nil {
		return err
	}
	defer p.Abandon(context.WithoutCancel(ctx))
	if rc := p.Reconnecting(); rc != nil {
		s.reconnecting = true
		s.info("Repairing %q (%s).\n", rc.Label, rc.ID)
	}
	if inst := p.Institution(); inst != nil {
		if err := checkFields(*inst, p.Reconnecting(), method, fields); err != nil {
			return err
		}
		if inst.Unofficial {
			s.info("Note: %s has no official API; Latchkey uses the one its website uses, which may change without notice.\n", inst.DisplayName)
		}
	}
	sit := loginSituation(p)
	step, err := p.Begin(ctx, method, fields)
	for {
		if err != nil {
			var ae *app.AlreadyConnectedError
			if errors.As(err, &ae) {
				return fmt.Errorf("this login is already connected as %q (%s); use latchkey reconnect %s to refresh it", ae.Existing.Label, ae.Existing.ID, ae.Existing.ID)
			}
			if step == nil {
				if inst := p.Institution(); inst != nil && integrations.Code(err) == integrations.CodeNeedsApp {
					// The desktop's words point at its Settings; the CLI's way is app set.
					return &explainedError{err: err, text: fmt.Sprintf("%s needs your own app registration: register an app with it "+
						"(its help is in latchkey --json institutions), save it with latchkey app set %s --client-id ID "+
						"--client-secret-stdin, then try again", inst.DisplayName, inst.ID)}
				}
				return explained(err, sit)
			}
			s.info("%s\n", loginText(err, sit))
		}
		var ans integrations.Answer
		switch st := step.(type) {
		case *integrations.DoneStep:
			c := p.Connection()
			var siblings []app.Connection
			if made := p.Created(); len(made) > 1 {
				siblings = made[1:]
			}
			return s.connected(ctx, a, c, siblings, st, sync)
		case *integrations.BrowserStep:
			s.info("%s\nOpen this URL in your browser to continue:\n\n  %s\n\n", firstNonEmpty(st.Message, "Log in at the institution and allow Latchkey access."), st.URL)
		case *integrations.FormStep:
			if st.Message != "" {
				s.info("%s\n", st.Message)
			}
			ans.Values = map[string]string{}
			for _, f := range st.Fields {
				if v, ok := fields[f.Name]; ok && err == nil {
					ans.Values[f.Name] = v
					continue
				}
				v, perr := s.prompt(f)
				if perr != nil {
					return perr
				}
				ans.Values[f.Name] = v
			}
		case *integrations.CodeStep:
			s.info("%s\n", firstNonEmpty(st.Message, "Enter the verification code."))
			if st.Destination != "" {
				s.info("The code was sent to %s.\n", st.Destination)
			}
			v, perr := s.prompt(st.Field)
			if perr != nil {
				return perr
			}
			ans.Values = map[string]string{st.Field.Name: v}
		case *integrations.ChoiceStep:
			s.info("%s\n", firstNonEmpty(st.Message, "Choose one:"))
			v, perr := s.choose(st.Field)
			if perr != nil {
				return perr
			}
			ans.Values = map[string]string{st.Field.Name: v}
		case *integrations.ApproveStep:
			s.info("%s\n", firstNonEmpty(st.Message, "Approve the login in the institution's app."))
			if st.ApproveURL != "" {
				s.info("Open this page in your browser: %s\n", st.ApproveURL)
			}
			s.info("Waiting…\n")
		case *integrations.QuestionsStep:
			s.info("%s\n", firstNonEmpty(st.Message, "Answer the security questions."))
			ans.Values = map[string]string{}
			for _, f := range st.Fields {
				v, perr := s.prompt(f)
				if perr != nil {
					return perr
				}
				ans.Values[f.Name] = v
			}
		default:
			return fmt.Errorf("unexpected login step %T", step)
		}
		step, err = p.Next(ctx, ans)
	}
}

func (s *session) connected(ctx context.Context, a *app.App, c *app.Connection, siblings []app.Connection, done *integrations.DoneStep, sync bool) error {
	if c == nil {
		return errors.New("the login finished without a connection")
	}
	if rc := done; rc != nil && len(rc.Accounts) > 0 {
		s.info("Found %d account(s).\n", len(rc.Accounts))
	}
	if rc := s.reconnecting; rc {
		s.info("Repaired %q (%s): same connection, new login.\n", c.Label, c.ID)
	} else {
		s.info("Connected %q (%s).\n", c.Label, c.ID)
	}
	for _, sib := range siblings {
		s.info("Connected %q (%s) too.\n", sib.Label, sib.ID)
	}
	if sync {
		ids := []string{c.ID}
		for _, sib := range siblings {
			ids = append(ids, sib.ID)
		}
		res, err := a.Refresh(ctx, ids, s.progressPrinter())
		if err != nil {
			return err
		}
		if res[0].Err != nil {
			if _, vaultErr := vaultText(res[0].Err); vaultErr {
				return fmt.Errorf("the connection was saved, but its first sync was not: %w", res[0].Err)
			}
			s.info("The first sync failed: %s\n", resultText(res[0].Err))
		}
		if cc, err := a.Connection(ctx, c.ID); err == nil {
			c = &cc
		}
	}
	return s.out(s.connectionJSON(a, *c), func(w io.Writer) { fmt.Fprintln(w, c.ID) })
}

// prompt asks for one field: on the terminal (without echo for secrets), or
// the next stdin line.
func (s *session) prompt(f integrations.Field) (string, error) {
	label := f.Label
	if label == "" {
		label = f.Name
	}
	if s.io.Terminal {
		if f.Help != "" {
			s.info("  (%s)\n", f.Help)
		}
		if f.Kind == integrations.FieldSecret && s.io.ReadPassword != nil {
			b, err := s.io.ReadPassword(clean(label) + ": ")
			return string(b), err
		}
		printf(s.io.Stderr, "%s: ", label)
	}
	b, err := s.readLine(strings.ToLower(label))
	return string(b), err
}

// choose lists a choice field's choices, numbered from 1, and asks for
// one: a number picks that choice's value, anything else is the answer as
// typed.
func (s *session) choose(f integrations.Field) (string, error) {
	for i, c := range f.Choices {
		s.info("  %d) %s\n", i+1, c.Label)
	}
	v, err := s.prompt(f)
	if err != nil {
		return "", err
	}
	if n, e := strconv.Atoi(strings.TrimSpace(v)); e == nil && n >= 1 && n <= len(f.Choices) {
		return f.Choices[n-1].Value, nil
	}
	return v, nil
}

// info prints a line for the user on stderr; its arguments are cleaned.
func (s *session) info(format string, a ...any) { printf(s.io.Stderr, format, a...) }

func firstNonEmpty(a ...string) string {
	for _, s := range a {
		if s != "" {
			return s
		}
	}
	return ""
}

// progressPrinter prints sync progress on stderr.
func (s *session) progressPrinter() func(app.Progress) {
	return func(p app.Progress) {
		if s.g.JSON {
			return
		}
		switch p.Phase {
		case app.PhasePositions, app.PhaseActivities:
			printf(s.io.Stderr, "%s: %s %d/%d\n", short(p.ConnectionID), p.Phase, p.Done+1, p.Total)
		case app.PhaseFailed:
			printf(s.io.Stderr, "%s: failed: %s\n", short(p.ConnectionID), resultText(p.Err))
		default:
			printf(s.io.Stderr, "%s: %s\n", short(p.ConnectionID), p.Phase)
		}
	}
}

func short(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// ---- connections ----

// connectionJSON is a connection in --json output. endpoint_overrides shows
// the endpoint overrides in force for its institution (null when none).
func (s *session) connectionJSON(a *app.App, c app.Connection) map[string]any {
	sync := map[string]any{}
	for name, st := range c.Sync {
		sync[name] = map[string]any{"last_attempt": timeJSON(st.LastAttempt), "last_success": timeJSON(st.LastSuccess),
			"last_error": nilIfEmpty(st.LastError), "partial": nilIfEmpty(st.Partial)}
	}
	ids := c.AccountIDs
	if ids == nil {
		ids = []string{}
	}
	return map[string]any{
		"id": c.ID, "institution": c.InstitutionID, "label": c.Label, "type": c.Type, "method": c.Method,
		"status": a.Status(c), "created_at": timeJSON(c.CreatedAt), "disabled_at": timeJSON(c.DisabledAt),
		"disabled_reason": nilIfEmpty(c.DisabledReason), "expires_at": timeJSON(c.ExpiresAt), "last_sync": sync,
		"account_ids": ids, "endpoint_overrides": activeOverrides(s.reg, c.InstitutionID),
		// A bridge connection names the brokerage it reaches; an import
		// connection the date of its newest statement.
		"name": nilIfEmpty(c.Name), "monogram": nilIfEmpty(c.Monogram), "login_hint": nilIfEmpty(c.LoginHint),
		"data_as_of": timeJSON(c.DataAsOf), "note": nilIfEmpty(a.StatusNote(c)),
		"next_sync_allowed": timeJSON(a.NextSyncAllowed(c)),
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func runConnections(ctx context.Context, s *session, _ []string) error {
	return s.withApp(ctx, false, func(a *app.App) error {
		conns, err := a.Connections(ctx)
		if err != nil {
			return err
		}
		out := mapped(conns, func(c app.Connection) map[string]any { return s.connectionJSON(a, c) })
		return s.out(out, func(w io.Writer) {
			if len(conns) == 0 {
				fmt.Fprintln(w, "No connections yet: add one with latchkey connect INSTITUTION (see latchkey institutions).")
				return
			}
			var rows [][]string
			for _, c := range conns {
				st := string(a.Status(c))
				if c.Disabled() {
					st += " (repair: latchkey reconnect " + short(c.ID) + ")"
				} else if next := a.NextSyncAllowed(c); next.After(a.Now()) {
					// The institution's request budget (SimpleFIN's).
					st += " (next refresh " + next.Local().Format("2006-01-02 15:04") + ")"
				}
				rows = append(rows, []string{c.ID, c.InstitutionID, c.Label, st, timeText(c.LastSuccess()), timeText(c.ExpiresAt)})
			}
			table(w, "ID\tINSTITUTION\tLABEL\tSTATUS\tLAST SYNC\tEXPIRES", rows)
		})
	})
}

// ---- sync ----

func runSync(ctx context.Context, s *session, ids []string) error {
	var needsUser, failed bool
	var vaultErr error // the first result that failed for the vault's own reason
	err := s.withApp(ctx, false, func(a *app.App) error {
		res, err := a.Refresh(ctx, ids, s.progressPrinter())
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			// Interrupted: what each connection saved before stays; the
			// results of the interrupted ones say only "cancelled".
			return fmt.Errorf("sync: %w", context.Canceled)
		}
		out := make([]map[string]any, 0, len(res))
		for _, r := range res {
			switch _, ownErr := vaultText(r.Err); {
			case ownErr:
				if vaultErr == nil {
					vaultErr = r.Err
				}
			case errors.Is(r.Err, integrations.ErrReauthRequired) || r.Status == app.StatusDisabled:
				needsUser = true
			case r.Err != nil:
				failed = true
			}
			out = append(out, map[string]any{"id": r.ConnectionID, "status": r.Status, "error": nilIfEmpty(r.Code),
				"partial": nilIfEmpty(r.Partial), "next_allowed": timeJSON(r.NextAllowed)})
		}
		return s.out(out, func(w io.Writer) {
			var rows [][]string
			for _, r := range res {
				msg := "ok"
				switch {
				case r.Err != nil:
					msg = resultText(r.Err)
				case !r.NextAllowed.IsZero():
					msg = "not synced: the institution allows the next refresh at " + r.NextAllowed.Local().Format("2006-01-02 15:04")
				case r.Partial != "":
					msg = "partly synced: " + r.Partial
				}
				rows = append(rows, []string{r.ConnectionID, string(r.Status), msg})
			}
			table(w, "ID\tSTATUS\tRESULT", rows)
		})
	})
	switch {
	case err != nil:
		return err
	case vaultErr != nil:
		return fmt.Errorf("sync: %w", vaultErr)
	case needsUser:
		return needsUserError{"a connection needs repair (latchkey reconnect ID); the data that could be fetched was saved"}
	case failed:
		return errors.New("some connections failed to sync; their saved data is kept")
	}
	return nil
}

// needsUserError maps to ExitNeedsUser.
type needsUserError struct{ msg string }

func (e needsUserError) Error() string { return e.msg }

// ---- accounts, positions, activities ----

func accountsCommand() command {
	var conn string
	return command{
		name: "accounts", readOnly: true, summary: "list accounts with balances (offline)",
		flags: func(fs *flag.FlagSet) { fs.StringVar(&conn, "connection", "", "only this connection's `ID`") },
		run: func(ctx context.Context, s *session, _ []string) error {
			return s.withApp(ctx, false, func(a *app.App) error {
				accts, err := a.Accounts(ctx, conn)
				if err != nil {
					return err
				}
				if accts == nil {
					accts = []app.AccountView{}
				}
				out := make([]map[string]any, 0, len(accts))
				for _, v := range accts {
					bal := make([]map[string]any, 0, len(v.Balances))
					for _, b := range v.Balances {
						bal = append(bal, map[string]any{"currency": b.Currency, "cash": b.Cash, "buying_power": b.BuyingPower, "total": b.Total})
					}
					out = append(out, map[string]any{"id": v.Ref, "connection": v.ConnectionID, "name": v.Name, "number": v.Number,
						"category": v.Category, "currency": v.Currency, "balances": bal, "stale": v.Stale, "as_of": timeJSON(v.AsOf)})
				}
				return s.out(out, func(w io.Writer) {
					var rows [][]string
					for _, v := range accts {
						var parts []string
						for _, b := range v.Balances {
							parts = append(parts, b.Total.StringFixed(2)+" "+b.Currency)
						}
						name := v.Name
						if v.Stale {
							name += " (stale)"
						}
						rows = append(rows, []string{v.Ref, short(v.ConnectionID), name, v.Number, string(v.Category), v.Currency, strings.Join(parts, ", ")})
					}
					table(w, "ID\tCONNECTION\tNAME\tNUMBER\tCATEGORY\tCURRENCY\tTOTAL", rows)
				})
			})
		},
	}
}

func positionsCommand() command {
	var acct string
	return command{
		name: "positions", readOnly: true, summary: "list holdings (offline)",
		flags: func(fs *flag.FlagSet) { fs.StringVar(&acct, "account", "", "only this account's `ID`") },
		run: func(ctx context.Context, s *session, _ []string) error {
			return s.withApp(ctx, false, func(a *app.App) error {
				pos, err := a.Positions(ctx, acct)
				if err != nil {
					return err
				}
				return s.out(mapped(pos, app.PositionDoc), func(w io.Writer) {
					table(w, "ACCOUNT\tSYMBOL\tTYPE\tUNITS\tPRICE\tVALUE\tCURRENCY", mapped(pos, func(p app.PositionView) []string {
						return []string{p.AccountRef, p.Symbol.Ticker, string(p.Symbol.Type), p.Units.String(), p.Price.String(), p.MarketValue.StringFixed(2), p.Currency}
					}))
				})
			})
		},
	}
}

func activitiesCommand() command {
	var acct, since, typ string
	return command{
		name: "activities", readOnly: true, summary: "list account activity (offline)",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&acct, "account", "", "only this account's `ID`")
			fs.StringVar(&since, "since", "", "only on or after this `date` (YYYY-MM-DD)")
			fs.StringVar(&typ, "type", "", "only this type: BUY, SELL, DIVIDEND, INTEREST, FEE, TAX, CONTRIBUTION, WITHDRAWAL, TRANSFER_IN, TRANSFER_OUT, SPLIT, REI, OTHER")
		},
		run: func(ctx context.Context, s *session, _ []string) error {
			f, err := activityFilter(acct, since, typ)
			if err != nil {
				return err
			}
			return s.withApp(ctx, false, func(a *app.App) error {
				acts, err := a.Activities(ctx, f)
				if err != nil {
					return err
				}
				return s.out(mapped(acts, app.ActivityDoc), func(w io.Writer) {
					table(w, "DATE\tACCOUNT\tTYPE\tSYMBOL\tUNITS\tAMOUNT\tCURRENCY\tDESCRIPTION", mapped(acts, func(x app.ActivityView) []string {
						return []string{string(x.TradeDate), x.AccountRef, string(x.Type), x.Symbol, x.Units.String(), x.Amount.StringFixed(2), x.Currency, x.Description}
					}))
				})
			})
		},
	}
}

func activityFilter(acct, since, typ string) (app.ActivityFilter, error) {
	f := app.ActivityFilter{AccountRef: acct, Type: integrations.ActivityType(strings.ToUpper(typ))}
	if since != "" {
		d, err := integrations.ParseDate(since)
		if err != nil {
			return f, usagef("--since: %v", err)
		}
		f.Since = d
	}
	if typ != "" && !f.Type.Valid() {
		return f, usagef("--type: unknown activity type %q", typ)
	}
	return f, nil
}

// ---- history, disconnect, rename ----

func runHistory(ctx context.Context, s *session, args []string) error {
	return s.withApp(ctx, false, func(a *app.App) error {
		ev, err := a.History(ctx, args[0])
		if err != nil {
			return err
		}
		if ev == nil {
			ev = []app.Event{}
		}
		return s.out(ev, func(w io.Writer) {
			table(w, "TIME\tEVENT\tCODE\tDETAIL", mapped(ev, func(e app.Event) []string {
				return []string{e.Time.Local().Format("2006-01-02 15:04:05"), string(e.Type), e.Code, e.Detail}
			}))
		})
	})
}

func disconnectCommand() command {
	var atInstitution bool
	return command{
		name: "disconnect", args: "CONNECTION", nargs: [2]int{1, 1},
		summary: "remove a connection, its keys and its cached data",
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&atInstitution, "at-institution", false, "also remove the authorization at the institution or bridge (SnapTrade), where it can be")
		},
		run: func(ctx context.Context, s *session, args []string) error {
			return s.withApp(ctx, false, func(a *app.App) error {
				c, err := a.Connection(ctx, args[0])
				if err != nil {
					return err
				}
				if atInstitution && !a.CanRemoveAtInstitution(c) {
					return usagef("--at-institution: %s keeps no authorization Latchkey can remove", c.InstitutionID)
				}
				if err := a.Disconnect(ctx, c.ID, app.DisconnectOptions{AtInstitution: atInstitution}); err != nil {
					return err
				}
				return s.out(map[string]any{"disconnected": c.ID, "removed_at_institution": atInstitution}, func(w io.Writer) {
					printf(w, "Disconnected %q: its keys, cached data and value history are gone from the vault.\n", c.Label)
					if atInstitution {
						printf(w, "Its authorization was removed at the institution too.\n")
					} else if a.CanRemoveAtInstitution(c) {
						printf(w, "Its authorization still exists at the institution; remove it there, or use --at-institution next time.\n")
					}
				})
			})
		},
	}
}

// actionCommand lists or runs an integration's extra actions on a
// connection (integrations.Actioner): "Refresh at SnapTrade", the demo's
// "revoke access".
func actionCommand() command {
	return command{
		name: "action", args: "CONNECTION [ACTION]", nargs: [2]int{1, 2},
		summary: "list a connection's extra actions, or run one",
		run: func(ctx context.Context, s *session, args []string) error {
			return s.withApp(ctx, false, func(a *app.App) error {
				c, err := a.Connection(ctx, args[0])
				if err != nil {
					return err
				}
				actions := a.Actions(c.InstitutionID)
				if len(args) == 1 {
					return s.out(actions, func(w io.Writer) {
						if len(actions) == 0 {
							printf(w, "%s offers no extra actions.\n", c.InstitutionID)
							return
						}
						table(w, "ACTION\tLABEL\tHELP", mapped(actions, func(x integrations.ExtraAction) []string { return []string{x.ID, x.Label, x.Help} }))
					})
				}
				if _, err := a.RunAction(ctx, c.ID, args[1]); err != nil {
					return err
				}
				return s.out(map[string]any{"connection": c.ID, "action": args[1], "done": true}, func(w io.Writer) {
					printf(w, "Done: %s on %q.\n", args[1], c.Label)
				})
			})
		},
	}
}

func runRename(ctx context.Context, s *session, args []string) error {
	return s.withApp(ctx, false, func(a *app.App) error {
		c, err := a.Rename(ctx, args[0], args[1])
		if err != nil {
			return err
		}
		return s.out(s.connectionJSON(a, c), func(w io.Writer) { printf(w, "Renamed to %q.\n", c.Label) })
	})
}

// ---- demo revoke ----

// demoRevoke is the id of the demo integration's "revoke access" action
// (integrations.Actioner), which `demo revoke` runs.
const demoRevoke = "revoke"

func runDemoRevoke(ctx context.Context, s *session, args []string) error {
	return s.withApp(ctx, false, func(a *app.App) error {
		c, err := a.RunAction(ctx, args[0], demoRevoke)
		if err != nil {
			return err
		}
		return s.out(map[string]any{"revoked": c.ID}, func(w io.Writer) {
			printf(w, "The demo brokerage revoked %q's access. Its next sync disables it; repair it with latchkey reconnect %s.\n", c.Label, short(c.ID))
		})
	})
}
