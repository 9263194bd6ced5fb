//go:build !unix

package vault

import "errors"

func childSignals() error { return errors.New("signal test is Unix-only") }
