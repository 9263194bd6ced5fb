package cryptokit

// Decoder is the decoder of one answer's JSON as a T (a list of rows, a
// page, an object) through decode, the exchange's own reader of a body
// (httpx.UnmarshalOr with its malformed error, or that behind a check of
// its error envelope). Checks of the rows stay with whoever maps them.
func Decoder[T any](decode func(b []byte, v any) error) func(b []byte) (T, error) {
	return func(b []byte) (T, error) {
		var v T
		return v, decode(b, &v)
	}
}
