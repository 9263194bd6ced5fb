// Package allfakes starts every integration's fake server on loopback (and
// the fake of every service in integrations/all.Services: the ECB's rates), so a
// person (or a script) can connect, sync and repair each institution against
// its fake with `latchkey --endpoints FILE` — see cmd/fakebrokers. The test
// logins each fake accepts are in its package's doc comment
// (integrations/<name>/fake).
package allfakes

import (
	"fmt"
	"path"
	"reflect"
	"sort"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"

	alpacafake "github.com/latchkey/latchkey/integrations/alpaca/fake"
	angelonefake "github.com/latchkey/latchkey/integrations/angelone/fake"
	binancefake "github.com/latchkey/latchkey/integrations/binance/fake"
	bitvavofake "github.com/latchkey/latchkey/integrations/bitvavo/fake"
	coinbasefake "github.com/latchkey/latchkey/integrations/coinbase/fake"
	coinbaseadvfake "github.com/latchkey/latchkey/integrations/coinbaseadv/fake"
	comdirectfake "github.com/latchkey/latchkey/integrations/comdirect/fake"
	degirofake "github.com/latchkey/latchkey/integrations/degiro/fake"
	demofake "github.com/latchkey/latchkey/integrations/demo/fake"
	dhanfake "github.com/latchkey/latchkey/integrations/dhan/fake"
	ecbfake "github.com/latchkey/latchkey/integrations/ecb/fake"
	etorofake "github.com/latchkey/latchkey/integrations/etoro/fake"
	etradefake "github.com/latchkey/latchkey/integrations/etrade/fake"
	fyersfake "github.com/latchkey/latchkey/integrations/fyers/fake"
	geminifake "github.com/latchkey/latchkey/integrations/gemini/fake"
	growwfake "github.com/latchkey/latchkey/integrations/groww/fake"
	ibkrfake "github.com/latchkey/latchkey/integrations/ibkr/fake"
	ibkrflexfake "github.com/latchkey/latchkey/integrations/ibkrflex/fake"
	kotakneofake "github.com/latchkey/latchkey/integrations/kotakneo/fake"
	krakenfake "github.com/latchkey/latchkey/integrations/kraken/fake"
	publicfake "github.com/latchkey/latchkey/integrations/public/fake"
	questradefake "github.com/latchkey/latchkey/integrations/questrade/fake"
	robinhoodfake "github.com/latchkey/latchkey/integrations/robinhood/fake"
	saxofake "github.com/latchkey/latchkey/integrations/saxo/fake"
	schwabfake "github.com/latchkey/latchkey/integrations/schwab/fake"
	simplefinfake "github.com/latchkey/latchkey/integrations/simplefin/fake"
	snaptradefake "github.com/latchkey/latchkey/integrations/snaptrade/fake"
	tastytradefake "github.com/latchkey/latchkey/integrations/tastytrade/fake"
	tigerfake "github.com/latchkey/latchkey/integrations/tiger/fake"
	tradestationfake "github.com/latchkey/latchkey/integrations/tradestation/fake"
	tradierfake "github.com/latchkey/latchkey/integrations/tradier/fake"
	trading212fake "github.com/latchkey/latchkey/integrations/trading212/fake"
	upstoxfake "github.com/latchkey/latchkey/integrations/upstox/fake"
	wealthsimplefake "github.com/latchkey/latchkey/integrations/wealthsimple/fake"
	webullfake "github.com/latchkey/latchkey/integrations/webull/fake"
	zerodhafake "github.com/latchkey/latchkey/integrations/zerodha/fake"
)

// server is what every fake offers.
type server interface {
	Endpoints() map[string]map[string]string
	Close() error
}

// Running is one started fake.
type Running struct {
	Name string // the integration package, e.g. "alpaca"
	server
}

type starter struct {
	name string
	// start runs the fake; nil for a harness-only entry (the demo, whose
	// server ships in the app and is started by it, with its data folder).
	start func() (server, error)
	// harness is the package's conformance harness (its fake's Harness);
	// nil while the package's own test still writes its Harness by hand.
	harness brokertest.HarnessFunc
}

func starters() []starter {
	return []starter{
		{"alpaca", func() (server, error) { return alpacafake.New(alpacafake.Options{}) }, alpacafake.Harness},
		{"tradier", func() (server, error) { return tradierfake.New(tradierfake.Options{}) }, tradierfake.Harness},
		{"questrade", func() (server, error) { return questradefake.New(questradefake.Options{}) }, questradefake.Harness},
		{"schwab", func() (server, error) { return schwabfake.New(schwabfake.Options{}) }, schwabfake.Harness},
		{"saxo", func() (server, error) { return saxofake.New(saxofake.Options{}) }, saxofake.Harness},
		{"tastytrade", func() (server, error) { return tastytradefake.New(tastytradefake.Options{}) }, tastytradefake.Harness},
		{"coinbase", func() (server, error) { return coinbasefake.New(coinbasefake.Options{}) }, coinbasefake.Harness},
		{"upstox", func() (server, error) { return upstoxfake.New(upstoxfake.Options{}) }, upstoxfake.Harness},
		{"zerodha", func() (server, error) { return zerodhafake.New(zerodhafake.Options{}) }, zerodhafake.Harness},
		{"kraken", func() (server, error) { return krakenfake.New(krakenfake.Options{}) }, krakenfake.Harness},
		{"binance", func() (server, error) { return binancefake.New(binancefake.Options{}) }, binancefake.Harness},
		{"gemini", func() (server, error) { return geminifake.New(geminifake.Options{}) }, geminifake.Harness},
		{"bitvavo", func() (server, error) { return bitvavofake.New(bitvavofake.Options{}) }, bitvavofake.Harness},
		{"coinbaseadv", func() (server, error) { return coinbaseadvfake.New(coinbaseadvfake.Options{}) }, coinbaseadvfake.Harness},
		{"trading212", func() (server, error) { return trading212fake.New(trading212fake.Options{}) }, trading212fake.Harness},
		{"public", func() (server, error) { return publicfake.New(publicfake.Options{}) }, publicfake.Harness},
		{"ibkrflex", func() (server, error) { return ibkrflexfake.New(ibkrflexfake.Options{}) }, ibkrflexfake.Harness},
		{"etrade", func() (server, error) { return etradefake.New(etradefake.Options{}) }, etradefake.Harness},
		{"wealthsimple", func() (server, error) { return wealthsimplefake.New(wealthsimplefake.Options{}) }, wealthsimplefake.Harness},
		{"degiro", func() (server, error) { return degirofake.New(degirofake.Options{}) }, degirofake.Harness},
		{"webull", func() (server, error) { return webullfake.New(webullfake.Options{}) }, webullfake.Harness},
		{"snaptrade", func() (server, error) { return snaptradefake.New(snaptradefake.Options{}) }, snaptradefake.Harness},
		{"ibkr", func() (server, error) { return ibkrfake.New(ibkrfake.Options{}) }, ibkrfake.Harness},
		{"demo", nil, demofake.Harness},
		{"robinhood", func() (server, error) { return robinhoodfake.New(robinhoodfake.Options{}) }, robinhoodfake.Harness},
		{"simplefin", func() (server, error) { return simplefinfake.New(simplefinfake.Options{}) }, simplefinfake.Harness},
		// A service, not an institution: the ECB's reference rates, so no
		// sync against the fakes reaches the network for exchange rates.
		{"ecb", func() (server, error) { return ecbfake.New(ecbfake.Options{}) }, nil},
		{"tradestation", func() (server, error) { return tradestationfake.New(tradestationfake.Options{}) }, tradestationfake.Harness},
		{"dhan", func() (server, error) { return dhanfake.New(dhanfake.Options{}) }, dhanfake.Harness},
		{"tiger", func() (server, error) { return tigerfake.New(tigerfake.Options{}) }, tigerfake.Harness},
		{"etoro", func() (server, error) { return etorofake.New(etorofake.Options{}) }, etorofake.Harness},
		{"angelone", func() (server, error) { return angelonefake.New(angelonefake.Options{}) }, angelonefake.Harness},
		{"kotakneo", func() (server, error) { return kotakneofake.New(kotakneofake.Options{}) }, kotakneofake.Harness},
		{"fyers", func() (server, error) { return fyersfake.New(fyersfake.Options{}) }, fyersfake.Harness},
		{"comdirect", func() (server, error) { return comdirectfake.New(comdirectfake.Options{}) }, comdirectfake.Harness},
		{"groww", func() (server, error) { return growwfake.New(growwfake.Options{}) }, growwfake.Harness},
	}
}

// Package names the integration package in belongs to ("tradier" for
// tradier-sandbox): the name of its fake here.
func Package(in integrations.Integration) string {
	// An integration wrapped to add a method (importer.With) is its inner
	// one's package.
	for {
		u, ok := in.(interface {
			Unwrap() integrations.Integration
		})
		if !ok {
			break
		}
		in = u.Unwrap()
	}
	t := reflect.TypeOf(in)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return path.Base(t.PkgPath())
}

// Harness returns the conformance harness of any shipped variant from its
// package's fake (a brokertest.HarnessFunc over every fake); false when the
// package's fake provides none yet.
//
// A variant wrapped to add a method (importer.With) is given to its fake's
// harness as is, so the suite drives the wrapper; a harness that needs the
// package's own type (to shorten its polls or waits) gets the wrapped
// integration instead (the import method has its own section).
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	for _, s := range starters() {
		if s.name != Package(in) || s.harness == nil {
			continue
		}
		if h, ok := s.harness(in); ok {
			return h, true
		}
		for {
			u, ok := in.(interface {
				Unwrap() integrations.Integration
			})
			if !ok {
				return brokertest.Harness{}, false
			}
			in = u.Unwrap()
			if h, ok := s.harness(in); ok {
				return h, true
			}
		}
	}
	return brokertest.Harness{}, false
}

// Names lists the fakes Start can run.
func Names() []string {
	var out []string
	for _, s := range starters() {
		if s.start != nil {
			out = append(out, s.name)
		}
	}
	return out
}

// Start starts the named fakes (all when names is empty). On error it closes
// those it had started.
func Start(names ...string) ([]Running, error) {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var out []Running
	for _, s := range starters() {
		if s.start == nil || len(want) > 0 && !want[s.name] {
			continue
		}
		delete(want, s.name)
		srv, err := s.start()
		if err != nil {
			Close(out)
			return nil, fmt.Errorf("start the %s fake: %w", s.name, err)
		}
		out = append(out, Running{Name: s.name, server: srv})
	}
	if len(want) > 0 {
		Close(out)
		var unknown []string
		for n := range want {
			unknown = append(unknown, n)
		}
		sort.Strings(unknown)
		return nil, fmt.Errorf("no fake named %v (known: %v)", unknown, Names())
	}
	return out, nil
}

// Endpoints merges the running fakes' endpoints into one overrides map.
func Endpoints(rs []Running) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, r := range rs {
		for id, eps := range r.Endpoints() {
			out[id] = eps
		}
	}
	return out
}

// Close stops the fakes.
func Close(rs []Running) {
	for _, r := range rs {
		r.Close()
	}
}

// Server returns the fake itself, for tests that control it (RevokeAll,
// Inject).
func (r Running) Server() any { return r.server }
