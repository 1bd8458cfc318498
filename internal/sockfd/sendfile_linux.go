package sockfd

import "golang.org/x/sys/unix"

// sendfileChunk is the most one sendfile(2) is asked for: the kernel moves
// at most about 2 GiB per call anyway.
const sendfileChunk = 1 << 30

// sendfileOnce is one sendfile(2) of up to want bytes from inFD at
// *offset, which the kernel advances by what it sent. x/sys's Sendfile
// makes it with Syscall6 (the copy can be long), and on 32-bit systems as
// sendfile64, whose offset is 64 bits wide like *offset.
func sendfileOnce(s uintptr, inFD int, offset *int64, want int64) (int, unix.Errno) {
	n, err := unix.Sendfile(int(s), inFD, offset, int(want))
	if err != nil {
		return 0, errno(err)
	}
	return n, 0
}
