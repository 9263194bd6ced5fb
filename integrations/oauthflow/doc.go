// Package oauthflow runs OAuth 2.0 authorization-code logins in the system
// browser (RFC 8252, RFC 9700) with golang.org/x/oauth2 behind one helper.
//
// [Start] opens a loopback listener on 127.0.0.1 only (an ephemeral port, or
// the fixed port an institution's registration requires; plain http, or https
// with a self-signed ECDSA P-256 certificate made for the flow), under an
// unguessable callback path per institution, and builds the authorize URL
// with a fresh state of 256 bits and a fresh PKCE S256 verifier. The app
// opens [Flow.URL] through integrations.Browser and always shows it for
// copying too.
//
// The listener answers only a GET of the callback path whose state matches
// (compared in constant time). A wrong or missing state gets a static 400
// page and any other request a 404, neither ending the flow, so a local
// process cannot cut the login short. The first valid callback is accepted
// and the listener closes; result pages are static and reflect nothing. An
// error= answer becomes a contract error (access_denied →
// integrations.ErrApprovalDenied). When the callback cannot reach Latchkey,
// the user pastes the final redirect URL or the code ([Flow.Paste]). The
// wait ends after five minutes (integrations.ErrLoginTimeout), on cancel, or
// on Close.
//
// [OwnApp] is the Config of a login through the user's own app (its
// client id and secret, the redirect port registered with it); the
// institution adds its own settings. [NewLogin] and [NewLoginFunc] adapt a
// flow to integrations.Login.
// [TokenSource] refreshes tokens, persisting refreshed and rotated tokens
// before they are used, and turns a refused refresh into
// integrations.ErrReauthRequired. [MapTokenError] maps token-endpoint errors
// without leaking the response body. Codes, states and tokens are never
// logged.
package oauthflow
