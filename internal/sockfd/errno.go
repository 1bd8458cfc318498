package sockfd

import "golang.org/x/sys/unix"

// errno turns an error of an x/sys wrapper back into the errno it came
// from. x/sys returns a unix.Errno, boxed without allocating (errno values
// are below 256, which the runtime boxes from a static table); any other
// error, which x/sys does not make, is EINVAL.
func errno(err error) unix.Errno {
	if err == nil {
		return 0
	}
	if e, ok := err.(unix.Errno); ok {
		return e
	}
	return unix.EINVAL
}
