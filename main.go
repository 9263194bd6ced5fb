// Command latchkey is the composition root: it parses the command line,
// builds what every front end shares (the integrations registry, the
// browser opener) once, and hands them to the desktop app (no command, or
// "gui") or to the headless CLI.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/all"
	"github.com/latchkey/latchkey/internal/startlog"
	"github.com/latchkey/latchkey/ui/browser"
	"github.com/latchkey/latchkey/ui/cli"
	"github.com/latchkey/latchkey/ui/desktop"
	"github.com/latchkey/latchkey/vault"
)

// version is set at build time from FyneApp.toml (see the Makefile).
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	// What the packages logged while they initialised (Fyne's complaints
	// about an unparsable locale): shown only if the desktop app starts.
	startup := startlog.Release(os.Stderr)
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
	return cli.Run(ctx, args, cli.StdIO(), frontEnds(startup))
}

// frontEnds builds what the CLI and the desktop share, once, and the
// desktop's start.
func frontEnds(startup []byte) cli.Deps {
	opener := browser.System{}
	return cli.Deps{
		Version:  version,
		Registry: newRegistry,
		Browser:  opener,
		GUI: func(ctx context.Context, g cli.Globals) int {
			os.Stderr.Write(startup)
			return desktop.Run(ctx, desktop.Options{
				Version:   version,
				VaultPath: g.Vault,
				Endpoints: g.Endpoints,
				Registry:  func(dataDir string) (*integrations.Registry, error) { return newRegistry(dataDir, g.Endpoints) },
				Browser:   opener,
			})
		},
	}
}

// newRegistry is every institution and service this build knows
// (integrations/all), for the app's data folder, with the endpoint overrides
// file applied.
func newRegistry(dataDir, endpoints string) (*integrations.Registry, error) {
	return app.NewRegistry(all.Integrations(dataDir), endpoints, all.Services()...)
}
