package socket

import (
	"errors"
	"net"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// txStampFlags asks for software transmit timestamps, numbered per send
// and queued without the packet.
const txStampFlags = SOF_TIMESTAMPING_TX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE |
	SOF_TIMESTAMPING_OPT_ID | SOF_TIMESTAMPING_OPT_TSONLY

// Each of 1,000 UDP sends gets its transmit timestamp, named by its id
// (SOF_TIMESTAMPING_OPT_ID), none missing and none twice. Reading the
// stamps allocates nothing.
func TestTransmitTimestamps(t *testing.T) {
	a, b := udpPair(t, AF_INET)
	require.NoError(t, a.SetTimestamping(txStampFlags))
	got, err := a.Timestamping()
	require.NoError(t, err)
	require.Equal(t, txStampFlags, got)
	a.SetTimeout(5 * time.Second)
	b.SetTimeout(5 * time.Second)

	const sends = 1000
	var seen [sends]int
	msg, p, oob := []byte("stamp me"), make([]byte, 64), make([]byte, 256)
	before := time.Now()
	for i := range sends {
		_, err := a.Send(msg, 0)
		require.NoError(t, err)
		m, err := a.RecvErrQueue(nil, oob, 0)
		require.NoError(t, err, "send %d", i)
		require.NotZero(t, m.Has&CtrlExtendedErr)
		require.NotZero(t, m.Has&CtrlTimestamping)
		moment, id, ok := m.Err.Timestamp()
		require.True(t, ok, "send %d: %v", i, m.Err)
		assert.Equal(t, SCM_TSTAMP_SND, moment)
		assert.Equal(t, unix.ENOMSG, m.Err.Errno)
		require.Less(t, id, uint32(sends))
		seen[id]++
		ts := m.Timestamping.Software
		require.False(t, ts.Before(before.Add(-time.Second)) || ts.After(time.Now().Add(time.Second)),
			"send %d stamped at %v", i, ts)
		assert.Zero(t, m.N, "OPT_TSONLY: the stamp comes without the packet")

		_, err = b.Recvmsg(p, oob, 0)
		require.NoError(t, err)
	}
	for id, n := range seen {
		assert.Equal(t, 1, n, "stamps of send %d", id)
	}

	allocs := testing.AllocsPerRun(200, func() {
		if _, err := a.Send(msg, 0); err != nil {
			panic(err)
		}
		if _, err := a.RecvErrQueue(nil, oob, 0); err != nil {
			panic(err)
		}
		if _, err := b.Recvmsg(p, oob, 0); err != nil {
			panic(err)
		}
	})
	assert.Zero(t, allocs, "allocations per send and stamp")
}

// A datagram received with SOF_TIMESTAMPING_RX_SOFTWARE carries its
// receive time in an SCM_TIMESTAMPING control message, which ParseControl
// decodes. (On loopback a datagram sent with transmit stamping on keeps
// its transmit stamp, which the receiver is not given: the sender here
// stamps nothing.)
func TestReceiveTimestamps(t *testing.T) {
	a, b := udpPair(t, AF_INET)
	require.NoError(t, b.SetTimestamping(SOF_TIMESTAMPING_RX_SOFTWARE|SOF_TIMESTAMPING_SOFTWARE))
	before := time.Now()
	p, oob := make([]byte, 8), make([]byte, CmsgSpace(48))
	var ci ControlInfo
	// The kernel turns receive stamping on for the whole system from a
	// work queue (net_enable_timestamp): the first datagrams after the
	// first socket asks may come unstamped.
	for range 100 {
		_, err := a.Send([]byte("x"), 0)
		require.NoError(t, err)
		r, err := b.Recvmsg(p, oob, 0)
		require.NoError(t, err)
		ci, err = ParseControl(oob[:r.OOBN])
		require.NoError(t, err)
		if ci.Has&CtrlTimestamping != 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	require.NotZero(t, ci.Has&CtrlTimestamping, "no receive timestamp in 100 datagrams")
	ts := ci.Timestamping.Software
	assert.False(t, ts.Before(before.Add(-time.Second)) || ts.After(time.Now().Add(time.Second)), "stamped at %v", ts)
	assert.True(t, ci.Timestamping.Hardware.IsZero(), "loopback has no device clock")
}

// zerocopySender tracks a socket's MSG_ZEROCOPY sends and the completions
// that cover them.
type zerocopySender struct {
	s      *Socket
	sent   uint32 // sends numbered so far: the next send's id
	done   []int  // completions that covered each id
	copied bool   // a completion said the kernel copied
	oob    []byte
}

// send sends b with MSG_ZEROCOPY, one send(2) per call that moves data
// (non-blocking, so that each call is one id), reaping completions while
// the socket is full.
func (z *zerocopySender) send(t testing.TB, b []byte) {
	for len(b) > 0 {
		n, err := z.s.Send(b, MSG_DONTWAIT|MSG_ZEROCOPY)
		if err != nil {
			if isEAGAIN(err) || isENOBUFS(err) {
				z.reap(t, false)
				continue
			}
			require.NoError(t, err)
		}
		z.sent++
		b = b[n:]
	}
}

// reap reads the completions queued, or waits for one when wait is set.
func (z *zerocopySender) reap(t testing.TB, wait bool) {
	flags := MSG_DONTWAIT
	if wait {
		flags = 0
	}
	for {
		m, err := z.s.RecvErrQueue(nil, z.oob, flags)
		if err != nil && !wait && isEAGAIN(err) {
			return
		}
		require.NoError(t, err)
		lo, hi, copied, ok := m.Err.Zerocopy()
		if !ok {
			t.Fatalf("not a zero-copy completion: %v", m.Err)
		}
		z.copied = z.copied || copied
		for id := lo; ; id++ {
			for int(id) >= len(z.done) {
				z.done = append(z.done, 0)
			}
			z.done[id]++
			if id == hi {
				break
			}
		}
		if wait {
			return
		}
		flags = MSG_DONTWAIT
	}
}

// finished reports whether every send so far has its completion.
func (z *zerocopySender) finished() bool {
	if len(z.done) < int(z.sent) {
		return false
	}
	for _, n := range z.done[:z.sent] {
		if n == 0 {
			return false
		}
	}
	return true
}

func isEAGAIN(err error) bool  { return errors.Is(err, unix.EAGAIN) }
func isENOBUFS(err error) bool { return errors.Is(err, unix.ENOBUFS) }

// The completions of 1,000 MSG_ZEROCOPY sends on TCP cover every send
// exactly once, and on loopback say the kernel copied; sending and
// reaping allocate nothing.
func TestZerocopyCompletions(t *testing.T) {
	c, srv := tcpPair(t, AF_INET)
	require.NoError(t, c.SetZerocopy(true))
	c.SetTimeout(10 * time.Second)
	go func() {
		p := make([]byte, 1<<16)
		for {
			if n, err := srv.Recv(p, 0); n == 0 || err != nil {
				return
			}
		}
	}()
	z := &zerocopySender{s: c, oob: make([]byte, 128), done: make([]int, 0, 4096)}
	buf := make([]byte, 16<<10)
	for z.sent < 1000 {
		z.send(t, buf)
		z.reap(t, false)
	}
	for !z.finished() {
		z.reap(t, true)
	}
	require.GreaterOrEqual(t, len(z.done), int(z.sent))
	for id, n := range z.done[:z.sent] {
		assert.Equal(t, 1, n, "completions of send %d", id)
	}
	assert.Len(t, z.done, int(z.sent), "no completion of a send never made")
	assert.True(t, z.copied, "loopback copies: SO_EE_CODE_ZEROCOPY_COPIED")

	allocs := testing.AllocsPerRun(100, func() {
		z.send(t, buf[:4096])
		for !z.finished() {
			z.reap(t, true)
		}
	})
	assert.Zero(t, allocs, "allocations per zero-copy send and completion")
}

// Loopback has no hardware clock: the device refuses hardware stamping
// (EOPNOTSUPP; EPERM first for a user without CAP_NET_ADMIN), and bad
// names fail before any system call.
func TestDeviceTimestamping(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_DGRAM, 0)
	_, err := s.DeviceTimestamping("lo")
	assert.ErrorIs(t, err, unix.EOPNOTSUPP)
	_, err = s.SetDeviceTimestamping("lo", DeviceTimestamping{TxType: HWTSTAMP_TX_ON, RxFilter: HWTSTAMP_FILTER_ALL})
	if os.Geteuid() == 0 {
		assert.ErrorIs(t, err, unix.EOPNOTSUPP)
	} else {
		assert.True(t, errors.Is(err, unix.EPERM) || errors.Is(err, unix.EOPNOTSUPP), "%v", err)
	}
	assert.Contains(t, err.Error(), "SIOCSHWTSTAMP")
	for _, name := range []string{"", "a-name-longer-than-ifnamsiz"} {
		_, err = s.DeviceTimestamping(name)
		assert.ErrorIs(t, err, unix.EINVAL, "%q", name)
	}
	require.NoError(t, s.Close())
	_, err = s.DeviceTimestamping("lo")
	assert.ErrorIs(t, err, net.ErrClosed)
}
