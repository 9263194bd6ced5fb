package integrations

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"testing"
)

func atoi(b []byte) (int, error) { return strconv.Atoi(string(b)) }

func TestReadAccount(t *testing.T) {
	errNone, errCall := errors.New("no such account"), errors.New("call failed")
	b := &AccountBook[string]{NotFound: errNone, Read: func(context.Context) ([]Account, []string, error) {
		return []Account{{ID: "a"}}, []string{"111"}, nil
	}}
	ctx := context.Background()
	var asked []string
	read := func(_ context.Context, n string) ([]byte, error) {
		asked = append(asked, n)
		if n != "111" {
			return nil, errCall
		}
		return []byte("42"), nil
	}
	if v, err := ReadAccount(ctx, b, "a", read, atoi); err != nil || v != 42 || len(asked) != 1 || asked[0] != "111" {
		t.Fatalf("read: %d %v, asked %v", v, err, asked)
	}
	if v, err := ReadAccount(ctx, b, "zzz", read, atoi); !errors.Is(err, errNone) || v != 0 || len(asked) != 1 {
		t.Fatalf("unknown account: %d %v, asked %v", v, err, asked)
	}
	b.Read = func(context.Context) ([]Account, []string, error) { return []Account{{ID: "c"}}, []string{"999"}, nil }
	if _, err := ReadAccount(ctx, b, "c", read, atoi); !errors.Is(err, errCall) {
		t.Fatalf("a failed call: %v", err)
	}
	if _, err := ReadAccount(ctx, b, "c", func(context.Context, string) ([]byte, error) { return []byte("x"), nil }, atoi); err == nil {
		t.Fatal("a failed decode must fail")
	}
}

func TestReadList(t *testing.T) {
	if p := AccountPath("/v1/accounts/", "6YA 0/5", "balances"); p != "/v1/accounts/6YA%200%2F5/balances" {
		t.Errorf("AccountPath = %q", p)
	}
	b := &AccountBook[string]{NotFound: errors.New("no such account"), Read: func(context.Context) ([]Account, []string, error) {
		return []Account{{ID: "a"}}, []string{"111"}, nil
	}}
	var asked []string
	get := func(_ context.Context, path string, q url.Values) ([]byte, error) {
		asked = append(asked, path+"?"+q.Encode())
		return []byte("7"), nil
	}
	if v, err := ReadList(context.Background(), b, "a", get, "accounts/", "positions", atoi); err != nil || v != 7 ||
		len(asked) != 1 || asked[0] != "accounts/111/positions?" {
		t.Fatalf("ReadList = %d, %v (asked %q)", v, err, asked)
	}
}
