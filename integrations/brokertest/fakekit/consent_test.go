package fakekit_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func TestConsentAnswers(t *testing.T) {
	ctx := t.Context()
	r := newOAuthRig(t, func(o *fakekit.OAuth) { o.Users = []string{"alice"} })
	q := url.Values{"response_type": {"code"}, "client_id": {"app"}, "redirect_uri": {r.cb}, "state": {"st-123456"}}
	page := &integrations.BrowserStep{URL: r.srv.URL + "/authorize?" + q.Encode()}

	a, err := fakekit.PasteAnswer("approve", "alice")(ctx, nil, page)
	if err != nil || !strings.HasPrefix(a.Redirect, r.cb) || !strings.Contains(a.Redirect, "code=") {
		t.Fatalf("pasted approval: %+v %v", a, err)
	}
	if loc, err := fakekit.Consent(ctx, page.URL, "deny", "alice"); err != nil || !strings.Contains(loc, "error=access_denied") {
		t.Fatalf("denial: %q %v", loc, err)
	}
	if _, err := fakekit.PasteAnswer("approve", "alice")(ctx, nil, &integrations.FormStep{}); err == nil {
		t.Fatal("a paste answer must refuse a step that is not a browser step")
	}
	if a, err := fakekit.CallbackAnswer("approve", "alice", r.srv.URL)(ctx, nil, page); err != nil || a.Redirect != "" {
		t.Fatalf("callback: %+v %v", a, err)
	}
	if back := <-r.back; back.Get("code") == "" || back.Get("state") != "st-123456" {
		t.Fatalf("the callback got %v", back)
	}
	if _, err := fakekit.CallbackAnswer("approve", "alice", "https://127.0.0.1:")(ctx, nil, page); err == nil {
		t.Fatal("a callback elsewhere than the prefix must fail")
	}
	if a, _ := fakekit.Paste("garbage")(ctx, nil, page); a.Redirect != "garbage" {
		t.Fatalf("Paste: %+v", a)
	}

	s := fakekit.ConsentScripts{User: "alice", Prefix: r.srv.URL, Callback: "callback", Garbage: "x", Unknown: "y"}
	logins, failures := s.Logins(), s.Failures()
	if len(logins) != 2 || logins[0].Name != "paste" || logins[1].Name != "callback" || !logins[0].Refreshes {
		t.Fatalf("logins %+v", logins)
	}
	if len(failures) != 3 || failures[0].Want != integrations.ErrApprovalDenied || failures[2].Want != integrations.ErrInvalidCredentials {
		t.Fatalf("failures %+v", failures)
	}
	if a, _ := failures[1].Script.Answer(ctx, nil, page); a.Redirect != "x" {
		t.Fatalf("pasted garbage answers %+v", a)
	}
}
