//go:build race

package socket

// raceEnabled says the tests run under the race detector, whose
// instrumentation changes what memory and allocations measure.
const raceEnabled = true
