package sockfd

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// wallStepped returns t, which must hold a monotonic reading, with its
// wall-clock reading moved by d (whole seconds) and its monotonic reading
// kept: what time.Now returns after the system clock was stepped by d (an
// NTP step). The time package offers no way to build one, so this writes
// the wall field itself; TestWallStepped checks that it does what it says,
// so that a change of time.Time's layout fails there, not silently here.
func wallStepped(t time.Time, d time.Duration) time.Time {
	const (
		hasMonotonic = 1 << 63
		nsecShift    = 30
	)
	p := (*timeLayout)(unsafe.Pointer(&t))
	if p.wall&hasMonotonic == 0 {
		panic("wallStepped: no monotonic reading")
	}
	p.wall += uint64(int64(d/time.Second)) << nsecShift // two's complement: a negative d subtracts
	return t
}

// timeLayout is time.Time's fields, as of Go 1.9 to this day.
type timeLayout struct {
	wall uint64 // hasMonotonic | seconds since 1885 << 30 | nanoseconds
	ext  int64  // the monotonic reading
	loc  *time.Location
}

func TestWallStepped(t *testing.T) {
	// 24 bytes on 64-bit systems, 20 on 32-bit ones (386, arm).
	require.Equal(t, unsafe.Sizeof(timeLayout{}), unsafe.Sizeof(time.Time{}), "time.Time's layout changed")
	now := time.Now()
	for _, d := range []time.Duration{time.Hour, -time.Hour} {
		stepped := wallStepped(now, d)
		assert.Zero(t, stepped.Sub(now), "the monotonic reading is kept")
		assert.Equal(t, d, stepped.Round(0).Sub(now.Round(0)), "the wall reading moved")
		assert.Equal(t, int64(d), stepped.UnixNano()-now.UnixNano())
	}
}

// stepClock makes the engine's clock read the wall clock stepped by d from
// now on, as after an NTP step, until the test ends.
func stepClock(t *testing.T, d time.Duration) {
	f := func() time.Time { return wallStepped(time.Now(), d) }
	clockHook.Store(&f)
	t.Cleanup(func() { clockHook.Store(nil) })
}

// A wall-clock step of an hour, back or forward, during a 2 s timeout
// changes nothing: the call that has the turn and parks, and the call
// queued behind another, each time out after 2 s, as in Go's net and in
// Python. On wall-clock times (before the engine kept instants) a step
// back made them wait an hour and a step forward gave up at once.
func TestTimeoutIgnoresWallClockSteps(t *testing.T) {
	const timeout = 2 * time.Second
	for _, step := range []time.Duration{-time.Hour, time.Hour} {
		t.Run(step.String(), func(t *testing.T) {
			_, running := pair(t, unix.SOCK_DGRAM)
			_, queued := pair(t, unix.SOCK_DGRAM)
			// The queued call waits behind a blocking receive that
			// holds the turn, parked.
			go queued.Recvfrom(context.Background(), blocking, make([]byte, 8), 0, nil)
			for !queued.Parked(false) {
				runtime.Gosched()
			}

			timed := Mode{Timeout: timeout}
			var wg sync.WaitGroup
			elapsed := make(map[string]time.Duration)
			var mu sync.Mutex
			for name, fd := range map[string]*FD{"running": running, "queued": queued} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					start := time.Now()
					_, _, err := fd.Recvfrom(context.Background(), timed, make([]byte, 8), 0, nil)
					mu.Lock()
					elapsed[name] = time.Since(start)
					mu.Unlock()
					assert.ErrorIs(t, err, os.ErrDeadlineExceeded, name)
				}()
			}
			for !running.Parked(false) || queued.recv.state.word.Load()>>phaseBits == 0 {
				runtime.Gosched()
			}
			time.Sleep(200 * time.Millisecond) // both wait, then the clock steps
			stepClock(t, step)
			wg.Wait()
			for name, d := range elapsed {
				assert.GreaterOrEqual(t, d, timeout, "%s: timed out early", name)
				assert.Less(t, d, timeout+300*time.Millisecond, "%s: timed out late", name)
			}
			queued.SetReadDeadline(time.Unix(1, 0)) // end the blocking call
		})
	}
}

// The hook above sees every reading of the clock only if the engine reads
// it through clockNow: no other file of the package calls time.Now,
// time.Since or time.Until.
func TestClockReadOnlyInClockGo(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	direct := regexp.MustCompile(`time\.(Now|Since|Until)\(`)
	for _, f := range files {
		if f == "clock.go" || strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.False(t, direct.Match(b), "%s reads the clock directly", f)
	}
}

// A user deadline keeps its monotonic reading; one without (time.Unix,
// Round(0)) is taken against the wall clock now, as the poller takes it.
func TestInstantOf(t *testing.T) {
	assert.Equal(t, noInstant, instantOf(time.Time{}))
	assert.Equal(t, instant(1), instantOf(time.Unix(1, 0)), "a time long past is past, not none")
	soon := time.Now().Add(time.Minute)
	assert.InDelta(t, float64(now()+instant(time.Minute)), float64(instantOf(soon)), float64(time.Second))
	stepClock(t, -time.Hour)
	assert.InDelta(t, float64(now()+instant(time.Minute)), float64(instantOf(soon)), float64(time.Second),
		"a monotonic deadline ignores the step")
	assert.InDelta(t, float64(now()+instant(time.Hour+time.Minute)), float64(instantOf(soon.Round(0))), float64(time.Second),
		"a wall-clock deadline is an hour further after a step back")
	assert.Equal(t, instant(1<<63-1), instantAfter(instant(5), time.Duration(1<<63-1)), "clamped, not wrapped")
	assert.Equal(t, instant(-1<<63), instantAfter(instant(-5), time.Duration(-1<<63)), "clamped, not wrapped")
	assert.Equal(t, instant(3), instantAfter(instant(5), -2))
}
