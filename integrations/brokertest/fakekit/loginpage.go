package fakekit

import (
	"html/template"
	"net/http"
	"net/url"
)

// LoginPage is the page where a fake's user signs in or consents, standing
// in for the institution's own: what the user would do there, the request's
// values carried on as hidden fields, a field naming the user (when the
// fake has more than one), an error, and an Approve and a Deny button (the
// form's "decision", what brokertest.Press and SubmitForm press). The page
// is never cached.
type LoginPage struct {
	// Title is the page's title; Heading its heading (Title when empty).
	Title, Heading string
	// Intro says what the user would do on the institution's page.
	Intro string
	// Action is where the form posts.
	Action string
	// Field names the user's field ("user_id"), Label labels it; no field
	// when empty. Users lists the test users under it.
	Field, Label, Users string
}

var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Page.Title}}</title></head>
<body style="font-family:sans-serif;max-width:32em;margin:3em auto">
<h1>{{or .Page.Heading .Page.Title}}</h1>
{{if .Error}}<p role="alert" style="color:#b00">{{.Error}}</p>{{end}}
<p>{{.Page.Intro}}</p>
<form method="post" action="{{.Page.Action}}">
{{range $k, $v := .Hidden}}<input type="hidden" name="{{$k}}" value="{{$v}}">
{{end}}{{if .Page.Field}}<label for="{{.Page.Field}}">{{.Page.Label}}</label>
<input type="text" id="{{.Page.Field}}" name="{{.Page.Field}}" value="{{.User}}">
{{if .Page.Users}}<p><small>Test users: {{.Page.Users}}.</small></p>
{{end}}{{end}}<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form></body></html>`))

// Write answers with the page and status: hidden as hidden fields, user in
// the user's field, msg (when set) as the error.
func (p LoginPage) Write(w http.ResponseWriter, status int, hidden map[string]string, user, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = loginPage.Execute(w, map[string]any{"Page": p, "Hidden": hidden, "User": user, "Error": msg})
}

// Hidden are q's values of keys that are set, to carry on as a page's
// hidden fields.
func Hidden(q url.Values, keys ...string) map[string]string {
	out := map[string]string{}
	for _, k := range keys {
		if v := q.Get(k); v != "" {
			out[k] = v
		}
	}
	return out
}

// PageForm is the form a fake's own sign-in or consent page posted back
// (r.PostForm); ok is false, with the request answered 400 "bad form", when
// the body is not a form.
func PageForm(w http.ResponseWriter, r *http.Request) (form url.Values, ok bool) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return nil, false
	}
	return r.PostForm, true
}
