package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// stderrNotifier prints background notifications to stderr.
type stderrNotifier struct{ s *session }

func (n stderrNotifier) Notify(title, body string) {
	if !n.s.g.JSON {
		fmt.Fprintf(n.s.io.Stderr, "%s: %s\n", title, body)
	}
}

// dataDir is the app's data folder: the folder that holds the vault.
func (s *session) dataDir() (string, error) {
	p, err := s.vaultPath()
	if err != nil {
		return "", err
	}
	return filepath.Dir(p), nil
}

// registry builds the integrations with the endpoint overrides.
func (s *session) registry() (*integrations.Registry, error) {
	dir, err := s.dataDir()
	if err != nil {
		return nil, err
	}
	if s.deps.Integrations == nil {
		return nil, fmt.Errorf("this build has no integrations")
	}
	reg, err := app.NewRegistry(s.deps.Integrations(dir), s.g.Endpoints)
	if err != nil {
		return nil, err
	}
	if o := reg.Overrides(); len(o) > 0 && !s.g.JSON {
		ids := make([]string, 0, len(o))
		for id := range o {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		if len(ids) > 4 {
			ids = append(ids[:4], fmt.Sprintf("and %d more", len(o)-4))
		}
		fmt.Fprintf(s.io.Stderr, "note: endpoint overrides from %s are active for %s\n", s.g.Endpoints, strings.Join(ids, ", "))
	}
	return reg, nil
}

// openApp unlocks the vault and builds the app over it. close locks and
// closes the vault.
func (s *session) openApp(ctx context.Context, browser bool) (a *app.App, closeFn func(), err error) {
	reg, err := s.registry()
	if err != nil {
		return nil, nil, err
	}
	v, err := s.unlockVault(ctx)
	if err != nil {
		return nil, nil, err
	}
	dir, _ := s.dataDir()
	opts := app.Options{Vault: v, Registry: reg, Notifier: stderrNotifier{s}, DataDir: dir}
	if browser {
		opts.Browser = httpx.SystemBrowser{}
	}
	if s.deps.AppOptions != nil {
		s.deps.AppOptions(&opts)
	}
	return app.New(opts), func() { v.Close() }, nil
}
