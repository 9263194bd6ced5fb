package cli

import (
	"context"

	"github.com/latchkey/latchkey/vault"
)

// openReadOnly opens the vault at path for reading only: the commands that
// only read (command.readOnly) use it when the vault cannot be written here.
// Its writes fail with vault.ErrReadOnly.
func openReadOnly(ctx context.Context, path string) (*vault.Vault, error) {
	return vault.OpenReadOnly(ctx, path)
}
