package fakekit

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestLoginPage: the page carries the hidden fields (escaped), the user's
// field with its test users, the error and both decisions, and is never
// cached; a page without a user field has none.
func TestLoginPage(t *testing.T) {
	q := url.Values{"api_key": {"k1"}, "redirect_uri": {`http://127.0.0.1:8/cb?a="b"`}, "state": {""}}
	hidden := Hidden(q, "api_key", "redirect_uri", "state", "absent")
	if len(hidden) != 2 || hidden["api_key"] != "k1" {
		t.Fatalf("hidden %v: want api_key and redirect_uri, not the blank state nor an absent key", hidden)
	}
	page := LoginPage{Title: "Acme (fake) — login", Intro: "Sign in as on Acme.", Action: "/login",
		Field: "user_id", Label: "User ID", Users: "AC1, AC2"}
	w := httptest.NewRecorder()
	page.Write(w, http.StatusBadRequest, hidden, "AC1", "Invalid user ID: try AC1 or AC2.")
	body := w.Body.String()
	for _, want := range []string{
		`<title>Acme (fake) — login</title>`, `<h1>Acme (fake) — login</h1>`, `<p>Sign in as on Acme.</p>`,
		`<form method="post" action="/login">`,
		`<input type="hidden" name="api_key" value="k1">`,
		`<input type="hidden" name="redirect_uri" value="http://127.0.0.1:8/cb?a=&#34;b&#34;">`,
		`<label for="user_id">User ID</label>`, `<input type="text" id="user_id" name="user_id" value="AC1">`,
		`Test users: AC1, AC2.`, `<p role="alert" style="color:#b00">Invalid user ID: try AC1 or AC2.</p>`,
		`<button type="submit" name="decision" value="approve">Approve</button>`,
		`<button type="submit" name="decision" value="deny">Deny</button>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s:\n%s", want, body)
		}
	}
	if w.Code != http.StatusBadRequest || w.Header().Get("Cache-Control") != "no-store" || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		t.Errorf("HTTP %d, headers %v", w.Code, w.Header())
	}
	w = httptest.NewRecorder()
	LoginPage{Title: "Plain", Heading: "Plain (fake)", Action: "decide"}.Write(w, http.StatusOK, nil, "", "")
	if body := w.Body.String(); strings.Contains(body, `type="text"`) || strings.Contains(body, "alert") || !strings.Contains(body, "<h1>Plain (fake)</h1>") {
		t.Errorf("a page without a user field or error:\n%s", body)
	}
}

// TestPageForm: a posted form is read; a body that is not one is answered
// 400 "bad form" as text.
func TestPageForm(t *testing.T) {
	for _, c := range []struct {
		body   string
		ok     bool
		status int
	}{
		{"decision=approve&user=alice", true, http.StatusOK},
		{"decision=%zz", false, http.StatusBadRequest},
	} {
		r := httptest.NewRequest(http.MethodPost, "/decide?from=query", strings.NewReader(c.body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		form, ok := PageForm(w, r)
		if ok != c.ok || w.Code != c.status {
			t.Errorf("%q: ok %v HTTP %d, want %v %d", c.body, ok, w.Code, c.ok, c.status)
		}
		if ok && (form.Get("decision") != "approve" || form.Get("user") != "alice" || form.Has("from")) {
			t.Errorf("%q: form %v, want the body's fields alone", c.body, form)
		}
		if !ok && (w.Body.String() != "bad form\n" || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain")) {
			t.Errorf("%q: answered %q (%s)", c.body, w.Body.String(), w.Header().Get("Content-Type"))
		}
	}
}
