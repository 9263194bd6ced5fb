// Package vault is Latchkey's encrypted credential store: one bbolt file
// whose records are sealed with a random 256-bit vault key, itself stored
// only wrapped by a key derived from the master password and by a recovery
// key.
//
// # Using it
//
//	v, rk, err := vault.Create(ctx, path, password, vault.CreateOptions{}) // unlocked; show rk once
//	v, err := vault.Open(ctx, path)   // locked; ErrInUse if another process has it
//	err = v.Unlock(ctx, password)     // or UnlockWithRecoveryKey; UnlockProgress reports progress
//	v, err := vault.OpenReadOnly(ctx, path) // read-only file or file system: writes say ErrReadOnly
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
//     missing meta bucket, KDF parameters outside the limits, a damaged
//     bbolt meta page, a bucket whose records do not match the manifest).
//   - ErrCorruptRecord: a record failed authentication; the error is a
//     *RecordError naming its bucket and key.
//   - ErrLocked: the vault is locked, or closed.
//   - ErrInUse: another process or Vault holds the file.
//   - ErrUnsupportedVersion: the file was written by a newer Latchkey.
//   - ErrNotFound, ErrExists: no such record; Create on an existing path.
//   - ErrNoLockedMemory: Get would exceed RLIMIT_MEMLOCK (memguard would panic).
//   - ErrDiskFull: a write failed for want of space or quota (ENOSPC, EDQUOT,
//     a file-size limit, a short write); the transaction was rolled back and
//     nothing saved before is lost. Compaction and backups write to a
//     temporary file that is removed on failure.
//   - ErrReadOnly: Open on a file it cannot open for writing (its mode, a
//     read-only file system: OpenReadOnly then works), or a write on a vault
//     opened with OpenReadOnly.
//
// Opening never panics whatever the bytes: before bbolt maps the file, a
// bounds-checked walk verifies the bbolt structure (see preflight.go), bbolt's
// own tx.Check runs next, and bbolt calls run with faults turned into panics
// and panics recovered into ErrCorrupt; no error text says "panic:".
//
// # File format (version 2)
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
// KDF parameters are clamped on read: memory 19 MiB–1 GiB, iterations 2–16,
// threads 1–16. That ceiling is what a desktop can bear (at 1 GiB and t=16 an
// unlock takes seconds, with progress, and can be cancelled) and lies above
// anything Create chooses; a header beyond it is ErrCorrupt ("more than
// Latchkey ever chooses, so the header was tampered with or damaged"),
// decided by Open before any KDF runs, so a tampered file can neither weaken
// the KDF nor hang the app. KDF id 0x7f is a toy Argon2id (64 KiB, t=1) that only test binaries
// create or open.
//
// New vaults use parallelism min(4, CPUs) and a cost calibrated to about
// 0.5 s: one Argon2id run at 64 MiB, t=3, timed per pass through its
// progress reports. The first pass carries the setup and the page faults;
// the later ones are the warm per-pass cost, so t = (0.5 s − setup) / pass
// is what half a second really allows (at least 3). Where that exceeds 16,
// the memory doubles instead (up to 256 MiB), spending the time on memory
// hardness. (Before, one cold x/crypto call was timed, page faults
// included, and t came out about a third of the budget.)
//
// Every other bucket holds records: key → envelope
//
//	version u8 (2) ‖ nonce [24] ‖ XChaCha20-Poly1305 ciphertext and tag
//
// with a fresh random nonce per write and associated data
// "latchkey/vault/record\x00" ‖ format version u16 ‖ envelope version u8 ‖
// len(bucket) u32 ‖ bucket ‖ key, so a ciphertext moved to another key or
// bucket fails authentication.
//
// The meta bucket's key "manifest" authenticates the set of records of every
// bucket: count and XOR of HMAC-SHA256 over (bucket, key, nonce, tag) per
// bucket, sealed under the vault key and rewritten in the transaction of
// every write (details in manifest.go). Deleting a record, putting back an
// older copy of one, or rolling one bucket (or the manifest) back is
// reported by Check and by List as ErrCorrupt naming the bucket
// (CheckReport.TamperedBuckets). Format-1 files (envelope 1, no manifest)
// open and read as before; their first write re-seals every record as
// envelope 2 and writes the manifest in the same transaction (the header
// stays at version 1 until RotateKey rewraps both slots). A vault holding
// envelope-2 records but no manifest is ErrCorrupt: deleting the manifest
// does not switch the check off. Rolling the whole file back to an older
// copy remains undetectable: nothing outside the file remembers its state.
//
// # Memory
//
// While unlocked the vault key (and the password-derived key, kept for
// RotateKey) live in memguard Enclaves; each transaction opens the key into
// a LockedBuffer and destroys it at the end. Records are decrypted straight
// into LockedBuffers. This keeps the number of locked pages small, so the
// vault works under RLIMIT_MEMLOCK of 64 KiB as long as callers destroy
// buffers promptly (about eight one-page buffers can be held at once there).
// The caller's password slice is ordinary heap memory and is not retained.
//
// # Key derivation
//
// Argon2id is the package's own implementation, vault/internal/argon2
// (RFC 9106), not golang.org/x/crypto/argon2, for three reasons measured on
// the reference machine (64 MiB, t=3, p=2): x/crypto's first pass XORs into
// blocks it has never written, so every 4 KiB page is faulted twice (read,
// then copy-on-write: 32.8k faults instead of 16.4k, about 160 ms of a
// 240 ms fresh-process unlock); it cannot be cancelled or report progress;
// and its 64 MiB heap slice stays in the process after the unlock. Ours
// writes every block before reading it (one fault per page), takes its
// memory with mmap outside the Go heap and unmaps it before returning (the
// resident set drops back at once), checks ctx every 2048 blocks and after
// every quarter pass, and reports progress after each quarter pass. Its
// compression function has an AVX2 version (two permutations interleaved,
// four lanes per register) next to the portable Go one. It passes RFC
// 9106's test vectors for Argon2d, Argon2i and Argon2id, is compared with
// x/crypto over random parameters and by a differential fuzz test, and its
// AVX2 and Go compression functions are compared block by block. No Go
// module on the proxy offered this (github.com/alexedwards/argon2id wraps
// x/crypto). packaging/bench/kdf.sh compares a fresh-process unlock with the
// reference C argon2 CLI.
//
// # Durability
//
// Every write is a bbolt transaction (fsync). Create builds the file under a
// temporary name and links it into place; RotateKey, ChangePassword and
// Backup write compacted copies to temporary files and rename them. A vault
// path that is a symbolic link is resolved once, at Open or Create: the
// compacted copy replaces the real file, the link stays a link, and no old
// wrapped key is left in the target or beside the link. (A hard link to the
// vault keeps the old file under its other name.) Close commits an empty
// transaction after writes so both bbolt meta pages point at the latest
// data; if one meta page is damaged, Open works from the other, Check
// reports it (CheckReport.DamagedMetaPage), and the next write rewrites it.
// A second process gets ErrInUse (flock) instead of waiting; read-only opens
// share a lock. Rolling the whole file back to an older copy is not
// detectable.
//
// bbolt maps 64 MiB of address space up front (not Windows, where bbolt
// would grow the file to the map's size) and grows the file 64 KiB past its
// data: growing the map inside a write transaction copies every value the
// transaction holds, which made a large sync copy its data several times.
package vault
