package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
)

// ErrBadCurrency: not a three-letter currency code.
var ErrBadCurrency = errors.New("not a currency code")

// FallbackCurrency is the base currency when the locale names none.
const FallbackCurrency = "USD"

// CurrencyCode normalises an ISO 4217 code ("eur" → "EUR"); anything but
// three letters is ErrBadCurrency.
func CurrencyCode(s string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(s))
	if len(c) != 3 {
		return "", fmt.Errorf("%w: %q (want three letters, such as EUR)", ErrBadCurrency, s)
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return "", fmt.Errorf("%w: %q (want three letters, such as EUR)", ErrBadCurrency, s)
		}
	}
	return c, nil
}

// BaseCurrency is the currency totals are shown in: the user's preference,
// else DefaultBaseCurrency(os.Getenv).
func (a *App) BaseCurrency(ctx context.Context) (string, error) {
	p, err := a.Preferences(ctx)
	if err != nil {
		return "", err
	}
	if p.BaseCurrency != "" {
		return p.BaseCurrency, nil
	}
	return DefaultBaseCurrency(os.Getenv), nil
}

// DefaultBaseCurrency is the currency of the locale's region, read from
// LC_ALL, LC_MONETARY then LANG (POSIX precedence: "de_AT.UTF-8" → EUR,
// "en_CA" → CAD), or FallbackCurrency when none names a region it knows.
func DefaultBaseCurrency(getenv func(string) string) string {
	for _, name := range []string{"LC_ALL", "LC_MONETARY", "LANG"} {
		v := getenv(name)
		if v == "" {
			continue
		}
		// The first variable set decides, as in setlocale(3).
		if c, ok := regionCurrency[localeRegion(v)]; ok {
			return c
		}
		return FallbackCurrency
	}
	return FallbackCurrency
}

// localeRegion extracts the region of a POSIX or BCP 47 locale name:
// "en_GB.UTF-8@euro" → "GB", "fr-CA" → "CA".
func localeRegion(v string) string {
	v, _, _ = strings.Cut(v, ".")
	v, _, _ = strings.Cut(v, "@")
	parts := strings.FieldsFunc(v, func(r rune) bool { return r == '_' || r == '-' })
	for _, p := range parts[min(1, len(parts)):] {
		if len(p) == 2 {
			return strings.ToUpper(p)
		}
	}
	return ""
}

// regionCurrency maps ISO 3166 regions to their ISO 4217 currency, for the
// regions whose currencies the ECB publishes (and the euro area).
var regionCurrency = map[string]string{
	// Euro area (ECB: euro area member states).
	"AT": "EUR", "BE": "EUR", "BG": "EUR", "CY": "EUR", "DE": "EUR", "EE": "EUR", "ES": "EUR", "FI": "EUR",
	"FR": "EUR", "GR": "EUR", "HR": "EUR", "IE": "EUR", "IT": "EUR", "LT": "EUR", "LU": "EUR",
	"LV": "EUR", "MT": "EUR", "NL": "EUR", "PT": "EUR", "SI": "EUR", "SK": "EUR",
	"AD": "EUR", "MC": "EUR", "SM": "EUR", "VA": "EUR", "ME": "EUR", "XK": "EUR",
	"US": "USD", "PR": "USD", "EC": "USD", "SV": "USD", "PA": "USD",
	"JP": "JPY", "CZ": "CZK", "DK": "DKK", "GB": "GBP", "HU": "HUF", "PL": "PLN",
	"RO": "RON", "SE": "SEK", "CH": "CHF", "LI": "CHF", "IS": "ISK", "NO": "NOK", "TR": "TRY",
	"AU": "AUD", "BR": "BRL", "CA": "CAD", "CN": "CNY", "HK": "HKD", "ID": "IDR", "IL": "ILS",
	"IN": "INR", "KR": "KRW", "MX": "MXN", "MY": "MYR", "NZ": "NZD", "PH": "PHP", "SG": "SGD",
	"TH": "THB", "ZA": "ZAR",
}
