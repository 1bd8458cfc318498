package resolv

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestStrtoulService: ports read as glibc's strtoul and int truncation
// read them.
func TestStrtoulService(t *testing.T) {
	for in, want := range map[string]int{"80": 80, " 80": 80, "+80": 80, "-0": 0, "-1": -1,
		"4294967296": 0, "70000": 70000, "18446744073709551617": -1} {
		got, ok := strtoulService(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", " ", "80 ", "0x50", "http", "-"} {
		_, ok := strtoulService(in)
		assert.False(t, ok, in)
	}
}
