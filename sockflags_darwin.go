package socket

// The values of SOCK_NONBLOCK and SOCK_CLOEXEC on macOS, whose socket(2)
// has no such flags: FreeBSD's values, outside macOS's socket types, kept
// for Python-style code; New and Socketpair strip them before socket(2) and
// make every descriptor non-blocking and close-on-exec with fcntl(2).
const (
	sockNonblock = 0x20000000
	sockCloexec  = 0x10000000
)
