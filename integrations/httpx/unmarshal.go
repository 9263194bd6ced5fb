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

// Rows decodes a JSON array whose every row valid accepts: a body that is
// not such an array, or that holds a row valid refuses (a required field
// missing), is malformed.
func Rows[T any](b []byte, malformed error, valid func(T) bool) ([]T, error) {
	var rows []T
	if err := UnmarshalOr(b, &rows, malformed); err != nil {
		return nil, err
	}
	for _, r := range rows {
		if !valid(r) {
			return nil, malformed
		}
	}
	return rows, nil
}
