package app

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/vault"
)

// Bucket names; see the package doc.
const (
	bucketConnections = "connections"
	bucketGrants      = "grants"
	bucketSettings    = "settings"
	bucketSessions    = "sessions"
	keyPrefs          = "prefs"
)

func eventsBucket(connID string) string { return "events/" + connID }
func cacheBucket(connID string) string  { return "cache/" + connID }

// storedGrant is a grant as the vault keeps it.
type storedGrant struct {
	Method      integrations.AuthKind `json:"method"`
	Secret      []byte                `json:"secret"`
	Expiry      time.Time             `json:"expiry,omitzero"`
	Fingerprint string                `json:"fingerprint"`
}

func toStored(g integrations.Grant) storedGrant {
	return storedGrant{Method: g.Method, Secret: g.Secret, Expiry: g.Expiry, Fingerprint: g.Fingerprint}
}

func (s storedGrant) grant() integrations.Grant {
	return integrations.Grant{Method: s.Method, Secret: s.Secret, Expiry: s.Expiry, Fingerprint: s.Fingerprint}
}

// getJSON reads a record into out. The record is decrypted into locked
// memory and decoded inside the read transaction, so a Lock (which waits for
// transactions) can never destroy the buffer while it is being read; the
// plaintext is wiped before the transaction ends.
func getJSON(ctx context.Context, v *vault.Vault, bucket, key string, out any) error {
	return v.View(ctx, func(tx *vault.Tx) error { return txGetJSON(tx, bucket, key, out) })
}

func txGetJSON(tx *vault.Tx, bucket, key string, out any) error {
	// Read decrypts into the transaction's reused buffer of locked memory
	// and wipes it after: a record costs no LockedBuffer of its own.
	return tx.Read(bucket, key, func(b []byte) error {
		if packed(b) {
			plain, err := unpack(b)
			if err != nil {
				return fmt.Errorf("record %s/%s: %v", bucket, key, err)
			}
			defer wipe(plain)
			b = plain
		}
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("record %s/%s: %v", bucket, key, err)
		}
		return nil
	})
}

// A record may hold its JSON gzip-compressed (an imported statement's
// month chunks: a 50 MB file's activities take a sixth of the room, and
// bbolt copies less of them while it grows the file in the commit).
// JSON never starts with gzip's magic bytes, so txGetJSON reads both.

// maxUnpacked bounds a packed record's JSON.
const maxUnpacked = 1 << 30

func packed(b []byte) bool { return len(b) >= 18 && b[0] == 0x1f && b[1] == 0x8b }

// unpack returns a packed record's JSON in a buffer of its exact size (the
// caller wipes it).
func unpack(b []byte) ([]byte, error) {
	size := binary.LittleEndian.Uint32(b[len(b)-4:]) // gzip's ISIZE: the JSON's length mod 2³²
	if size > maxUnpacked {
		return nil, errors.New("packed record too large")
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	plain := make([]byte, size)
	if _, err := io.ReadFull(zr, plain); err != nil {
		wipe(plain)
		return nil, err
	}
	if n, err := zr.Read(make([]byte, 1)); n != 0 || err != io.EOF { // checks the CRC too
		wipe(plain)
		return nil, errors.New("packed record damaged")
	}
	return plain, nil
}

// packer gzips records for txPutPacked, its buffers used again record
// after record and wiped.
type packer struct {
	zw  *gzip.Writer
	out bytes.Buffer
}

// txPutPacked writes plain (a record's JSON) gzip-compressed.
func (p *packer) txPutPacked(tx *vault.Tx, bucket, key string, plain []byte) error {
	p.wipe()
	p.out.Reset()
	p.out.Grow(len(plain)/4 + 512)
	if p.zw == nil {
		p.zw, _ = gzip.NewWriterLevel(&p.out, gzip.BestSpeed) // a valid level: no error
	} else {
		p.zw.Reset(&p.out)
	}
	if _, err := p.zw.Write(plain); err != nil {
		return err
	}
	if err := p.zw.Close(); err != nil {
		return err
	}
	return tx.Put(bucket, key, p.out.Bytes())
}

func (p *packer) wipe() { wipe(p.out.Bytes()) }

func txPutJSON(tx *vault.Tx, bucket, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	defer wipe(b)
	return tx.Put(bucket, key, b)
}

func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}

// Connections returns every connection, oldest first.
func (a *App) Connections(ctx context.Context) ([]Connection, error) {
	var out []Connection
	err := a.v.View(ctx, func(tx *vault.Tx) error {
		ids, err := tx.List(bucketConnections)
		if err != nil {
			return err
		}
		for _, id := range ids {
			var c Connection
			if err := txGetJSON(tx, bucketConnections, id, &c); err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list connections: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.Before(out[j].CreatedAt)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// MinIDPrefix is the shortest prefix of a connection id that Connection
// accepts in place of the id.
const MinIDPrefix = 4

// Connection returns one connection. An unambiguous prefix of its id, of at
// least MinIDPrefix characters, works too; a prefix that begins several ids
// is refused as ambiguous (matching ErrNotFound).
func (a *App) Connection(ctx context.Context, id string) (Connection, error) {
	var c Connection
	err := getJSON(ctx, a.v, bucketConnections, id, &c)
	if errors.Is(err, vault.ErrNotFound) && len(id) >= MinIDPrefix {
		all, lerr := a.Connections(ctx)
		if lerr != nil {
			return Connection{}, lerr
		}
		var match []Connection
		for _, x := range all {
			if strings.HasPrefix(x.ID, id) {
				match = append(match, x)
			}
		}
		switch {
		case len(match) == 1:
			return match[0], nil
		case len(match) > 1:
			return Connection{}, fmt.Errorf("%w: %s is ambiguous: %d connection ids begin with it; give more of the id", ErrNotFound, id, len(match))
		}
	}
	if errors.Is(err, vault.ErrNotFound) && len(id) < MinIDPrefix {
		return Connection{}, fmt.Errorf("%w: %s (a shortened id needs at least %d characters)", ErrNotFound, id, MinIDPrefix)
	}
	if errors.Is(err, vault.ErrNotFound) {
		return Connection{}, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if err != nil {
		return Connection{}, fmt.Errorf("read connection %s: %w", id, err)
	}
	return c, nil
}

// updateConnection applies fn to the stored connection in one transaction.
func (a *App) updateConnection(ctx context.Context, id string, fn func(tx *vault.Tx, c *Connection) error) (Connection, error) {
	var c Connection
	err := a.v.Update(ctx, func(tx *vault.Tx) error {
		if err := txGetJSON(tx, bucketConnections, id, &c); err != nil {
			if errors.Is(err, vault.ErrNotFound) {
				return fmt.Errorf("%w: %s", ErrNotFound, id)
			}
			return err
		}
		if err := fn(tx, &c); err != nil {
			return err
		}
		return txPutJSON(tx, bucketConnections, id, c)
	})
	return c, err
}

// Rename sets a connection's label.
func (a *App) Rename(ctx context.Context, id, label string) (Connection, error) {
	label = strings.TrimSpace(label)
	if label == "" {
		return Connection{}, errors.New("the label cannot be empty")
	}
	c, err := a.Connection(ctx, id)
	if err != nil {
		return Connection{}, err
	}
	return a.updateConnection(ctx, c.ID, func(_ *vault.Tx, c *Connection) error {
		c.Label = label
		return nil
	})
}

// CanRemoveAtInstitution reports whether the connection's grant can also be
// removed at its institution or bridge when the user removes it (a
// SnapTrade authorization): front ends then offer the choice.
func (a *App) CanRemoveAtInstitution(c Connection) bool {
	in, err := a.reg.Get(c.InstitutionID)
	if err != nil {
		return false
	}
	_, ok := in.(integrations.Remover)
	return ok
}

// DisconnectOptions tune Disconnect.
type DisconnectOptions struct {
	// AtInstitution also removes the grant at the institution or bridge
	// (integrations.Remover) before the connection is removed here; if that
	// fails, nothing is removed and the error says why.
	AtInstitution bool
}

// Disconnect removes the connection, its grant, its cached data (snapshots
// included) and its history from the vault.
func (a *App) Disconnect(ctx context.Context, id string, opts ...DisconnectOptions) error {
	c, err := a.Connection(ctx, id)
	if err != nil {
		return err
	}
	if len(opts) > 0 && opts[0].AtInstitution {
		if err := a.removeAtInstitution(ctx, c); err != nil {
			return fmt.Errorf("remove %s at the institution: %w", c.Label, err)
		}
	}
	m := a.connLock(c.ID)
	m.Lock()
	defer m.Unlock()
	err = a.v.Update(ctx, func(tx *vault.Tx) error {
		for _, step := range []func() error{
			func() error { return tx.Delete(bucketConnections, c.ID) },
			func() error { return tx.Delete(bucketGrants, c.ID) },
			func() error { return tx.DeleteBucket(cacheBucket(c.ID)) },
			func() error { return tx.DeleteBucket(portfolioBucket(c.ID)) },
			func() error { return tx.DeleteBucket(eventsBucket(c.ID)) },
		} {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("disconnect %s: %w", c.ID, err)
	}
	a.reg.Release(c.ID)
	return nil
}

// Grant returns a connection's grant. It holds the secret: callers keep it
// no longer than needed.
func (a *App) Grant(ctx context.Context, id string) (integrations.Grant, error) {
	var s storedGrant
	if err := getJSON(ctx, a.v, bucketGrants, id, &s); err != nil {
		return integrations.Grant{}, fmt.Errorf("read grant of %s: %w", id, err)
	}
	return s.grant(), nil
}

// appendEvent appends e to a connection's history inside tx.
func appendEvent(tx *vault.Tx, bucket string, e Event) error {
	keys, err := tx.List(bucket)
	if err != nil {
		return err
	}
	seq := 0
	if n := len(keys); n > 0 {
		fmt.Sscanf(keys[n-1], "%d", &seq)
	}
	return txPutJSON(tx, bucket, fmt.Sprintf("%012d", seq+1), e)
}

// History returns a connection's events, oldest first.
func (a *App) History(ctx context.Context, id string) ([]Event, error) {
	c, err := a.Connection(ctx, id)
	if err != nil {
		return nil, err
	}
	var out []Event
	err = a.v.View(ctx, func(tx *vault.Tx) error {
		keys, err := tx.List(eventsBucket(c.ID))
		if err != nil {
			return err
		}
		for _, k := range keys {
			var e Event
			if err := txGetJSON(tx, eventsBucket(c.ID), k, &e); err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// Preferences returns the user's settings.
func (a *App) Preferences(ctx context.Context) (Preferences, error) {
	p := DefaultPreferences
	err := getJSON(ctx, a.v, bucketSettings, keyPrefs, &p)
	if errors.Is(err, vault.ErrNotFound) {
		return DefaultPreferences, nil
	}
	return p, err
}

// SetPreferences saves the user's settings.
func (a *App) SetPreferences(ctx context.Context, p Preferences) error {
	if p.AutoLockMinutes < 0 || p.RefreshIntervalMinutes < 0 {
		return errors.New("minutes cannot be negative")
	}
	if p.BaseCurrency != "" {
		code, err := CurrencyCode(p.BaseCurrency)
		if err != nil {
			return err
		}
		p.BaseCurrency = code
	}
	return a.v.Update(ctx, func(tx *vault.Tx) error { return txPutJSON(tx, bucketSettings, keyPrefs, p) })
}

type storedApp struct {
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret,omitempty"`
	RedirectPort int    `json:"redirect_port,omitempty"`
}

// AppRegistration returns the user's app registration for an institution,
// nil when none is set.
func (a *App) AppRegistration(ctx context.Context, institutionID string) (*integrations.AppRegistration, error) {
	var s storedApp
	err := getJSON(ctx, a.v, bucketSettings, "app/"+institutionID, &s)
	if errors.Is(err, vault.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &integrations.AppRegistration{ClientID: s.ClientID, ClientSecret: s.ClientSecret, RedirectPort: s.RedirectPort}, nil
}

// SetAppRegistration saves (or, with a nil registration, removes) the user's
// app registration for an institution.
func (a *App) SetAppRegistration(ctx context.Context, institutionID string, r *integrations.AppRegistration) error {
	if _, err := a.reg.Get(institutionID); err != nil {
		return err
	}
	if r != nil && strings.TrimSpace(r.ClientID) == "" {
		return errors.New("the client id cannot be empty")
	}
	if r != nil && (r.RedirectPort < 0 || r.RedirectPort > 65535) {
		return errors.New("the redirect port must be between 1 and 65535")
	}
	return a.v.Update(ctx, func(tx *vault.Tx) error {
		if r == nil {
			return tx.Delete(bucketSettings, "app/"+institutionID)
		}
		return txPutJSON(tx, bucketSettings, "app/"+institutionID,
			storedApp{ClientID: strings.TrimSpace(r.ClientID), ClientSecret: r.ClientSecret, RedirectPort: r.RedirectPort})
	})
}

// env builds the integration Env for an institution with the user's app
// registration, outside any connection's rate-limit scope.
func (a *App) env(ctx context.Context, institutionID string) (integrations.Env, error) {
	return a.envFor(ctx, institutionID, "")
}

// envFor is env within a rate-limit scope (integrations.Registry.EnvFor;
// "" is none): the clock is the app's.
func (a *App) envFor(ctx context.Context, institutionID, scope string) (integrations.Env, error) {
	app, err := a.AppRegistration(ctx, institutionID)
	if err != nil {
		return integrations.Env{}, err
	}
	env, err := a.reg.EnvFor(institutionID, scope, app)
	if err != nil {
		return env, err
	}
	env.Now = a.now
	return env, nil
}

func (a *App) removeAtInstitution(ctx context.Context, c Connection) error {
	in, err := a.reg.Get(c.InstitutionID)
	if err != nil {
		return err
	}
	r, ok := in.(integrations.Remover)
	if !ok {
		return integrations.Wrap(integrations.ErrNotSupported, "this institution has nothing to remove")
	}
	g, err := a.Grant(ctx, c.ID)
	if err != nil {
		return err
	}
	env, err := a.connEnv(ctx, c)
	if err != nil {
		return err
	}
	return r.Remove(ctx, g, env)
}
