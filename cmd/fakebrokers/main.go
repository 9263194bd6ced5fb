// Command fakebrokers runs every integration's fake server on loopback and
// writes an endpoints file, so Latchkey can be tried against each
// institution without an account there:
//
//	go run ./cmd/fakebrokers -out /tmp/fakes.json &
//	latchkey --endpoints /tmp/fakes.json            # desktop
//	latchkey --endpoints /tmp/fakes.json connect alpaca-paper --method apikey ...
//
// The test logins each fake accepts are in its package doc:
// go doc ./integrations/<name>/fake. Ctrl-C stops the fakes.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/latchkey/latchkey/integrations/allfakes"
)

func main() {
	out := flag.String("out", "fakes.json", "write the endpoints file here")
	only := flag.String("only", "", "comma-separated fakes to run (default all): "+strings.Join(allfakes.Names(), ","))
	flag.Parse()
	var names []string
	if *only != "" {
		names = strings.Split(*only, ",")
	}
	rs, err := allfakes.Start(names...)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakebrokers:", err)
		os.Exit(1)
	}
	defer allfakes.Close(rs)
	b, _ := json.MarshalIndent(allfakes.Endpoints(rs), "", "  ")
	if err := os.WriteFile(*out, b, 0o600); err != nil {
		fmt.Fprintln(os.Stderr, "fakebrokers:", err)
		os.Exit(1)
	}
	for _, r := range rs {
		fmt.Printf("%-13s test logins: go doc ./integrations/%s/fake\n", r.Name, r.Name)
	}
	fmt.Printf("\n%d fakes running; endpoints written to %s. Start Latchkey with --endpoints %s. Ctrl-C stops them.\n", len(rs), *out, *out)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
}
