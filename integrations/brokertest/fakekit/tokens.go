package fakekit

import (
	"sync"
	"time"
)

// Tokens is a fake's store of issued tokens: access tokens with an expiry,
// refresh tokens that are single-use when Rotate is set, revocation. A
// token's subject says whose it is (a user, an environment). Safe for
// concurrent use; set the fields before the first call.
type Tokens struct {
	// Now is the fake's clock (default time.Now).
	Now func() time.Time
	// AccessLife is how long an access token lives; 0 means until revoked.
	AccessLife time.Duration
	// RefreshLife is how long a refresh token lives; 0 means until revoked.
	RefreshLife time.Duration
	// Rotate makes refresh tokens single-use: a refresh replaces the pair.
	Rotate bool

	mu      sync.Mutex
	access  map[string]*token
	refresh map[string]*token
}

type token struct {
	subject  string
	expires  time.Time // zero: never
	reusable bool
	revoked  bool
}

func (s *Tokens) init() {
	if s.access == nil {
		s.access, s.refresh = map[string]*token{}, map[string]*token{}
	}
}

func (s *Tokens) expiry(life time.Duration) time.Time {
	if life <= 0 {
		return time.Time{}
	}
	return now(s.Now).Add(life)
}

// Issue mints an access token for subject, and a refresh token when withRefresh.
func (s *Tokens) Issue(subject string, withRefresh bool) (access, refresh string) {
	access = Random(16)
	s.AddAccess(access, subject, s.expiry(s.AccessLife))
	if withRefresh {
		refresh = Random(16)
		s.AddRefresh(refresh, subject, false)
	}
	return access, refresh
}

// AddAccess stores an access token minted elsewhere (a personal token, an
// API key pair); a zero expires never expires.
func (s *Tokens) AddAccess(value, subject string, expires time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	s.access[value] = &token{subject: subject, expires: expires}
}

// AddRefresh stores a refresh token; a reusable one survives being used
// even when Rotate is set (a test login a person can use again).
func (s *Tokens) AddRefresh(value, subject string, reusable bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	s.refresh[value] = &token{subject: subject, expires: s.expiry(s.RefreshLife), reusable: reusable}
}

// Access reports whose a live access token is.
func (s *Tokens) Access(value string) (subject string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.live(s.access[value])
}

// Refresh reports whose a live refresh token is, and uses it up when
// refresh tokens rotate.
func (s *Tokens) Refresh(value string) (subject string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.refresh[value]
	subject, ok = s.live(t)
	if ok && s.Rotate && !t.reusable {
		delete(s.refresh, value)
	}
	return subject, ok
}

func (s *Tokens) live(t *token) (string, bool) {
	if t == nil || t.revoked || (!t.expires.IsZero() && !now(s.Now).Before(t.expires)) {
		return "", false
	}
	return t.subject, true
}

// ExpireAccess expires every access token that expires at all (personal
// tokens and keys do not).
func (s *Tokens) ExpireAccess() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.access {
		if !t.expires.IsZero() {
			t.expires = time.Unix(1, 0)
		}
	}
}

// Revoke revokes one access or refresh token and reports whether it was known.
func (s *Tokens) Revoke(value string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range []map[string]*token{s.access, s.refresh} {
		if t, ok := m[value]; ok {
			t.revoked = true
			return true
		}
	}
	return false
}

// RevokeAll revokes every token, as when the user revokes the app.
func (s *Tokens) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range []map[string]*token{s.access, s.refresh} {
		for _, t := range m {
			t.revoked = true
		}
	}
}
