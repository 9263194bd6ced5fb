// Command benchcmd measures one statement import for /usr/bin/time -v:
//
//	benchcmd gen-csv FILE ROWS | gen-ofx FILE MB   write a synthetic file
//	benchcmd parse FILE                            parse it with statement.Parse
//
// It exists to report the peak resident memory of a parse (the benchmarks
// report time and allocation).
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/latchkey/latchkey/integrations/statement"
	"github.com/latchkey/latchkey/internal/benchgen"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: benchcmd gen-csv FILE ROWS | gen-ofx FILE MB | parse FILE")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "gen-csv", "gen-ofx":
		n, _ := strconv.Atoi(os.Args[3])
		var b []byte
		if os.Args[1] == "gen-csv" {
			b = benchgen.CSV(n)
		} else {
			b = benchgen.OFX(n << 20)
		}
		if err := os.WriteFile(os.Args[2], b, 0o600); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	case "parse":
		f, err := os.Open(os.Args[2])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		m := statement.Guess([]string{"Trade Date", "Settlement Date", "Action", "Symbol", "Description", "Quantity", "Price", "Commission", "Amount", "Currency"})
		start := time.Now()
		res, err := statement.Parse(context.Background(), f.Name(), f, statement.Options{Mapping: &m})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("format=%s good=%d problems=%d elapsed=%s\n", res.Format, res.Good, len(res.Problems), time.Since(start))
	}
}
