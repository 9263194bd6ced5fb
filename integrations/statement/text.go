package statement

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/latchkey/latchkey/internal/capread"
)

// Encodings Decode reports.
const (
	EncUTF8    = "utf-8"
	EncUTF8BOM = "utf-8-bom"
	EncUTF16LE = "utf-16le"
	EncUTF16BE = "utf-16be"
	EncCP1252  = "windows-1252"
)

// errCap is what a capread.Reader returns past a file's limit.
var errCap = errors.New("size cap reached")

// sizeOf is r's size when r knows it (a file, a bytes or strings reader),
// else -1.
func sizeOf(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size()
		}
	case interface{ Len() int }:
		return int64(v.Len())
	}
	return -1
}

func readErr(err error, max int64) error {
	if errors.Is(err, errCap) {
		return fmt.Errorf("%w: more than %s", ErrTooLarge, sizeText(max))
	}
	return fmt.Errorf("reading statement file: %w", err)
}

// readAll reads r (of size bytes when known, else -1) up to max bytes; one
// byte more is ErrTooLarge. A known size makes the buffer once, so a large
// file leaves no trail of outgrown buffers.
func readAll(r io.Reader, max, size int64) ([]byte, error) {
	if size > max {
		return nil, fmt.Errorf("%w: more than %s", ErrTooLarge, sizeText(max))
	}
	var buf bytes.Buffer
	if size >= 0 {
		// ReadFrom wants MinRead bytes free before each read, the one that
		// finds the end too: room for them keeps the buffer from doubling.
		buf.Grow(int(size) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(&capread.Reader{R: r, Left: max, Err: errCap}); err != nil {
		return nil, readErr(err, max)
	}
	return buf.Bytes(), nil
}

func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// Decode turns a file's bytes into UTF-8 text and names the encoding it
// found: a UTF-8 or UTF-16 byte-order mark, UTF-16 without one (NUL bytes in
// every other place), valid UTF-8, else Windows-1252 (a superset of the
// printable Latin-1 that older exports use). Text with NUL characters or
// other control bytes is not a statement: ErrUnknownFormat.
func Decode(b []byte) (text string, encoding string, err error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		text, encoding = string(b[3:]), EncUTF8BOM
		if !utf8.ValidString(text) {
			text = strings.ToValidUTF8(text, "\uFFFD")
		}
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		text, encoding, err = decode16(b[2:], unicode.LittleEndian), EncUTF16LE, nil
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		text, encoding, err = decode16(b[2:], unicode.BigEndian), EncUTF16BE, nil
	default:
		if e := guess16(b); e != "" {
			if e == EncUTF16LE {
				text = decode16(b, unicode.LittleEndian)
			} else {
				text = decode16(b, unicode.BigEndian)
			}
			encoding = e
		} else if utf8.Valid(b) {
			text, encoding = string(b), EncUTF8
		} else {
			d, derr := charmap.Windows1252.NewDecoder().Bytes(b)
			if derr != nil {
				return "", "", fmt.Errorf("%w: unreadable text encoding", ErrUnknownFormat)
			}
			text, encoding = string(d), EncCP1252
		}
	}
	if err != nil {
		return "", "", err
	}
	if !isText(text) {
		return "", "", fmt.Errorf("%w: not a text file", ErrUnknownFormat)
	}
	return text, encoding, nil
}

func decode16(b []byte, order unicode.Endianness) string {
	if len(b)%2 == 1 {
		b = b[:len(b)-1] // a truncated last unit
	}
	d, err := unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder().Bytes(b)
	if err != nil {
		return ""
	}
	return string(d)
}

// guess16 recognises UTF-16 text without a byte-order mark: in mostly-ASCII
// text, every other byte is NUL.
func guess16(b []byte) string {
	n := min(len(b), 4096) &^ 1
	if n < 4 {
		return ""
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	half := n / 2
	switch {
	case odd*10 >= half*9 && even*10 < half:
		return EncUTF16LE
	case even*10 >= half*9 && odd*10 < half:
		return EncUTF16BE
	}
	return ""
}

// isText reports whether s looks like text: no NUL, and few control
// characters other than tab, CR, LF and form feed.
func isText(s string) bool {
	if s == "" {
		return true
	}
	var ctl, total int
	for _, r := range s {
		total++
		switch {
		case r == 0:
			return false
		case r == '\t' || r == '\n' || r == '\r' || r == '\f':
		case r < 0x20 || r == 0x7F:
			ctl++
		case r == utf8.RuneError:
			ctl++
		}
	}
	return ctl*100 <= total // at most 1%
}

func itoa(n int) string { return strconv.Itoa(n) }
