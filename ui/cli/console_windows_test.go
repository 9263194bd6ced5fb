package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/latchkey/latchkey/internal/winetest"
)

var (
	procAllocConsole    = kernel32.NewProc("AllocConsole")
	procGetConsoleWin   = kernel32.NewProc("GetConsoleWindow")
	procReadConsoleText = kernel32.NewProc("ReadConsoleOutputCharacterW")
)

// attachChildEnv makes the test binary, started again by
// TestAttachParentConsole, play the GUI program: no console of its own and
// no standard handles, as Windows starts a -H=windowsgui latchkey.exe.
const attachChildEnv = "LATCHKEY_TEST_ATTACH_CHILD"

func TestAttachParentConsole(t *testing.T) {
	if mark := os.Getenv(attachChildEnv); mark != "" {
		AttachParentConsole()
		fmt.Fprintln(os.Stdout, "stdout "+mark)
		fmt.Fprintln(os.Stderr, "stderr "+mark)
		return
	}
	if r, _, _ := procGetConsoleWin.Call(); r == 0 {
		if r, _, err := procAllocConsole.Call(); r == 0 {
			winetest.Skip(t, "no console: Wine gives one only to a program started on a terminal (test-windows.sh runs this binary under script(1))")
			t.Fatalf("AllocConsole: %v", err)
		}
	}

	t.Run("console", func(t *testing.T) {
		mark := fmt.Sprintf("attach-%d-console", os.Getpid())
		runDetached(t, mark, 0)
		text := consoleText(t)
		for _, want := range []string{"stdout " + mark, "stderr " + mark} {
			if !strings.Contains(text, want) {
				t.Errorf("console lacks %q; it shows:\n%s", want, strings.TrimSpace(text))
			}
		}
	})
	t.Run("redirected", func(t *testing.T) {
		mark := fmt.Sprintf("attach-%d-file", os.Getpid())
		path := filepath.Join(t.TempDir(), "out.txt")
		sa := &windows.SecurityAttributes{Length: uint32(unsafe.Sizeof(windows.SecurityAttributes{})), InheritHandle: 1}
		f, err := windows.CreateFile(windows.StringToUTF16Ptr(path), windows.GENERIC_WRITE, windows.FILE_SHARE_READ, sa, windows.CREATE_ALWAYS, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		runDetached(t, mark, f)
		windows.CloseHandle(f)
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if want := "stdout " + mark; !strings.Contains(string(got), want) {
			t.Errorf("redirected stdout holds %q, want %q", got, want)
		}
		if strings.Contains(consoleText(t), "stdout "+mark) {
			t.Error("redirected stdout also reached the console")
		}
	})
}

// runDetached starts this test binary as the child (DETACHED_PROCESS: no
// console, and no standard handles unless stdout is given) and waits for it.
func runDetached(t *testing.T, mark string, stdout windows.Handle) {
	t.Helper()
	t.Setenv(attachChildEnv, mark)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := windows.ComposeCommandLine([]string{exe, "-test.run=^TestAttachParentConsole$"})
	si := windows.StartupInfo{Cb: uint32(unsafe.Sizeof(windows.StartupInfo{}))}
	inherit := false
	if stdout != 0 {
		si.Flags = windows.STARTF_USESTDHANDLES
		si.StdOutput = stdout
		inherit = true
	}
	var pi windows.ProcessInformation
	if err := windows.CreateProcess(nil, windows.StringToUTF16Ptr(cmd), nil, nil, inherit, windows.DETACHED_PROCESS, nil, nil, &si, &pi); err != nil {
		t.Fatal(err)
	}
	defer windows.CloseHandle(pi.Thread)
	defer windows.CloseHandle(pi.Process)
	if ev, err := windows.WaitForSingleObject(pi.Process, 120_000); ev != windows.WAIT_OBJECT_0 {
		t.Fatalf("child did not end: %v %v", ev, err)
	}
	var code uint32
	if err := windows.GetExitCodeProcess(pi.Process, &code); err != nil || code != 0 {
		t.Fatalf("child exit code %d, %v", code, err)
	}
}

// consoleText is everything this process's console screen buffer shows.
func consoleText(t *testing.T) string {
	t.Helper()
	con, err := windows.CreateFile(windows.StringToUTF16Ptr("CONOUT$"), windows.GENERIC_READ|windows.GENERIC_WRITE,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE, nil, windows.OPEN_EXISTING, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer windows.CloseHandle(con)
	var info windows.ConsoleScreenBufferInfo
	if err := windows.GetConsoleScreenBufferInfo(con, &info); err != nil {
		t.Fatal(err)
	}
	buf := make([]uint16, int(info.Size.X)*int(info.Size.Y))
	var n uint32
	if r, _, err := procReadConsoleText.Call(uintptr(con), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), 0, uintptr(unsafe.Pointer(&n))); r == 0 {
		t.Fatal(err)
	}
	return syscall.UTF16ToString(buf[:n])
}
