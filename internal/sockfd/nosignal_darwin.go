package sockfd

// noSignal is 0 on macOS, whose send(2) has no MSG_NOSIGNAL: every socket
// gets SO_NOSIGPIPE when it is made instead (sys_cloexec.go), the way
// setsockopt(2) of macOS documents it.
const noSignal = 0
