package sockfd

import (
	"math"
	"sync/atomic"
	"time"
)

// The engine keeps every time as an instant: nanoseconds on the monotonic
// clock since base, 0 meaning none. A wall-clock step (an NTP correction, a
// suspended VM catching up) moves neither a running timeout nor a queued
// call's; see docs/design.md, "Time". An int64 rather than a time.Time:
// an op keeps five of them, and at 24 bytes each they would make the state
// of a direction a fifth larger.

// instant is a point on the engine's clock: nanoseconds since base.
type instant int64

// noInstant is the zero instant: no deadline, no start.
const noInstant instant = 0

// base is the origin of the engine's clock. It holds a monotonic reading,
// so every instant derived from it is monotonic too.
var base = time.Now()

// clockHook, when set, replaces time.Now as the clock the engine derives
// its instants from. Only tests set it (to step the wall clock under a
// running call); the engine reads time through now and instantOf, never
// time.Now.
var clockHook atomic.Pointer[func() time.Time]

// clockNow reads the engine's clock.
func clockNow() time.Time {
	if f := clockHook.Load(); f != nil {
		return (*f)()
	}
	return time.Now()
}

// now returns the current instant. time.Time.Sub uses the monotonic
// readings of both times, so a wall-clock step does not show here.
func now() instant { return instantOf(clockNow()) }

// instantOf converts t, which may be a user's deadline: one with a
// monotonic reading (time.Now().Add(d)) stays monotonic; one without
// (time.Unix, a time that went through Round(0) or a serialisation) is
// taken against the wall clock now, as the poller takes it (time.Until).
// The zero Time is noInstant; a time already past is at least 1, and one
// too far ahead for an int64 is clamped.
func instantOf(t time.Time) instant {
	if t.IsZero() {
		return noInstant
	}
	n := clockNow()
	return max(instantAfter(instant(n.Sub(base)), t.Sub(n)), 1)
}

// timeOf converts i back to a time.Time with a monotonic reading, for the
// poller; noInstant is the zero Time.
func timeOf(i instant) time.Time {
	if i == noInstant {
		return time.Time{}
	}
	return base.Add(time.Duration(i))
}

// instantAfter returns i + d, clamped to what an instant holds: a timeout
// may be as long as a time.Duration holds, and a deadline as early.
func instantAfter(i instant, d time.Duration) instant {
	switch {
	case d > 0 && i > 0 && int64(d) > math.MaxInt64-int64(i):
		return math.MaxInt64
	case d < 0 && i < 0 && int64(d) < math.MinInt64-int64(i):
		return math.MinInt64
	}
	return i + instant(d)
}
