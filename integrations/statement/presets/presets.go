package presets

import (
	"strings"

	"github.com/latchkey/latchkey/integrations/statement"
)

// Institution ids the presets belong to. webull-ca, fidelity, vanguard,
// merrill and robinhood are import-only institutions; the others also have
// an API integration (ibkr's is ibkr-flex).
const (
	WebullCA     = "webull-ca"
	Webull       = "webull"
	Fidelity     = "fidelity"
	Vanguard     = "vanguard"
	Merrill      = "merrill"
	Robinhood    = "robinhood"
	Schwab       = "schwab"
	IBKR         = "ibkr"
	Questrade    = "questrade"
	Wealthsimple = "wealthsimple"
	Trading212   = "trading212"
	DEGIRO       = "degiro"
)

// institution is one institution's presets and its download help.
type institution struct {
	id      string
	presets func() []statement.Preset
	help    guide
}

// institutions lists every institution in the order All returns their
// presets. Order matters only for files two institutions export alike
// (Webull's and Webull Canada's order records): the earlier one wins when
// no institution narrows the search (see For).
var institutions = []institution{
	{Webull, webullPresets, webullHelp},
	{WebullCA, webullCAPresets, webullCAHelp},
	{Fidelity, fidelityPresets, fidelityHelp},
	{Vanguard, vanguardPresets, vanguardHelp},
	{Merrill, merrillPresets, merrillHelp},
	{Robinhood, robinhoodPresets, robinhoodHelp},
	{Schwab, schwabPresets, schwabHelp},
	{IBKR, ibkrPresets, ibkrHelp},
	{Questrade, questradePresets, questradeHelp},
	{Wealthsimple, wealthsimplePresets, wealthsimpleHelp},
	{Trading212, trading212Presets, trading212Help},
	{DEGIRO, degiroPresets, degiroHelp},
}

// All returns every institution's presets, to pass in
// statement.Options.Presets when the institution is not known.
func All() []statement.Preset {
	var out []statement.Preset
	for _, in := range institutions {
		out = append(out, in.presets()...)
	}
	return out
}

// For returns the presets of one institution (nil for an unknown id): what
// an import connection of that institution passes, so a file is read as its
// own institution's export even when another exports the same shape.
func For(institutionID string) []statement.Preset {
	if in, ok := find(institutionID); ok {
		return in.presets()
	}
	return nil
}

// Institutions returns the ids of the institutions with presets, in order.
func Institutions() []string {
	ids := make([]string, len(institutions))
	for i, in := range institutions {
		ids[i] = in.id
	}
	return ids
}

// Help returns what the portal shows an import connection: where the
// institution's download lives (menu path, which report, which format, how
// far back) and which files latchkey reads. "" for an unknown id.
func Help(institutionID string) string {
	if in, ok := find(institutionID); ok {
		return in.help.text
	}
	return ""
}

// HelpSources returns where Help's facts come from (addresses, or
// repository and path, with the date they were read).
func HelpSources(institutionID string) []string {
	if in, ok := find(institutionID); ok {
		return append([]string(nil), in.help.sources...)
	}
	return nil
}

func find(id string) (institution, bool) {
	id = strings.ToLower(strings.TrimSpace(id))
	for _, in := range institutions {
		if in.id == id {
			return in, true
		}
	}
	return institution{}, false
}

// guide is an institution's download help and its sources.
type guide struct {
	text    string
	sources []string
}
