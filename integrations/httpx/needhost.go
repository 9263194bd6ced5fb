package httpx

import (
	"net/url"

	"github.com/latchkey/latchkey/integrations"
)

// NeedHost is NeedEndpoint of an API whose requests sign its host or path:
// the base URL and the URL parsed, which must name a host ("no usable
// <what> address is configured" otherwise).
func NeedHost(env integrations.Env, name, what string) (string, *url.URL, error) {
	base, err := NeedEndpoint(env, name, "usable "+what)
	if err != nil {
		return "", nil, err
	}
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return "", nil, integrations.Wrap(integrations.ErrUnavailable, "no usable "+what+" address is configured")
	}
	return base, u, nil
}
