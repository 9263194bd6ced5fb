package brokertest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
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

// Browse plays the system browser: it GETs u and follows redirects (with
// cookies) until a page answers, e.g. from a fake authorize endpoint to the
// login's loopback callback. It refuses to leave loopback. A status of 400 or
// more is an error.
func Browse(ctx context.Context, u string) error {
	_, err := browse(ctx, http.MethodGet, u, nil)
	return err
}

// BrowseForm plays the browser submitting a form: it POSTs values to u and
// follows redirects like Browse. It returns the final URL.
func BrowseForm(ctx context.Context, u string, values url.Values) (*url.URL, error) {
	return browse(ctx, http.MethodPost, u, values)
}

func browse(ctx context.Context, method, u string, form url.Values) (*url.URL, error) {
	if err := loopbackURL(u); err != nil {
		return nil, err
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(r *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("brokertest: too many redirects")
		}
		return loopbackURL(r.URL.String())
	}}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode >= 400 {
		return resp.Request.URL, fmt.Errorf("brokertest: browser got %s from %s", resp.Status, resp.Request.URL.Redacted())
	}
	return resp.Request.URL, nil
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
