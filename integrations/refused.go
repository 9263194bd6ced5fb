package integrations

// KeyRefused is an institution's refusal of what the user gave it (an API
// key, a token, an access URL): while a login checks what was typed (login),
// ErrInvalidCredentials saying typed, so the form stays open for another
// try; afterwards ErrReauthRequired saying saved, as the saved credential no
// longer works and only a new login mends the connection.
func KeyRefused(login bool, typed, saved string) error {
	if login {
		return Wrap(ErrInvalidCredentials, typed)
	}
	return Wrap(ErrReauthRequired, saved)
}
