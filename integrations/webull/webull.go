package webull

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// ID is the institution id of Webull US.
const ID = "webull"

// ProductionAPI is the base URL of Webull's US OpenAPI.
const ProductionAPI = "https://api.webull.com"

const (
	defaultPollInterval = 5 * time.Second // the SDKs' token_check_interval_seconds default
	approveTimeout      = 5 * time.Minute // a PENDING token expires after 5 minutes (the SDKs' check duration, 300 s)
	// TokenLifetime is how long a token stays valid without an API call: it
	// turns INVALID after 15 consecutive days unused.
	TokenLifetime = 15 * 24 * time.Hour
)

// Integration is Webull US.
type Integration struct {
	pollInterval time.Duration
}

var _ integrations.Integration = (*Integration)(nil)

// New returns the Webull integrations: Webull US.
func New() []integrations.Integration {
	return []integrations.Integration{&Integration{}}
}

func (in *Integration) interval() time.Duration {
	if in.pollInterval > 0 {
		return in.pollInterval
	}
	return defaultPollInterval
}

var keyMethod = integrations.AuthMethod{
	Kind:  integrations.AuthAPIKey,
	Label: "App Key and App Secret",
	Help: "Webull OpenAPI signs every request with your App Key and App Secret. If two-factor " +
		"authentication is on for the API, Webull then sends an SMS code: open the Webull app " +
		"(Menu → Messages → OpenAPI Notifications) and enter it there within 5 minutes.",
	HelpURL: "https://developer.webull.com/apis/docs/authentication/overview/",
	Fields: []integrations.Field{
		{Name: "key_id", Label: "App Key", Kind: integrations.FieldText,
			Help:    "On webull.com: My Account → API Management → App Management → your application's App Key.",
			HelpURL: "https://developer.webull.com/api-doc/prepare/api_apply"},
		{Name: "app_secret", Label: "App Secret", Kind: integrations.FieldSecret,
			Help:    "Shown next to the App Key in App Management. It never leaves this computer: Latchkey signs requests with it.",
			HelpURL: "https://developer.webull.com/api-doc/prepare/api_apply"},
	},
}

// Institution describes Webull US.
func (in *Integration) Institution() integrations.Institution {
	return integrations.Institution{
		ID:           ID,
		Name:         "Webull",
		DisplayName:  "Webull US",
		Region:       "US",
		Kind:         integrations.KindBroker,
		AuthMethods:  []integrations.AuthMethod{keyMethod},
		Capabilities: []integrations.Capability{integrations.CapBalances, integrations.CapHoldings, integrations.CapTransactions},
		Help: "Apply for OpenAPI access on webull.com (My Account → API Management; approval takes 1–2 " +
			"business days), create an application and copy its App Key and App Secret. When the API's " +
			"two-factor authentication is on, approve the access token in the Webull app; the token stays " +
			"valid while it is used at least every 15 days. Activity lists filled orders only.",
		Website:   "https://www.webull.com",
		Monogram:  ID,
		Endpoints: []integrations.Endpoint{{Name: "api", URL: ProductionAPI}},
	}
}

// StartLogin begins an App Key login.
func (in *Integration) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	if req.Method != integrations.AuthAPIKey {
		return nil, fmt.Errorf("%w: Webull has no %q login", integrations.ErrNotSupported, req.Method)
	}
	base, err := baseURL(req.Env)
	if err != nil {
		return nil, err
	}
	return &login{in: in, env: req.Env, base: base, values: req.Values}, nil
}

// NewClient builds a client from a grant.
func (in *Integration) NewClient(ctx context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	base, err := baseURL(env)
	if err != nil {
		return nil, err
	}
	a := newAPI(base, env, sec.AppKey, sec.AppSecret)
	a.token = sec.Token
	a.redact(sec.Token)
	return &client{api: a, save: save, grant: g}, nil
}

func baseURL(env integrations.Env) (string, error) {
	u := strings.TrimRight(env.URL("api"), "/")
	if u == "" {
		return "", integrations.Wrap(integrations.ErrUnavailable, "no Webull API address is configured")
	}
	return u, nil
}

// secret is the grant's secret: the app's key pair and the approved token.
type secret struct {
	AppKey    string    `json:"app_key"`
	AppSecret string    `json:"app_secret"`
	Token     string    `json:"token,omitempty"`
	Expires   time.Time `json:"token_expires,omitzero"`
}

func (s secret) encode() []byte {
	b, _ := json.Marshal(s)
	return b
}

func decodeSecret(b []byte) (secret, error) {
	var s secret
	if err := json.Unmarshal(b, &s); err != nil || s.AppKey == "" || s.AppSecret == "" {
		return secret{}, integrations.Wrap(integrations.ErrReauthRequired, "the saved login is not a Webull login")
	}
	return s, nil
}
