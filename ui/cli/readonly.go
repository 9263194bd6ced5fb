package cli

import (
	"context"
	"fmt"

	"github.com/latchkey/latchkey/vault"
)

// openReadOnly opens the vault at path for reading only: the commands that
// only read (command.readOnly) use it when the vault cannot be written here.
//
// The vault package is gaining vault.OpenReadOnly(ctx, path), whose writes
// fail with vault.ErrReadOnly; once it is in main, this body is
//
//	return vault.OpenReadOnly(ctx, path)
//
// Until then a read-only vault is reported as such.
func openReadOnly(ctx context.Context, path string) (*vault.Vault, error) {
	return nil, fmt.Errorf("%w: this version cannot open it for reading only", vault.ErrReadOnly)
}
