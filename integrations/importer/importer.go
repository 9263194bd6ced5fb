package importer

import (
	"context"
	"errors"
	"strings"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
	"github.com/latchkey/latchkey/integrations/statement/presets"
)

// ErrWrongFile: the statement is of another account or another institution
// than the connection's. It matches integrations.ErrDifferentLogin too (the
// contract's word for "not this connection's login"); integrations.Detail
// gives the user-safe reason ("this file is for account ••••9999; this
// connection holds ••••1111").
var ErrWrongFile = errors.New("statement of another account or institution")

// Spec describes one institution's import method.
type Spec struct {
	// ID, Name, DisplayName, Region and Website are the institution's
	// metadata (for an import-only institution; With takes them from the
	// wrapped integration).
	ID, Name, DisplayName, Region, Website string
	// Presets are the statement presets its files are read with: preset
	// institution ids (presets.For) or single preset names. Empty means
	// presets.For(ID).
	Presets []string
	// Currencies are offered when a file names no currency (Webull Canada's
	// orders records); the first is the default. One currency: no choice
	// is offered and it is assumed.
	Currencies []string
	// DeriveHoldings is set for institutions whose exports hold trades but
	// no holdings (Webull's orders records): holdings are then summed from
	// every trade the connection has imported (see Holdings).
	DeriveHoldings bool
	// OFXHints are lower-case words of the ORG, FID or BROKERID an OFX/QFX
	// file of this institution names ("fidelity", "vanguard"); a file that
	// names another institution's is refused.
	OFXHints []string
}

// importOnly are the institutions reached by statement files only: no API
// an individual can use (issue 13; /work/shared/reference/reach.md).
var importOnly = []Spec{
	{ID: presets.WebullCA, Name: "Webull", DisplayName: "Webull Canada", Region: "CA", Website: "https://www.webull.ca",
		Currencies: []string{"CAD", "USD"}, DeriveHoldings: true, OFXHints: []string{"webull"}},
	{ID: presets.Fidelity, Name: "Fidelity", DisplayName: "Fidelity Investments", Region: "US", Website: "https://www.fidelity.com",
		Currencies: []string{"USD"}, OFXHints: []string{"fidelity"}},
	{ID: presets.Vanguard, Name: "Vanguard", DisplayName: "Vanguard", Region: "US", Website: "https://investor.vanguard.com",
		Currencies: []string{"USD"}, OFXHints: []string{"vanguard"}},
	{ID: presets.Merrill, Name: "Merrill", DisplayName: "Merrill Edge", Region: "US", Website: "https://www.merrilledge.com",
		Currencies: []string{"USD"}, OFXHints: []string{"merrill", "ml.com"}},
	{ID: presets.Robinhood, Name: "Robinhood", DisplayName: "Robinhood", Region: "US", Website: "https://robinhood.com",
		Currencies: []string{"USD"}, OFXHints: []string{"robinhood"}},
}

// wrapped are the import details of institutions that also have an API
// integration, by institution id; With uses them.
var wrapped = map[string]Spec{
	"schwab":       {DisplayName: "Charles Schwab", Presets: []string{presets.Schwab}, Currencies: []string{"USD"}, OFXHints: []string{"schwab"}},
	"ibkr-flex":    {DisplayName: "Interactive Brokers", Presets: []string{presets.IBKR}, Currencies: []string{"USD"}, OFXHints: []string{"interactive brokers", "interactivebrokers", "ibkr"}},
	"questrade":    {DisplayName: "Questrade", Presets: []string{presets.Questrade}, Currencies: []string{"CAD"}, OFXHints: []string{"questrade"}},
	"wealthsimple": {DisplayName: "Wealthsimple", Presets: []string{presets.Wealthsimple}, Currencies: []string{"CAD"}, OFXHints: []string{"wealthsimple"}},
	"webull":       {DisplayName: "Webull US", Presets: []string{presets.Webull}, Currencies: []string{"USD"}, DeriveHoldings: true, OFXHints: []string{"webull"}},
	"degiro":       {DisplayName: "DEGIRO", Presets: []string{presets.DEGIRO}, Currencies: []string{"EUR"}, OFXHints: []string{"degiro"}},
	"trading212":   {DisplayName: "Trading 212", Presets: []string{presets.Trading212}, Currencies: []string{"EUR", "GBP"}, OFXHints: []string{"trading 212", "trading212"}},
}

// Wraps lists the ids of the API institutions integrations/all gives an
// import method (With), in the order of the table above.
func Wraps() []string {
	return []string{"schwab", "ibkr-flex", "questrade", "wealthsimple", "webull", "degiro", "trading212"}
}

// New returns the import-only institutions: Webull Canada, Fidelity,
// Vanguard, Merrill and Robinhood.
func New() []integrations.Integration {
	out := make([]integrations.Integration, 0, len(importOnly))
	for _, s := range importOnly {
		out = append(out, &Integration{spec: s})
	}
	return out
}

// Integration is an import-only institution: its one auth method is
// "Import statements"; it has no client.
type Integration struct {
	spec Spec
}

var _ integrations.Integration = (*Integration)(nil)

// Institution returns the institution's metadata.
func (in *Integration) Institution() integrations.Institution {
	s := in.spec
	return integrations.Institution{
		ID: s.ID, Name: s.Name, DisplayName: s.DisplayName, Region: s.Region, Kind: integrations.KindBroker,
		AuthMethods:  []integrations.AuthMethod{method(s)},
		Capabilities: []integrations.Capability{integrations.CapHoldings, integrations.CapTransactions},
		Help: "Latchkey cannot log in to " + s.DisplayName + ": it has no API an individual can use. Import the statement files " +
			s.DisplayName + " lets you download instead; the connection keeps their accounts, holdings and activity in your vault.\n\n" +
			presets.Help(s.ID),
		Website: s.Website, Monogram: s.ID,
	}
}

// StartLogin starts the import login.
func (in *Integration) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	if req.Method != integrations.AuthImport {
		return nil, integrations.Wrap(integrations.ErrNotSupported, in.spec.DisplayName+" is imported from statement files only")
	}
	return newLogin(in.spec, in.Institution(), req)
}

// NewClient refuses: an import connection is fed by files, never read by a
// client (the app's FedByData).
func (in *Integration) NewClient(context.Context, integrations.Grant, integrations.Env, integrations.SaveFunc) (integrations.Client, error) {
	return nil, errNoClient
}

var errNoClient = integrations.Wrap(integrations.ErrNotSupported, "an import connection is fed by statement files, not read by a client")

// Wrapper adds the import method to an integration that has an API
// (Schwab, IBKR, Questrade, Wealthsimple, Webull, DEGIRO, Trading 212):
// Institution gets the extra method, StartLogin routes AuthImport to the
// import login and every other method to the wrapped integration, and so
// does NewClient for grants of other methods.
type Wrapper struct {
	inner integrations.Integration
	spec  Spec
}

// With adds "Import statements" to in. presetIDs are preset institution
// ids or preset names (none: the import details known for in's id, else
// presets.For(in's id)). With also forwards integrations.Actioner and
// integrations.Remover when in implements them.
func With(in integrations.Integration, presetIDs ...string) integrations.Integration {
	inst := in.Institution()
	s := wrapped[inst.ID]
	s.ID, s.Name, s.DisplayName, s.Region, s.Website = inst.ID, inst.Name, inst.DisplayName, inst.Region, inst.Website
	if len(presetIDs) > 0 {
		s.Presets = append([]string(nil), presetIDs...)
	}
	w := &Wrapper{inner: in, spec: s}
	act, isAct := in.(integrations.Actioner)
	rem, isRem := in.(integrations.Remover)
	switch {
	case isAct && isRem:
		return &struct {
			*Wrapper
			integrations.Actioner
			integrations.Remover
		}{w, act, rem}
	case isAct:
		return &struct {
			*Wrapper
			integrations.Actioner
		}{w, act}
	case isRem:
		return &struct {
			*Wrapper
			integrations.Remover
		}{w, rem}
	}
	return w
}

// Unwrap returns the wrapped integration.
func (w *Wrapper) Unwrap() integrations.Integration { return w.inner }

// Institution is the wrapped institution with the import method added
// last (the first method stays the default).
func (w *Wrapper) Institution() integrations.Institution {
	inst := w.inner.Institution()
	if _, ok := inst.Method(integrations.AuthImport); ok {
		return inst
	}
	inst.AuthMethods = append(append([]integrations.AuthMethod(nil), inst.AuthMethods...), method(w.spec))
	for _, c := range []integrations.Capability{integrations.CapHoldings, integrations.CapTransactions} {
		if !inst.Has(c) {
			inst.Capabilities = append(append([]integrations.Capability(nil), inst.Capabilities...), c)
		}
	}
	return inst
}

// StartLogin routes AuthImport to the import login.
func (w *Wrapper) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	if req.Method == integrations.AuthImport {
		return newLogin(w.spec, w.Institution(), req)
	}
	return w.inner.StartLogin(ctx, req)
}

// NewClient builds the wrapped integration's client; an import grant has
// none.
func (w *Wrapper) NewClient(ctx context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	if g.Method == integrations.AuthImport {
		return nil, errNoClient
	}
	return w.inner.NewClient(ctx, g, env, save)
}

// Spec returns the import details of an institution id: an import-only
// one's, or those With gives an API institution; false when it has none.
func SpecOf(id string) (Spec, bool) {
	for _, s := range importOnly {
		if s.ID == id {
			return s, true
		}
	}
	s, ok := wrapped[id]
	if ok {
		s.ID = id
	}
	return s, ok
}

// presetsOf resolves a spec's presets.
func presetsOf(s Spec) []statement.Preset {
	ids := s.Presets
	if len(ids) == 0 {
		ids = []string{s.ID}
	}
	var out []statement.Preset
	for _, id := range ids {
		if ps := presets.For(id); ps != nil {
			out = append(out, ps...)
			continue
		}
		if p, ok := statement.FindPreset(presets.All(), id); ok {
			out = append(out, p)
		}
	}
	return out
}

// hintOf is the institution hint a spec's files carry: its presets'
// institution (ibkr for ibkr-flex), else its id. Account ids are hashed
// with it, so every file of the connection keys its accounts alike.
func hintOf(s Spec) string {
	for _, p := range presetsOf(s) {
		if p.Institution != "" {
			return p.Institution
		}
	}
	return s.ID
}

// Import method fields (LoginRequest.Values and Answer.Values keys).
const (
	FieldFile     = "file"     // the statement file's path
	FieldFormat   = "format"   // FormatAuto, a preset name, or FormatOther
	FieldCurrency = "currency" // the currency of a file that names none

	FormatAuto  = "auto"  // detect: OFX/QFX, the institution's presets, the saved mapping
	FormatOther = "other" // another CSV: map its columns
)

// Accept are the file name extensions the file field takes.
var Accept = []string{".ofx", ".qfx", ".csv", ".txt"}

// method is the "Import statements" auth method of a spec.
func method(s Spec) integrations.AuthMethod {
	formats := []integrations.Choice{{Value: FormatAuto, Label: "Detect from the file (OFX/QFX or " + s.DisplayName + " CSV)"}}
	for _, p := range presetsOf(s) {
		formats = append(formats, integrations.Choice{Value: p.Name, Label: p.Title})
	}
	formats = append(formats, integrations.Choice{Value: FormatOther, Label: "Another CSV: map its columns"})
	fields := []integrations.Field{
		{Name: FieldFile, Label: "Statement file", Kind: integrations.FieldFile, Accept: Accept,
			Help: "The file you downloaded from " + s.DisplayName + " (OFX, QFX or CSV). Latchkey reads it and keeps what it holds in your vault; the file itself is not copied."},
		{Name: FieldFormat, Label: "Format", Kind: integrations.FieldChoice, Optional: true, Choices: formats,
			Help: "Leave it on Detect unless the file is read wrongly."},
	}
	if len(s.Currencies) > 1 {
		var cs []integrations.Choice
		for i, c := range s.Currencies {
			label := c
			if i == 0 {
				label += " (default)"
			}
			cs = append(cs, integrations.Choice{Value: c, Label: label})
		}
		fields = append(fields, integrations.Field{Name: FieldCurrency, Label: "Currency", Kind: integrations.FieldChoice, Optional: true,
			Choices: cs, Help: "The currency of the trades when the file names none."})
	}
	help := presets.Help(s.ID)
	if help == "" {
		for _, id := range s.Presets {
			if help = presets.Help(id); help != "" {
				break
			}
		}
	}
	return integrations.AuthMethod{Kind: integrations.AuthImport, Label: "Import statements", Help: help, Fields: fields}
}

// otherInstitution names the institution whose OFX hints the hint matches,
// when it is not s; "" otherwise.
func otherInstitution(s Spec, hint string) string {
	h := strings.ToLower(hint)
	if h == "" {
		return ""
	}
	for _, w := range s.OFXHints {
		if strings.Contains(h, w) {
			return ""
		}
	}
	all := append([]Spec(nil), importOnly...)
	for id, w := range wrapped {
		w.ID = id
		all = append(all, w)
	}
	for _, o := range all {
		if o.ID == s.ID {
			continue
		}
		for _, w := range o.OFXHints {
			if strings.Contains(h, w) {
				if o.DisplayName != "" {
					return o.DisplayName
				}
				return o.ID
			}
		}
	}
	return ""
}
