package webull

import (
	"context"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Institution ids: Webull US, Webull Hong Kong and Webull Japan, one
// institution with a distinct OpenAPI per region.
const (
	ID          = "webull"
	IDHongKong  = "webull-hk"
	IDJapan     = "webull-jp"
	institution = "Webull"
)

// Base URLs of Webull's OpenAPI per region (Python SDK
// webull/core/data/endpoints.json; Java core/common/DefaultHost).
const (
	ProductionAPI = "https://api.webull.com"
	HongKongAPI   = "https://api.webull.hk"
	JapanAPI      = "https://api.webull.co.jp"
)

const (
	defaultPollInterval = 5 * time.Second // the SDKs' token_check_interval_seconds default
	approveTimeout      = 5 * time.Minute // a PENDING token expires after 5 minutes (the SDKs' check duration, 300 s)
	// TokenLifetime is how long a token stays valid without an API call: it
	// turns INVALID after 15 consecutive days unused.
	TokenLifetime = 15 * 24 * time.Hour
)

// region is one of Webull's OpenAPI regions: the same API on its own host,
// with its own signature algorithm, currency, documented pace and quirks.
type region struct {
	id, display, code string
	api               string
	// alg is the x-signature-algorithm the Python SDK signs with on the
	// region's host (HMAC-SHA1 on api.webull.com and api.webull.hk,
	// HMAC-SHA256 everywhere else: common.is_not_upgrade_api_host).
	alg string
	// currency is the accounts' currency; balanceCurrency the
	// total_asset_currency sent with /account/balance ("" sends none).
	currency, balanceCurrency string
	// jp: the balance is the Java SDK's JPAccountBalance and positions page
	// by the holding's id (last_id) instead of last_instrument_id.
	jp bool
	// local is the region's home exchange for digit-only symbols (00700,
	// 7203): their currency and time zone; nil for Webull US.
	local func(symbol string) (string, *time.Location)
	// Documented pace per App Key (requests a second and burst); 0 keeps
	// the shared default.
	rps   float64
	burst int
	// window is the rate window a 429 without Retry-After waits out.
	window time.Duration
	// Help texts.
	site, applyURL, tokenURL, help, appHelp string
}

var (
	regionUS = &region{
		id: ID, display: "Webull US", code: "US", api: ProductionAPI, alg: SigAlgorithm,
		currency: "USD", balanceCurrency: "USD",
		site: "https://www.webull.com", applyURL: "https://developer.webull.com/api-doc/prepare/api_apply",
		tokenURL: "https://developer.webull.com/apis/docs/authentication/overview/",
		help: "Apply for OpenAPI access on webull.com (My Account → API Management; approval takes 1–2 " +
			"business days), create an application and copy its App Key and App Secret. When the API's " +
			"two-factor authentication is on, approve the access token in the Webull app; the token stays " +
			"valid while it is used at least every 15 days. Activity lists filled orders only.",
		appHelp: "On webull.com: My Account → API Management → App Management → your application's App Key.",
	}
	regionHK = &region{
		id: IDHongKong, display: "Webull Hong Kong", code: "HK", api: HongKongAPI, alg: SigAlgorithm,
		currency: "HKD", balanceCurrency: "HKD", local: hkMarket,
		rps: 1, burst: 1, window: 2 * time.Second, // balance, positions and order queries: 2 calls in 2 seconds per App Key
		site: "https://www.webull.hk", applyURL: "https://developer.webull.hk/apis/docs/",
		tokenURL: "https://developer.webull.hk/apis/docs/authentication/token",
		help: "Apply for OpenAPI access on webull.hk (API Management; approval takes 1–2 business days), " +
			"create an application and copy its App Key and App Secret. Hong Kong rules require an access " +
			"token: Webull sends an SMS code that you enter in the Webull app to approve it, and the token " +
			"stays valid while it is used at least every 15 days. Activity lists filled orders only.",
		appHelp: "On webull.hk: API Management → App Management → your application's App Key.",
	}
	regionJP = &region{
		id: IDJapan, display: "Webull Japan", code: "JP", api: JapanAPI, alg: SigAlgorithmSHA256,
		currency: "JPY", local: jpMarket, jp: true,
		rps: 1, burst: 1, window: 2 * time.Second, // balance and positions: 2 calls in 2 seconds per App Key; orders 2 a second
		site: "https://www.webull.co.jp", applyURL: "https://developer.webull.co.jp/api-doc/prepare/start",
		tokenURL: "https://developer.webull.co.jp/api-doc/",
		help: "Apply for OpenAPI access on webull.co.jp (API management; Webull reviews the application), " +
			"create an application and copy its App Key and App Secret. If Webull asks for two-factor " +
			"authentication, approve the access token in the Webull app with the SMS code; the token stays " +
			"valid while it is used at least every 15 days. Activity lists filled orders only.",
		appHelp: "On webull.co.jp: API management → your application's App Key.",
	}
	regions = []*region{regionUS, regionHK, regionJP}
)

// hkMarket reads a digit-only symbol of Webull Hong Kong: six digits are a
// China A-share (Stock Connect, CNY, Shanghai time), shorter ones a Hong
// Kong stock (HKD). Letters are US symbols.
func hkMarket(symbol string) (string, *time.Location) {
	if len(symbol) == 6 {
		return "CNY", shanghai
	}
	return "HKD", hongKong
}

// jpMarket reads a digit-only symbol of Webull Japan as a Tokyo listing.
func jpMarket(string) (string, *time.Location) { return "JPY", tokyo }

func zone(name string, offset int) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.FixedZone(name, offset)
}

var (
	hongKong = zone("Asia/Hong_Kong", 8*3600)
	shanghai = zone("Asia/Shanghai", 8*3600)
	tokyo    = zone("Asia/Tokyo", 9*3600)
)

// market is a symbol's trading currency and the time zone of its trade
// dates: a digit-only symbol trades at the region's home exchange, any
// other in the US (USD, New York time).
func (r *region) market(symbol string) (string, *time.Location) {
	if r.local != nil && symbol != "" && strings.Trim(symbol, "0123456789") == "" {
		return r.local(symbol)
	}
	return "USD", newYork
}

// Integration is Webull in one region: US (the zero value), Hong Kong or
// Japan.
type Integration struct {
	integrations.Polling
	r *region
}

var _ integrations.Integration = (*Integration)(nil)

// New returns the Webull integrations: Webull US, Webull Hong Kong and
// Webull Japan.
func New() []integrations.Integration {
	out := make([]integrations.Integration, 0, len(regions))
	for _, r := range regions {
		out = append(out, &Integration{r: r})
	}
	return out
}

// WithPollInterval returns a copy of the integration that checks a pending
// access token every d instead of every 5 seconds: for tests against a
// fake, whose approval comes at once.
func (in *Integration) WithPollInterval(d time.Duration) integrations.Integration {
	return integrations.PollEvery(in, d)
}

func (in *Integration) region() *region {
	if in.r == nil {
		return regionUS
	}
	return in.r
}

func (in *Integration) interval() time.Duration { return in.Interval(defaultPollInterval) }

// keyMethod is the App Key login of a region.
func (r *region) keyMethod() integrations.AuthMethod {
	return integrations.AuthMethod{
		Kind:  integrations.AuthAPIKey,
		Label: "App Key and App Secret",
		Help: "Webull OpenAPI signs every request with your App Key and App Secret. If two-factor " +
			"authentication is on for the API, Webull then sends an SMS code: open the Webull app " +
			"(Menu → Messages → OpenAPI Notifications) and enter it there within 5 minutes.",
		HelpURL: r.tokenURL,
		Fields: []integrations.Field{
			{Name: "key_id", Label: "App Key", Kind: integrations.FieldText,
				Help: r.appHelp, HelpURL: r.applyURL},
			{Name: "app_secret", Label: "App Secret", Kind: integrations.FieldSecret,
				Help:    "Shown next to the App Key in App Management. It never leaves this computer: Latchkey signs requests with it.",
				HelpURL: r.applyURL},
		},
	}
}

// Institution describes Webull in the integration's region. Rate limits are
// counted per App Key (each AppId's calling frequency): per grant.
func (in *Integration) Institution() integrations.Institution {
	r := in.region()
	inst := integrations.Broker(r.id, institution, r.display, r.code, r.site, r.help, r.keyMethod())
	inst.Endpoints = []integrations.Endpoint{{Name: "api", URL: r.api}}
	inst.RatePerSecond = r.rps
	inst.RateBurst = r.burst
	return inst
}

// StartLogin begins an App Key login.
func (in *Integration) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	if req.Method != integrations.AuthAPIKey {
		return nil, integrations.NoLogin(in.region().display, req.Method)
	}
	base, err := baseURL(req.Env)
	if err != nil {
		return nil, err
	}
	l := &login{in: in, env: req.Env, base: base}
	return l.steps(req.Values), nil
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
	a.alg, a.wait = in.region().alg, in.region().window
	a.token = sec.Token
	a.redact(sec.Token)
	return &client{api: a, r: in.region(), save: save, grant: g}, nil
}

func baseURL(env integrations.Env) (string, error) {
	return httpx.NeedEndpoint(env, "api", "Webull API")
}

// secret is the grant's secret: the app's key pair and the approved token.
type secret struct {
	AppKey    string    `json:"app_key"`
	AppSecret string    `json:"app_secret"`
	Token     string    `json:"token,omitempty"`
	Expires   time.Time `json:"token_expires,omitzero"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a Webull login", func(s secret) bool { return s.AppKey != "" && s.AppSecret != "" })
}
