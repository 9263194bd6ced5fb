package integrations

import "time"

// Kind is what sort of institution it is.
type Kind string

// Institution kinds.
const (
	KindBroker         Kind = "broker"
	KindCryptoExchange Kind = "crypto_exchange"
)

// Capability is a data set an institution can provide.
type Capability string

// Capabilities.
const (
	CapBalances     Capability = "balances"
	CapHoldings     Capability = "holdings"
	CapTransactions Capability = "transactions"
)

// AuthKind is a way of logging in to an institution.
type AuthKind string

// Auth kinds. Their string values are the CLI's --method names.
const (
	AuthOAuth2      AuthKind = "oauth"
	AuthOAuth1      AuthKind = "oauth1"
	AuthCredentials AuthKind = "credentials"
	AuthAPIKey      AuthKind = "apikey"
	AuthToken       AuthKind = "token"
	// AuthImport is a connection fed by statement files the user downloads
	// from the institution instead of by a login.
	AuthImport AuthKind = "import"
	// AuthBridge is a connection reached through a bridge service (SnapTrade,
	// SimpleFIN) with the user's own keys.
	AuthBridge AuthKind = "bridge"
)

// FieldKind says how a front end renders and treats a field.
type FieldKind string

// Field kinds. Secret fields are never echoed, logged or kept outside the vault.
const (
	FieldText   FieldKind = "text"
	FieldSecret FieldKind = "secret"
	FieldChoice FieldKind = "choice"
	// FieldFile is the path of a file the user picks (a statement to import).
	FieldFile FieldKind = "file"
)

// Choice is one option of a choice field.
type Choice struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Field is one input a login asks of the user.
type Field struct {
	Name        string    `json:"name"` // the key in Answer.Values
	Label       string    `json:"label"`
	Kind        FieldKind `json:"kind"`
	Help        string    `json:"help,omitempty"`
	HelpURL     string    `json:"help_url,omitempty"` // where the user finds the value
	Placeholder string    `json:"placeholder,omitempty"`
	Optional    bool      `json:"optional,omitempty"`
	Choices     []Choice  `json:"choices,omitempty"`   // for FieldChoice
	Multiline   bool      `json:"multiline,omitempty"` // e.g. a PEM private key
	// Length is the exact length of a one-time code, 0 when it varies.
	Length int `json:"length,omitempty"`
	// Digits is true when the value is digits only (most one-time codes).
	Digits bool `json:"digits,omitempty"`
	// Accept lists the file name extensions a FieldFile takes (".ofx", ".csv").
	Accept []string `json:"accept,omitempty"`
}

// AuthMethod is one way an institution offers to log in, described as data a
// front end can render.
type AuthMethod struct {
	Kind    AuthKind `json:"kind"`
	Label   string   `json:"label"`
	Help    string   `json:"help,omitempty"`
	HelpURL string   `json:"help_url,omitempty"`
	// Fields the user fills before the login starts (credentials, API keys,
	// pasted tokens). Empty for OAuth methods, which start in the browser.
	Fields []Field `json:"fields,omitempty"`
	// NeedsApp is true when the method needs the user's own app registration
	// (client id, and secret where the institution issues one) in Settings.
	NeedsApp bool `json:"needs_app,omitempty"`
	// AppHelp tells the user how to register that app, including the exact
	// redirect URI to enter.
	AppHelp string `json:"app_help,omitempty"`
	// FixedRedirectPort is the loopback port the institution's registration
	// requires, 0 when any port works.
	FixedRedirectPort int `json:"fixed_redirect_port,omitempty"`
}

// Endpoint is a named base URL an integration talks to. Overrides replace it by
// name (see Overrides).
type Endpoint struct {
	Name string `json:"name"` // e.g. "api", "auth"
	URL  string `json:"url"`
}

// Institution is the metadata of one institution variant. Live and paper
// variants are separate institutions with their own IDs.
type Institution struct {
	ID           string       `json:"id"`           // stable slug, e.g. "alpaca-paper"
	Name         string       `json:"name"`         // institution name, e.g. "Alpaca"
	DisplayName  string       `json:"display_name"` // e.g. "Alpaca Paper"
	Region       string       `json:"region"`       // ISO country code or "global"
	Kind         Kind         `json:"kind"`
	AuthMethods  []AuthMethod `json:"auth_methods"`
	Paper        bool         `json:"paper"`
	Unofficial   bool         `json:"unofficial"`
	Capabilities []Capability `json:"capabilities"`
	Help         string       `json:"help,omitempty"`
	Website      string       `json:"website,omitempty"`
	// Monogram names the institution's monogram in assets/ (without extension).
	Monogram string `json:"monogram,omitempty"`
	// ExpiringWithin is how long before a grant's Expiry its connection
	// shows as expiring: 0 means the default (7 days); a negative value
	// means never (for grants whose expiry rolls forward on every use, or
	// that end every day by design). Schwab's 7-day refresh token, say,
	// shows as expiring in its last 2 days.
	ExpiringWithin time.Duration `json:"expiring_within,omitempty"`
	Endpoints      []Endpoint    `json:"endpoints,omitempty"`
	// StaleAfter is, for import connections, how old the newest imported
	// statement may be before the connection shows as expiring ("statement
	// is 40 days old"); 0 means the default, 35 days (monthly statements).
	StaleAfter time.Duration `json:"stale_after,omitempty"`
	// RateScope says what the institution's documented rate limit applies
	// to, so the app gives each scope its own limiter: per grant (token, API
	// key or login: the default), or per IP address (one limiter shared by
	// every connection at the institution).
	RateScope RateScope `json:"rate_scope,omitempty"`
	// RatePerSecond and RateBurst are the documented pace for one scope
	// (requests per second, and how many may go at once); 0 means the
	// shared default (httpx.DefaultRPS). Integrations state what their
	// institution documents, so requests are paced rather than refused.
	RatePerSecond float64 `json:"rate_per_second,omitempty"`
	RateBurst     int     `json:"rate_burst,omitempty"`
	// MinSyncInterval is the shortest time between two syncs of one
	// connection that the institution's request budget allows (SimpleFIN:
	// about 24 requests a day); 0 means no floor.
	MinSyncInterval time.Duration `json:"min_sync_interval,omitempty"`
	// Via names the bridge institution (its ID) a connection goes through,
	// empty for direct connections.
	Via string `json:"via,omitempty"`
	// HistoryRevision is raised when the integration starts reading kinds
	// of activity it did not read before (deposits, dividends, a ledger) or
	// maps them anew: a connection last synced under a lower revision reads
	// its whole history once more, added to what it keeps (nothing older is
	// dropped), so the new kinds reach back as far as the institution does.
	// 0 for an integration that never changed what it reads.
	HistoryRevision int `json:"history_revision,omitempty"`
	// Demo marks made-up data (the built-in demo brokerage): front ends tag
	// it so and offer it to try Latchkey without an account.
	Demo bool `json:"demo,omitempty"`
}

// RateScope is what a documented rate limit is counted against.
type RateScope string

// Rate scopes.
const (
	RateScopeGrant RateScope = ""   // per token, API key or login (default)
	RateScopeIP    RateScope = "ip" // per client address: shared by all connections
)

// DefaultStaleAfter is how old an imported statement may be before its
// connection shows as expiring, unless Institution.StaleAfter says otherwise.
const DefaultStaleAfter = 35 * 24 * time.Hour

// Method returns the institution's auth method of the given kind.
func (in Institution) Method(k AuthKind) (AuthMethod, bool) {
	for _, m := range in.AuthMethods {
		if m.Kind == k {
			return m, true
		}
	}
	return AuthMethod{}, false
}

// Endpoint returns the default base URL of the named endpoint, or "".
func (in Institution) Endpoint(name string) string {
	for _, e := range in.Endpoints {
		if e.Name == name {
			return e.URL
		}
	}
	return ""
}

// Has reports whether the institution provides the capability.
func (in Institution) Has(c Capability) bool {
	for _, v := range in.Capabilities {
		if v == c {
			return true
		}
	}
	return false
}

// AllData is the three data sets an institution can provide: balances,
// holdings and transactions (a fresh slice each call).
func AllData() []Capability {
	return []Capability{CapBalances, CapHoldings, CapTransactions}
}

// Broker is what most institutions' metadata shares, built once: a broker
// with id, institution and display names, region (ISO country code or
// "global"), website and help, offering [AllData] through methods, its
// monogram named by its id and its rate counted per grant. The
// institution's package sets what is its own on the result: endpoints,
// paper, unofficial, its pace, its expiring window (or Kind, for an
// exchange).
func Broker(id, name, display, region, website, help string, methods ...AuthMethod) Institution {
	return Institution{
		ID: id, Name: name, DisplayName: display, Region: region, Kind: KindBroker,
		AuthMethods: methods, Capabilities: AllData(), Help: help, Website: website,
		Monogram: id, RateScope: RateScopeGrant,
	}
}
