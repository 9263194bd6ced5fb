// Package all lists every integration Latchkey ships, explicitly: adding an
// institution means adding it here.
package all

import (
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/alpaca"
	"github.com/latchkey/latchkey/integrations/angelone"
	"github.com/latchkey/latchkey/integrations/binance"
	"github.com/latchkey/latchkey/integrations/bitvavo"
	"github.com/latchkey/latchkey/integrations/coinbase"
	"github.com/latchkey/latchkey/integrations/coinbaseadv"
	"github.com/latchkey/latchkey/integrations/comdirect"
	"github.com/latchkey/latchkey/integrations/degiro"
	"github.com/latchkey/latchkey/integrations/demo"
	"github.com/latchkey/latchkey/integrations/dhan"
	"github.com/latchkey/latchkey/integrations/ecb"
	"github.com/latchkey/latchkey/integrations/etoro"
	"github.com/latchkey/latchkey/integrations/etrade"
	"github.com/latchkey/latchkey/integrations/fyers"
	"github.com/latchkey/latchkey/integrations/gemini"
	"github.com/latchkey/latchkey/integrations/groww"
	"github.com/latchkey/latchkey/integrations/ibkr"
	"github.com/latchkey/latchkey/integrations/ibkrflex"
	"github.com/latchkey/latchkey/integrations/importer"
	"github.com/latchkey/latchkey/integrations/kotakneo"
	"github.com/latchkey/latchkey/integrations/kraken"
	"github.com/latchkey/latchkey/integrations/public"
	"github.com/latchkey/latchkey/integrations/questrade"
	"github.com/latchkey/latchkey/integrations/robinhood"
	"github.com/latchkey/latchkey/integrations/saxo"
	"github.com/latchkey/latchkey/integrations/schwab"
	"github.com/latchkey/latchkey/integrations/simplefin"
	"github.com/latchkey/latchkey/integrations/snaptrade"
	"github.com/latchkey/latchkey/integrations/tastytrade"
	"github.com/latchkey/latchkey/integrations/tiger"
	"github.com/latchkey/latchkey/integrations/tradestation"
	"github.com/latchkey/latchkey/integrations/tradier"
	"github.com/latchkey/latchkey/integrations/trading212"
	"github.com/latchkey/latchkey/integrations/upstox"
	"github.com/latchkey/latchkey/integrations/wealthsimple"
	"github.com/latchkey/latchkey/integrations/webull"
	"github.com/latchkey/latchkey/integrations/zerodha"
)

// Integrations returns every integration. dataDir is the app's data folder
// (where the demo brokerage keeps its signing key and revocation list).
func Integrations(dataDir string) []integrations.Integration {
	var list []integrations.Integration
	list = append(list, demo.New(demo.Options{DataDir: dataDir})...)
	list = append(list, alpaca.New()...)
	list = append(list, tradier.New()...)
	list = append(list, questrade.New()...)
	list = append(list, schwab.New()...)
	list = append(list, saxo.New()...)
	list = append(list, tastytrade.New()...)
	list = append(list, coinbase.New()...)
	list = append(list, upstox.New()...)
	list = append(list, zerodha.New()...)
	list = append(list, kraken.New()...)
	list = append(list, binance.New()...)
	list = append(list, gemini.New()...)
	list = append(list, bitvavo.New()...)
	list = append(list, coinbaseadv.New()...)
	list = append(list, trading212.New()...)
	list = append(list, public.New()...)
	list = append(list, ibkrflex.New()...)
	list = append(list, etrade.New()...)
	list = append(list, wealthsimple.New()...)
	list = append(list, degiro.New()...)
	list = append(list, webull.New()...)
	list = append(list, snaptrade.New()...)
	list = append(list, ibkr.New()...)
	list = append(list, robinhood.New()...)
	list = append(list, simplefin.New()...)
	list = append(list, tradestation.New()...)
	list = append(list, dhan.New()...) // issue 19: India
	list = append(list, tiger.New()...)
	list = append(list, etoro.New()...)
	list = append(list, angelone.New()...)
	list = append(list, kotakneo.New()...)
	list = append(list, fyers.New()...)
	list = append(list, comdirect.New()...)
	list = append(list, groww.New()...)
	// Institutions with an API that also export statement files offer
	// "Import statements" as a further method; those without an API an
	// individual can use are imported only (issue 13).
	for i, in := range list {
		for _, id := range importer.Wraps() {
			if in.Institution().ID == id {
				list[i] = importer.With(in)
			}
		}
	}
	list = append(list, importer.New()...)
	return list
}

// Services returns every service the app reads besides institutions: the
// ECB's reference rates (totals in one currency), and the demo's made-up
// rates (for a vault of demo connections only, which then reaches no
// network). Registry.AddService lists them; the app finds them by
// capability (Registry.RateSource, Registry.DemoRateSource).
func Services() []integrations.Service {
	return []integrations.Service{ecb.New(), demo.Rates()}
}
