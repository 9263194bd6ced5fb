package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// stderrNotifier prints background notifications to stderr: the CLI's own
// notifier (the desktop's shows them on the desktop).
type stderrNotifier struct{ s *session }

func (n stderrNotifier) Notify(title, body string) {
	if !n.s.g.JSON {
		printf(n.s.io.Stderr, "%s: %s\n", clean(title), clean(body))
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

// registry returns the integrations registry main builds (Deps.Registry),
// built once per command and only for the commands that need it, so that
// a broken endpoints file does not stop `vault info`.
func (s *session) registry() (*integrations.Registry, error) {
	if s.reg != nil || s.regErr != nil {
		return s.reg, s.regErr
	}
	s.reg, s.regErr = s.buildRegistry()
	return s.reg, s.regErr
}

func (s *session) buildRegistry() (*integrations.Registry, error) {
	dir, err := s.dataDir()
	if err != nil {
		return nil, err
	}
	if s.deps.Registry == nil {
		return nil, fmt.Errorf("this build has no integrations")
	}
	reg, err := s.deps.Registry(dir, s.g.Endpoints)
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
		printf(s.io.Stderr, "note: endpoint overrides from %s are active for %s\n", clean(s.g.Endpoints), strings.Join(ids, ", "))
	}
	return reg, nil
}

// activeOverrides returns the endpoint overrides in force for an
// institution (endpoint name → URL, user info removed), nil when it talks to
// its own servers. It is the one place the CLI decides whether an override
// is active: the registry's Overridden and Endpoints.
func activeOverrides(reg *integrations.Registry, institutionID string) map[string]string {
	if reg == nil || !reg.Overridden(institutionID) {
		return nil
	}
	eps, err := reg.Endpoints(institutionID)
	if err != nil {
		return nil
	}
	out := map[string]string{}
	for _, e := range eps {
		if e.Overridden {
			out[e.Name] = e.URL
		}
	}
	return out
}

// openApp unlocks the vault and builds the app over it with what main
// built. close locks and closes the vault. A read-only command opens the
// vault read-only when it cannot be written (see openVault).
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
		opts.Browser = s.deps.Browser
	}
	if s.deps.AppOptions != nil {
		s.deps.AppOptions(&opts)
	}
	return app.New(opts), func() { v.Close() }, nil
}
