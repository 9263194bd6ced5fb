package cli

import (
	"os"

	"golang.org/x/sys/windows"
)

var (
	kernel32          = windows.NewLazySystemDLL("kernel32.dll")
	procAttachConsole = kernel32.NewProc("AttachConsole")
)

// attachParentProcess is AttachConsole's ATTACH_PARENT_PROCESS ((DWORD)-1).
const attachParentProcess = ^uint32(0)

// AttachParentConsole gives the released latchkey.exe (linked with
// -H=windowsgui, so that a Start-menu launch opens no console window) the
// console of the terminal it was started from, the way Windows GUI programs
// with a command line do, so that `latchkey.exe connections` prints there.
// Standard handles already in place (redirected to a file or a pipe) are
// kept; with no parent console (a Start-menu or Explorer launch) nothing
// changes. main calls it before anything reads os.Stdin/Stdout/Stderr.
//
// As for every GUI program, cmd.exe does not wait for it: the prompt comes
// back at once, and a terminal prompt competes with cmd.exe for input, so
// scripts should use --password-stdin or LATCHKEY_PASSWORD_FILE
// (`start /wait latchkey.exe ...` waits).
func AttachParentConsole() {
	in, out, errOut := stdHandle(windows.STD_INPUT_HANDLE), stdHandle(windows.STD_OUTPUT_HANDLE), stdHandle(windows.STD_ERROR_HANDLE)
	if in && out && errOut {
		return
	}
	if r, _, _ := procAttachConsole.Call(uintptr(attachParentProcess)); r == 0 {
		return // no parent console, or already attached to one
	}
	if !in {
		reopen(windows.STD_INPUT_HANDLE, "CONIN$", &os.Stdin, "/dev/stdin")
	}
	if !out {
		reopen(windows.STD_OUTPUT_HANDLE, "CONOUT$", &os.Stdout, "/dev/stdout")
	}
	if !errOut {
		reopen(windows.STD_ERROR_HANDLE, "CONOUT$", &os.Stderr, "/dev/stderr")
	}
}

// stdHandle reports whether the standard handle is set (a GUI-subsystem
// process started from a console has none).
func stdHandle(which uint32) bool {
	h, err := windows.GetStdHandle(which)
	return err == nil && h != 0 && h != windows.InvalidHandle
}

func reopen(which uint32, device string, f **os.File, name string) {
	h, err := windows.CreateFile(windows.StringToUTF16Ptr(device),
		windows.GENERIC_READ|windows.GENERIC_WRITE, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE,
		nil, windows.OPEN_EXISTING, 0, 0)
	if err != nil {
		return
	}
	_ = windows.SetStdHandle(which, h)
	*f = os.NewFile(uintptr(h), name)
}
