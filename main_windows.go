package main

import "github.com/latchkey/latchkey/ui/cli"

// The Windows binary is linked with -H=windowsgui (no console window on a
// Start-menu launch); started from a terminal, it prints there.
func init() { cli.AttachParentConsole() }
