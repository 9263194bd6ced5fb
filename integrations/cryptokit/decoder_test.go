package cryptokit

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestDecoder(t *testing.T) {
	bad := errors.New("malformed")
	decode := func(b []byte, v any) error {
		if err := json.Unmarshal(b, v); err != nil {
			return bad
		}
		return nil
	}
	rows, err := Decoder[[]string](decode)([]byte(`["BTCUSD","ETHUSD"]`))
	if err != nil || len(rows) != 2 || rows[1] != "ETHUSD" {
		t.Fatalf("Decoder of a list = %q, %v", rows, err)
	}
	if _, err := Decoder[[]string](decode)([]byte(`{"a":1}`)); !errors.Is(err, bad) {
		t.Fatalf("Decoder of an object as a list: %v, want the decode's error", err)
	}
}
