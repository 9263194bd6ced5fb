package brokertest

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"

	"github.com/latchkey/latchkey/integrations"
)

// AutoAnswer answers step from values, the way a user who knows them would:
//
//   - FormStep, CodeStep, QuestionsStep: each field's value by Field.Name
//     (for questions, by Label when there is no value by Name); a missing
//     value for a field that is not Optional is an error.
//   - ChoiceStep: values[Field.Name], else the first choice.
//   - BrowserStep: Browse(ctx, URL), then an empty Answer (the fake's
//     authorize endpoint is expected to redirect to the callback at once).
//   - ApproveStep: an empty Answer (the fake approves by itself).
//
// Scripts with their own Answer can call it for the steps they don't special-case.
func AutoAnswer(ctx context.Context, step integrations.Step, values map[string]string) (integrations.Answer, error) {
	fill := func(fields ...integrations.Field) (integrations.Answer, error) {
		a := integrations.Answer{Values: map[string]string{}}
		for _, f := range fields {
			v, ok := values[f.Name]
			if !ok && f.Label != "" {
				v, ok = values[f.Label]
			}
			if !ok && f.Kind == integrations.FieldChoice && len(f.Choices) > 0 {
				v, ok = f.Choices[0].Value, true
			}
			if !ok {
				if f.Optional {
					continue
				}
				return integrations.Answer{}, fmt.Errorf("brokertest: the script has no value for field %q", f.Name)
			}
			a.Values[f.Name] = v
		}
		return a, nil
	}
	switch s := step.(type) {
	case *integrations.FormStep:
		return fill(s.Fields...)
	case *integrations.CodeStep:
		return fill(s.Field)
	case *integrations.ChoiceStep:
		return fill(s.Field)
	case *integrations.QuestionsStep:
		return fill(s.Fields...)
	case *integrations.BrowserStep:
		return integrations.Answer{}, Browse(ctx, s.URL)
	case *integrations.ApproveStep:
		return integrations.Answer{}, nil
	default:
		return integrations.Answer{}, fmt.Errorf("brokertest: cannot answer a %T", step)
	}
}

// Press plays the user at a consent page: a BrowserStep is answered by
// pressing the button named decision with that value (SubmitForm with
// {"decision": value}: "approve", "deny"), every other step with
// AutoAnswer(values). It is a LoginScript.Answer.
func Press(value string, values map[string]string) func(ctx context.Context, _ Fake, step integrations.Step) (integrations.Answer, error) {
	return Submit(map[string]string{"decision": value}, values)
}

// Submit plays the user at a page with a form, such as a sign-in page that
// names the user: a BrowserStep is answered by submitting the page's form
// with form (SubmitForm: the button pressed, "decision", and the fields
// filled in), every other step with AutoAnswer(values). It is a
// LoginScript.Answer.
func Submit(form, values map[string]string) func(ctx context.Context, _ Fake, step integrations.Step) (integrations.Answer, error) {
	return func(ctx context.Context, _ Fake, step integrations.Step) (integrations.Answer, error) {
		if b, ok := step.(*integrations.BrowserStep); ok {
			_, err := SubmitForm(ctx, b.URL, form)
			return integrations.Answer{}, err
		}
		return AutoAnswer(ctx, step, values)
	}
}

// Browse plays the system browser: it GETs u and follows redirects (with
// cookies) until a page answers, e.g. from a fake authorize endpoint to the
// login's loopback callback. It refuses to leave loopback. A status of 400 or
// more is an error.
func Browse(ctx context.Context, u string) error {
	_, _, err := fetch(ctx, newBrowser(), http.MethodGet, u, nil)
	return err
}

// BrowseForm plays the browser submitting a form: it POSTs values to u and
// follows redirects like Browse. It returns the final URL.
func BrowseForm(ctx context.Context, u string, values url.Values) (*url.URL, error) {
	final, _, err := fetch(ctx, newBrowser(), http.MethodPost, u, values)
	return final, err
}

// SubmitForm plays the user at an HTML page, such as a consent page: it GETs
// pageURL, takes the page's first form, keeps the values of its inputs
// (hidden ones included; buttons left out), sets values over them (name a
// submit button to "click" it, e.g. {"decision": "approve"}), submits the form
// by its method to its action and follows redirects, through the login's
// loopback callback. It refuses to leave loopback and returns the final URL.
func SubmitForm(ctx context.Context, pageURL string, values map[string]string) (*url.URL, error) {
	c := newBrowser()
	page, body, err := fetch(ctx, c, http.MethodGet, pageURL, nil)
	if err != nil {
		return nil, err
	}
	method, action, fields, err := parseForm(body)
	if err != nil {
		return page, fmt.Errorf("brokertest: %s: %w", page.Redacted(), err)
	}
	target, err := page.Parse(action)
	if err != nil {
		return page, fmt.Errorf("brokertest: form action %q: %w", action, err)
	}
	for k, v := range values {
		fields.Set(k, v)
	}
	if method == http.MethodGet {
		target.RawQuery = fields.Encode()
		final, _, err := fetch(ctx, c, http.MethodGet, target.String(), nil)
		return final, err
	}
	final, _, err := fetch(ctx, c, http.MethodPost, target.String(), fields)
	return final, err
}

var (
	formRE     = regexp.MustCompile(`(?is)<form\b([^>]*)>(.*?)</form>`)
	inputRE    = regexp.MustCompile(`(?is)<input\b([^>]*)>`)
	textareaRE = regexp.MustCompile(`(?is)<textarea\b([^>]*)>(.*?)</textarea>`)
	attrRE     = regexp.MustCompile(`(?s)([a-zA-Z_:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?`)
)

func attrs(s string) map[string]string {
	out := map[string]string{}
	for _, m := range attrRE.FindAllStringSubmatch(s, -1) {
		out[strings.ToLower(m[1])] = html.UnescapeString(m[2] + m[3] + m[4])
	}
	return out
}

// parseForm reads the first form of a page: its method, its action and the
// values its inputs would send.
func parseForm(page []byte) (method, action string, fields url.Values, err error) {
	m := formRE.FindSubmatch(page)
	if m == nil {
		return "", "", nil, errors.New("the page has no form")
	}
	fa := attrs(string(m[1]))
	method = strings.ToUpper(fa["method"])
	if method != http.MethodPost {
		method = http.MethodGet
	}
	fields = url.Values{}
	for _, in := range inputRE.FindAllSubmatch(m[2], -1) {
		a := attrs(string(in[1]))
		name := a["name"]
		if name == "" {
			continue
		}
		switch strings.ToLower(a["type"]) {
		case "submit", "button", "image", "reset", "file":
			continue
		case "checkbox", "radio":
			if _, checked := a["checked"]; !checked {
				continue
			}
			if _, ok := a["value"]; !ok {
				a["value"] = "on"
			}
		}
		fields.Add(name, a["value"])
	}
	for _, ta := range textareaRE.FindAllSubmatch(m[2], -1) {
		if name := attrs(string(ta[1]))["name"]; name != "" {
			fields.Add(name, html.UnescapeString(string(ta[2])))
		}
	}
	return method, fa["action"], fields, nil
}

// newBrowser returns a client that keeps cookies and stays on loopback.
func newBrowser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(r *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("brokertest: too many redirects")
		}
		return loopbackURL(r.URL.String())
	}}
}

// fetch sends one browser request and follows its redirects. It returns the
// final URL and the page (up to 1 MiB).
func fetch(ctx context.Context, c *http.Client, method, u string, form url.Values) (*url.URL, []byte, error) {
	if err := loopbackURL(u); err != nil {
		return nil, nil, err
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, nil, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	page, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return resp.Request.URL, nil, err
	}
	if resp.StatusCode >= 400 {
		return resp.Request.URL, page, fmt.Errorf("brokertest: browser got %s from %s", resp.Status, resp.Request.URL.Redacted())
	}
	return resp.Request.URL, page, nil
}

// loopbackURL refuses URLs that leave the machine: the suite never talks to a
// real institution.
func loopbackURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("brokertest: %q is not an absolute http(s) URL", raw)
	}
	if !isLoopback(u.Hostname()) {
		return fmt.Errorf("brokertest: refusing to leave loopback for host %q", u.Hostname())
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
