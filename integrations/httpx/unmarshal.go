package httpx

// UnmarshalOr decodes JSON like Unmarshal, returning malformed (the
// institution's own "answer could not be understood" error) for a body that
// is not the expected JSON: a package's decoders call it instead of each
// wrapping json.Unmarshal again.
func UnmarshalOr(b []byte, v any, malformed error) error {
	if Unmarshal(b, v) != nil {
		return malformed
	}
	return nil
}
