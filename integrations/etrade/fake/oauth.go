package fake

import (
	"errors"
	"net/url"
	"strings"
)

// This file reads the Authorization header of OAuth 1.0a (RFC 5849) as the
// fake needs it; sign.go checks the signature.

// AuthParams reads the protocol parameters of an "Authorization: OAuth ..."
// header (RFC 5849 §3.5.1).
func AuthParams(h string) (map[string]string, error) {
	rest, ok := strings.CutPrefix(h, "OAuth ")
	if !ok {
		return nil, errors.New("not an OAuth Authorization header")
	}
	out := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok || len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
			return nil, errors.New("malformed OAuth parameter")
		}
		key, err1 := url.PathUnescape(k)
		val, err2 := url.PathUnescape(v[1 : len(v)-1])
		if err1 != nil || err2 != nil {
			return nil, errors.New("malformed OAuth parameter encoding")
		}
		out[key] = val
	}
	return out, nil
}
