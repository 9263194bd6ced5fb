package app

import (
	"net/http"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// NewRegistry lists the integrations behind the shared HTTP plumbing (one
// client, and so one rate limiter, per institution) and applies the endpoint
// overrides file, if any.
func NewRegistry(list []integrations.Integration, endpointsFile string) (*integrations.Registry, error) {
	return NewRegistryWith(list, endpointsFile, httpx.Options{})
}

// NewRegistryWith is NewRegistry with the HTTP plumbing's options (tests
// shrink its retry waits).
func NewRegistryWith(list []integrations.Integration, endpointsFile string, httpOpts httpx.Options) (*integrations.Registry, error) {
	reg, err := integrations.NewRegistry(list...)
	if err != nil {
		return nil, err
	}
	reg.SetHTTPFactory(func(inst integrations.Institution) *http.Client {
		return httpx.New(inst, httpOpts)
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
