package socket

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// modes are the three modes (docs/design.md, "Python's three modes"), by
// name.
var modes = []struct {
	name    string
	timeout time.Duration
}{
	{"blocking", NoTimeout},
	{"timeout", time.Minute},
	{"non-blocking", 0},
}

// TestHotPathAllocs holds the rule of docs/design.md ("The hot path
// allocates nothing"): the data calls allocate nothing, in every mode, when
// the data or buffer space is there.
func TestHotPathAllocs(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			a, b, to := udpPairInMode(t, m.timeout)
			msg := make([]byte, 64)
			buf := make([]byte, 128)
			calls := map[string]func(){
				"Send+Recv": func() {
					_, err1 := a.Send(msg, 0)
					_, err2 := b.Recv(buf, 0)
					mustNil(t, err1, err2)
				},
				"Sendto+Recvfrom": func() {
					_, err1 := a.Sendto(msg, 0, to)
					_, _, err2 := b.Recvfrom(buf, 0)
					mustNil(t, err1, err2)
				},
				"Sendall+Recv": func() {
					_, err1 := a.Sendall(msg, 0)
					_, err2 := b.Recv(buf, 0)
					mustNil(t, err1, err2)
				},
				"Sendmsg+Recvmsg": func() {
					_, err1 := a.Sendmsg(msg, nil, 0, Addr{})
					_, err2 := b.Recvmsg(buf, nil, 0)
					mustNil(t, err1, err2)
				},
				"Getsockname+Getpeername": func() {
					_, err1 := a.Getsockname()
					_, err2 := a.Getpeername()
					mustNil(t, err1, err2)
				},
			}
			for name, call := range calls {
				assert.Zero(t, testing.AllocsPerRun(200, call), name)
			}
		})
	}
}

// TestParkedPathAllocs checks the path where a receiver really parks in the
// poller (and, in timeout mode, arms a deadline): a ping-pong between two
// goroutines allocates nothing either.
func TestParkedPathAllocs(t *testing.T) {
	for _, spin := range []time.Duration{0, 20 * time.Microsecond} {
		for _, m := range modes[:2] {
			t.Run(fmt.Sprintf("%s/spin=%v", m.name, spin), func(t *testing.T) {
				parkedPingPongAllocs(t, m.timeout, spin)
			})
		}
	}
}

func parkedPingPongAllocs(t *testing.T, timeout, spin time.Duration) {
	c, s := tcpPair(t, AF_INET)
	c.SetTimeout(timeout)
	s.SetTimeout(timeout)
	c.SetSpinWait(spin)
	s.SetSpinWait(spin)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 1)
		for {
			if _, err := s.Recv(buf, 0); err != nil {
				return
			}
			select {
			case <-stop:
				return
			default:
			}
			if _, err := s.Send(buf, 0); err != nil {
				return
			}
		}
	}()
	buf := make([]byte, 1)
	allocs := testing.AllocsPerRun(500, func() {
		_, err1 := c.Send(buf, 0)
		_, err2 := c.Recv(buf, 0)
		mustNil(t, err1, err2)
	})
	close(stop)
	c.Send(buf, 0)
	<-done
	assert.Zero(t, allocs)
}

// TestEAGAINAllocs: a non-blocking loop polls until EAGAIN on every round,
// so that error must not allocate either.
func TestEAGAINAllocs(t *testing.T) {
	_, b := udpPair(t, AF_INET)
	b.SetBlocking(false)
	buf := make([]byte, 8)
	allocs := testing.AllocsPerRun(200, func() {
		if _, err := b.Recv(buf, 0); err == nil {
			t.Error("Recv on an empty socket succeeded")
		}
	})
	assert.Zero(t, allocs)
}

func mustNil(t *testing.T, errs ...error) {
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}
