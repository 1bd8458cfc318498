package sockfd

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
)

// A connection with a goroutine blocked in Recv holds an FD and the
// receive direction's op: keep them within the size classes they have
// (96 and 208 bytes on 64-bit systems), for memory per blocked connection
// is a target (docs/performance.md). Reorder or narrow a field before
// letting one grow.
func TestStateSizes(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("the size classes are those of 64-bit systems")
	}
	assert.LessOrEqual(t, unsafe.Sizeof(FD{}), uintptr(96), "FD")
	assert.LessOrEqual(t, unsafe.Sizeof(op{}), uintptr(208), "op")
}
