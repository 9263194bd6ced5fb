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
	if c, ok := codeOf(writeCodes, err); ok {
		return c
	}
	return integrations.Code(err)
}

// sentinelCode is a documented error and its code. A table of them is read
// in order: the first error err is wins.
type sentinelCode struct {
	err  error
	code string
}

// codeOf is the code of the first of table's errors err is.
func codeOf(table []sentinelCode, err error) (string, bool) {
	for _, t := range table {
		if errors.Is(err, t.err) {
			return t.code, true
		}
	}
	return "", false
}

// writeCodes are the vault's write failures ErrorCode names.
var writeCodes = []sentinelCode{
	{vault.ErrDiskFull, CodeDiskFull},
	{vault.ErrReadOnly, CodeReadOnly},
	{vault.ErrLocked, CodeLocked},
}
