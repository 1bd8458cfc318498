package socket

import (
	"context"
	"errors"
	"net"
	"os"
	"runtime"
	"strconv"
	"sync"

	"golang.org/x/sys/unix"
)

// ReusePortGroup is a group of sockets bound to one address with
// SO_REUSEPORT, among which the kernel picks the socket of each packet (or,
// for a listener, of each connection) with a classic BPF program that
// returns the number of the CPU handling it: Sockets[i] gets what CPU i
// handles, so a flow whose packets the network card steers to one CPU stays
// on that CPU from the interrupt to the worker that reads it. Make one with
// ListenConfig.ListenGroup; run a worker per socket with Run.
//
// A packet handled by a CPU whose number is not below len(Sockets) goes to
// a socket chosen by hash, as in a group without a program: make the group
// as large as the highest CPU number that handles packets, plus one (see
// docs/design.md, "CPU-steered groups", for what a Go program can pin).
//
// Linux only.
type ReusePortGroup struct {
	// Sockets are the group's sockets in the order they joined it, which
	// is the index the program's CPU number picks.
	Sockets []*Socket
}

// maxGroup is the most sockets ListenGroup makes: a CPU number past
// unix.CPUSet's 1024 could not be pinned by Run anyway.
const maxGroup = 1024

// skfADCPU is the offset a BPF_LD|BPF_ABS instruction reads to get the
// number of the CPU running the program: SKF_AD_OFF + SKF_AD_CPU of
// linux/filter.h, which x/sys/unix does not define. The offset is
// negative; the instruction's k field holds it as an unsigned 32 bits.
const skfADCPU = 0xfffff000 + 36

// cpuSteering is the program: A = the current CPU; return A. The kernel
// takes the returned value as the index of the group's socket
// (reuseport_select_sock in net/core/sock_reuseport.c).
var cpuSteering = [...]unix.SockFilter{
	{Code: unix.BPF_LD | unix.BPF_W | unix.BPF_ABS, K: skfADCPU},
	{Code: unix.BPF_RET | unix.BPF_A},
}

// ListenGroup makes n sockets as ListenSocket does (ReusePort is set
// whatever lc says), binds them all to address (when address has port 0,
// the first socket's port), and attaches to the group, with setsockopt(2)
// SO_ATTACH_REUSEPORT_CBPF, a classic BPF program that returns the current
// CPU: socket i receives what CPU i handles. It is not one system call:
// per socket, ListenSocket's calls; then one setsockopt(2). Packets that
// arrive before the program is attached are spread by hash. n is typically
// runtime.NumCPU() where the CPUs are numbered from 0 without gaps. An
// address with a port some socket already holds is refused with bind(2)'s
// EADDRINUSE, even one of SO_REUSEPORT sockets the group could join: they
// would take the group's first indexes, and CPU i would pick them, not
// Sockets[i]. The check is a bind(2) without SO_REUSEPORT on a socket
// closed before the group's are made.
//
// Python has no counterpart. Errors: n below 1 or above 1024 is an
// *ArgError wrapping EINVAL inside a *net.OpError "listen"; otherwise
// ListenSocket's, and setsockopt's (EINVAL from a kernel older than 4.5,
// which lacks SO_ATTACH_REUSEPORT_CBPF). On error every socket made is
// closed.
//
// Linux only.
func (lc *ListenConfig) ListenGroup(ctx context.Context, network, address string, n int) (*ReusePortGroup, error) {
	if n < 1 || n > maxGroup {
		return nil, &net.OpError{Op: "listen", Net: network, Err: argError("n", strconv.Itoa(n)+" sockets, not from 1 to "+strconv.Itoa(maxGroup), unix.EINVAL)}
	}
	t, backlog, err := lc.prepare(ctx, network, address)
	if err != nil {
		return nil, err
	}
	if err := lc.checkPortFree(t); err != nil {
		return nil, err
	}
	one := *lc
	one.ReusePort = true
	g := &ReusePortGroup{Sockets: make([]*Socket, 0, n)}
	for range n {
		s, err := one.listen("listen", t, backlog)
		if err != nil {
			g.Close()
			return nil, err
		}
		g.Sockets = append(g.Sockets, s)
		if len(g.Sockets) == 1 {
			// The others join the first's port, which the kernel
			// chose if address had port 0.
			if t.addr, err = s.Getsockname(); err != nil {
				g.Close()
				return nil, err
			}
		}
	}
	prog := unix.SockFprog{Len: uint16(len(cpuSteering)), Filter: &cpuSteering[0]}
	if err := setStruct(g.Sockets[0], sockopt{SOL_SOCKET, unix.SO_ATTACH_REUSEPORT_CBPF, "SO_ATTACH_REUSEPORT_CBPF"}, &prog); err != nil {
		g.Close()
		return nil, err
	}
	return g, nil
}

// checkPortFree refuses an address whose port some other socket holds
// (EADDRINUSE): with SO_REUSEPORT, sockets of the same user bound there
// before would take the group's first places, and its program's CPU i
// would pick one of them, not Sockets[i]. A bind(2) without SO_REUSEPORT
// fails on any socket bound there. Port 0 needs no check: the kernel
// gives the first socket a port nobody holds.
func (lc *ListenConfig) checkPortFree(t target) error {
	if t.addr.Port() == 0 {
		return nil
	}
	s, err := New(t.family, t.typ, 0)
	if err != nil {
		return err
	}
	defer s.Close()
	o := setup{reuseAddr: t.typ == SOCK_STREAM, freeBind: lc.FreeBind, device: lc.BindToDevice,
		v6Only: t.v6Only, dualStack: t.dualStack}
	if err := o.apply(s, "listen"); err != nil {
		return err
	}
	return s.Bind(t.addr)
}

// Run calls worker(i, Sockets[i]) for every socket of the group, each on a
// goroutine of its own, and returns when all have returned, with their
// errors joined (nil when every worker returned nil). It is not a system
// call: a worker whose CPU i the process may run on (sched_getaffinity(2)
// of the main thread) runs locked to an OS thread (runtime.LockOSThread)
// pinned to CPU i with sched_setaffinity(2); the others run unpinned. A
// pinned thread is never unlocked, so it exits with its goroutine: the
// runtime must not get back a thread whose affinity was narrowed.
//
// The workers run until they return: close the group (their calls then
// fail with net.ErrClosed) or give them a context to stop them. Pinning
// places the thread, not the work: a pinned worker still needs one of the
// GOMAXPROCS Ps to run, and every wake-up from the poller hands that P to
// its thread. Errors: a nil worker is an *ArgError wrapping EINVAL;
// sched_setaffinity's, for a worker that could not be pinned (that worker
// is not called).
//
// Linux only.
func (g *ReusePortGroup) Run(worker func(cpu int, s *Socket) error) error {
	if worker == nil {
		return &net.OpError{Op: "run", Err: argError("worker", "nil function", unix.EINVAL)}
	}
	allowed := startCPUs
	errs := make([]error, len(g.Sockets))
	var wg sync.WaitGroup
	for i, s := range g.Sockets {
		wg.Go(func() {
			if allowed.IsSet(i) {
				if err := pinThread(i); err != nil {
					errs[i] = err
					return
				}
			}
			errs[i] = worker(i, s)
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// startCPUs are the CPUs the program may run on, as the main thread's
// affinity said at initialisation, before any worker was pinned. Linux
// keeps a mask per thread, and sched_getaffinity(getpid()) reads the main
// thread's: a worker whose goroutine ran there and exited leaves it pinned
// (the runtime never ends the main thread), and a later Run would take
// that one CPU for all the process may use.
var startCPUs = func() (set unix.CPUSet) {
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		set.Zero()
	}
	return set
}()

// pinThread locks the calling goroutine to its thread and pins the thread
// to cpu. The thread is never unlocked (see Run).
func pinThread(cpu int) error {
	runtime.LockOSThread()
	var set unix.CPUSet
	set.Set(cpu)
	if err := unix.SchedSetaffinity(0, &set); err != nil {
		return &net.OpError{Op: "run", Err: os.NewSyscallError("sched_setaffinity cpu "+strconv.Itoa(cpu), err)}
	}
	return nil
}

// Close closes every socket of the group and returns the first error.
func (g *ReusePortGroup) Close() error {
	var first error
	for _, s := range g.Sockets {
		if err := s.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
