package sockfd

import (
	"errors"
	"net"
	"os"
	"runtime"
	"sync/atomic"
	"time"

	_ "github.com/bsdsock/socket/internal/unixonly" // fails the build where there are no BSD sockets
	"golang.org/x/sys/unix"
)

// FD is a socket descriptor, joined to the runtime poller once a call has
// had to wait, or a deadline or RawConn needed it (poller.go).
type FD struct {
	// Sysfd is the descriptor number. It stays valid until the last
	// reference is released; never use it for a system call outside an
	// entry point, which keeps it from being closed and reused underneath
	// the call.
	Sysfd int

	reg atomic.Pointer[registration] // set once the poller has the descriptor (registerMu)

	// leak closes a leaked, unregistered descriptor when the FD is
	// collected; stopped once the poller's os.File owns the descriptor,
	// or Release closed it.
	leak runtime.Cleanup

	// inflight counts the calls using the descriptor directly, outside
	// the poller; the last Release waits for them before closing it, on
	// drained, a channel made only when it has to wait.
	inflight atomic.Int32
	refs     atomic.Int32 // owners: the Socket, plus each open makefile File
	closing  atomic.Bool  // set before the descriptor is closed
	exposed  atomic.Bool  // RawConn handed out: others may park in the poller
	drained  atomic.Pointer[chan struct{}]

	// The two directions: recvfrom, recvmsg, accept; sendto, sendmsg,
	// connect, sendfile. Each holds its turn and, made by its first call
	// that waits, its op: a socket holds only the state of the
	// directions it waits in (a listener never sends), and Recvfrom and
	// Sendto need none until they wait (fast.go). The calls that never
	// wait (control.go) need none.
	recv, send direction
}

// New takes ownership of sysfd, which must already be non-blocking (the
// poller registers only non-blocking descriptors; a blocking one would never
// support deadlines). It does not fail; the error result is for the
// callers' shape.
func New(sysfd int) (*FD, error) {
	fd := &FD{Sysfd: sysfd}
	fd.refs.Store(1)
	// A socket the program drops without Close has no os.File to close
	// its descriptor until it registers: close it when it is collected.
	fd.leak = runtime.AddCleanup(fd, closeLeaked, sysfd)
	return fd, nil
}

// closeLeaked closes the descriptor of an FD collected without Release.
func closeLeaked(sysfd int) { unix.Close(sysfd) }

// Acquire adds an owner, as a makefile File does. It reports false if the
// descriptor is already closed.
func (fd *FD) Acquire() bool {
	for {
		n := fd.refs.Load()
		if n <= 0 {
			return false
		}
		if fd.refs.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// Release drops an owner; the last one closes the descriptor. Closing it
// wakes every goroutine waiting on it with net.ErrClosed, waits for the
// calls using it directly, and the poller keeps the number reserved until
// the calls parked in it have all left, so it is never reused under a call.
func (fd *FD) Release() error {
	if fd.refs.Add(-1) != 0 {
		return nil
	}
	fd.closing.Store(true)
	for _, d := range [...]*direction{&fd.recv, &fd.send} {
		if o := d.op.Load(); o != nil {
			o.wakeAll()
		}
	}
	fd.drain()
	var err error
	if reg := fd.reg.Load(); reg != nil {
		if w := reg.errq.Load(); w != nil {
			w.close()
		}
		if w := reg.events.Load(); w != nil {
			w.file.Close()
		}
		err = reg.file.Close()
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = os.NewSyscallError("close", pe.Err)
		}
	} else {
		fd.leak.Stop()
		err = os.NewSyscallError("close", unix.Close(fd.Sysfd))
	}
	return err
}

// enter counts a call that uses the descriptor directly; it reports false,
// counting nothing, once the descriptor is closing.
func (fd *FD) enter() bool {
	fd.inflight.Add(1)
	if fd.closing.Load() {
		fd.exit()
		return false
	}
	return true
}

// exit ends what enter began, waking a Release waiting for the last call.
func (fd *FD) exit() {
	if fd.inflight.Add(-1) == 0 && fd.closing.Load() {
		if ch := fd.drained.Swap(nil); ch != nil {
			close(*ch)
		}
	}
}

// drain waits until no call uses the descriptor directly. Such calls never
// wait for the descriptor (they go to the poller for that), so this is the
// length of a system call, or of a spin (SetSpinWait) at worst.
func (fd *FD) drain() {
	if fd.inflight.Load() == 0 {
		return
	}
	ch := make(chan struct{})
	fd.drained.Store(&ch)
	// The last call may have left between the two loads, before the
	// channel was there to close: look again before waiting on it.
	if fd.inflight.Load() == 0 {
		return
	}
	<-ch
}

// Control runs f with the descriptor held open. It allocates (a closure per
// call); the calls on hot paths go through the entry points instead.
func (fd *FD) Control(f func(sysfd int) error) error {
	if !fd.enter() {
		return net.ErrClosed
	}
	defer fd.exit()
	return f(fd.Sysfd)
}

// SetReadDeadline sets the user's deadline of the receiving calls (see
// SetUserDeadline).
func (fd *FD) SetReadDeadline(t time.Time) { fd.op(&fd.recv).SetUserDeadline(t) }

// SetWriteDeadline sets the user's deadline of the sending calls.
func (fd *FD) SetWriteDeadline(t time.Time) { fd.op(&fd.send).SetUserDeadline(t) }

// Parked reports whether the call that holds the turn in a direction is
// waiting in the poller: what tests wait for before they queue a call
// behind it.
func (fd *FD) Parked(write bool) bool {
	d := &fd.recv
	if write {
		d = &fd.send
	}
	p, _ := d.state.load()
	return p == parked
}

// mapErr turns what RawConn returned into the errors callers branch on: the
// poller's "use of closed file" becomes net.ErrClosed.
func (fd *FD) mapErr(err error) error {
	if err == nil {
		return nil
	}
	if fd.closing.Load() {
		return net.ErrClosed
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return os.ErrDeadlineExceeded
	}
	return err
}
