package snaptrade

import "strings"

// broker is what Latchkey knows of a SnapTrade brokerage by its slug: a
// name to show when SnapTrade's own brokerage object carries none, and the
// id of Latchkey's direct integration of the same institution, whose
// monogram the bridge connection borrows (and by which app/duplicates.go
// matches the two routes' accounts).
type broker struct {
	name     string
	monogram string // a Latchkey institution id; "" when Latchkey has none
}

// brokers maps slugs to what Latchkey knows. SnapTrade's own names come
// from its API (Brokerage.display_name) and win; slugs "never change"
// (api.yaml, Brokerage.slug). ALPACA, QUESTRADE, ROBINHOOD and SANDBOX are
// named in SnapTrade's own material; the others are the slugs public apps
// use against SnapTrade (see doc.go, "Not verified"): a wrong one only
// costs a monogram.
var brokers = map[string]broker{
	"AJ-BELL":                  {"AJ Bell", ""},
	"ALPACA":                   {"Alpaca", "alpaca"},
	"ALPACA-PAPER":             {"Alpaca Paper", "alpaca-paper"},
	"BINANCE":                  {"Binance", "binance"},
	"BUX":                      {"BUX", ""},
	"CHASE":                    {"Chase", ""},
	"COINBASE":                 {"Coinbase", "coinbase"},
	"COMMSEC":                  {"CommSec", ""},
	"DEGIRO":                   {"DEGIRO", "degiro"},
	"EMPOWER":                  {"Empower", ""},
	"ETRADE":                   {"E*TRADE", "etrade"},
	"FIDELITY":                 {"Fidelity", ""},
	"INTERACTIVE-BROKERS-FLEX": {"Interactive Brokers", "ibkr-flex"},
	"KRAKEN":                   {"Kraken", "kraken"},
	"MOOMOO":                   {"Moomoo", ""},
	"PUBLIC":                   {"Public", "public"},
	"QUESTRADE":                {"Questrade", "questrade"},
	"ROBINHOOD":                {"Robinhood", ""},
	"SANDBOX":                  {"SnapTrade Sandbox", ""},
	"SCHWAB":                   {"Charles Schwab", "schwab"},
	"STAKEAUS":                 {"Stake Australia", ""},
	"TASTYTRADE":               {"tastytrade", "tastytrade"},
	"TD-DIRECT-INVESTING":      {"TD Direct Investing", ""},
	"TRADIER":                  {"Tradier", "tradier"},
	"TRADING212":               {"Trading 212", "trading212"},
	"TRADING212-PRACTICE":      {"Trading 212 Practice", "trading212-practice"},
	"UPSTOX":                   {"Upstox", "upstox"},
	"VANGUARD":                 {"Vanguard", ""},
	"WEALTHSIMPLETRADE":        {"Wealthsimple", "wealthsimple"},
	"WEBULL":                   {"Webull", "webull"},
	"WEBULL-CANADA":            {"Webull Canada", ""},
	"WELLS-FARGO":              {"Wells Fargo", ""},
	"ZERODHA":                  {"Zerodha", "zerodha"},
}

// brokerName is the fallback name of a slug: the table's, else the slug in
// words ("TD-DIRECT-INVESTING" → "Td Direct Investing").
func brokerName(slug string) string {
	if b, ok := brokers[strings.ToUpper(slug)]; ok {
		return b.name
	}
	words := strings.FieldsFunc(strings.ToLower(slug), func(r rune) bool { return r == '-' || r == '_' || r == ' ' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// Monogram is the monogram a bridge connection to the brokerage with this
// slug shows: the id of Latchkey's direct integration of the same
// institution, or "" (the front end then draws the brokerage's initials).
func Monogram(slug string) string { return brokers[strings.ToUpper(slug)].monogram }
