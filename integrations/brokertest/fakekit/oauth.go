package fakekit

import (
	"cmp"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// OAuth is a fake OAuth 2.0 authorization server (RFC 6749 authorization
// code grant, RFC 7636 PKCE, RFC 7009 revocation): mount its handlers on the
// institution's paths.
//
//	mux.HandleFunc("GET /oauth/authorize", o.Authorize) // the consent page
//	mux.HandleFunc("POST /oauth/authorize", o.Decide)   // Approve or Deny
//	mux.HandleFunc("POST /oauth/token", o.Token())      // code and refresh grants
//	mux.HandleFunc("POST /oauth/revoke", o.Revoke)
//
// Codes are single-use, live CodeLife, and are bound to the client, the
// redirect URI and the PKCE challenge; redirect URIs must be on loopback.
// Set the fields before serving.
type OAuth struct {
	// Name is the institution, shown on the consent page.
	Name string
	// Tokens issues and checks the tokens.
	Tokens *Tokens
	// Now is the fake's clock (default time.Now).
	Now func() time.Time
	// CodeLife is how long a code lives (default 10 minutes).
	CodeLife time.Duration
	// RequirePKCE refuses an authorize request without an S256 challenge.
	RequirePKCE bool
	// ParamsInQuery reads the token request's parameters from the URL
	// query as well as the body (Questrade documents them in the query).
	ParamsInQuery bool
	// Client authenticates the token request and names the client; the
	// default is ClientSecretPost.
	Client func(r *http.Request, params url.Values) (clientID string, ok bool)
	// Users, when set, has the consent page ask whom to sign in as (a
	// "username" field, one of Users); the subject is then that user.
	Users []string
	// Subject is whose tokens a consent issues when Users is empty
	// (default "user"). A refresh token is refreshed only for its own
	// subject: one of Users, or Subject (an environment's tokens are not
	// another's).
	Subject string
	// RefreshFor says whether a client gets a refresh token (default all).
	RefreshFor func(clientID string) bool
	// Answer shapes the token answer (default Issued.Standard).
	Answer func(t Issued) map[string]any
	// Error writes a token-endpoint refusal (default OAuthError).
	Error func(w http.ResponseWriter, status int, code, desc string)

	mu    sync.Mutex
	codes map[string]*code
}

type code struct {
	clientID, redirect, challenge, method, subject string
	expires                                        time.Time
}

// Issued is a token answer about to be written.
type Issued struct {
	ClientID, Subject string
	Access, Refresh   string
	ExpiresIn         int // seconds; 0 when the token does not expire
}

// Standard is RFC 6749's answer: access_token, token_type, and expires_in
// and refresh_token when there are.
func (t Issued) Standard() map[string]any {
	m := map[string]any{"access_token": t.Access, "token_type": "bearer"}
	if t.ExpiresIn > 0 {
		m["expires_in"] = t.ExpiresIn
	}
	if t.Refresh != "" {
		m["refresh_token"] = t.Refresh
	}
	return m
}

// OAuthError writes RFC 6749's error answer.
func OAuthError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Cache-Control", "no-store")
	WriteJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

// ClientSecretPost authenticates a client by client_id and a non-empty
// client_secret in the parameters, or by HTTP Basic.
func ClientSecretPost(r *http.Request, p url.Values) (string, bool) {
	if id, sec, ok := r.BasicAuth(); ok {
		return id, id != "" && sec != ""
	}
	return p.Get("client_id"), p.Get("client_id") != "" && p.Get("client_secret") != ""
}

// ClientSecretBasic authenticates a client by HTTP Basic only.
func ClientSecretBasic(r *http.Request, _ url.Values) (string, bool) {
	id, sec, ok := r.BasicAuth()
	if id, err := url.QueryUnescape(id); err == nil && ok {
		return id, id != "" && sec != ""
	}
	return "", false
}

// PublicClient takes client_id from the parameters without a secret (a
// public client; a refresh may name none).
func PublicClient(_ *http.Request, p url.Values) (string, bool) { return p.Get("client_id"), true }

// check validates authorize parameters, returning a message for the user.
func (o *OAuth) check(q url.Values) string {
	_, loop := Loopback(q.Get("redirect_uri"))
	switch m := q.Get("code_challenge_method"); {
	case q.Get("response_type") != "code":
		return "response_type must be code"
	case q.Get("client_id") == "":
		return "client_id is required"
	case !loop:
		return "redirect_uri must be a loopback URL (this fake runs on your computer)"
	case o.RequirePKCE && (q.Get("code_challenge") == "" || m != "S256"):
		return "a PKCE code_challenge with code_challenge_method=S256 is required"
	case q.Get("code_challenge") != "" && m != "" && m != "S256" && m != "plain":
		return "code_challenge_method must be S256 or plain"
	}
	return ""
}

func (o *OAuth) consent(w http.ResponseWriter, r *http.Request, q url.Values, msg string, status int) {
	var keys []string
	for k := range q {
		if k != "decision" && k != "username" {
			keys = append(keys, k)
		}
	}
	client, scope := q.Get("client_id"), q.Get("scope")
	if scope != "" {
		scope = " (" + scope + ")"
	}
	page := LoginPage{Title: o.Name + " (local fake): authorize an app", Heading: "Authorize " + client, Action: r.URL.Path,
		Intro: "The app " + client + " asks to read your " + o.Name + " accounts" + scope + ". This is Latchkey's local stand-in for " + o.Name + "."}
	user := ""
	if len(o.Users) > 0 {
		page.Field, page.Label, user = "username", "Sign in as", o.Users[0]
	}
	page.Write(w, status, Hidden(q, keys...), user, msg)
}

// Authorize serves the consent page for an authorize request.
func (o *OAuth) Authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if msg := o.check(q); msg != "" {
		http.Error(w, msg, http.StatusBadRequest)
		return
	}
	o.consent(w, r, q, "", http.StatusOK)
}

// Decide takes the consent page's answer and redirects the browser back with
// a code, or with error=access_denied.
func (o *OAuth) Decide(w http.ResponseWriter, r *http.Request) {
	q, ok := PageForm(w, r)
	if !ok {
		return
	}
	if msg := o.check(q); msg != "" {
		http.Error(w, msg, http.StatusBadRequest)
		return
	}
	back := url.Values{}
	if st := q.Get("state"); st != "" {
		back.Set("state", st)
	}
	if q.Get("decision") != "approve" {
		back.Set("error", "access_denied")
		back.Set("error_description", "The user denied the request")
		Redirect(w, r, q.Get("redirect_uri"), back)
		return
	}
	subject := cmp.Or(o.Subject, "user")
	if len(o.Users) > 0 {
		subject = strings.TrimSpace(q.Get("username"))
		if !slices.Contains(o.Users, subject) {
			o.consent(w, r, q, "Unknown user: try "+strings.Join(o.Users, " or ")+".", http.StatusOK)
			return
		}
	}
	c := Random(16)
	o.mu.Lock()
	if o.codes == nil {
		o.codes = map[string]*code{}
	}
	o.codes[c] = &code{clientID: q.Get("client_id"), redirect: q.Get("redirect_uri"), challenge: q.Get("code_challenge"),
		method: q.Get("code_challenge_method"), subject: subject, expires: now(o.Now).Add(cmp.Or(o.CodeLife, 10*time.Minute))}
	o.mu.Unlock()
	back.Set("code", c)
	Redirect(w, r, q.Get("redirect_uri"), back)
}

// Redirect sends the browser (302 Found) to uri with each set of params
// added to its query in turn, a later set's value replacing an earlier's:
// a consent or login page sending the user back to the app.
func Redirect(w http.ResponseWriter, r *http.Request, uri string, params ...url.Values) {
	u, _ := url.Parse(uri)
	q := u.Query()
	for _, p := range params {
		for k, vs := range p {
			q[k] = vs
		}
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// pkceOK checks a verifier against the code's challenge (plain when no
// method was named).
func pkceOK(c *code, verifier string) bool {
	if c.challenge == "" {
		return true
	}
	want := verifier
	if c.method == "S256" {
		sum := sha256.Sum256([]byte(verifier))
		want = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	return verifier != "" && subtle.ConstantTimeCompare([]byte(want), []byte(c.challenge)) == 1
}

// Token is the token endpoint for the given grant types (default
// authorization_code and refresh_token).
func (o *OAuth) Token(grants ...string) http.HandlerFunc {
	if len(grants) == 0 {
		grants = []string{"authorization_code", "refresh_token"}
	}
	fail := o.Error
	if fail == nil {
		fail = OAuthError
	}
	client := o.Client
	if client == nil {
		client = ClientSecretPost
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			fail(w, http.StatusBadRequest, "invalid_request", "the request is malformed")
			return
		}
		p := r.PostForm
		if o.ParamsInQuery {
			p = r.Form
		}
		grant := p.Get("grant_type")
		if !slices.Contains(grants, grant) {
			fail(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be one of "+strings.Join(grants, ", "))
			return
		}
		clientID, ok := client(r, p)
		if !ok {
			fail(w, http.StatusUnauthorized, "invalid_client", "client authentication failed")
			return
		}
		var subject, refresh string
		switch grant {
		case "authorization_code":
			o.mu.Lock()
			c := o.codes[p.Get("code")]
			delete(o.codes, p.Get("code")) // single-use, even when refused
			o.mu.Unlock()
			if c == nil || !now(o.Now).Before(c.expires) || (clientID != "" && c.clientID != clientID) ||
				c.redirect != p.Get("redirect_uri") || !pkceOK(c, p.Get("code_verifier")) {
				fail(w, http.StatusBadRequest, "invalid_grant", "the code is invalid, used, expired or was issued to another client")
				return
			}
			subject = c.subject
		case "refresh_token":
			rt := p.Get("refresh_token")
			if subject, ok = o.Tokens.Refresh(rt); !ok || !o.owns(subject) {
				fail(w, http.StatusBadRequest, "invalid_grant", "the refresh token is invalid, used, expired or revoked")
				return
			}
			if !o.Tokens.Rotate {
				refresh = rt // the same refresh token stays
			}
		}
		withRefresh := refresh == "" && (o.RefreshFor == nil || o.RefreshFor(clientID))
		access, fresh := o.Tokens.Issue(subject, withRefresh)
		t := Issued{ClientID: clientID, Subject: subject, Access: access, Refresh: cmp.Or(fresh, refresh),
			ExpiresIn: int(o.Tokens.AccessLife / time.Second)}
		answer := Issued.Standard
		if o.Answer != nil {
			answer = o.Answer
		}
		w.Header().Set("Cache-Control", "no-store")
		WriteJSON(w, http.StatusOK, answer(t))
	}
}

// owns reports whether subject's tokens are this server's to refresh: one of
// Users, or Subject.
func (o *OAuth) owns(subject string) bool {
	if len(o.Users) > 0 {
		return slices.Contains(o.Users, subject)
	}
	return subject == cmp.Or(o.Subject, "user")
}

// Revoke revokes the token named by the token parameter (RFC 7009: 200
// whether or not it was known).
func (o *OAuth) Revoke(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	o.Tokens.Revoke(r.PostForm.Get("token"))
	w.WriteHeader(http.StatusOK)
}
