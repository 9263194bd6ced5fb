package desktop

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/ui/numtext"
)

// Money and quantities are shopspring decimals all the way to the screen;
// nothing here converts them to float64.

// currencyPrefix is the symbol written before amounts in a currency. The
// dollar currencies are told apart (US$, CA$) because a portfolio often holds
// more than one of them.
var currencyPrefix = map[string]string{
	"USD": "US$", "CAD": "CA$", "AUD": "A$", "NZD": "NZ$", "HKD": "HK$", "SGD": "S$",
	"EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CHF": "CHF ",
}

// fiatPlaces is the number of decimals of a currency's minor unit.
var fiatPlaces = map[string]int32{"JPY": 0, "KRW": 0}

// isFiat reports whether code looks like an ISO 4217 currency we format with
// a fixed number of decimals.
func isFiat(code string) bool {
	if _, ok := currencyPrefix[code]; ok {
		return true
	}
	switch code {
	case "SEK", "NOK", "DKK", "PLN", "CZK", "MXN", "BRL", "ZAR", "CNY", "KRW", "TWD", "ILS":
		return true
	}
	return false
}

// formatMoney writes an amount with thousands separators and its currency:
// "US$12,345.67", "-CA$1,000.00", "0.01234567 BTC".
func formatMoney(d decimal.Decimal, currency string) string {
	currency = strings.ToUpper(strings.TrimSpace(currency))
	if isFiat(currency) {
		places, ok := fiatPlaces[currency]
		if !ok {
			places = 2
		}
		s := numtext.GroupDigits(d.Abs().StringFixed(places))
		sign := ""
		if d.Round(places).IsNegative() {
			sign = "-"
		}
		if p, ok := currencyPrefix[currency]; ok {
			return sign + p + s
		}
		return sign + s + " " + currency
	}
	// Crypto and unknown codes: up to 8 decimals, trailing zeros dropped.
	s := formatUnits(d.Round(8))
	if currency == "" {
		return s
	}
	return s + " " + currency
}

// formatSignedMoney is formatMoney with an explicit "+" on gains.
func formatSignedMoney(d decimal.Decimal, currency string) string {
	s := formatMoney(d, currency)
	if d.IsPositive() && !strings.HasPrefix(s, "0") {
		return "+" + s
	}
	return s
}

// formatUnits writes a quantity with thousands separators and without
// trailing zeros: "1,250", "0.5", "-12.125".
func formatUnits(d decimal.Decimal) string {
	s := d.String() // shortest exact form, no exponent for our magnitudes
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	s = numtext.GroupDigits(s)
	if neg && strings.Trim(s, "0.,") != "" {
		return "-" + s
	}
	return s
}

// formatPercent writes a ratio as a signed percentage with one decimal:
// "+5.2%", "-0.3%".
func formatPercent(num, den decimal.Decimal) string {
	if den.IsZero() {
		return ""
	}
	p := num.Div(den.Abs()).Mul(decimal.NewFromInt(100)).Round(1)
	s := p.StringFixed(1) + "%"
	if p.IsPositive() {
		s = "+" + s
	}
	return s
}

// ago says how long ago t was, for "synced 5 min ago".
func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < 0:
		return "just now"
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d/time.Minute))
	case d < 24*time.Hour:
		h := int(d / time.Hour)
		if h == 1 {
			return "1 hour ago"
		}
		return fmt.Sprintf("%d hours ago", h)
	case d < 48*time.Hour:
		return "yesterday"
	case d < 30*24*time.Hour:
		return fmt.Sprintf("%d days ago", int(d/(24*time.Hour)))
	default:
		return "on " + formatDate(t)
	}
}

// syncedText is a connection's "synced … ago" line.
func syncedText(now time.Time, c app.Connection) string {
	last := c.LastSuccess()
	if last.IsZero() {
		return "Not synced yet"
	}
	return "Synced " + ago(now, last)
}

// expiresIn says when a grant ends: "in 3 days", "in 5 hours", "in 2 min".
func expiresIn(now, t time.Time) string {
	d := t.Sub(now)
	switch {
	case d <= 0:
		return "now"
	case d < time.Hour:
		return fmt.Sprintf("in %d min", max(1, int(math.Ceil(d.Minutes()))))
	case d < 24*time.Hour:
		h := int(math.Ceil(d.Hours()))
		if h == 1 {
			return "in 1 hour"
		}
		return fmt.Sprintf("in %d hours", h)
	default:
		days := int(math.Ceil(d.Hours() / 24))
		if days == 1 {
			return "in 1 day"
		}
		return fmt.Sprintf("in %d days", days)
	}
}

// formatDate writes a day the way people read it: "15 Mar 2026".
func formatDate(t time.Time) string { return t.Local().Format("2 Jan 2006") }

// formatDateTime writes a moment: "15 Mar 2026, 14:05".
func formatDateTime(t time.Time) string { return t.Local().Format("2 Jan 2006, 15:04") }

// formatDay writes an integrations.Date: "15 Mar 2026", or "" for none.
func formatDay(d integrations.Date) string {
	t := d.Time()
	if t.IsZero() {
		return string(d)
	}
	return t.Format("2 Jan 2006")
}

// plural returns "1 connection" / "3 connections".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// activityTypeName is the reader's word for a universal activity type.
func activityTypeName(t integrations.ActivityType) string {
	switch t {
	case integrations.ActivityBuy:
		return "Buy"
	case integrations.ActivitySell:
		return "Sell"
	case integrations.ActivityDividend:
		return "Dividend"
	case integrations.ActivityInterest:
		return "Interest"
	case integrations.ActivityFee:
		return "Fee"
	case integrations.ActivityTax:
		return "Tax"
	case integrations.ActivityContribution:
		return "Contribution"
	case integrations.ActivityWithdrawal:
		return "Withdrawal"
	case integrations.ActivityTransferIn:
		return "Transfer in"
	case integrations.ActivityTransferOut:
		return "Transfer out"
	case integrations.ActivitySplit:
		return "Split"
	case integrations.ActivityReinvest:
		return "Reinvestment"
	case integrations.ActivityOther:
		return "Other"
	}
	return string(t)
}

// categoryName is the reader's word for an account category.
func categoryName(c integrations.Category) string {
	switch c {
	case integrations.CategoryInvestment:
		return "Investment"
	case integrations.CategoryCash:
		return "Cash"
	case integrations.CategoryCrypto:
		return "Crypto"
	case integrations.CategoryRetirement:
		return "Retirement"
	}
	if c == "" {
		return "Account"
	}
	return strings.ToUpper(string(c[:1])) + string(c[1:])
}

// kindName is the reader's word for an institution kind.
func kindName(k integrations.Kind) string {
	switch k {
	case integrations.KindBroker:
		return "Broker"
	case integrations.KindCryptoExchange:
		return "Crypto exchange"
	}
	return string(k)
}

// regionName is the reader's word for an institution region.
func regionName(r string) string {
	switch strings.ToLower(r) {
	case "global", "":
		return "Global"
	case "us":
		return "United States"
	case "ca":
		return "Canada"
	case "gb", "uk":
		return "United Kingdom"
	case "eu":
		return "Europe"
	case "de":
		return "Germany"
	case "in":
		return "India"
	case "au":
		return "Australia"
	}
	return strings.ToUpper(r)
}

// authKindName is a short word for an auth method kind.
func authKindName(k integrations.AuthKind) string {
	switch k {
	case integrations.AuthOAuth2, integrations.AuthOAuth1:
		return "Sign in with browser"
	case integrations.AuthCredentials:
		return "Username and password"
	case integrations.AuthAPIKey:
		return "API key"
	case integrations.AuthToken:
		return "Access token"
	}
	return string(k)
}

// eventText describes a history event in words.
func eventText(e app.Event) string {
	switch e.Type {
	case app.EventSessionStarted:
		return "Connection window opened"
	case app.EventInstitutionSelected:
		return "Institution chosen"
	case app.EventOAuthRedirect:
		return "Sent to the institution's sign-in page"
	case app.EventOAuthCallback:
		return "Came back from the institution's sign-in page"
	case app.EventCredentialsSubmitted:
		return "Login details submitted"
	case app.EventMFARequested:
		return "Verification asked (" + mfaName(e.Code) + ")"
	case app.EventMFASubmitted:
		return "Verification answered (" + mfaName(e.Code) + ")"
	case app.EventConnectionSuccessful:
		return "Connected"
	case app.EventConnectionFailed:
		return "Connection failed"
	case app.EventReconnectStarted:
		return "Repair started"
	case app.EventConnectionDisabled:
		return "Disabled: the institution stopped accepting the login"
	case app.EventConnectionRepaired:
		return "Repaired"
	case app.EventAbandoned:
		return "Connection window closed before finishing"
	}
	return string(e.Type)
}

func mfaName(code string) string {
	switch code {
	case "code":
		return "one-time code"
	case "choice":
		return "choice of method"
	case "questions":
		return "security questions"
	case "approve":
		return "approval in the app"
	case "":
		return "verification"
	}
	return code
}
