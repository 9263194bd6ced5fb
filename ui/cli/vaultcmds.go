package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"time"

	"github.com/latchkey/latchkey/vault"
)

// commands is every CLI command. Commands of later layers append to it.
var commands = append(append(vaultCommands(), connCommands()...), portfolioCommands()...)

func vaultCommands() []command {
	return []command{
		{name: "version", summary: "print the version", run: func(ctx context.Context, s *session, _ []string) error { return s.version() }},
		initCommand(),
		{name: "passwd", summary: "change the master password (new one from the next stdin line with --password-stdin)", run: runPasswd},
		{name: "vault info", readOnly: true, summary: "show the vault's format, KDF parameters and record counts (no secret)", run: runVaultInfo},
		{name: "vault check", readOnly: true, summary: "decrypt and verify every record", run: runVaultCheck},
		{name: "vault backup", readOnly: true, args: "FILE", nargs: [2]int{1, 1}, summary: "write a consistent copy of the vault to FILE", run: runVaultBackup},
		{name: "vault rotate-key", summary: "re-encrypt every record under a new vault key (prints a new recovery key)", run: runVaultRotate},
	}
}

func initCommand() command {
	var memMiB, iters, threads uint
	return command{
		name:    "init",
		summary: "create the vault (prints the recovery key once)",
		flags: func(fs *flag.FlagSet) {
			fs.UintVar(&memMiB, "kdf-memory", 0, "Argon2id memory in `MiB` (default 64)")
			fs.UintVar(&iters, "kdf-time", 0, "Argon2id iterations (default: calibrated to about half a second, at least 3)")
			fs.UintVar(&threads, "kdf-threads", 0, "Argon2id parallelism (default min(4, CPUs))")
		},
		run: func(ctx context.Context, s *session, _ []string) error {
			var opts vault.CreateOptions
			if memMiB != 0 || iters != 0 || threads != 0 {
				p := vault.KDFParams{MemoryKiB: 64 * 1024, Iterations: 3, Threads: uint8(min(4, runtime.NumCPU()))}
				if memMiB != 0 {
					if memMiB < 19 || memMiB > 4096 {
						return usagef("--kdf-memory must be between 19 and 4096 MiB")
					}
					p.MemoryKiB = uint32(memMiB * 1024)
				}
				if iters != 0 {
					if iters < 2 || iters > 64 {
						return usagef("--kdf-time must be between 2 and 64")
					}
					p.Iterations = uint32(iters)
				}
				if threads != 0 {
					if threads > 255 {
						return usagef("--kdf-threads must be between 1 and 255")
					}
					p.Threads = uint8(threads)
				}
				opts.KDF = &p
			}
			return runInit(ctx, s, opts)
		},
	}
}

func runInit(ctx context.Context, s *session, opts vault.CreateOptions) error {
	if s.g.RecoveryKeyStdin {
		return usagef("init makes a new vault: it has no recovery key yet")
	}
	path, err := s.vaultPath()
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("a vault already exists at %s; nothing was changed", path)
	}
	var pw []byte
	if s.g.PasswordStdin || !s.io.Terminal {
		pw, _, err = s.masterSecret()
		if err == nil && len([]rune(string(pw))) < minPasswordLen {
			err = fmt.Errorf("the master password must be at least %d characters", minPasswordLen)
		}
	} else {
		pw, err = s.newPassword()
	}
	if err != nil {
		return err
	}
	defer wipe(pw)
	if !s.g.JSON {
		fmt.Fprintln(s.io.Stderr, "Creating the vault (tuning the key derivation to this machine)…")
	}
	v, rk, err := vault.Create(ctx, path, pw, opts)
	if err != nil {
		return fmt.Errorf("create vault: %w", err)
	}
	defer v.Close()
	info, err := v.Info(ctx)
	if err != nil {
		return err
	}
	return s.out(map[string]any{"path": path, "recovery_key": rk, "kdf": kdfJSON(info.KDF)}, func(w io.Writer) {
		printf(w, "Created the vault at %s\n\n", path)
		printf(w, "Your recovery key unlocks the vault if you forget the password.\n")
		printf(w, "It is shown only this once: write it down and keep it somewhere safe.\n\n    %s\n", rk)
	})
}

func runPasswd(ctx context.Context, s *session, _ []string) error {
	v, err := s.unlockVault(ctx)
	if err != nil {
		return err
	}
	defer v.Close()
	pw, err := s.newPassword()
	if err != nil {
		return err
	}
	defer wipe(pw)
	if err := v.ChangePassword(ctx, pw); err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	return s.out(map[string]any{"changed": true}, func(w io.Writer) {
		fmt.Fprintln(w, "The master password was changed.")
	})
}

func kdfJSON(p vault.KDFParams) map[string]any {
	return map[string]any{"algorithm": "argon2id", "memory_mib": p.MemoryKiB / 1024, "iterations": p.Iterations, "threads": p.Threads}
}

func runVaultInfo(ctx context.Context, s *session, _ []string) error {
	v, err := s.openVault(ctx)
	if err != nil {
		return err
	}
	defer v.Close()
	info, err := v.Info(ctx)
	if err != nil {
		return err
	}
	abs, _ := filepath.Abs(v.Path())
	return s.out(map[string]any{
		"path":             abs,
		"format_version":   info.FormatVersion,
		"kdf":              kdfJSON(info.KDF),
		"has_recovery_key": info.HasRecoveryKey,
		"created_at":       info.Created.UTC().Format(time.RFC3339),
		"records":          info.Buckets,
		"file_size":        info.FileSize,
	}, func(w io.Writer) {
		printf(w, "Vault:          %s\n", abs)
		printf(w, "Format:         %d\n", info.FormatVersion)
		printf(w, "Created:        %s\n", info.Created.Local().Format("2006-01-02 15:04"))
		printf(w, "Key derivation: Argon2id, %d MiB, %d iterations, %d threads\n", info.KDF.MemoryKiB/1024, info.KDF.Iterations, info.KDF.Threads)
		printf(w, "Recovery key:   %s\n", map[bool]string{true: "set", false: "none"}[info.HasRecoveryKey])
		printf(w, "File size:      %d bytes\n", info.FileSize)
		names := make([]string, 0, len(info.Buckets))
		for n := range info.Buckets {
			names = append(names, n)
		}
		sort.Strings(names)
		fmt.Fprintln(w, "Records:")
		if len(names) == 0 {
			fmt.Fprintln(w, "  (none)")
		}
		for _, n := range names {
			printf(w, "  %-20s %d\n", n, info.Buckets[n])
		}
	})
}

func runVaultCheck(ctx context.Context, s *session, _ []string) error {
	v, err := s.unlockVault(ctx)
	if err != nil {
		return err
	}
	defer v.Close()
	rep, err := v.Check(ctx)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	return s.out(map[string]any{"ok": true, "records": rep.Records}, func(w io.Writer) {
		printf(w, "The vault is sound: %d records decrypted and verified.\n", rep.Records)
	})
}

func runVaultBackup(ctx context.Context, s *session, args []string) error {
	dst := args[0]
	vp, err := s.vaultPath()
	if err != nil {
		return err
	}
	if err := refuseVault(dst, vp); err != nil {
		return err
	}
	v, err := s.unlockVault(ctx)
	if err != nil {
		return err
	}
	defer v.Close()
	if err := v.Backup(ctx, dst); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	abs, _ := filepath.Abs(dst)
	return s.out(map[string]any{"backup": abs}, func(w io.Writer) {
		printf(w, "Backed up the vault to %s\nIt opens with the same master password and recovery key.\n", abs)
	})
}

func runVaultRotate(ctx context.Context, s *session, _ []string) error {
	v, err := s.unlockVault(ctx)
	if err != nil {
		return err
	}
	defer v.Close()
	rk, err := v.RotateKey(ctx)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return errors.New("rotation cancelled; the vault is unchanged")
		}
		return fmt.Errorf("rotate key: %w", err)
	}
	return s.out(map[string]any{"rotated": true, "recovery_key": rk}, func(w io.Writer) {
		fmt.Fprintln(w, "Every record is now encrypted under a new vault key, and the old key is gone from the file.")
		printf(w, "Your old recovery key no longer works. The new one is shown only this once:\n\n    %s\n", rk)
	})
}
