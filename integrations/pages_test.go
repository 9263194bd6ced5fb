package integrations_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

func TestReadPages(t *testing.T) {
	ctx := context.Background()
	pages := map[string]struct {
		items []int
		next  string
	}{"": {[]int{1, 2}, "b"}, "b": {nil, "c"}, "c": {[]int{3}, ""}}
	var asked []string
	got, err := integrations.ReadPages(ctx, 10, func(_ context.Context, cursor string) ([]int, string, error) {
		asked = append(asked, cursor)
		p := pages[cursor]
		return p.items, p.next, nil
	})
	if err != nil || !reflect.DeepEqual(got, []int{1, 2, 3}) || !reflect.DeepEqual(asked, []string{"", "b", "c"}) {
		t.Fatalf("ReadPages = %v, %v (asked %q)", got, err, asked)
	}

	boom := errors.New("boom")
	if _, err := integrations.ReadPages(ctx, 10, func(_ context.Context, cursor string) ([]int, string, error) {
		if cursor == "" {
			return []int{1}, "b", nil
		}
		return nil, "", boom
	}); !errors.Is(err, boom) {
		t.Errorf("a failed page: %v, want its error", err)
	}

	n := 0
	if got, err := integrations.ReadPages(ctx, 3, func(context.Context, string) ([]int, string, error) {
		n++
		return []int{n}, "again", nil
	}); !errors.Is(err, integrations.ErrUnavailable) || got != nil || n != 3 {
		t.Errorf("endless pages: %v, %v after %d pages, want ErrUnavailable after 3", got, err, n)
	}
}
