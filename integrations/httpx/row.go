package httpx

// Row decodes a JSON object that valid accepts, the one-object twin of
// [Rows]: a body that is not such an object, or that valid refuses (a
// required field missing), is malformed.
func Row[T any](b []byte, malformed error, valid func(T) bool) (T, error) {
	var r T
	if err := UnmarshalOr(b, &r, malformed); err != nil || !valid(r) {
		var zero T
		return zero, malformed
	}
	return r, nil
}
