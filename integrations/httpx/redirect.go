package httpx

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/latchkey/latchkey/integrations"
)

// MaxRedirects is how many redirects one request may follow.
const MaxRedirects = 5

// ErrRedirectRefused is returned for a redirect the policy will not follow
// (see CheckRedirect). It matches integrations.ErrUnavailable: the
// institution answered with something Latchkey will not use.
var ErrRedirectRefused = integrations.Wrap(integrations.ErrUnavailable, "redirect refused")

// safeHeaders are the only request headers a redirect to another origin
// keeps: content negotiation and caching, never anything that identifies or
// authenticates the user.
var safeHeaders = map[string]bool{
	"Accept": true, "Accept-Encoding": true, "Accept-Language": true,
	"Cache-Control": true, "Content-Type": true, "User-Agent": true,
}

// CheckRedirect is the redirect policy of every client New builds; the
// transport applies it again to every redirected request that reaches it,
// so a client rebuilt around the transport (oauth1.NewClient, a copy with
// another CheckRedirect) cannot bypass it. Use it for any other client an
// integration builds.
//
//   - At most MaxRedirects redirects.
//   - Never from https to http, at any hop.
//   - To another origin (scheme, host and port) than the first request's:
//     every header but Accept, Accept-Encoding, Accept-Language,
//     Cache-Control, Content-Type and User-Agent is dropped (Authorization,
//     cookies, API keys, signatures, passphrases, session and device ids,
//     Referer, whatever their names), and the redirect is refused when it
//     would resend a request body (307/308) or when the new URL carries a
//     secret query value of an earlier request (a signed query string).
//
// It may change req's headers, as http.Client allows.
func CheckRedirect(req *http.Request, via []*http.Request) error {
	return applyRedirectPolicy(req, via)
}

func applyRedirectPolicy(req *http.Request, via []*http.Request) error {
	if len(via) == 0 {
		return nil
	}
	if len(via) > MaxRedirects {
		return redirectErr("more than %d redirects", MaxRedirects)
	}
	for _, prev := range via {
		if prev.URL.Scheme == "https" && req.URL.Scheme != "https" {
			return redirectErr("from https to %s", schemeOf(req.URL))
		}
	}
	first := origin(via[0].URL)
	if origin(req.URL) == first {
		return nil
	}
	if (req.Body != nil && req.Body != http.NoBody) || (req.GetBody != nil && req.ContentLength != 0) {
		return redirectErr("to another origin with the request body")
	}
	for _, prev := range via {
		if origin(prev.URL) == origin(req.URL) {
			continue
		}
		if carriesSecretQuery(prev.URL, req.URL) {
			return redirectErr("to another origin with a signed or secret query string")
		}
	}
	for name := range req.Header {
		if !safeHeaders[http.CanonicalHeaderKey(name)] {
			delete(req.Header, name)
		}
	}
	return nil
}

// redirectChain returns the requests that led to req when req is a
// redirect http.Client follows (it sets Request.Response), oldest first.
func redirectChain(req *http.Request) []*http.Request {
	var chain []*http.Request
	for r := req; r.Response != nil && r.Response.Request != nil; r = r.Response.Request {
		chain = append(chain, r.Response.Request)
		if len(chain) > 4*MaxRedirects {
			break // a loop, or not http.Client's chain: refuse below
		}
	}
	for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
		chain[i], chain[j] = chain[j], chain[i]
	}
	return chain
}

func redirectErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrRedirectRefused, fmt.Sprintf(format, args...))
}

func schemeOf(u *url.URL) string {
	if u.Scheme == "" {
		return "a relative URL"
	}
	return u.Scheme
}

// origin is scheme://host:port with the default port filled in and the host
// lower-cased.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}

// carriesSecretQuery reports whether next's URL holds the value of one of
// prev's secret query parameters (a signature, token or key).
func carriesSecretQuery(prev, next *url.URL) bool {
	q, err := url.ParseQuery(prev.RawQuery)
	if err != nil {
		q = prev.Query()
	}
	target := next.String()
	unescaped, _ := url.QueryUnescape(target)
	for k, vs := range q {
		if !sensitiveKey(k) {
			continue
		}
		for _, v := range vs {
			if len(v) < minSecretLen {
				continue
			}
			if strings.Contains(target, v) || strings.Contains(unescaped, v) || strings.Contains(target, url.QueryEscape(v)) {
				return true
			}
		}
	}
	return false
}
