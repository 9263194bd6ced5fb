// Package vault is Latchkey's encrypted credential store: one bbolt file
// whose records are sealed with a random 256-bit vault key, itself stored
// only wrapped by a key derived from the master password and by a recovery
// key.
//
// # Using it
//
//	v, rk, err := vault.Create(ctx, path, password, vault.CreateOptions{}) // unlocked; show rk once
//	v, err := vault.Open(ctx, path)   // locked; ErrInUse if another process has it
//	err = v.Unlock(ctx, password)     // or UnlockWithRecoveryKey
//	err = v.Put(ctx, "connections", id, secretJSON)
//	buf, err := v.Get(ctx, "connections", id) // *memguard.LockedBuffer
//	defer buf.Destroy()
//	v.Lock()                          // destroys the key and every buffer Get returned
//	v.Close()
//
// Bucket names and keys are stored in plaintext (bbolt keys): callers must
// use non-secret identifiers (random ids, institution slugs), never account
// numbers, user names or tokens. Bucket names starting with NUL are reserved
// ("\x00meta" holds the header). Values are at most 16 MiB.
//
// # Errors
//
// Every failure matches at most one of these sentinels with errors.Is:
//
//   - ErrWrongPassword: the password or recovery key does not unwrap the key.
//   - ErrCorrupt: the file is damaged (bbolt structure, header checksum,
//     missing meta bucket, KDF parameters outside the limits).
//   - ErrCorruptRecord: a record failed authentication; the error is a
//     *RecordError naming its bucket and key.
//   - ErrLocked: the vault is locked, or closed.
//   - ErrInUse: another process or Vault holds the file.
//   - ErrUnsupportedVersion: the file was written by a newer Latchkey.
//   - ErrNotFound, ErrExists: no such record; Create on an existing path.
//   - ErrNoLockedMemory: Get would exceed RLIMIT_MEMLOCK (memguard would panic).
//
// Opening never panics whatever the bytes: before bbolt maps the file, a
// bounds-checked walk verifies the bbolt structure (see preflight.go), bbolt's
// own tx.Check runs next, and bbolt calls run with faults turned into panics
// and panics recovered into ErrCorrupt.
//
// # File format (version 1)
//
// A bbolt file (mode 0600, folder 0700). The bucket "\x00meta" holds key
// "header", a plaintext header:
//
//	magic "LKVAULT\x00" ‖ version u16 ‖ flags u16 (0) ‖ created u64 (Unix s)
//	‖ KDF id u8 (1 = Argon2id) ‖ memory KiB u32 ‖ iterations u32 ‖ threads u8
//	‖ salt [16] ‖ slot count u8 ‖ slots ‖ SHA-256 of all preceding bytes
//
// (big-endian). A slot is kind u8 (1 password, 2 recovery) ‖ nonce [24] ‖
// the vault key sealed with XChaCha20-Poly1305 (48 bytes). The password slot's
// key is Argon2id(password, salt); the recovery slot's is
// HKDF-SHA256(recovery key, info "latchkey/vault/recovery-kek/v1"). The
// associated data of a slot is "latchkey/vault/slot\x00" ‖ header bytes 0–19
// ‖ kind, plus, for the password slot, the KDF id, parameters and salt: so a
// changed parameter makes unwrapping fail. The checksum tells accidental
// damage (ErrCorrupt) from a wrong password; the version is checked after the
// checksum, and every future format keeps magic, version offset and trailing
// SHA-256 so that old readers say ErrUnsupportedVersion.
//
// KDF parameters are clamped on read: memory 19 MiB–4 GiB, iterations 2–64,
// threads ≥ 1; outside that the header is ErrCorrupt, so a tampered file can
// neither weaken the KDF nor hang the app. New vaults use 64 MiB, parallelism
// min(4, CPUs) and iterations calibrated to about 0.5 s (at least 3). KDF id
// 0x7f is a toy Argon2id (64 KiB, t=1) that only test binaries create or open.
//
// Every other bucket holds records: key → envelope
//
//	version u8 (1) ‖ nonce [24] ‖ XChaCha20-Poly1305 ciphertext and tag
//
// with a fresh random nonce per write and associated data
// "latchkey/vault/record\x00" ‖ format version u16 ‖ envelope version u8 ‖
// len(bucket) u32 ‖ bucket ‖ key, so a ciphertext moved to another key or
// bucket fails authentication.
//
// # Memory
//
// While unlocked the vault key (and the password-derived key, kept for
// RotateKey) live in memguard Enclaves; each transaction opens the key into
// a LockedBuffer and destroys it at the end. Records are decrypted straight
// into LockedBuffers. This keeps the number of locked pages small, so the
// vault works under RLIMIT_MEMLOCK of 64 KiB as long as callers destroy
// buffers promptly (about eight one-page buffers can be held at once there).
// Argon2id's working memory and the caller's password slice are ordinary
// heap memory; the package copies the password and wipes its copy.
//
// # Durability
//
// Every write is a bbolt transaction (fsync). Create builds the file under a
// temporary name and links it into place; RotateKey, ChangePassword and
// Backup write compacted copies to temporary files and rename them. Close
// commits an empty transaction after writes so both bbolt meta pages point at
// the latest data. A second process gets ErrInUse (flock) instead of waiting.
// Rolling the whole file back to an older copy is not detectable.
package vault
