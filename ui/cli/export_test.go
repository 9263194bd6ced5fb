package cli

import (
	"context"

	"github.com/latchkey/latchkey/vault"
)

// SetVaultOpeners replaces how the CLI opens the vault (read-write, and
// read-only for the read-only commands), so tests can stand in a read-only
// file system they cannot make. restore undoes it.
func SetVaultOpeners(rw, ro func(ctx context.Context, path string) (*vault.Vault, error)) (restore func()) {
	oldRW, oldRO := openVaultFile, openVaultReadOnly
	openVaultFile, openVaultReadOnly = rw, ro
	return func() { openVaultFile, openVaultReadOnly = oldRW, oldRO }
}
