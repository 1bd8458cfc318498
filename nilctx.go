package socket

import (
	"context"

	"golang.org/x/sys/unix"
)

// nilContext returns the error of a call given a nil Context, or nil: an
// *ArgError "ctx" wrapping EINVAL. Go's net panics on a nil Context; this
// package promises an error for a bad argument instead (see the package
// documentation), and Python has no context to get wrong.
func nilContext(ctx context.Context) error {
	if ctx == nil {
		return argError("ctx", "nil Context (pass context.Background())", unix.EINVAL)
	}
	return nil
}

// checkContext is nilContext inside the *net.OpError of operation op on s.
func (s *Socket) checkContext(op string, ctx context.Context) error {
	if err := nilContext(ctx); err != nil {
		return s.opError(op, nil, err)
	}
	return nil
}
