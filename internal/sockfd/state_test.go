package sockfd

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The state word on its own, as internal/poll's fd_mutex_test.go tests its
// word: each transition of the diagram in state.go, and the ones that must
// not happen.
func TestTurnStateTransitions(t *testing.T) {
	var s turnState
	check := func(p phase, waiters int, msg string) {
		t.Helper()
		gotP, gotW := s.load()
		assert.Equal(t, p, gotP, msg)
		assert.Equal(t, waiters, gotW, msg)
	}
	check(idle, 0, "a new direction is idle")
	require.True(t, s.take(), "take from idle")
	check(running, 0, "taken")
	assert.False(t, s.take(), "take while running")
	s.park()
	check(parked, 0, "parked")
	assert.False(t, s.take(), "take while parked")
	s.park()
	check(parked, 0, "park is idempotent")
	s.resume()
	check(running, 0, "resumed")
	s.resume()
	check(running, 0, "resume of a running turn changes nothing")
	assert.False(t, s.release(), "release with nobody queued")
	check(idle, 0, "released")

	s.addWaiter()
	s.addWaiter()
	check(idle, 2, "waiters counted while idle")
	require.True(t, s.take(), "take from idle with waiters: the count does not stand in the way")
	check(running, 2, "the count is kept")
	s.park()
	check(parked, 2, "park keeps the count")
	s.resume()
	assert.True(t, s.release(), "release reports the queued calls")
	check(idle, 2, "release keeps the count")
	s.removeWaiter()
	s.removeWaiter()
	check(idle, 0, "uncounted")

	require.True(t, s.take())
	s.park()
	assert.False(t, s.release(), "release of a parked turn")
	check(idle, 0, "a parked turn released is idle all the same")
}

func TestPhaseString(t *testing.T) {
	assert.Equal(t, "idle", idle.String())
	assert.Equal(t, "running", running.String())
	assert.Equal(t, "parked", parked.String())
	assert.Equal(t, "phase(3)", phase(3).String())
}

// Calls that take, park, resume and release one turn concurrently never
// hold it together, and waiters counted around them leave the count
// exact: the race detector sees any access to guarded outside the turn.
func TestTurnStateExclusion(t *testing.T) {
	var (
		s       turnState
		guarded int
		wg      sync.WaitGroup
	)
	const goroutines, rounds = 8, 2000
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < rounds; {
				s.addWaiter()
				if !s.take() {
					s.removeWaiter()
					continue
				}
				s.removeWaiter()
				guarded++
				if i%3 == 0 {
					s.park()
					s.resume()
				}
				s.release()
				i++
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, goroutines*rounds, guarded)
	p, w := s.load()
	assert.Equal(t, idle, p)
	assert.Zero(t, w)
}

// The queue wakes the first queued call on a release, every call on
// wakeAll, and a picked call that leaves passes its wake-up to the next.
func TestWaitQueue(t *testing.T) {
	_, fd := pair(t, unix.SOCK_STREAM)
	o := fd.op(&fd.recv)
	require.True(t, o.dir().state.take(), "the turn is held, so calls queue")
	ws := make([]*waiter, 3)
	for i := range ws {
		ws[i] = newWaiter()
		_, got, closed := o.enqueue(ws[i])
		require.False(t, got)
		require.False(t, closed)
	}
	woken := func() []int {
		var idx []int
		for i, w := range ws {
			select {
			case <-w.wake:
				idx = append(idx, i)
			default:
			}
		}
		return idx
	}
	_, n := o.dir().state.load()
	assert.Equal(t, 3, n, "three queued")

	require.True(t, o.dir().state.release(), "release sees the queue")
	o.wakeOne()
	assert.Equal(t, []int{0}, woken(), "a release wakes the first, only")
	_, n = o.dir().state.load()
	assert.Equal(t, 2, n)

	// The second is picked, and leaves before it takes its token (its
	// timeout fired at the same time): the wake-up goes to the third.
	o.wakeOne()
	o.unqueue(ws[1])
	assert.Equal(t, []int{2}, woken(), "a picked call that leaves passes the wake-up on")
	_, n = o.dir().state.load()
	assert.Zero(t, n)

	// Queued again, they all wake on Close or a moved deadline.
	require.True(t, o.dir().state.take(), "the turn is held again")
	for _, w := range ws {
		_, got, _ := o.enqueue(w)
		require.False(t, got, "the turn is still taken")
	}
	o.wakeAll()
	assert.Equal(t, []int{0, 1, 2}, woken())

	// A call that leaves while still queued just leaves.
	_, _, _ = o.enqueue(ws[0])
	o.unqueue(ws[0])
	_, n = o.dir().state.load()
	assert.Zero(t, n)
	assert.Nil(t, o.queue.head)
	assert.Nil(t, o.queue.tail)
	o.dir().endTurn()
}
