package app

import (
	"context"
	"net/http"
	"sync"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// NewRegistry lists the integrations behind the shared HTTP plumbing and
// applies the endpoint overrides file, if any.
//
// Rate limits follow the scope each institution's documentation gives them
// (integrations.Institution.RateScope): a connection to an institution that
// counts requests per token, API key or account has its own client and
// limiter, so thirty connections to one broker do not queue behind one
// another; an institution that counts per client address has one client and
// limiter for all its connections. Either way the clients of one institution
// share one connection pool.
//
// services (integrations/all.Services: the ECB's rates) are listed beside
// the integrations, behind the same plumbing; their endpoints take
// overrides too.
func NewRegistry(list []integrations.Integration, endpointsFile string, services ...integrations.Service) (*integrations.Registry, error) {
	return NewRegistryWith(list, endpointsFile, httpx.Options{}, services...)
}

// NewRegistryWith is NewRegistry with the HTTP plumbing's options (tests
// shrink its retry waits). A Limiter or Base set in httpOpts is shared by
// every client.
func NewRegistryWith(list []integrations.Integration, endpointsFile string, httpOpts httpx.Options, services ...integrations.Service) (*integrations.Registry, error) {
	reg, err := integrations.NewRegistry(list...)
	if err != nil {
		return nil, err
	}
	if err := reg.AddService(services...); err != nil {
		return nil, err
	}
	var (
		mu    sync.Mutex
		bases = map[string]http.RoundTripper{}
	)
	reg.SetHTTPFactory(func(inst integrations.Institution) *http.Client {
		o := httpOpts
		if o.Base == nil {
			mu.Lock()
			b, ok := bases[inst.ID]
			if !ok {
				b = httpx.NewBase(o)
				bases[inst.ID] = b
			}
			mu.Unlock()
			o.Base = b
		}
		return httpx.New(inst, o)
	})
	if endpointsFile != "" {
		o, err := integrations.LoadOverrides(endpointsFile)
		if err != nil {
			return nil, err
		}
		if err := reg.SetOverrides(o); err != nil {
			return nil, err
		}
	}
	return reg, nil
}

// connEnv builds the integration Env for one connection's client (the
// sync's App.client, a removal at the institution): for an institution whose
// rate limit counts per grant the connection keeps its own HTTP client and
// limiter across syncs (integrations.Registry.EnvFor).
func (a *App) connEnv(ctx context.Context, c Connection) (integrations.Env, error) {
	return a.envFor(ctx, c.InstitutionID, c.ID)
}
