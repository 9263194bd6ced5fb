package dhan_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/dhan"
	"github.com/latchkey/latchkey/integrations/dhan/fake"
)

// The API-key login: the Client ID on a form, Dhan's page in the browser,
// the redirect pasted (as when the callback cannot reach Latchkey): a grant
// of the same login as the pasted token's, ending with the consent's token.
func TestConsentLoginByPaste(t *testing.T) {
	in := dhan.New()[0]
	env, _, clk := fake.Start(t, in, fake.Options{})
	l, st, err := brokertest.FirstStep(t, in, integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env})
	form, ok := st.(*integrations.FormStep)
	if err != nil || !ok || len(form.Fields) != 1 || form.Fields[0].Name != dhan.FieldClientID {
		t.Fatalf("first step %T %v", st, err)
	}
	st, err = l.Next(t.Context(), integrations.Answer{Values: map[string]string{dhan.FieldClientID: fake.MainClientID}})
	b, ok := st.(*integrations.BrowserStep)
	if err != nil || !ok || !b.CanPaste {
		t.Fatalf("second step %T %v", st, err)
	}
	// Play the browser up to the redirect, and paste it.
	u, _ := url.Parse(b.URL)
	form2 := url.Values{"consentAppId": {u.Query().Get("consentAppId")}, "redirect_uri": {u.Query().Get("redirect_uri")}, "decision": {"approve"}}
	nc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := nc.PostForm(strings.Split(b.URL, "?")[0], form2)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	st, err = l.Next(t.Context(), integrations.Answer{Redirect: resp.Header.Get("Location")})
	done, ok := st.(*integrations.DoneStep)
	if err != nil || !ok {
		t.Fatalf("after the paste: %T %v", st, err)
	}
	if done.Grant.Method != integrations.AuthOAuth2 || done.Grant.Fingerprint != integrations.Fingerprint(dhan.ID, fake.MainClientID) ||
		!done.Grant.Expiry.Equal(clk.Now().Add(fake.TokenLife).Truncate(1e9)) {
		t.Errorf("grant = %v, expiry %v", done.Grant, done.Grant.Expiry)
	}
}

// Without the app registration the method asks for one; with a wrong
// secret Dhan refuses the consent and the form may be answered again.
func TestConsentNeedsTheApp(t *testing.T) {
	in := dhan.New()[0]
	env, _, _ := fake.Start(t, in, fake.Options{})
	noApp := env
	noApp.App = nil
	if _, err := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: noApp}); !errors.Is(err, integrations.ErrNeedsApp) {
		t.Errorf("no app: %v", err)
	}
	env.App = &integrations.AppRegistration{ClientID: fake.APIKey, ClientSecret: "wrong"}
	l, _ := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env,
		Values: map[string]string{dhan.FieldClientID: fake.MainClientID}})
	defer l.Close()
	st, err := l.Next(t.Context(), integrations.Answer{})
	if _, ok := st.(*integrations.FormStep); !ok || !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("wrong secret: %T %v", st, err)
	}
}
