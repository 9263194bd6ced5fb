package integrations_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

func TestReadNumbered(t *testing.T) {
	ctx := context.Background()
	var asked []int
	got, err := integrations.ReadNumbered(ctx, 10, 1, func(_ context.Context, n int) ([]int, bool, error) {
		asked = append(asked, n)
		return []int{n * 10}, n < 3, nil
	})
	if err != nil || !reflect.DeepEqual(got, []int{10, 20, 30}) || !reflect.DeepEqual(asked, []int{1, 2, 3}) {
		t.Fatalf("ReadNumbered = %v, %v (asked %v)", got, err, asked)
	}
	boom := errors.New("boom")
	if _, err := integrations.ReadNumbered(ctx, 10, 0, func(_ context.Context, n int) ([]int, bool, error) {
		if n == 1 {
			return nil, false, boom
		}
		return []int{n}, true, nil
	}); !errors.Is(err, boom) {
		t.Errorf("a failed page: %v, want its error", err)
	}
	asked = nil
	if got, err := integrations.ReadNumbered(ctx, 3, 0, func(_ context.Context, n int) ([]int, bool, error) {
		asked = append(asked, n)
		return []int{n}, true, nil
	}); got != nil || !errors.Is(err, integrations.ErrUnavailable) || !reflect.DeepEqual(asked, []int{0, 1, 2}) {
		t.Errorf("a list that never ends: %v, %v after pages %v", got, err, asked)
	}
}
