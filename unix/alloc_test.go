//go:build linux

package unix_test

import (
	"testing"

	"github.com/bsdsock/socket"
	sockunix "github.com/bsdsock/socket/unix"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// fdPasser sends a descriptor over one end of a pair and receives it on
// the other, in buffers made once: the steady state of a program that
// passes descriptors in a loop.
type fdPasser struct {
	a, b        *socket.Socket
	send        []int
	data, buf   []byte
	sendOOB     []byte
	recvOOB     []byte
	fds         []int
	credentials bool
}

func newFDPasser(t testing.TB, typ socket.Type, fd int) *fdPasser {
	a, b := socketpair(t, typ)
	return &fdPasser{
		a: a, b: b, send: []int{fd},
		data: []byte("fd"), buf: make([]byte, 8),
		sendOOB: make([]byte, 0, sockunix.RightsSpace(1)),
		recvOOB: make([]byte, sockunix.RightsSpace(1)+sockunix.CredentialsSpace),
		fds:     make([]int, 0, 1),
	}
}

// pass sends and receives one descriptor and closes the received one.
func (p *fdPasser) pass() error {
	if _, err := sockunix.SendRights(p.a, p.data, p.sendOOB, p.send, 0); err != nil {
		return err
	}
	m, fds, err := sockunix.RecvRights(p.b, p.buf, p.recvOOB, p.fds[:0], 0)
	if err != nil {
		return err
	}
	if p.credentials {
		if _, _, err := sockunix.ParseCredentials(p.recvOOB[:m.OOBN]); err != nil {
			return err
		}
	}
	for _, fd := range fds {
		unix.Close(fd)
	}
	return nil
}

// Sending and receiving a descriptor with the caller's buffers allocates
// nothing, with credentials attached too; so do the builders and parsers
// and PeerCred.
func TestFDPassingAllocs(t *testing.T) {
	r, _ := pipe(t)
	for _, tt := range types {
		t.Run(tt.name, func(t *testing.T) {
			p := newFDPasser(t, tt.typ, int(r.Fd()))
			require.NoError(t, p.pass())
			assert.Zero(t, testing.AllocsPerRun(200, func() { mustPass(t, p) }))

			require.NoError(t, sockunix.SetPassCred(p.b, true))
			p.credentials = true
			assert.Zero(t, testing.AllocsPerRun(200, func() { mustPass(t, p) }), "with SCM_CREDENTIALS")
		})
	}
	a, _ := socketpair(t, socket.SOCK_STREAM)
	oob := make([]byte, 0, sockunix.RightsSpace(3)+sockunix.CredentialsSpace)
	fds := make([]int, 0, 3)
	assert.Zero(t, testing.AllocsPerRun(200, func() {
		b, _ := sockunix.AppendRights(oob[:0], []int{1, 2, 3})
		b = sockunix.AppendCredentials(b, sockunix.Cred{PID: 1})
		sockunix.ParseRights(b, fds[:0])
		sockunix.ParseCredentials(b)
	}), "builders and parsers")
	assert.Zero(t, testing.AllocsPerRun(200, func() { sockunix.PeerCred(a) }), "PeerCred")
}

func mustPass(t *testing.T, p *fdPasser) {
	if err := p.pass(); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkFDPassing is one descriptor sent with SendRights and received
// with RecvRights (and closed); root is the same with the root's SendFDs
// and RecvFDs (Python's send_fds/recv_fds), which allocate.
func BenchmarkFDPassing(b *testing.B) {
	r, _ := pipe(b)
	b.Run("unix", func(b *testing.B) {
		p := newFDPasser(b, socket.SOCK_SEQPACKET, int(r.Fd()))
		b.ReportAllocs()
		for b.Loop() {
			if err := p.pass(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("root", func(b *testing.B) {
		p := newFDPasser(b, socket.SOCK_SEQPACKET, int(r.Fd()))
		bufs := [][]byte{p.data}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := p.a.SendFDs(bufs, p.send, 0, socket.Addr{}); err != nil {
				b.Fatal(err)
			}
			_, fds, err := p.b.RecvFDs(p.buf, 1, 0)
			if err != nil {
				b.Fatal(err)
			}
			unix.Close(fds[0])
		}
	})
}
