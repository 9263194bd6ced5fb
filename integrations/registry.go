package integrations

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sort"
	"sync"
)

// ErrUnknownInstitution is returned for an institution id no integration has.
var ErrUnknownInstitution = errors.New("unknown institution")

// Registry is the explicit list of integrations the app knows.
type Registry struct {
	byID      map[string]Integration
	order     []string
	overrides Overrides
	newHTTP   func(Institution) *http.Client

	mu      sync.Mutex
	clients map[string]*http.Client
}

// NewRegistry lists integrations. It refuses duplicate or empty ids.
func NewRegistry(list ...Integration) (*Registry, error) {
	r := &Registry{byID: map[string]Integration{}, clients: map[string]*http.Client{}}
	for _, in := range list {
		id := in.Institution().ID
		if id == "" {
			return nil, errors.New("integration with an empty id")
		}
		if _, dup := r.byID[id]; dup {
			return nil, fmt.Errorf("duplicate integration id %q", id)
		}
		r.byID[id] = in
		r.order = append(r.order, id)
	}
	sort.Strings(r.order)
	return r, nil
}

// SetOverrides replaces the endpoint overrides. Overrides naming an unknown
// institution or endpoint are refused.
func (r *Registry) SetOverrides(o Overrides) error {
	for id, eps := range o {
		in, ok := r.byID[id]
		if !ok {
			return fmt.Errorf("endpoint overrides: %w %q", ErrUnknownInstitution, id)
		}
		for name := range eps {
			if in.Institution().Endpoint(name) == "" {
				return fmt.Errorf("endpoint overrides: %s has no endpoint %q", id, name)
			}
		}
	}
	r.overrides = o
	return nil
}

// Overrides returns the active endpoint overrides (shown to the user).
func (r *Registry) Overrides() Overrides { return r.overrides }

// SetHTTPFactory sets how the per-institution HTTP client is built (see
// package httpx). Clients are built once per institution and shared, so one
// rate limiter covers every connection to it.
func (r *Registry) SetHTTPFactory(f func(Institution) *http.Client) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.newHTTP = f
	r.clients = map[string]*http.Client{}
}

// Get returns the integration with the given id.
func (r *Registry) Get(id string) (Integration, error) {
	in, ok := r.byID[id]
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownInstitution, id)
	}
	return in, nil
}

// List returns every integration, sorted by id.
func (r *Registry) List() []Integration {
	out := make([]Integration, 0, len(r.order))
	for _, id := range r.order {
		out = append(out, r.byID[id])
	}
	return out
}

// Env builds the Env for an institution: endpoints with overrides applied,
// its shared HTTP client, and the user's app registration (nil if none).
func (r *Registry) Env(id string, app *AppRegistration) (Env, error) {
	in, err := r.Get(id)
	if err != nil {
		return Env{}, err
	}
	inst := in.Institution()
	eps := make(map[string]string, len(inst.Endpoints))
	for _, e := range inst.Endpoints {
		eps[e.Name] = e.URL
	}
	for name, u := range r.overrides[id] {
		eps[name] = u
	}
	return Env{Endpoints: eps, HTTP: r.httpClient(inst), App: app}, nil
}

func (r *Registry) httpClient(inst Institution) *http.Client {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.clients[inst.ID]; ok {
		return c
	}
	var c *http.Client
	if r.newHTTP != nil {
		c = r.newHTTP(inst)
	} else {
		c = Env{}.Client()
	}
	r.clients[inst.ID] = c
	return c
}

// Overrides maps institution id → endpoint name → base URL. They point an
// integration at a sandbox, a proxy or a test server.
type Overrides map[string]map[string]string

// LoadOverrides reads overrides from a JSON file:
//
//	{"alpaca": {"api": "http://127.0.0.1:8080", "auth": "http://127.0.0.1:8081"}}
//
// Every URL must be absolute http or https.
func LoadOverrides(path string) (Overrides, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("endpoint overrides: %w", err)
	}
	var o Overrides
	if err := json.Unmarshal(b, &o); err != nil {
		return nil, fmt.Errorf("endpoint overrides %s: not a JSON object of institution id to {name: url}: %v", path, err)
	}
	for id, eps := range o {
		for name, raw := range eps {
			u, err := url.Parse(raw)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return nil, fmt.Errorf("endpoint overrides %s: %s.%s is not an absolute http(s) URL", path, id, name)
			}
		}
	}
	return o, nil
}
