package demo

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// Files the demo keeps in the app's data folder.
const (
	keyFile    = "demo-signing.key"
	revokeFile = "demo-revoked.txt"
)

// Token types, the prefix of every token the demo issues.
const (
	typAccess  = "at" // OAuth access token, 15 minutes
	typRefresh = "rt" // OAuth refresh token, rotated on every use
	typSession = "ss" // credentials login session
)

// claims are what a demo token says about itself. Tokens are
// "dk_<typ>_" + base64url(JSON claims) + "." + base64url(HMAC-SHA256(key, typ ‖ payload)),
// so the server needs no state to validate them and they survive a restart.
type claims struct {
	Typ      string `json:"typ"`
	Inst     string `json:"ins"`           // institution id
	Sub      string `json:"sub"`           // institution-side user id
	User     string `json:"usr"`           // the demo username (the scenario)
	GrantID  string `json:"gid"`           // one per login; what revocation names
	Gen      int    `json:"gen,omitempty"` // refresh-token generation
	IssuedAt int64  `json:"iat"`           // unix nanoseconds
	Expires  int64  `json:"exp"`           // unix seconds
	GrantExp int64  `json:"gex"`           // unix seconds: when the login ends
}

func (c claims) expired(now time.Time) bool { return now.Unix() >= c.Expires }

// signer signs and verifies tokens with the demo's key.
type signer struct{ key []byte }

// loadKey returns the signing key kept in dir, creating it (0600) on first
// use. With dir "", the key is random and lives in memory only.
func loadKey(dir string) ([]byte, error) {
	if dir == "" {
		return randomBytes(32), nil
	}
	path := filepath.Join(dir, keyFile)
	if b, err := os.ReadFile(path); err == nil {
		key, derr := hex.DecodeString(strings.TrimSpace(string(b)))
		if derr != nil || len(key) < 32 {
			return nil, fmt.Errorf("demo: signing key %s is damaged; delete it to start over (existing demo connections will need repair)", path)
		}
		return key, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	key := randomBytes(32)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		// Another process created it first: use theirs.
		return loadKey(dir)
	}
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	_, werr := f.WriteString(hex.EncodeToString(key) + "\n")
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
		return nil, fmt.Errorf("demo: %w", werr)
	}
	return key, nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return b
}

func randomID(prefix string) string { return prefix + hex.EncodeToString(randomBytes(16)) }

var b64 = base64.RawURLEncoding

func (s *signer) mac(typ string, payload []byte) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(typ))
	m.Write([]byte{0})
	m.Write(payload)
	return m.Sum(nil)
}

func (s *signer) sign(c claims) string {
	payload, _ := json.Marshal(c)
	return "dk_" + c.Typ + "_" + b64.EncodeToString(payload) + "." + b64.EncodeToString(s.mac(c.Typ, payload))
}

var errBadToken = errors.New("malformed or forged token")

// verify checks a token's signature and type; it does not check expiry or
// revocation.
func (s *signer) verify(tok, typ string) (claims, error) {
	c, payload, sig, err := parseToken(tok)
	if err != nil || c.Typ != typ {
		return claims{}, errBadToken
	}
	if !hmac.Equal(sig, s.mac(typ, payload)) {
		return claims{}, errBadToken
	}
	return c, nil
}

// parseToken splits and decodes a token without verifying it.
func parseToken(tok string) (claims, []byte, []byte, error) {
	rest, ok := strings.CutPrefix(tok, "dk_")
	if !ok || len(rest) < 3 || rest[2] != '_' {
		return claims{}, nil, nil, errBadToken
	}
	typ := rest[:2]
	p, sg, ok := strings.Cut(rest[3:], ".")
	if !ok {
		return claims{}, nil, nil, errBadToken
	}
	payload, err1 := b64.DecodeString(p)
	sig, err2 := b64.DecodeString(sg)
	if err1 != nil || err2 != nil {
		return claims{}, nil, nil, errBadToken
	}
	var c claims
	if err := json.Unmarshal(payload, &c); err != nil || c.Typ != typ {
		return claims{}, nil, nil, errBadToken
	}
	return c, payload, sig, nil
}

// revocations is the revocation list: a text file in the data folder with
// one revoked grant id per line (a "#" starts a comment), re-read whenever it
// changes so that a revocation made by another process (the CLI) takes
// effect. With no data folder it lives in memory.
type revocations struct {
	path string

	mu      sync.Mutex
	ids     map[string]bool
	size    int64
	modTime time.Time
}

func newRevocations(dir string) *revocations {
	r := &revocations{ids: map[string]bool{}}
	if dir != "" {
		r.path = filepath.Join(dir, revokeFile)
	}
	return r
}

// revoked reports whether grant id gid is on the list.
func (r *revocations) revoked(gid string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reload()
	return r.ids[gid]
}

// add puts gid on the list.
func (r *revocations) add(gid string, now time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.path != "" {
		if err := appendRevocation(filepath.Dir(r.path), gid, now); err != nil {
			return err
		}
		r.reload()
	}
	r.ids[gid] = true
	return nil
}

func (r *revocations) reload() {
	if r.path == "" {
		return
	}
	fi, err := os.Stat(r.path)
	if err != nil {
		return // no list yet (or unreadable): nothing more is revoked
	}
	if fi.Size() == r.size && fi.ModTime().Equal(r.modTime) {
		return
	}
	b, err := os.ReadFile(r.path)
	if err != nil {
		return
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if f := strings.Fields(line); len(f) > 0 {
			r.ids[f[0]] = true
		}
	}
	r.size, r.modTime = fi.Size(), fi.ModTime()
}

func appendRevocation(dir, gid string, now time.Time) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, revokeFile), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	_, werr := fmt.Fprintf(f, "%s # revoked %s\n", gid, now.UTC().Format(time.RFC3339))
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("demo: %w", werr)
	}
	return nil
}

// Revoke revokes a demo grant the way a user revokes an app's access at their
// broker: it adds the grant's id to the revocation list in dataDir (the app's
// data folder). Every demo server using dataDir refuses the grant from its
// next request on, including servers in other processes; the connection then
// needs repair. It fails for a grant the demo did not issue and for dataDir "".
func Revoke(dataDir string, g integrations.Grant) error {
	if dataDir == "" {
		return errors.New("demo: no data folder to keep the revocation list in")
	}
	gid, err := grantID(g)
	if err != nil {
		return err
	}
	return appendRevocation(dataDir, gid, time.Now())
}

// grantID returns the id that names a demo grant on the revocation list.
func grantID(g integrations.Grant) (string, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return "", err
	}
	switch sec.Kind {
	case secretAPIKey:
		if sec.Conn != "" {
			return sec.Conn, nil
		}
	case secretOAuth:
		if c, _, _, err := parseToken(sec.Refresh); err == nil && c.GrantID != "" {
			return c.GrantID, nil
		}
	case secretSession:
		if c, _, _, err := parseToken(sec.Access); err == nil && c.GrantID != "" {
			return c.GrantID, nil
		}
	}
	return "", errors.New("demo: not a grant issued by the demo")
}

// Grant secret kinds.
const (
	secretOAuth   = "oauth"
	secretSession = "session"
	secretAPIKey  = "apikey"
)

// secret is what a demo Grant.Secret holds (JSON).
type secret struct {
	Kind string `json:"kind"`
	// OAuth and session logins.
	Access       string    `json:"access_token,omitempty"`
	Refresh      string    `json:"refresh_token,omitempty"`
	AccessExpiry time.Time `json:"access_expiry,omitzero"`
	// API-key logins (demo-crypto).
	Key    string `json:"api_key,omitempty"`
	Secret string `json:"api_secret,omitempty"`
	Conn   string `json:"connection,omitempty"`
}

func decodeSecret(b []byte) (secret, error) {
	var s secret
	if err := json.Unmarshal(b, &s); err != nil || s.Kind == "" {
		return secret{}, errors.New("demo: not a grant issued by the demo")
	}
	return s, nil
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }
