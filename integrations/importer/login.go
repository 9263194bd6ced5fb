package importer

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
	"github.com/latchkey/latchkey/integrations/statement/presets"
)

// Step field names beyond the method's: front ends and the CLI recognise the
// steps by them.
const (
	// FieldBadRows is the ChoiceStep offered when some rows could not be
	// read; its Message lists them, one per line ("line 5: Amount: not a
	// number"). Choices ChoiceImport and ChoiceCancel.
	FieldBadRows = "bad_rows"
	// FieldBackfill is the ChoiceStep offered for a file with holdings older
	// than the connection's newest statement. Choices ChoiceBackfill and
	// ChoiceCancel.
	FieldBackfill = "backfill"
	// FieldMapPrefix starts the names of the mapping step's column fields
	// ("map_date", "map_amount", …: statement.Field after the prefix).
	FieldMapPrefix = "map_"
	// FieldMapKind, FieldDateFormat, FieldDecimal, FieldDefaultCurrency and
	// FieldNext are the mapping step's other fields.
	FieldMapKind         = "map_kind"
	FieldDateFormat      = "date_format"
	FieldDecimal         = "decimal"
	FieldDefaultCurrency = "default_currency"
	FieldNext            = "next"

	ChoiceImport   = "import"
	ChoiceCancel   = "cancel"
	ChoiceBackfill = "backfill"
	ChoicePreview  = "preview"
	// NotMapped is the choice of a mapping field whose value is not in the
	// file.
	NotMapped = "-"
)

// ErrCancelled: the user chose Cancel (bad rows, backfill). Nothing was
// imported. It matches context.Canceled.
var ErrCancelled = fmt.Errorf("import cancelled; nothing was imported: %w", context.Canceled)

// login is one import: a file is picked, parsed whole, checked against the
// connection, and handed over as the DoneStep's Data.
type login struct {
	spec    Spec
	inst    integrations.Institution
	presets []statement.Preset
	hint    string
	repair  *integrations.Grant
	prior   state
	now     func() time.Time

	// The file in progress, dropped when the login ends. The file itself
	// is never copied: a CSV waiting for its mapping is held as its parsed
	// table in memory only.
	format   string
	currency string
	table    *statement.Table
	res      *statement.Result
	mapping  *statement.Mapping // the mapping that read res; nil for a preset or OFX
	proposal statement.Mapping  // what the mapping step proposes
	backfill bool
}

// newLogin starts the import login of an institution.
func newLogin(s Spec, inst integrations.Institution, req integrations.LoginRequest) (integrations.Login, error) {
	m, ok := inst.Method(integrations.AuthImport)
	if !ok {
		return nil, integrations.ErrNotSupported
	}
	if req.Repair != nil && req.Repair.Method != "" && req.Repair.Method != integrations.AuthImport {
		// Files feed a connection of their own: an API connection keeps
		// its login.
		return nil, integrations.Wrap(integrations.ErrNotSupported, "this connection logs in with "+string(req.Repair.Method)+
			"; import statements into a connection of their own (connect with the import method)")
	}
	l := &login{spec: s, inst: inst, presets: presetsOf(s), hint: hintOf(s), repair: req.Repair, now: req.Env.Time}
	l.prior = state{V: stateVersion}
	title := "Import a statement from " + inst.DisplayName
	msg := "Choose the file you downloaded from " + inst.DisplayName + "."
	if req.Repair != nil {
		l.prior = decodeState(req.Repair.Secret)
		title = "Import a newer statement from " + inst.DisplayName
		if !l.prior.AsOf.IsZero() {
			msg = "The newest statement imported is of " + l.prior.AsOf.Format("2 Jan 2006") + ". Choose a newer file from " + inst.DisplayName + "."
		}
	}
	sl := &integrations.StepLogin{
		Form:   &integrations.FormStep{Title: title, Message: msg, Fields: m.Fields},
		Values: req.Values,
		Submit: l.submit,
		Choose: l.choose,
		OnEnd:  l.release,
	}
	return sl, nil
}

// release drops the file's data when the login ends.
func (l *login) release() {
	l.table, l.res, l.mapping = nil, nil, nil
}

// refused is an answer to correct: the same form comes back with the reason.
func refused(format string, a ...any) error {
	return integrations.Wrap(integrations.ErrInvalidCredentials, fmt.Sprintf(format, a...))
}

// wrongFile refuses a file of another account or institution.
func wrongFile(format string, a ...any) error {
	return fmt.Errorf("%w: %w", ErrWrongFile, integrations.Wrap(integrations.ErrDifferentLogin, fmt.Sprintf(format, a...)))
}

func (l *login) submit(ctx context.Context, values map[string]string) (integrations.Step, error) {
	if _, ok := values[FieldFile]; ok {
		return l.submitFile(ctx, values)
	}
	return l.submitMapping(ctx, values)
}

// submitFile reads the chosen file.
func (l *login) submitFile(ctx context.Context, values map[string]string) (integrations.Step, error) {
	m, _ := l.inst.Method(integrations.AuthImport)
	l.format = values[FieldFormat]
	if l.format == "" {
		l.format = FormatAuto
	}
	if !offered(m.Fields, FieldFormat, l.format) {
		return nil, refused("%q is not a format of %s; choose one of: %s", l.format, l.inst.DisplayName, choiceValues(m.Fields, FieldFormat))
	}
	l.currency = values[FieldCurrency]
	if l.currency != "" && !offered(m.Fields, FieldCurrency, l.currency) {
		return nil, refused("choose one of the currencies: %s", choiceValues(m.Fields, FieldCurrency))
	}
	if l.currency == "" {
		l.currency = l.prior.Currency
	}
	if l.currency == "" && len(l.spec.Currencies) > 0 {
		l.currency = l.spec.Currencies[0]
	}
	path := values[FieldFile]
	f, err := openStatement(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	name := filepath.Base(path)
	opts := l.options()
	if l.format != FormatAuto && l.format != FormatOther {
		opts.Preset = l.format
	}
	res, t, err := l.read(ctx, f, name, opts)
	switch {
	case errors.Is(err, statement.ErrNeedMapping):
		if t == nil {
			if _, err := f.Seek(0, io.SeekStart); err != nil {
				return nil, refused("the file could not be read again: choose it once more")
			}
			if t, err = statement.ReadTable(ctx, f, statement.Options{}); err != nil {
				return nil, l.parseErr(err, nil)
			}
		}
		return l.mapStep(ctx, t, "")
	case err != nil:
		return nil, l.parseErr(err, res)
	}
	if res.Preset == "" && res.Format == statement.FormatCSV && l.prior.Mapping != nil {
		m := *l.prior.Mapping
		l.mapping = &m
	}
	return l.proceed(ctx, res)
}

// read parses the file once: OFX/QFX (and what the parser recognises and
// refuses: PDF, workbooks, UTF-16) as a stream through statement.Parse;
// delimited text as a table, kept for the mapping step when no preset or
// saved mapping reads it (FormatOther always maps).
func (l *login) read(ctx context.Context, f *os.File, name string, opts statement.Options) (*statement.Result, *statement.Table, error) {
	head := make([]byte, 8192)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, nil, refused("the file cannot be read")
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, nil, refused("the file cannot be read")
	}
	if streamed(head[:n]) {
		res, err := statement.Parse(ctx, name, f, opts)
		return res, nil, err
	}
	t, err := statement.ReadTable(ctx, f, opts)
	if err != nil {
		return nil, nil, err
	}
	if l.format == FormatOther {
		return nil, t, statement.ErrNeedMapping
	}
	res, err := statement.ParseTable(ctx, t, opts)
	return res, t, err
}

// streamed reports whether a file's first bytes are what statement.Parse
// reads as a stream or refuses: OFX, PDF, a workbook, UTF-16 text.
func streamed(head []byte) bool {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")), bytes.HasPrefix(head, []byte("PK\x03\x04")),
		bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}), bytes.HasPrefix(head, []byte{0xFF, 0xFE}),
		bytes.HasPrefix(head, []byte{0xFE, 0xFF}), bytes.IndexByte(head, 0) >= 0:
		return true
	}
	up := bytes.ToUpper(head)
	return bytes.Contains(up, []byte("OFXHEADER")) || bytes.Contains(up, []byte("<OFX>")) || bytes.Contains(up, []byte("<?OFX"))
}

// openStatement opens the file at path for reading, refusing what is not a
// file. Nothing of it is written anywhere.
func openStatement(path string) (*os.File, error) {
	if strings.TrimSpace(path) == "" {
		return nil, refused("choose the statement file")
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, refused("there is no file at that path")
	case errors.Is(err, os.ErrPermission):
		return nil, refused("latchkey may not read that file")
	case err != nil:
		return nil, refused("the file cannot be read")
	case fi.IsDir():
		return nil, refused("that is a folder: choose the statement file in it")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, refused("the file cannot be read")
	}
	return f, nil
}

// options are the parse options for this connection.
func (l *login) options() statement.Options {
	return statement.Options{
		Presets:     l.presets,
		Mapping:     l.prior.Mapping,
		AccountID:   l.unnamedID(),
		Institution: l.hint,
		Currency:    l.currency,
		Now:         l.now(),
	}
}

// unnamedID is the account id rows of a file that names no account are
// parsed into (and their ids hashed with): the connection's own, else the
// parser's default. matchAccounts may then move them to the connection's
// one named account.
func (l *login) unnamedID() string {
	if l.prior.Unnamed != "" {
		return l.prior.Unnamed
	}
	return statement.DefaultAccountID
}

// parseErr turns a parse failure into an answer to correct (choose another
// file). statement's errors are safe to show.
func (l *login) parseErr(err error, res *statement.Result) error {
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, statement.ErrNoRows) && res != nil && len(res.Problems) > 0:
		return refused("no row of the file could be read: %s", problemList(res.Problems, 3, "; "))
	case errors.Is(err, statement.ErrPDF):
		return refused("%s", presets.PDFAdvice(l.inst.ID))
	case errors.Is(err, statement.ErrUnknownPreset):
		return refused("%s is not a format of %s", l.format, l.inst.DisplayName)
	}
	return refused("%s", safeText(firstLine(err.Error())))
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(s)
}

// proceed checks a parsed file against the connection and asks what needs
// asking: the bad rows, a backfill; then hands the data over.
func (l *login) proceed(ctx context.Context, res *statement.Result) (integrations.Step, error) {
	l.res = res
	l.normalise(res)
	if res.Good <= 0 {
		return nil, refused("no row of the file could be read: %s", problemList(res.Problems, 3, "; "))
	}
	if err := l.checkInstitution(res); err != nil {
		return nil, err
	}
	if err := l.matchAccounts(res); err != nil {
		return nil, err
	}
	if len(res.Problems) > 0 {
		return l.badRowsStep(res), nil
	}
	return l.afterBadRows(ctx)
}

func (l *login) afterBadRows(ctx context.Context) (integrations.Step, error) {
	res := l.res
	if l.repair != nil && !l.spec.DeriveHoldings && !l.prior.AsOf.IsZero() && res.AsOf().Before(l.prior.AsOf) && holdsHoldings(&res.Dataset) && !l.backfill {
		return &integrations.ChoiceStep{
			Message: fmt.Sprintf("This statement is of %s, older than the one already imported (%s). Import its activities as a backfill? Its holdings and balances will not replace the newer ones.",
				res.AsOf().Format("2 Jan 2006"), l.prior.AsOf.Format("2 Jan 2006")),
			Field: integrations.Field{Name: FieldBackfill, Label: "Older statement", Kind: integrations.FieldChoice, Choices: []integrations.Choice{
				{Value: ChoiceBackfill, Label: "Import its activities (backfill)"}, {Value: ChoiceCancel, Label: "Cancel"}}},
		}, nil
	}
	return l.done(ctx)
}

func holdsHoldings(ds *integrations.Dataset) bool {
	for _, p := range ds.Positions {
		if len(p) > 0 {
			return true
		}
	}
	for _, b := range ds.Balances {
		if len(b) > 0 {
			return true
		}
	}
	return false
}

// badRowsStep offers to import the good rows.
func (l *login) badRowsStep(res *statement.Result) *integrations.ChoiceStep {
	n := len(res.Problems)
	rows := "rows"
	if n == 1 {
		rows = "row"
	}
	good := "rows"
	if res.Good == 1 {
		good = "row"
	}
	msg := fmt.Sprintf("%d %s could not be read:\n%s\nImport the %d good %s?", n, rows, problemList(res.Problems, 20, "\n"), res.Good, good)
	return &integrations.ChoiceStep{
		Message: msg,
		Field: integrations.Field{Name: FieldBadRows, Label: "Rows that could not be read", Kind: integrations.FieldChoice, Choices: []integrations.Choice{
			{Value: ChoiceImport, Label: fmt.Sprintf("Import the %d good %s", res.Good, good)}, {Value: ChoiceCancel, Label: "Cancel"}}},
	}
}

// problemList writes at most max problems, one per sep ("line 5: Amount:
// not a number"), and how many more there are.
func problemList(ps []statement.Problem, max int, sep string) string {
	var lines []string
	for i, p := range ps {
		if i == max {
			lines = append(lines, fmt.Sprintf("… and %d more", len(ps)-max))
			break
		}
		s := p.String()
		if p.Line == 0 && p.Section != "" {
			s = p.Section + ": " + s
		}
		lines = append(lines, safeText(s))
	}
	return strings.Join(lines, sep)
}

func (l *login) choose(ctx context.Context, st *integrations.ChoiceStep, choice string) (integrations.Step, error) {
	if choice == ChoiceCancel {
		return nil, ErrCancelled
	}
	if l.res == nil {
		return nil, integrations.ErrLoginOver
	}
	switch st.Field.Name {
	case FieldBadRows:
		return l.afterBadRows(ctx)
	case FieldBackfill:
		l.backfill = true
		return l.done(ctx)
	}
	return nil, integrations.Wrap(integrations.ErrNotSupported, "this import cannot answer that step")
}

// checkInstitution refuses an OFX file that names another institution.
func (l *login) checkInstitution(res *statement.Result) error {
	if res.Format != statement.FormatOFX {
		return nil
	}
	for _, id := range res.Accounts {
		if other := otherInstitution(l.spec, id.Institution); other != "" {
			return wrongFile("this file is from %s, not %s: import it into a %s connection", other, l.inst.DisplayName, other)
		}
	}
	return nil
}

// matchAccounts recognises the file's accounts among the connection's (a
// repair): by id, else by masked number (the same account in an OFX and a
// CSV file), and refuses a file none of whose accounts is the
// connection's. A new connection takes the file's accounts.
func (l *login) matchAccounts(res *statement.Result) error {
	if l.repair == nil {
		return nil
	}
	named := l.prior.named()
	var fileNamed []statement.Identity
	matched := false
	for _, id := range append([]statement.Identity(nil), res.Accounts...) {
		if id.Number == "" {
			switch {
			case l.prior.Unnamed != "" && id.AccountID == l.prior.Unnamed:
				matched = true
			case l.prior.Unnamed == "" && len(named) == 1:
				// The connection's one account, in a file that does not
				// name it (a single account's history).
				res.SetAccount(id.AccountID, statement.Identity{AccountID: named[0].ID, Institution: id.Institution,
					Number: named[0].Number, Currency: id.Currency})
				matched = true
			case len(l.prior.Accounts) == 0:
				matched = true
			}
			continue
		}
		fileNamed = append(fileNamed, id)
		if _, ok := l.prior.known(id.AccountID); ok {
			matched = true
			continue
		}
		if k, ok := l.byNumber(id); ok {
			// The same account as the file's identity: the other file
			// format hashed its number with another institution hint.
			nid := id
			nid.AccountID = k.ID
			res.SetAccount(id.AccountID, nid)
			matched = true
		}
	}
	if matched {
		return nil
	}
	switch {
	case len(fileNamed) > 0 && len(named) > 0:
		return wrongFile("this file is for account %s; this connection holds %s", numbers(fileNamed), knownNumbers(named))
	case len(fileNamed) > 0:
		return wrongFile("this file names account %s; this connection's statements name no account: import the file as a connection of its own", numbers(fileNamed))
	case len(named) > 1:
		return wrongFile("this file names no account and this connection holds %s: import the file as a connection of its own", knownNumbers(named))
	}
	return wrongFile("this file is not for this connection's account")
}

// byNumber finds the known account with the identity's masked number and
// currency, when exactly one has it.
func (l *login) byNumber(id statement.Identity) (knownAccount, bool) {
	var found []knownAccount
	for _, k := range l.prior.Accounts {
		if k.Number != "" && k.Number == id.Number && (k.Currency == "" || id.Currency == "" || k.Currency == id.Currency) {
			found = append(found, k)
		}
	}
	if len(found) != 1 || len(strings.Trim(id.Number, "•*xX#")) < 3 {
		return knownAccount{}, false
	}
	return found[0], true
}

func numbers(ids []statement.Identity) string {
	var s []string
	for _, id := range ids {
		s = append(s, id.Number)
	}
	return strings.Join(s, ", ")
}

func knownNumbers(ks []knownAccount) string {
	var s []string
	for _, k := range ks {
		s = append(s, k.Number)
	}
	return strings.Join(s, ", ")
}

// done hands the file's data over with the grant that reads the next one.
func (l *login) done(_ context.Context) (integrations.Step, error) {
	res := l.res
	ds := res.Dataset
	st := l.prior
	st.V = stateVersion
	st.Preset = res.Preset
	if l.mapping != nil {
		m := *l.mapping
		st.Mapping = &m
	}
	if l.currency != "" {
		st.Currency = l.currency
	}
	for _, id := range res.Accounts {
		if id.Number == "" && st.Unnamed == "" && !slices.ContainsFunc(st.named(), func(k knownAccount) bool { return k.ID == id.AccountID }) {
			st.Unnamed = id.AccountID
		}
		st.addAccount(knownAccount{ID: id.AccountID, Number: id.Number, Currency: id.Currency})
	}
	// Account-less files: name the account after the institution.
	for i := range ds.Accounts {
		a := &ds.Accounts[i]
		if a.Number == "" {
			a.Name = strings.TrimSpace(l.inst.DisplayName + " " + a.Currency + " account")
		}
	}
	if l.spec.DeriveHoldings {
		// The files hold trades only: holdings are every trade imported so
		// far, summed; the statement is as of its import.
		st.addTrades(&ds)
		ds.Positions = map[string][]integrations.Position{}
		for _, a := range ds.Accounts {
			ds.Positions[a.ID] = holdings(st.Trades[a.ID])
		}
		if now := l.now().UTC(); ds.AsOf.Before(now) {
			ds.AsOf = now
		}
	}
	if ds.AsOf.After(st.AsOf) {
		st.AsOf = ds.AsOf
	}
	g := integrations.Grant{Method: integrations.AuthImport, Secret: st.encode()}
	if l.repair != nil {
		g.Fingerprint = l.repair.Fingerprint
	} else {
		g.Fingerprint = l.fingerprint(res)
	}
	return &integrations.DoneStep{Grant: g, Accounts: append([]integrations.Account(nil), ds.Accounts...), Data: &ds}, nil
}

// fingerprint identifies a new connection: the institution and the file's
// account ids; a file that names no account gets a fresh one, so each such
// file may start its own connection (import newer files into it).
func (l *login) fingerprint(res *statement.Result) string {
	var ids []string
	for _, id := range res.Accounts {
		if id.Number != "" {
			ids = append(ids, id.AccountID)
		}
	}
	if len(ids) == 0 {
		var b [12]byte
		_, _ = rand.Read(b[:])
		ids = []string{"unnamed", hex.EncodeToString(b[:])}
	}
	return integrations.Fingerprint(l.inst.ID, ids...)
}

// offered reports whether v is a choice of the named field.
func offered(fields []integrations.Field, name, v string) bool {
	for _, f := range fields {
		if f.Name == name {
			return slices.ContainsFunc(f.Choices, func(c integrations.Choice) bool { return c.Value == v })
		}
	}
	return false
}

func choiceValues(fields []integrations.Field, name string) string {
	for _, f := range fields {
		if f.Name == name {
			var vs []string
			for _, c := range f.Choices {
				vs = append(vs, c.Value)
			}
			return strings.Join(vs, ", ")
		}
	}
	return ""
}

// detectRecords is how many records of a file are searched for another
// institution's headers.
const detectRecords = 300

// otherPreset returns the preset of another institution that reads t.
func (l *login) otherPreset(t *statement.Table) (statement.Preset, bool) {
	// An export's headers are at its top: look there only (Detect reads
	// every record for every preset).
	head := *t
	head.Records = t.Records[:min(len(t.Records), detectRecords)]
	p, ok := statement.Detect(&head, presets.All())
	if !ok || slices.ContainsFunc(l.presets, func(q statement.Preset) bool { return q.Name == p.Name }) {
		return statement.Preset{}, false
	}
	// Webull and Webull Canada export the same file: not another's.
	if l.hint != "" && strings.HasPrefix(p.Name, strings.SplitN(l.hint, "-", 2)[0]+"-") {
		return statement.Preset{}, false
	}
	return p, true
}

func itoa(n int) string { return strconv.Itoa(n) }
