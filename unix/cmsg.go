package unix

import (
	"encoding/binary"
	"math"
	"strconv"
	"unsafe"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/internal/cmsgbuf"
	"golang.org/x/sys/unix"
)

// The control messages of AF_UNIX, built and read in the caller's buffers:
// the builders append to a slice (no allocation while its capacity lasts),
// the parsers walk the oob[:m.OOBN] of a Recvmsg with socket.NextCmsg and
// return values and the caller's own slices. x/sys/unix's UnixRights,
// UnixCredentials and ParseSocketControlMessage do the same work with an
// allocation per message.

// MaxRights is the most descriptors one message carries, the kernel's
// SCM_MAX_FD: AppendRights refuses more, and no receive returns more.
const MaxRights = 253

const (
	cmsgAlignTo = unix.SizeofPtr
	// cmsgHdrLen is CMSG_LEN(0), the aligned size of struct cmsghdr.
	cmsgHdrLen = (int(unsafe.Sizeof(unix.Cmsghdr{})) + cmsgAlignTo - 1) &^ (cmsgAlignTo - 1)
	sizeofInt  = 4 // a descriptor in SCM_RIGHTS is a C int
)

// RightsSpace returns the room an SCM_RIGHTS message carrying n
// descriptors takes in a control buffer, CMSG_SPACE(n * sizeof(int)): size
// the oob buffer of SendRights and RecvRights with it. It makes no system
// call.
func RightsSpace(n int) int { return unix.CmsgSpace(n * sizeofInt) }

// AppendRights appends to b an SCM_RIGHTS control message carrying fds,
// for Sendmsg or SendRights, and returns the extended buffer: it allocates
// only when b's capacity is less than len(b)+RightsSpace(len(fds)), as
// append does. No descriptor appends nothing. It makes no system call.
// Errors (b is then returned as it was): EINVAL for more than MaxRights
// descriptors, EBADF for a negative one or one beyond a C int.
func AppendRights(b []byte, fds []int) ([]byte, error) {
	if len(fds) == 0 {
		return b, nil
	}
	if len(fds) > MaxRights {
		return b, argError("fds", strconv.Itoa(len(fds))+" descriptors; one message carries at most "+
			strconv.Itoa(MaxRights)+" (SCM_MAX_FD): send them in several", unix.EINVAL)
	}
	for _, fd := range fds {
		if fd < 0 || fd > math.MaxInt32 {
			return b, argError("fds", "descriptor "+strconv.Itoa(fd)+" is not a valid descriptor number", unix.EBADF)
		}
	}
	b, data := cmsgbuf.Append(b, unix.SOL_SOCKET, unix.SCM_RIGHTS, len(fds)*sizeofInt)
	for i, fd := range fds {
		binary.NativeEndian.PutUint32(data[i*sizeofInt:], uint32(fd))
	}
	return b, nil
}

// ParseRights appends the descriptors of every SCM_RIGHTS message in b,
// the oob[:m.OOBN] of a Recvmsg, to fds and returns the extended slice,
// allocating only when fds's capacity is too small. It makes no system
// call; messages of other kinds are skipped. The descriptors are the
// caller's to close (RecvRights does that itself when something went
// wrong). A malformed list is an error wrapping EINVAL, returned with the
// descriptors read before it.
func ParseRights(b []byte, fds []int) ([]int, error) {
	for len(b) > 0 {
		c, rest, err := socket.NextCmsg(b)
		if err != nil {
			return fds, err
		}
		if c.Level == unix.SOL_SOCKET && c.Type == unix.SCM_RIGHTS {
			for d := c.Data; len(d) >= sizeofInt; d = d[sizeofInt:] {
				fds = append(fds, int(int32(binary.NativeEndian.Uint32(d))))
			}
		}
		b = rest
	}
	return fds, nil
}
