package ofx

import (
	"context"
	"errors"
	"io"
)

func parse(ctx context.Context, r io.Reader) (*Statement, error) { return nil, errors.New("todo") }
