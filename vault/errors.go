package vault

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error returned by this package that belongs to one
// of these classes matches it with errors.Is; the wrapped message adds detail.
var (
	// ErrWrongPassword means the master password or the recovery key did not
	// unwrap the vault key. It is also what a header whose KDF parameters were
	// altered (with a recomputed checksum) produces: the two cannot be told apart.
	ErrWrongPassword = errors.New("wrong password or recovery key")

	// ErrCorrupt means the vault file itself is damaged: the bbolt structure,
	// the header (checksum, magic, out-of-range KDF parameters) or a missing
	// meta bucket. Restoring a backup is the way forward.
	ErrCorrupt = errors.New("vault file is corrupt")

	// ErrCorruptRecord means one record failed authentication (tampered,
	// damaged, or moved from another bucket or key). Errors of this class are
	// *RecordError values, which name the bucket and key.
	ErrCorruptRecord = errors.New("vault record is corrupt")

	// ErrLocked is returned by every call that needs the vault key while the
	// vault is locked, and by every call on a closed vault.
	ErrLocked = errors.New("vault is locked")

	// ErrInUse means another process (or another Vault in this process) holds
	// the vault file open. Open gives up after about two seconds.
	ErrInUse = errors.New("vault is already open in another Latchkey window or process")

	// ErrUnsupportedVersion means the vault was written by a newer Latchkey
	// whose format this version does not know.
	ErrUnsupportedVersion = errors.New("vault was written by a newer version of Latchkey")

	// ErrNotFound means there is no record under that bucket and key.
	ErrNotFound = errors.New("no such record in the vault")

	// ErrExists is returned by Create when a file already exists at the path.
	ErrExists = errors.New("a file already exists at the vault path")

	// ErrNoLockedMemory means opening a record into locked memory would exceed
	// the process's RLIMIT_MEMLOCK. memguard would otherwise panic; destroy the
	// buffers that are no longer needed, or raise the limit.
	ErrNoLockedMemory = errors.New("not enough lockable memory to open this record")

	// ErrDiskFull means a write failed because the disk (or the user's quota)
	// is full. The write's transaction was rolled back: everything saved
	// before it is intact. Free some space and try again.
	ErrDiskFull = errors.New("could not write the vault: the disk is full")

	// ErrReadOnly means the vault is on a read-only file or file system: it can
	// be read (connections, accounts, export) but not changed.
	ErrReadOnly = errors.New("the vault is read-only here")
)

// RecordError reports a record that failed authentication or decoding. It
// matches ErrCorruptRecord with errors.Is.
type RecordError struct {
	Bucket string
	Key    string
	Reason string // short, non-secret detail, e.g. "authentication failed"
}

func (e *RecordError) Error() string {
	if e.Reason == "" {
		return fmt.Sprintf("vault record %q in bucket %q is corrupt", e.Key, e.Bucket)
	}
	return fmt.Sprintf("vault record %q in bucket %q is corrupt: %s", e.Key, e.Bucket, e.Reason)
}

// Is reports whether target is ErrCorruptRecord.
func (e *RecordError) Is(target error) bool { return target == ErrCorruptRecord }

// closedError is returned on a closed vault; it matches ErrLocked.
type closedError struct{}

func (closedError) Error() string        { return "vault is closed" }
func (closedError) Is(target error) bool { return target == ErrLocked }

func corruptf(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrCorrupt}, a...)...)
}

var errClosed error = closedError{}
