package integrations

import "time"

// AppTokens is the token side of a grant made through the user's own app
// registration: the access token and its expiry on the integration's clock,
// the refresh token, and the app's client id (and secret, for a
// confidential client) that a refresh sends again. A package's secret
// embeds it beside what is its own; the JSON names are the ones those
// secrets always had.
type AppTokens struct {
	Access       string    `json:"access_token,omitempty"`
	Refresh      string    `json:"refresh_token"`
	AccessExpiry time.Time `json:"access_expiry,omitzero"`
	ClientID     string    `json:"client_id,omitempty"`
	ClientSecret string    `json:"client_secret,omitempty"`
}

// Token is the access token and its expiry: a TokenSource's Access.
func (t AppTokens) Token() (string, time.Time) { return t.Access, t.AccessExpiry }

// Whole reports whether t holds both tokens and the client id: a saved
// secret a client can use and refresh.
func (t AppTokens) Whole() bool { return t.Access != "" && t.Refresh != "" && t.ClientID != "" }

// Renewed is t after a refresh answered access, refresh and expiresIn: the
// new access token, expiring expiresIn seconds after now (def when the
// answer does not say), and the refresh token the answer names, else the
// one t had (an institution that does not rotate them answers without
// one).
func (t AppTokens) Renewed(access, refresh string, expiresIn int64, now time.Time, def time.Duration) AppTokens {
	t.Access, t.AccessExpiry = access, now.Add(Lifetime(expiresIn, def))
	if refresh != "" {
		t.Refresh = refresh
	}
	return t
}
