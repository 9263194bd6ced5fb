package app

import (
	"errors"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/vault"
)

// Codes of the app's own failures, beside integrations.Code's.
const (
	CodeDiskFull = "DISK_FULL" // vault.ErrDiskFull: nothing saved before is lost
	CodeReadOnly = "READ_ONLY" // vault.ErrReadOnly
	CodeLocked   = "LOCKED"    // vault.ErrLocked
)

// ErrorCode is the stable machine-readable code of err: the vault's write
// failures first (a full disk is not the institution's fault), then
// integrations.Code.
func ErrorCode(err error) string {
	switch {
	case errors.Is(err, vault.ErrDiskFull):
		return CodeDiskFull
	case errors.Is(err, vault.ErrReadOnly):
		return CodeReadOnly
	case errors.Is(err, vault.ErrLocked):
		return CodeLocked
	}
	return integrations.Code(err)
}
