package fake

import (
	"net/http"
	"net/url"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// consent is one API-key login in progress.
type consent struct {
	clientID string
	exp      time.Time
	used     bool
}

// loginPage is Dhan's login page as the fake serves it.
var loginPage = fakekit.LoginPage{Title: "Dhan (fake) — login", Heading: "Dhan (fake)",
	Intro:  "Log in to allow the app. On Dhan you would enter your mobile number, TOTP or OTP and PIN here.",
	Action: "consentApp-login"}

// generateConsent is POST /app/generate-consent?client_id= with the app_id
// and app_secret headers.
func (s *Server) generateConsent(w http.ResponseWriter, r *http.Request) {
	cid := r.URL.Query().Get("client_id")
	if r.Header.Get("app_id") != APIKey || r.Header.Get("app_secret") != APISecret || (cid != MainClientID && cid != SecondClientID) {
		writeError(w, http.StatusBadRequest, "Invalid_Authentication", "DH-901", "Invalid app credentials or client id.")
		return
	}
	id := fakekit.Random(16)
	s.mu.Lock()
	s.consents[id] = &consent{clientID: cid, exp: s.Now().Add(10 * time.Minute)}
	s.mu.Unlock()
	fakekit.WriteJSON(w, http.StatusOK, map[string]string{"consentAppId": id, "consentAppStatus": "GENERATED", "status": "success"})
}

// consentPage is Dhan's login page; the fake sends the browser to the
// redirect_uri of its URL (real Dhan uses the URL registered with the key).
func (s *Server) consentPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	c := s.consents[q.Get("consentAppId")]
	s.mu.Unlock()
	if _, ok := fakekit.Loopback(q.Get("redirect_uri")); c == nil || !ok {
		http.Error(w, "unknown consent or redirect_uri not on loopback", http.StatusBadRequest)
		return
	}
	loginPage.Write(w, http.StatusOK, fakekit.Hidden(q, "consentAppId", "redirect_uri"), "", "")
}

func (s *Server) consentDecision(w http.ResponseWriter, r *http.Request) {
	form, ok := fakekit.PageForm(w, r)
	if !ok {
		return
	}
	u, ok := fakekit.Loopback(form.Get("redirect_uri"))
	s.mu.Lock()
	c := s.consents[form.Get("consentAppId")]
	delete(s.consents, form.Get("consentAppId"))
	s.mu.Unlock()
	if c == nil || !ok || !s.Now().Before(c.exp) {
		http.Error(w, "unknown consent", http.StatusBadRequest)
		return
	}
	if form.Get("decision") != "approve" {
		fakekit.Redirect(w, r, u.String(), url.Values{"error": {"access_denied"}})
		return
	}
	id := fakekit.Random(16)
	s.mu.Lock()
	s.tokenIDs[id] = c
	s.mu.Unlock()
	fakekit.Redirect(w, r, u.String(), url.Values{"tokenId": {id}})
}

// consumeConsent is GET /app/consumeApp-consent?tokenId=: the access token,
// once.
func (s *Server) consumeConsent(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	c := s.tokenIDs[r.URL.Query().Get("tokenId")]
	delete(s.tokenIDs, r.URL.Query().Get("tokenId"))
	s.mu.Unlock()
	if r.Header.Get("app_id") != APIKey || r.Header.Get("app_secret") != APISecret || c == nil {
		writeError(w, http.StatusBadRequest, "Invalid_Authentication", "DH-901", "Invalid token id or app credentials.")
		return
	}
	exp := s.Now().Add(TokenLife)
	tok := s.Mint(c.clientID, exp)
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"dhanClientId": c.clientID, "dhanClientName": "MAIN TRADER",
		"dhanClientUcc": "ABCD12345E", "givenPowerOfAttorney": true, "accessToken": tok,
		"expiryTime": exp.In(fakekit.Kolkata).Format("2006-01-02T15:04:05")})
}
