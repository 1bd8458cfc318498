package raw

import (
	"fmt"
	"math"
	"time"
)

// PingStats keeps the counts and round-trip times of a run of echo
// requests and prints them as iputils ping(8) does at its end. It makes
// no system call. The zero value is ready: no request sent yet, and
// nothing it reports divides by zero.
type PingStats struct {
	Transmitted int // echo requests sent
	Received    int // echo replies matched to a request
	Errors      int // ICMP errors about a request (unreachable, time exceeded)

	min, max  time.Duration
	sum, sum2 int64 // of the RTTs in microseconds, and of their squares
}

// Add counts one request and what came of it: an echo reply (its RTT
// joins the statistics), an ICMP error about it (answered is true but
// r is not Reached), or nothing (answered false). It makes no system call.
func (s *PingStats) Add(r Reply, answered bool) {
	s.Transmitted++
	switch {
	case !answered:
	case !r.Reached():
		s.Errors++
	default:
		if s.Received == 0 || r.RTT < s.min {
			s.min = r.RTT
		}
		s.max = max(s.max, r.RTT)
		s.Received++
		us := r.RTT.Microseconds()
		s.sum += us
		s.sum2 += us * us
	}
}

// Loss returns the percentage of requests that got no echo reply, 0
// when none was sent. It makes no system call.
func (s *PingStats) Loss() float64 {
	if s.Transmitted == 0 {
		return 0
	}
	return float64(s.Transmitted-s.Received) * 100 / float64(s.Transmitted)
}

// RTT returns the minimum, average, maximum and mean deviation of the
// replies' round-trip times (iputils' min/avg/max/mdev: the standard
// deviation, sqrt(mean(x²) - mean(x)²)), all 0 when no reply came. It
// computes in whole microseconds as iputils does, so that its figures are
// iputils' to the microsecond. It makes no system call.
func (s *PingStats) RTT() (lo, avg, hi, mdev time.Duration) {
	if s.Received == 0 {
		return 0, 0, 0, 0
	}
	n := int64(s.Received)
	mean := s.sum / n
	var variance int64
	if s.sum < math.MaxInt32 {
		// iputils' order, which keeps the rounding of small times
		// (ping_common.c): (Σx² - (Σx)²/n) / n.
		variance = (s.sum2 - s.sum*s.sum/n) / n
	} else {
		variance = s.sum2/n - mean*mean
	}
	return s.min, time.Duration(mean) * time.Microsecond, s.max, time.Duration(isqrt(max(variance, 0))) * time.Microsecond
}

// isqrt returns the integer square root of v ≥ 0: the largest r with
// r*r ≤ v, as iputils' llsqrt.
func isqrt(v int64) int64 {
	r := int64(math.Sqrt(float64(v)))
	// Compared by division: (r+1)*(r+1) would overflow near MaxInt64.
	for r > 0 && r > v/r {
		r--
	}
	for r+1 <= v/(r+1) {
		r++
	}
	return r
}

// Summary returns the statistics lines iputils ping prints under its
// "--- HOST ping statistics ---" line, for a run that lasted elapsed:
//
//	3 packets transmitted, 2 received, +1 errors, 33.3333% packet loss, time 2003ms
//	rtt min/avg/max/mdev = 0.041/0.052/0.063/0.011 ms
//
// The "+N errors" field appears only when there were errors, the rtt
// line only when a reply came. It makes no system call.
func (s *PingStats) Summary(elapsed time.Duration) string {
	line := fmt.Sprintf("%d packets transmitted, %d received", s.Transmitted, s.Received)
	if s.Errors > 0 {
		line += fmt.Sprintf(", +%d errors", s.Errors)
	}
	if s.Transmitted > 0 {
		// iputils rounds the time to the nearest millisecond.
		line += fmt.Sprintf(", %.6g%% packet loss, time %dms", float64(float32(s.Loss())), (elapsed + time.Millisecond/2).Milliseconds())
	}
	line += "\n"
	if s.Received > 0 {
		lo, avg, hi, mdev := s.RTT()
		line += fmt.Sprintf("rtt min/avg/max/mdev = %s/%s/%s/%s ms\n", ms3(lo), ms3(avg), ms3(hi), ms3(mdev))
	}
	return line
}

// ms3 prints d in milliseconds with three decimals, as iputils does.
func ms3(d time.Duration) string {
	us := d.Microseconds()
	return fmt.Sprintf("%d.%03d", us/1000, us%1000)
}

// MillisText prints an RTT as iputils ping's reply lines do: three
// significant decimals below 1 ms, fewer as it grows ("0.045", "1.23",
// "12.3", "123"), rounded to the last digit printed as iputils rounds
// (1.237 ms is "1.24", 99.96 ms is "100"). It makes no system call.
func MillisText(d time.Duration) string {
	us := d.Microseconds()
	switch {
	case us >= 100000-50:
		return fmt.Sprintf("%d", (us+500)/1000)
	case us >= 10000-5:
		us += 50
		return fmt.Sprintf("%d.%01d", us/1000, us%1000/100)
	case us >= 1000:
		us += 5
		return fmt.Sprintf("%d.%02d", us/1000, us%1000/10)
	}
	return fmt.Sprintf("%d.%03d", us/1000, us%1000)
}
