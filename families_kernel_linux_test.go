package socket

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The round trips of the families a kernel may lack (AF_ALG, AF_CAN,
// AF_TIPC): each runs where the kernel has the family and its module, and
// skips saying which piece is missing where it does not.

// familySocket returns a socket of family, or skips the test when the
// kernel lacks the family: load says what would give it one.
func familySocket(t *testing.T, family Family, typ Type, proto Protocol, load string) *Socket {
	t.Helper()
	s, err := New(family, typ, proto)
	if errors.Is(err, unix.EAFNOSUPPORT) || errors.Is(err, unix.EPROTONOSUPPORT) {
		t.Skipf("the kernel has no %v: %v (%s)", family, err, load)
	}
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}
