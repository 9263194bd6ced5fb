package integrations

import "encoding/json"

// EncodeSecret writes a grant's secret (an integration's own struct of
// tokens and keys) as JSON, for [Grant.Secret]. A struct of strings, times
// and numbers always encodes.
func EncodeSecret(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// DecodeSecret reads a grant's secret written by [EncodeSecret]. A secret
// that does not parse, or that valid refuses (a field it needs is empty), is
// a login to make again: [ErrReauthRequired], "the saved login is not
// <what>" (what is e.g. "a Kite login" or "a Binance API key").
func DecodeSecret[T any](b []byte, what string, valid func(T) bool) (T, error) {
	var s T
	if err := json.Unmarshal(b, &s); err != nil || !valid(s) {
		var zero T
		return zero, Wrap(ErrReauthRequired, "the saved login is not "+what)
	}
	return s, nil
}
