package sockfd

import (
	"math"
	"time"
)

// Times are kept as int64 nanoseconds since the Unix epoch, 0 meaning
// none, rather than time.Time: an op keeps five of them, and at 24 bytes
// each they made the state of a direction a fifth larger (the memory of a
// connection is a target: DESIGN §8). The poller takes a time.Time; it
// measures the rest with its own monotonic clock from the moment it is
// given one, so only a wall-clock step between a call computing a
// deadline and handing it over (microseconds) could differ.

// now returns the current time in nanoseconds.
func now() int64 { return time.Now().UnixNano() }

// toNanos converts t, clamping what int64 nanoseconds cannot hold: a time
// before 1970 is already past (1), one after 2262 never comes.
func toNanos(t time.Time) int64 {
	switch {
	case t.IsZero():
		return 0
	case t.Before(time.Unix(0, 1)):
		return 1
	case t.After(time.Unix(0, math.MaxInt64)):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// toTime is toNanos's inverse; 0 is the zero Time.
func toTime(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

// after returns t + d, clamped to the largest time: a timeout may be as
// long as a time.Duration holds.
func after(t int64, d time.Duration) int64 {
	if int64(d) > math.MaxInt64-t {
		return math.MaxInt64
	}
	return t + int64(d)
}
