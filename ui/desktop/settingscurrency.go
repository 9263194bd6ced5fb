package desktop

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/latchkey/latchkey/app"
)

// currencyStore is what the base-currency setting reads from the app.
type currencyStore interface {
	BaseCurrency(ctx context.Context) (string, error)
	Currencies(ctx context.Context) ([]string, error)
	Rates(ctx context.Context) (app.Rates, error)
}

// settingsCurrency is the base-currency setting: a choice among the
// currencies the kept exchange rates cover, and the rates' date.
type settingsCurrency struct {
	pick  *selectBox
	rates *muted
	base  string // the base currency in force when the settings loaded
}

// currencyInfo is what the setting shows, read off the UI goroutine.
type currencyInfo struct {
	base    string
	choices []string
	rates   app.Rates
}

func (s *settingsScreen) buildCurrency() fyne.CanvasObject {
	c := &s.general.currency
	c.pick = newSelect(nil, func(string) { s.savePrefs() })
	c.rates = newMuted("")
	c.rates.wrap()
	return section("Currency", "Net worth, the value chart, returns and income are shown in this currency. "+
		"Amounts in other currencies are converted with the European Central Bank's reference rates, fetched with a refresh at most once a day.",
		container.NewHBox(withWidth(240, c.pick)), c.rates)
}

// loadCurrency reads the base currency, the choices and the rates.
func loadCurrency(ctx context.Context, store currencyStore) currencyInfo {
	var ci currencyInfo
	ci.base, _ = store.BaseCurrency(ctx)
	ci.choices, _ = store.Currencies(ctx)
	ci.rates, _ = store.Rates(ctx)
	return ci
}

// showCurrency fills the setting (while the settings load: no save).
func (s *settingsScreen) showCurrency(ci currencyInfo) {
	c := &s.general.currency
	c.base = ci.base
	choices := ci.choices
	if ci.base != "" && !slices.Contains(choices, ci.base) {
		choices = append(choices, ci.base)
	}
	slices.Sort(choices)
	opts := make([]string, len(choices))
	for i, code := range choices {
		opts[i] = currencyChoice(code)
	}
	c.pick.Options = opts
	if ci.base != "" {
		c.pick.SetSelected(currencyChoice(ci.base))
	}
	if ci.rates.Date != "" {
		c.rates.SetText("Exchange rates of " + formatDay(ci.rates.Date) + " (" + orDefault(ci.rates.Source, "ECB") + "), " +
			plural(len(choices), "currency", "currencies") + ".")
	} else {
		c.rates.SetText("No exchange rates yet: the next refresh fetches them, and more currencies can be chosen then.")
	}
}

// currencyChoice is how the picker shows a code: "USD (US$)", "SEK".
func currencyChoice(code string) string {
	if p, ok := currencyPrefix[code]; ok && strings.TrimSpace(p) != code {
		return code + " (" + strings.TrimSpace(p) + ")"
	}
	return code
}

// chosenCurrency is the base currency to keep: the code picked, unless it
// is still the locale's default the user never chose (kept "", so the
// default follows the locale).
func (s *settingsScreen) chosenCurrency(kept string) string {
	c := &s.general.currency
	code, _, _ := strings.Cut(c.pick.Selected, " ")
	if code == "" || (kept == "" && code == c.base) {
		return kept
	}
	return code
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
