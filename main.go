// Command latchkey is the composition root: it parses the command line and
// starts the desktop app (no command, or "gui") or runs a headless command.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/latchkey/latchkey/integrations/all"
	"github.com/latchkey/latchkey/ui/cli"
	"github.com/latchkey/latchkey/ui/desktop"
	"github.com/latchkey/latchkey/vault"
)

// version is set at build time from FyneApp.toml (see the Makefile).
var version = "dev"

func main() {
	os.Exit(run())
}

func run() int {
	vault.Harden()
	// SIGINT/SIGTERM (only those) cancel ctx: commands and the desktop stop,
	// and the deferred closes lock the vault, wiping its keys. A second
	// signal then ends the process the default way.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
	}()
	return cli.Run(ctx, os.Args[1:], cli.StdIO(), cli.Deps{
		Version:      version,
		Integrations: all.Integrations,
		GUI: func(ctx context.Context, g cli.Globals) int {
			return desktop.Run(ctx, desktop.Options{Version: version, VaultPath: g.Vault, Endpoints: g.Endpoints, Integrations: all.Integrations})
		},
	})
}
