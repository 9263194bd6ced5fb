package integrations

import (
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"sort"
	"strings"
	"time"
)

// Grant is what a login produces and the vault keeps: the secret material
// (tokens, keys, a session) and its non-secret metadata.
//
// Secret is opaque to everyone but the integration that made it. It is never
// logged: Grant's String, GoString and LogValue redact it.
type Grant struct {
	Method AuthKind `json:"method"`
	// Secret is the integration's serialised credential material.
	Secret []byte `json:"-"`
	// Expiry is when the user will have to log in again (the refresh token's
	// end, or the session's), zero when unknown or never.
	Expiry time.Time `json:"expiry,omitzero"`
	// Fingerprint identifies the login at the institution: a hash of its user
	// or account ids (see Fingerprint). Repairs with another fingerprint are
	// refused.
	Fingerprint string `json:"fingerprint"`
}

// String redacts the secret.
func (g Grant) String() string {
	return "Grant{method=" + string(g.Method) + " fingerprint=" + g.Fingerprint + " secret=[redacted]}"
}

// GoString redacts the secret.
func (g Grant) GoString() string { return g.String() }

// LogValue redacts the secret.
func (g Grant) LogValue() slog.Value {
	return slog.GroupValue(slog.String("method", string(g.Method)), slog.String("fingerprint", g.Fingerprint))
}

// Fingerprint hashes an institution id and the institution-side ids that name
// a login (user id, account ids) into a stable, non-reversible string. The
// order of ids does not matter.
func Fingerprint(institutionID string, ids ...string) string {
	s := append([]string(nil), ids...)
	sort.Strings(s)
	h := sha256.Sum256([]byte(institutionID + "\x00" + strings.Join(s, "\x00")))
	return hex.EncodeToString(h[:16])
}

// AppRegistration is the user's own OAuth app at an institution, entered once
// in Settings and kept in the vault. Latchkey ships no client secret.
type AppRegistration struct {
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"-"`
	RedirectPort int    `json:"redirect_port,omitempty"` // 0: the method's default
}

// String redacts the client secret.
func (a AppRegistration) String() string { return "AppRegistration{client_id=" + a.ClientID + "}" }

// GoString redacts the client secret.
func (a AppRegistration) GoString() string { return a.String() }
