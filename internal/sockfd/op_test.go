package sockfd

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// TestSpinCountsTowardTimeout: the timeout of a call that spun before
// parking runs from its first EAGAIN, not from the end of the spin, so that
// spin and wait together never exceed the timeout. The check compares the
// armed deadline with a time read after the spin ended: no duration is
// measured.
func TestSpinCountsTowardTimeout(t *testing.T) {
	pair, err := Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer unix.Close(pair[1])
	fd, err := New(pair[0])
	require.NoError(t, err)
	defer fd.Release()

	_, err = fd.RawConn() // the poller has it, as after a first wait
	require.NoError(t, err)
	o := fd.op(&fd.recv)
	o.prepare(Mode{Timeout: time.Hour, Spin: 100 * time.Microsecond}, noInstant, 0)
	require.True(t, o.spin(), "a call that may wait spins first")
	for o.spin() {
	}
	spunUntil := time.Now()
	require.False(t, o.wouldBlock(), "blocking-type modes park after the spin")
	defer o.endCall()
	o.mu.Lock()
	call := o.dl.call
	o.mu.Unlock()
	require.NotZero(t, call, "parking armed the call's deadline")
	assert.Less(t, call, instantAfter(instantOf(spunUntil), o.timeout),
		"the timeout counts from the first EAGAIN, spin included (deadline %v, spin ended %v)", call, spunUntil)
}
