package fake

import (
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strings"
)

// This file is IBKR's side of OAuth 1.0a, written apart from the ibkr
// package so that a mistake in one is not repeated in the other: it reads
// the Authorization header and the DH parameters; sign.go rebuilds the
// signature base string as IBKR's guide defines it and checks the
// signature.

// header is a parsed Authorization header: its parameters, percent-decoded.
type header map[string]string

var errNoOAuth = errors.New("no OAuth Authorization header")

// parseHeader reads `OAuth realm="…", k="v", …`.
func parseHeader(r *http.Request) (header, error) {
	v, ok := strings.CutPrefix(r.Header.Get("Authorization"), "OAuth ")
	if !ok {
		return nil, errNoOAuth
	}
	h := header{}
	for _, part := range strings.Split(v, ",") {
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || len(val) < 2 || val[0] != '"' || val[len(val)-1] != '"' {
			return nil, fmt.Errorf("malformed parameter %q", k)
		}
		dec, err := url.PathUnescape(val[1 : len(val)-1])
		if err != nil {
			return nil, err
		}
		if _, dup := h[k]; dup {
			return nil, fmt.Errorf("parameter %s repeated", k)
		}
		h[k] = dec
	}
	for _, k := range []string{"realm", "oauth_consumer_key", "oauth_nonce", "oauth_signature", "oauth_signature_method", "oauth_timestamp", "oauth_token"} {
		if h[k] == "" {
			return nil, fmt.Errorf("parameter %s missing", k)
		}
	}
	if strings.Trim(h["oauth_timestamp"], "0123456789") != "" {
		return nil, errors.New("oauth_timestamp is not a number of seconds")
	}
	return h, nil
}

// parseGroup reads PKCS #3 DH PARAMETERS.
func parseGroup(s string) (group, error) {
	b, _ := pem.Decode([]byte(s))
	if b == nil || b.Type != "DH PARAMETERS" {
		return group{}, errors.New("no DH PARAMETERS block")
	}
	var w struct{ P, G *big.Int }
	if _, err := asn1.Unmarshal(b.Bytes, &w); err != nil {
		return group{}, err
	}
	return group{p: w.P, g: w.G}, nil
}
