package integrations

import (
	"errors"
	"strings"
	"testing"
)

func TestMalformed(t *testing.T) {
	for name, want := range map[string]string{"Saxo": "Saxo's answer could not be understood",
		"Interactive Brokers": "Interactive Brokers' answer could not be understood",
		"FYERS":               "FYERS' answer could not be understood"} {
		if err := Malformed(name); !errors.Is(err, ErrUnavailable) || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("Malformed(%q) = %v, want %q matching ErrUnavailable", name, err, want)
		}
	}
}
