package brokertest

import (
	"bytes"
	"errors"
	"slices"
	"strings"

	"github.com/latchkey/latchkey/integrations"
)

// checkFaults injects each fault the fake supports and checks the client
// maps it to its sentinel, then recovers once it clears.
func (s *suite) checkFaults(t tb, path string) {
	if len(s.exp.Faults) == 0 {
		t.Skip("the fake implements no faults")
	}
	for _, f := range s.exp.Faults {
		s.run(t, path, string(f), func(t tb, _ string) { s.checkFault(t, f) })
	}
	s.run(t, path, "MidPagination", s.checkMidPagination)
}

// checkMidPagination fails the second page of the longest activity read: the
// client must return an error, never the first pages as if they were all (a
// sync would take the missing rows as gone).
func (s *suite) checkMidPagination(t tb, _ string) {
	if !s.exp.Paginated {
		t.Skip("Expect.Paginated is false")
	}
	fault := ServerError
	if !slices.Contains(s.exp.Faults, fault) {
		t.Skip("the fake does not implement ServerError")
	}
	r := s.newRig(t)
	ai, ok := r.fake.(AfterInjector)
	if !ok {
		t.Skip("the fake is not an AfterInjector (embed brokertest.Injector)")
	}
	if !r.inst.Has(integrations.CapTransactions) {
		t.Skip("the institution has no transactions")
	}
	c, _, _ := r.client(t, s.h.Logins[0], nil)
	accts, err := r.accounts(t, c)
	if err != nil {
		t.Fatalf("Accounts: %v", err)
	}
	var acct string
	most := 0
	for _, a := range accts {
		ctx, cancel := s.ctx(t)
		n0 := r.rec.n()
		acts, err := c.Activities(ctx, a.ID, s.since(r))
		cancel()
		s.noteErr(t, "Activities", err)
		if err != nil {
			t.Fatalf("Activities of %s: %v", a.ID, err)
		}
		if reqs := r.rec.n() - n0; reqs > 1 && reqs > most {
			acct, most = a.ID, reqs
		}
		_ = acts
	}
	if acct == "" {
		t.Skip("no activity read took more than one request")
	}
	ai.InjectAfter(fault, 1, faultRepeat)
	ctx, cancel := s.ctx(t)
	acts, err := c.Activities(ctx, acct, s.since(r))
	cancel()
	r.fake.Inject(fault, 0)
	s.noteErr(t, "Activities", err)
	switch {
	case err == nil:
		t.Errorf("account %s: the second page failed, yet Activities returned %d rows and no error", acct, len(acts))
	case !errors.Is(err, integrations.ErrUnavailable):
		t.Errorf("account %s: a failed second page: got %q (code %s); want ErrUnavailable", acct, err, integrations.Code(err))
	}
}

func (s *suite) checkFault(t tb, f Fault) {
	r := s.newRig(t)
	c, _, _ := r.client(t, s.h.Logins[0], nil)
	if _, err := r.accounts(t, c); err != nil {
		t.Fatalf("Accounts before the fault: %v", err)
	}
	r.fake.Inject(f, faultRepeat)
	n0 := r.rec.n()
	_, err := r.accounts(t, c)
	sent := r.rec.n() - n0
	r.fake.Inject(f, 0)

	want := integrations.ErrUnavailable
	switch f {
	case Unauthorized:
		want = integrations.ErrReauthRequired
	case RateLimited:
		want = integrations.ErrRateLimited
	}
	switch {
	case err == nil:
		t.Fatalf("%s: Accounts succeeded while the fake failed %d requests in a row", f, faultRepeat)
	case !errors.Is(err, want):
		t.Errorf("%s: got %q (code %s); want %v", f, err, integrations.Code(err), want)
	}
	if transient := integrations.Transient(err); transient != (f != Unauthorized) {
		t.Errorf("%s: Transient(%q) = %v", f, err, transient)
	}
	if f == RateLimited {
		if d, ok := integrations.RetryAfter(err); !ok || d <= 0 {
			t.Errorf("%s: the error does not carry the Retry-After the fake sent (RetryAfter = %s): use *integrations.RateLimitError", f, d)
		}
		if sent > maxRateLimitedRequests {
			t.Errorf("%s: the client sent %d requests while every one was answered 429: honour Retry-After, don't hammer", f, sent)
		}
	}
	if f == Unauthorized {
		return // a client may give up on a grant it was told is dead
	}
	if _, err := r.accounts(t, c); err != nil {
		t.Errorf("%s: once the fault cleared, Accounts still fails: %v", f, err)
	}
}

// checkRevoked revokes every grant and expects ErrReauthRequired, from the
// client in use and from a new one.
func (s *suite) checkRevoked(t tb, _ string) {
	r := s.newRig(t)
	c, g, _ := r.client(t, s.h.Logins[0], nil)
	if _, err := r.accounts(t, c); err != nil {
		t.Fatalf("Accounts before revoking: %v", err)
	}
	r.fake.RevokeAll()
	_, err := r.accounts(t, c)
	if !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("after RevokeAll: got %v (code %s); want ErrReauthRequired", err, integrations.Code(err))
	}
	c2, err := r.in.NewClient(t.Context(), g, r.env, (&saver{rec: r.rec}).save)
	s.noteErr(t, "NewClient", err)
	if err == nil {
		_, err = r.accounts(t, c2)
	}
	if !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("a new client with a revoked grant: got %v (code %s); want ErrReauthRequired", err, integrations.Code(err))
	}
}

// checkRefresh checks every refreshing login persists its new grant before
// using it; for a harness with none, that expiring tokens changes nothing.
func (s *suite) checkRefresh(t tb, path string) {
	refreshing := false
	for _, sc := range s.h.Logins {
		if !sc.Refreshes {
			continue
		}
		refreshing = true
		s.run(t, path, scriptName(sc), func(t tb, path string) {
			s.run(t, path, "SavedBeforeUse", func(t tb, _ string) { s.checkSavedBeforeUse(t, sc) })
			s.run(t, path, "SaveFails", func(t tb, _ string) { s.checkSaveFails(t, sc) })
			s.run(t, path, "Revoked", func(t tb, _ string) { s.checkRefreshRevoked(t, sc) })
		})
	}
	if refreshing {
		return
	}
	s.run(t, path, "NoRefresh", func(t tb, _ string) {
		r := s.newRig(t)
		c, _, sv := r.client(t, s.h.Logins[0], nil)
		r.fake.ExpireAccessTokens()
		if _, err := r.accounts(t, c); err != nil {
			t.Errorf("after ExpireAccessTokens, for a grant that does not refresh: %v", err)
		}
		if g, _ := sv.calls(); len(g) > 0 {
			t.Errorf("the client saved %d grants: if its grants refresh, set LoginScript.Refreshes", len(g))
		}
	})
}

func (s *suite) checkSavedBeforeUse(t tb, sc LoginScript) {
	r := s.newRig(t)
	c, g, sv := r.client(t, sc, nil)
	if _, err := r.accounts(t, c); err != nil {
		t.Fatalf("Accounts before expiry: %v", err)
	}
	before, _ := sv.calls()
	prev := g
	if len(before) > 0 {
		prev = before[len(before)-1]
	}
	r.fake.ExpireAccessTokens()
	if _, err := r.accounts(t, c); err != nil {
		t.Fatalf("Accounts after ExpireAccessTokens: %v (the client must refresh)", err)
	}
	grants, at := sv.calls()
	if len(grants) == len(before) {
		t.Fatalf("after ExpireAccessTokens the client read accounts without calling SaveFunc: a refreshed grant must be persisted")
	}
	reqs := r.rec.since(0)
	observed, used := false, false
	for i := len(before); i < len(grants); i++ {
		ng := grants[i]
		r.checkGrant(t, "refreshed grant", ng, sc.Method)
		if ng.Fingerprint != g.Fingerprint {
			t.Errorf("the refreshed grant's fingerprint differs from the login's")
		}
		if bytes.Equal(ng.Secret, prev.Secret) {
			t.Errorf("SaveFunc was called with an unchanged secret")
		}
		fresh := freshParts(prev.Secret, ng.Secret)
		observed = observed || len(fresh) > 0
		for _, req := range reqs[:at[i]] {
			if p := containsAny(req, fresh); p != "" {
				t.Errorf("a request carried a refreshed token before SaveFunc was called with it: %s", firstLine(req))
			}
		}
		for _, req := range reqs[at[i]:] {
			used = used || containsAny(req, fresh) != ""
		}
		prev = ng
	}
	switch {
	case !observed:
		t.Logf("the grant's secret shows no tokens: use before save was not observable")
	case !used:
		t.Logf("no request carried a refreshed token verbatim (signed requests?): use before save was not observable")
	}

	c2, err := r.in.NewClient(t.Context(), prev, r.env, (&saver{rec: r.rec}).save)
	s.noteErr(t, "NewClient", err)
	if err != nil {
		t.Fatalf("NewClient with the saved grant: %v", err)
	}
	if _, err := r.accounts(t, c2); err != nil {
		t.Errorf("a client built from the saved grant cannot read accounts: %v", err)
	}
}

func (s *suite) checkSaveFails(t tb, sc LoginScript) {
	r := s.newRig(t)
	c, g, sv := r.client(t, sc, &saver{fail: errors.New("brokertest: the vault is locked")})
	r.fake.ExpireAccessTokens()
	_, err := r.accounts(t, c)
	grants, at := sv.calls()
	if len(grants) == 0 {
		t.Fatalf("after ExpireAccessTokens the client never called SaveFunc (Accounts: %v)", err)
	}
	if err == nil {
		t.Errorf("SaveFunc failed, yet Accounts succeeded: a grant must be used only after it was saved")
	}
	_, _ = r.accounts(t, c) // and again: the unsaved grant must stay unused
	reqs := r.rec.since(0)
	for i, ng := range grants {
		fresh := freshParts(g.Secret, ng.Secret)
		for _, req := range reqs[at[i]:] {
			if containsAny(req, fresh) != "" {
				t.Errorf("a request carried a refreshed token whose save had failed: %s", firstLine(req))
			}
		}
		s.learnGrant(ng)
	}
}

func (s *suite) checkRefreshRevoked(t tb, sc LoginScript) {
	r := s.newRig(t)
	c, _, _ := r.client(t, sc, nil)
	r.fake.RevokeAll()
	r.fake.ExpireAccessTokens()
	_, err := r.accounts(t, c)
	if !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("expired and revoked: got %v (code %s); want ErrReauthRequired", err, integrations.Code(err))
	}
}

func containsAny(s string, parts []string) string {
	for _, p := range parts {
		if strings.Contains(s, p) {
			return p
		}
	}
	return ""
}

// firstLine returns a recorded request's method and path, without the query
// (which may hold a token).
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i]
	}
	return s
}
