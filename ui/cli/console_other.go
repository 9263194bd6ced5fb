//go:build !windows

package cli

// AttachParentConsole does nothing outside Windows (see console_windows.go).
func AttachParentConsole() {}
