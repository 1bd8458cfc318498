package sockfd

import (
	"strconv"
	"sync/atomic"
)

// turnState is the state word of one direction of a descriptor: the phase
// of its turn, and how many calls are queued for it. One word, so that
// every transition is one atomic operation and a reader sees a phase and a
// count that belong together (the diagram is in docs/design.md, "The
// turn"):
//
//	        take                 park
//	idle ─────────► running ─────────► parked
//	 ▲                │   ◄─────────
//	 └────────────────┘     resume
//	      release
//
// Only take changes the phase of a turn nobody holds; park, resume and
// release are made by the call that holds it, so they need no
// compare-and-swap. The waiter count changes under the direction's queue
// lock (turn.go, op.mu), which is what lets release know, from the word alone,
// whether there is a queued call to wake.
type turnState struct {
	word atomic.Uint32
}

// phase is where a direction's turn is.
type phase uint32

const (
	// idle: no call holds the turn.
	idle phase = iota
	// running: a call holds the turn and is making its system call (or
	// spinning, or on its way to the poller).
	running
	// parked: the call that holds the turn waits in the poller for the
	// descriptor to be ready. A non-blocking call does not wait behind
	// it: it fails with EAGAIN, as the system call would.
	parked
)

const (
	phaseBits = 2
	phaseMask = 1<<phaseBits - 1
	oneWaiter = 1 << phaseBits
)

func (p phase) String() string {
	switch p {
	case idle:
		return "idle"
	case running:
		return "running"
	case parked:
		return "parked"
	}
	return "phase(" + strconv.Itoa(int(p)) + ")"
}

// load returns the phase and the number of queued calls.
func (s *turnState) load() (phase, int) {
	w := s.word.Load()
	return phase(w & phaseMask), int(w >> phaseBits)
}

// take moves the turn from idle to running, and reports whether it did.
// The uncontended path is one compare-and-swap.
func (s *turnState) take() bool {
	if s.word.CompareAndSwap(uint32(idle), uint32(running)) {
		return true
	}
	for {
		w := s.word.Load()
		if phase(w&phaseMask) != idle {
			return false
		}
		if s.word.CompareAndSwap(w, w&^phaseMask|uint32(running)) {
			return true
		}
	}
}

// park moves the held turn from running to parked, if it was running.
func (s *turnState) park() {
	if phase(s.word.Load()&phaseMask) == running {
		s.word.Add(uint32(parked - running))
	}
}

// resume moves the held turn from parked back to running, if it was
// parked.
func (s *turnState) resume() {
	if phase(s.word.Load()&phaseMask) == parked {
		s.word.Add(^uint32(parked - running - 1)) // minus (parked - running)
	}
}

// release moves the held turn to idle and reports whether calls are
// queued for it (the caller wakes one). The holder resumes before it
// releases; a parked phase is cleared all the same.
func (s *turnState) release() (queued bool) {
	p := s.word.Load() & phaseMask
	return s.word.Add(-p)>>phaseBits > 0
}

// addWaiter and removeWaiter count a queued call; the queue lock is held.
func (s *turnState) addWaiter()    { s.word.Add(oneWaiter) }
func (s *turnState) removeWaiter() { s.word.Add(^uint32(oneWaiter - 1)) } // minus oneWaiter
