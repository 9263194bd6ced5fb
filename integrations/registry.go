package integrations

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"unicode"
)

// ErrUnknownInstitution is returned for an institution id no integration has.
var ErrUnknownInstitution = errors.New("unknown institution")

// Registry is the explicit list of integrations the app knows.
type Registry struct {
	byID  map[string]Integration
	order []string
	// services are the non-institution sources (AddService), by id.
	services map[string]Service

	mu        sync.Mutex
	overrides Overrides
	newHTTP   func(Institution) *http.Client
	// clients: one per institution for RateScopeIP (key: the id), one per
	// scope (a connection) for RateScopeGrant (key: id NUL scope).
	clients map[string]*http.Client
}

// NewRegistry lists integrations. It refuses duplicate or empty ids.
func NewRegistry(list ...Integration) (*Registry, error) {
	r := &Registry{byID: map[string]Integration{}, services: map[string]Service{}, clients: map[string]*http.Client{}}
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
// institution or endpoint are refused, and so are URLs Overrides.Check
// refuses (plain http to a host that is not loopback).
func (r *Registry) SetOverrides(o Overrides) error {
	for id, eps := range o {
		inst, ok := r.info(id)
		if !ok {
			return fmt.Errorf("endpoint overrides: %w %q", ErrUnknownInstitution, id)
		}
		for name := range eps {
			if inst.Endpoint(name) == "" {
				return fmt.Errorf("endpoint overrides: %s has no endpoint %q", id, name)
			}
		}
	}
	if err := o.Check(); err != nil {
		return fmt.Errorf("endpoint overrides: %w", err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.overrides = o
	return nil
}

// Overrides returns the active endpoint overrides. Their URLs may hold user
// info: show them with DisplayURL.
func (r *Registry) Overrides() Overrides {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.overrides
}

// Overridden reports whether an endpoint override is active for the
// institution.
func (r *Registry) Overridden(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.overrides[id]) > 0
}

// EndpointStatus is one endpoint of an institution as the registry uses it.
type EndpointStatus struct {
	Name string `json:"name"`
	// URL is the endpoint in use, for display (user info removed).
	URL string `json:"url"`
	// Overridden is true when an override replaced the institution's URL.
	Overridden bool `json:"overridden,omitempty"`
}

// Endpoints returns the institution's (or service's) endpoints in use, in the order the
// institution lists them, overrides applied.
func (r *Registry) Endpoints(id string) ([]EndpointStatus, error) {
	inst, ok := r.info(id)
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownInstitution, id)
	}
	r.mu.Lock()
	over := r.overrides[id]
	r.mu.Unlock()
	var out []EndpointStatus
	for _, e := range inst.Endpoints {
		st := EndpointStatus{Name: e.Name, URL: DisplayURL(e.URL)}
		if u, ok := over[e.Name]; ok {
			st.URL, st.Overridden = DisplayURL(u), true
		}
		out = append(out, st)
	}
	return out, nil
}

// SetHTTPFactory sets how HTTP clients are built (see package httpx). The
// registry calls it once per institution whose rate limit is counted per
// client address (RateScopeIP), and once per scope (a connection) or per
// unscoped Env for the others (RateScopeGrant), so each gets its own rate
// limiter; see Env and EnvFor.
func (r *Registry) SetHTTPFactory(f func(Institution) *http.Client) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.newHTTP = f
	r.clients = map[string]*http.Client{}
}

// AddService lists services (see Service) beside the integrations. It
// refuses an empty id, or one an integration or another service has.
func (r *Registry) AddService(list ...Service) error {
	for _, s := range list {
		id := s.Info().ID
		if id == "" {
			return errors.New("service with an empty id")
		}
		if _, dup := r.byID[id]; dup {
			return fmt.Errorf("service id %q is an integration's", id)
		}
		if _, dup := r.services[id]; dup {
			return fmt.Errorf("duplicate service id %q", id)
		}
		r.services[id] = s
	}
	return nil
}

// Services returns the services, sorted by id.
func (r *Registry) Services() []Service {
	ids := make([]string, 0, len(r.services))
	for id := range r.services {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]Service, 0, len(ids))
	for _, id := range ids {
		out = append(out, r.services[id])
	}
	return out
}

// RateSource returns the first service (by id) that publishes real
// currency rates (not a demo's); false when the registry has none.
func (r *Registry) RateSource() (RateSource, bool) { return r.rateSource(false) }

// DemoRateSource returns the first service that publishes made-up rates
// (Institution.Demo): the app converts a vault of demo connections only
// with it, so trying the demo reaches no network.
func (r *Registry) DemoRateSource() (RateSource, bool) { return r.rateSource(true) }

func (r *Registry) rateSource(demo bool) (RateSource, bool) {
	for _, s := range r.Services() {
		if rs, ok := s.(RateSource); ok && s.Info().Demo == demo {
			return rs, true
		}
	}
	return nil, false
}

// ServiceEnv builds the Env for a service: its endpoints with overrides
// applied and its own HTTP client (one per service, kept).
func (r *Registry) ServiceEnv(id string) (Env, error) {
	s, ok := r.services[id]
	if !ok {
		return Env{}, fmt.Errorf("%w %q", ErrUnknownInstitution, id)
	}
	inst := s.Info()
	inst.RateScope = RateScopeIP // one client for the service
	return Env{Endpoints: r.endpoints(inst), HTTP: r.httpClient(inst, "")}, nil
}

// info is the metadata of an integration or a service.
func (r *Registry) info(id string) (Institution, bool) {
	if in, ok := r.byID[id]; ok {
		return in.Institution(), true
	}
	if s, ok := r.services[id]; ok {
		return s.Info(), true
	}
	return Institution{}, false
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

// Env builds the Env for an institution outside any connection (a login
// making a new grant): endpoints with overrides applied, an HTTP client and
// the user's app registration (nil if none). An institution limited per
// client address (RateScopeIP) shares one client, and so one rate limiter,
// between all its uses; any other gets a new client with its own limiter,
// since its limit counts per grant.
func (r *Registry) Env(id string, app *AppRegistration) (Env, error) {
	return r.EnvFor(id, "", app)
}

// EnvFor is Env for one scope of a rate limit counted per grant: the app
// passes the connection's id, and the connection keeps one HTTP client and
// limiter across syncs. For RateScopeIP institutions the scope is ignored
// (one client per institution); an empty scope is Env.
func (r *Registry) EnvFor(id, scope string, app *AppRegistration) (Env, error) {
	in, err := r.Get(id)
	if err != nil {
		return Env{}, err
	}
	inst := in.Institution()
	return Env{Endpoints: r.endpoints(inst), HTTP: r.httpClient(inst, scope), App: app}, nil
}

// endpoints resolves inst's endpoints with the overrides applied.
func (r *Registry) endpoints(inst Institution) map[string]string {
	eps := make(map[string]string, len(inst.Endpoints))
	for _, e := range inst.Endpoints {
		eps[e.Name] = e.URL
	}
	r.mu.Lock()
	for name, u := range r.overrides[inst.ID] {
		eps[name] = u
	}
	r.mu.Unlock()
	return eps
}

// Release forgets the clients kept for a scope (a removed connection).
func (r *Registry) Release(scope string) {
	if scope == "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for k := range r.clients {
		if _, s, ok := strings.Cut(k, "\x00"); ok && s == scope {
			delete(r.clients, k)
		}
	}
}

func (r *Registry) httpClient(inst Institution, scope string) *http.Client {
	r.mu.Lock()
	defer r.mu.Unlock()
	key := inst.ID
	if inst.RateScope != RateScopeIP {
		if scope == "" {
			return r.build(inst)
		}
		key += "\x00" + scope
	}
	if c, ok := r.clients[key]; ok {
		return c
	}
	c := r.build(inst)
	r.clients[key] = c
	return c
}

func (r *Registry) build(inst Institution) *http.Client {
	if r.newHTTP != nil {
		return r.newHTTP(inst)
	}
	return Env{}.Client()
}

// Overrides maps institution id → endpoint name → base URL. They point an
// integration at a sandbox, a proxy or a test server.
type Overrides map[string]map[string]string

// MaxOverridesSize bounds an endpoint overrides file (1 MiB).
const MaxOverridesSize = 1 << 20

// Errors of endpoint overrides.
var (
	// ErrInsecureEndpoint: an override sends plain http to a host that is
	// not loopback, where keys and tokens would cross the network in clear.
	ErrInsecureEndpoint = errors.New("plain http is allowed only for a loopback host (127.0.0.1, ::1 or localhost)")
	// ErrOverridesTooLarge: the overrides file is larger than
	// MaxOverridesSize.
	ErrOverridesTooLarge = errors.New("the endpoint overrides file is larger than 1 MiB")
)

// LoadOverrides reads overrides from a JSON file of at most 1 MiB:
//
//	{"alpaca": {"api": "http://127.0.0.1:8080", "auth": "http://127.0.0.1:8081"}}
//
// Every URL must be absolute https, or http to a loopback host (see
// Overrides.Check).
func LoadOverrides(path string) (Overrides, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("endpoint overrides: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxOverridesSize+1))
	if err != nil {
		return nil, fmt.Errorf("endpoint overrides %s: %w", path, err)
	}
	if len(b) > MaxOverridesSize {
		return nil, fmt.Errorf("endpoint overrides %s: %w", path, ErrOverridesTooLarge)
	}
	var o Overrides
	if err := json.Unmarshal(b, &o); err != nil {
		where := ""
		var se *json.SyntaxError
		if errors.As(err, &se) {
			where = fmt.Sprintf(" (at byte %d)", se.Offset)
		}
		return nil, fmt.Errorf("endpoint overrides %s: not a JSON object of institution id to {name: url}%s", path, where)
	}
	if err := o.Check(); err != nil {
		return nil, fmt.Errorf("endpoint overrides %s: %w", path, err)
	}
	return o, nil
}

// Check reports the first override (institution and endpoint named; never
// the URL, which may hold user info) that is not an absolute http(s) URL
// with a host, or that uses plain http for a host that is not loopback
// (127.0.0.0/8, ::1, localhost): ErrInsecureEndpoint.
func (o Overrides) Check() error {
	ids := make([]string, 0, len(o))
	for id := range o {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		names := make([]string, 0, len(o[id]))
		for name := range o[id] {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			u, err := url.Parse(o[id][name])
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
				return fmt.Errorf("%s.%s is not an absolute http(s) URL", printable(id), printable(name))
			}
			if u.Scheme == "http" && !loopbackHost(u.Hostname()) {
				return fmt.Errorf("%s.%s: %w; use https for %s", printable(id), printable(name), ErrInsecureEndpoint, printable(u.Host))
			}
		}
	}
	return nil
}

// printable replaces control and other non-printable characters, so a
// name from a file cannot drive the terminal.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return '?'
	}, s)
}

// loopbackHost reports whether host is localhost or a loopback IP address.
func loopbackHost(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// DisplayURL returns raw without its user info, for showing an endpoint.
func DisplayURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(not a URL)"
	}
	u.User = nil
	return u.String()
}
