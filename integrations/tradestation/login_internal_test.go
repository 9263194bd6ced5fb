package tradestation

import (
	"testing"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
)

// TestOAuthConfig: the authorize request TradeStation documents — its
// audience, the read-only scopes, the default callback URL every key
// registers (http://localhost:31022, no path), the key's secret in the
// token request's form.
func TestOAuthConfig(t *testing.T) {
	app := integrations.AppRegistration{ClientID: "k", ClientSecret: "s"}
	cfg := oauthConfig(integrations.Env{}, app)
	if cfg.AuthURL != "https://signin.tradestation.com/authorize" || cfg.TokenURL != "https://signin.tradestation.com/oauth/token" {
		t.Errorf("endpoints %s %s", cfg.AuthURL, cfg.TokenURL)
	}
	if cfg.RedirectPort != 31022 || cfg.RedirectHost != "localhost" || !cfg.BareRedirect || cfg.RedirectPath != "" {
		t.Errorf("redirect: port %d host %q bare %v path %q", cfg.RedirectPort, cfg.RedirectHost, cfg.BareRedirect, cfg.RedirectPath)
	}
	if cfg.AuthParams["audience"] != "https://api.tradestation.com" || cfg.AuthStyle != oauth2.AuthStyleInParams || cfg.PKCE {
		t.Errorf("params %v style %v pkce %v", cfg.AuthParams, cfg.AuthStyle, cfg.PKCE)
	}
	want := map[string]bool{"openid": true, "offline_access": true, "ReadAccount": true}
	if len(cfg.Scopes) != len(want) {
		t.Errorf("scopes %v", cfg.Scopes)
	}
	for _, s := range cfg.Scopes {
		if !want[s] {
			t.Errorf("scope %q asked for: Latchkey reads only", s)
		}
	}
	// The port the user registered another of the allowed ports for.
	app.RedirectPort = 8080
	if p := oauthConfig(integrations.Env{App: &app}, app).RedirectPort; p != 8080 {
		t.Errorf("port from Settings: %d", p)
	}
}
