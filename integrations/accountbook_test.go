package integrations

import (
	"context"
	"errors"
	"testing"
)

func TestAccountBook(t *testing.T) {
	errNone, errRead := errors.New("no such account"), errors.New("read failed")
	reads, fail := 0, false
	b := AccountBook[string]{NotFound: errNone, Read: func(context.Context) ([]Account, []string, error) {
		reads++
		if fail {
			return nil, nil, errRead
		}
		accts, numbers := SplitAccounts([]string{"a=111", "b=222"}, func(s string) (Account, string) {
			return Account{ID: s[:1]}, s[2:]
		})
		return accts, numbers, nil
	}}
	ctx := context.Background()
	if n, err := b.Lookup(ctx, "b"); err != nil || n != "222" || reads != 1 {
		t.Fatalf("first lookup: %q %v after %d reads", n, err, reads)
	}
	if n, err := b.Lookup(ctx, "a"); err != nil || n != "111" || reads != 1 {
		t.Fatalf("known id: %q %v after %d reads, want no read", n, err, reads)
	}
	if _, err := b.Lookup(ctx, "zzz"); !errors.Is(err, errNone) || reads != 2 {
		t.Fatalf("unknown id: %v after %d reads, want NotFound after one more read", err, reads)
	}
	fail = true
	if _, err := b.Lookup(ctx, "zzz"); !errors.Is(err, errRead) {
		t.Fatalf("failed read: %v", err)
	}
	if accts, err := b.Accounts(ctx); accts != nil || !errors.Is(err, errRead) {
		t.Fatalf("Accounts on a failed read: %v %v", accts, err)
	}
	if n, err := b.Lookup(ctx, "a"); err != nil || n != "111" {
		t.Fatalf("a failed read must keep the index: %q %v", n, err)
	}
}
