package demo

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/internal/permtest"
)

// authLog records the bearer token of every request, in order.
type authLog struct {
	mu   sync.Mutex
	seen []string
}

func (l *authLog) hook(r *http.Request) {
	l.mu.Lock()
	l.seen = append(l.seen, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
	l.mu.Unlock()
}

func (l *authLog) n() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.seen)
}

// firstUse returns the index of the first request that carried tok, or -1.
func (l *authLog) firstUse(tok string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, s := range l.seen {
		if s == tok {
			return i
		}
	}
	return -1
}

func secretOf(t *testing.T, g integrations.Grant) secret {
	t.Helper()
	s, err := decodeSecret(g.Secret)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRefreshRotation(t *testing.T) {
	r := newRig(t, Options{})
	d := r.oauthLogin(t, "user_good")
	old := secretOf(t, d.Grant)
	log := &authLog{}
	r.tr.setHook(log.hook)
	sv := &saves{}
	savedAt := -1
	sv.onSave = func() { savedAt = log.n() }
	c := r.client(t, r.broker, d.Grant, sv.save)

	if _, err := c.Accounts(ctxT(t)); err != nil || sv.n() != 0 {
		t.Fatalf("with a fresh access token: %v, %d saves", err, sv.n())
	}
	r.clk.Add(accessTokenLife) // the access token is due
	if _, err := c.Accounts(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if sv.n() != 1 {
		t.Fatalf("%d saves after a refresh, want 1", sv.n())
	}
	g := sv.last()
	next := secretOf(t, g)
	if next.Access == old.Access || next.Refresh == old.Refresh {
		t.Error("the refresh did not rotate both tokens")
	}
	if !g.Expiry.Equal(d.Grant.Expiry) || g.Fingerprint != d.Grant.Fingerprint || g.Method != integrations.AuthOAuth2 {
		t.Errorf("rotated grant %v expiring %s; want the login's fingerprint and expiry %s", g, g.Expiry, d.Grant.Expiry)
	}
	if !next.AccessExpiry.Equal(r.clk.Now().Add(accessTokenLife)) {
		t.Errorf("new access token expires %s", next.AccessExpiry)
	}
	if use := log.firstUse(next.Access); use < 0 || savedAt < 0 || savedAt > use {
		t.Errorf("saved at request %d, new token first used at request %d: save must come first", savedAt, use)
	}

	// The used refresh token is refused; the saved grant works.
	resp, err := http.PostForm(r.srv.URL()+"/oauth/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {old.Refresh}, "client_id": {ClientID}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("reusing a rotated refresh token: %s", resp.Status)
	}
	if _, err := r.client(t, r.broker, g, nil).Accounts(ctxT(t)); err != nil {
		t.Errorf("client from the saved grant: %v", err)
	}
}

func TestRefreshSaveFails(t *testing.T) {
	r := newRig(t, Options{})
	d := r.oauthLogin(t, "user_good")
	log := &authLog{}
	r.tr.setHook(log.hook)
	diskFull := errors.New("disk full")
	sv := &saves{fail: diskFull}
	c := r.client(t, r.broker, d.Grant, sv.save)
	r.clk.Add(accessTokenLife)
	if _, err := c.Accounts(ctxT(t)); !errors.Is(err, diskFull) {
		t.Fatalf("got %v, want the save's error", err)
	}
	if sv.n() != 1 {
		t.Fatalf("%d saves", sv.n())
	}
	unsaved := secretOf(t, sv.last())
	if log.firstUse(unsaved.Access) >= 0 {
		t.Fatal("the unsaved token was used")
	}
	// Next time the pending grant is saved again, then used.
	sv.mu.Lock()
	sv.fail = nil
	sv.mu.Unlock()
	if _, err := c.Accounts(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if sv.n() != 2 || !bytes.Equal(sv.last().Secret, sv.grants[0].Secret) {
		t.Errorf("%d saves; want the pending grant saved again", sv.n())
	}
	if log.firstUse(unsaved.Access) < 0 {
		t.Error("the saved token is not used")
	}
}

func TestExpireAccessTokens(t *testing.T) {
	r := newRig(t, Options{})
	d := r.oauthLogin(t, "user_good")
	sv := &saves{}
	c := r.client(t, r.broker, d.Grant, sv.save)
	r.srv.ExpireAccessTokens()
	if _, err := c.Accounts(ctxT(t)); err != nil {
		t.Fatalf("after the server expired the access token: %v", err)
	}
	if sv.n() != 1 {
		t.Errorf("%d saves, want 1", sv.n())
	}
	// A session grant has nothing to refresh: 401 is the end.
	s := r.credLogin(t, "user_good")
	sc := r.client(t, r.broker, s.Grant, sv.save)
	r.srv.Inject(FaultUnauthorized, 1)
	if _, err := sc.Accounts(ctxT(t)); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("session after 401: %v", err)
	}
}

func TestRevoke(t *testing.T) {
	dir := t.TempDir()
	r := newRig(t, Options{DataDir: dir})
	grants := map[string]struct {
		in integrations.Integration
		g  integrations.Grant
	}{
		"session": {r.broker, r.credLogin(t, "user_good").Grant},
		"oauth":   {r.broker, r.oauthLogin(t, "user_good").Grant},
		"apikey":  {r.exch, r.cryptoLogin(t).Grant},
	}
	for name, x := range grants {
		t.Run(name, func(t *testing.T) {
			c := r.client(t, x.in, x.g, nil)
			if _, err := c.Accounts(ctxT(t)); err != nil {
				t.Fatal(err)
			}
			// As `latchkey demo revoke` would, from another process: only
			// the file is shared.
			if err := Revoke(dir, x.g); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Accounts(ctxT(t)); !errors.Is(err, integrations.ErrReauthRequired) {
				t.Fatalf("after Revoke: %v, want ErrReauthRequired", err)
			}
		})
	}
	// Other grants live on, and a new login (the repair) works.
	if _, err := r.client(t, r.exch, r.cryptoLogin(t).Grant, nil).Accounts(ctxT(t)); err != nil {
		t.Errorf("a new crypto login after a revocation: %v", err)
	}
	fi, err := os.Stat(filepath.Join(dir, revokeFile))
	if err != nil || !permtest.Is(fi, 0o600) {
		t.Errorf("revocation list: %v, mode %v", err, fi.Mode())
	}
	if err := Revoke("", grants["oauth"].g); err == nil {
		t.Error("Revoke without a data folder succeeded")
	}
	if err := Revoke(dir, integrations.Grant{Secret: []byte(`{"kind":"oauth","refresh_token":"x"}`)}); err == nil {
		t.Error("Revoke of a grant the demo did not issue succeeded")
	}
}

func TestServerRevoke(t *testing.T) {
	r := newRig(t, Options{})
	g := r.credLogin(t, "user_good").Grant
	c := r.client(t, r.broker, g, nil)
	if err := r.srv.Revoke(g); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Accounts(ctxT(t)); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("after Server.Revoke: %v", err)
	}
}

func TestRevokeAll(t *testing.T) {
	r := newRig(t, Options{})
	var clients []integrations.Client
	clients = append(clients,
		r.client(t, r.broker, r.credLogin(t, "user_good").Grant, nil),
		r.client(t, r.broker, r.oauthLogin(t, "user_good").Grant, nil),
		r.client(t, r.exch, r.cryptoLogin(t).Grant, nil))
	for _, c := range clients {
		if _, err := c.Accounts(ctxT(t)); err != nil {
			t.Fatal(err)
		}
	}
	r.srv.RevokeAll()
	for i, c := range clients {
		if _, err := c.Accounts(ctxT(t)); !errors.Is(err, integrations.ErrReauthRequired) {
			t.Errorf("client %d after RevokeAll: %v", i, err)
		}
	}
	// Logins made afterwards work, even at the same instant.
	if _, err := r.client(t, r.broker, r.credLogin(t, "user_good").Grant, nil).Accounts(ctxT(t)); err != nil {
		t.Errorf("a login after RevokeAll: %v", err)
	}
}

func TestGrantSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	r1 := newRig(t, Options{DataDir: dir})
	session := r1.credLogin(t, "user_good").Grant
	oauth := r1.oauthLogin(t, "user_good").Grant
	r1.srv.Close()

	fi, err := os.Stat(filepath.Join(dir, keyFile))
	if err != nil || !permtest.Is(fi, 0o600) {
		t.Fatalf("signing key: %v, mode %v", err, fi.Mode())
	}
	r2 := newRig(t, Options{DataDir: dir}) // the app restarted
	for name, g := range map[string]integrations.Grant{"session": session, "oauth": oauth} {
		if _, err := r2.client(t, r2.broker, g, nil).Accounts(ctxT(t)); err != nil {
			t.Errorf("%s grant after a restart: %v", name, err)
		}
	}
	r2.clk.Add(accessTokenLife) // and the restarted server refreshes the OAuth grant
	if _, err := r2.client(t, r2.broker, oauth, nil).Accounts(ctxT(t)); err != nil {
		t.Errorf("refresh after a restart: %v", err)
	}
	r3 := newRig(t, Options{DataDir: t.TempDir()}) // another machine: another key
	if _, err := r3.client(t, r3.broker, session, nil).Accounts(ctxT(t)); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("a grant signed with another key: %v", err)
	}
}

func TestDamagedKey(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, keyFile), []byte("not hex"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := NewServer(Options{DataDir: dir}); err == nil {
		t.Error("a server started with a damaged key")
	}
}

func TestLazyServer(t *testing.T) {
	clk := newClock()
	list := New(Options{Now: clk.Now, PollInterval: time.Millisecond})
	t.Cleanup(func() {
		for _, in := range list {
			in.(interface{ Close() error }).Close()
		}
	})
	b, x := list[0], list[1]
	for _, in := range list {
		if in.Institution().Endpoint("api") != InProcess {
			t.Errorf("%s: default endpoint %q", in.Institution().ID, in.Institution().Endpoint("api"))
		}
	}
	r := &rig{broker: b, exch: x, clk: clk, env: integrations.Env{Endpoints: map[string]string{"api": InProcess}}}
	d := r.credLogin(t, "user_good")
	c := r.client(t, b, d.Grant, nil)
	if _, err := c.Accounts(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	r.env = integrations.Env{} // no endpoints at all: the in-process server too
	if _, err := r.client(t, x, r.cryptoLogin(t).Grant, nil).Accounts(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	sh := b.(*Brokerage).sh
	if sh != x.(*Exchange).sh || sh.srv == nil || !strings.HasPrefix(sh.srv.URL(), "http://127.0.0.1:") {
		t.Error("the two integrations do not share one loopback server")
	}
}
