package integrations

import (
	"errors"
	"strings"
	"testing"
)

func TestSecretCodec(t *testing.T) {
	type sec struct {
		Key string `json:"key"`
		N   int    `json:"n"`
	}
	valid := func(s sec) bool { return s.Key != "" }
	got, err := DecodeSecret(EncodeSecret(sec{Key: "k", N: 3}), "a test login", valid)
	if err != nil || got != (sec{Key: "k", N: 3}) {
		t.Fatalf("round trip = %+v, %v", got, err)
	}
	for _, b := range [][]byte{[]byte("not json"), EncodeSecret(sec{N: 1}), nil} {
		got, err := DecodeSecret(b, "a test login", valid)
		if !errors.Is(err, ErrReauthRequired) || got != (sec{}) {
			t.Fatalf("DecodeSecret(%q) = %+v, %v; want ErrReauthRequired", b, got, err)
		}
		if want := "the saved login is not a test login"; UserMessage(err) == "" || !strings.Contains(err.Error(), want) {
			t.Fatalf("error %q lacks %q", err, want)
		}
	}
}
