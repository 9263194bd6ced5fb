//go:build !linux

package vault

import "errors"

func mlockProbe() error { return errors.New("not probed") }
