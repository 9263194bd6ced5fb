package vault

import (
	"bytes"
	"context"
	"testing"
)

func TestSmoke(t *testing.T) {
	ctx := context.Background()
	v, path, rk := newTestVault(t)
	t.Logf("recovery key %s", rk)
	mustPut(t, v, "b", "k", []byte("hello"))
	if got := mustGet(t, v, "b", "k"); !bytes.Equal(got, []byte("hello")) {
		t.Fatalf("got %q", got)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	v2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	if err := v2.Unlock(ctx, testPassword); err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, v2, "b", "k"); !bytes.Equal(got, []byte("hello")) {
		t.Fatalf("got %q", got)
	}
	rep, err := v2.Check(ctx)
	t.Logf("%+v %v", rep, err)
}
