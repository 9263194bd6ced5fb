package cryptokit

import "github.com/latchkey/latchkey/integrations"

// Refused is an exchange's refusal of an API key, why saying what it
// refused: ErrInvalidCredentials while a login checks what the user typed
// (the form stays open), ErrReauthRequired afterwards (the saved key no
// longer works): [integrations.KeyRefused] saying why either way.
func Refused(login bool, why string) error { return integrations.KeyRefused(login, why, why) }
