package unix

import (
	"encoding/binary"
	"strconv"

	"github.com/bsdsock/socket"
	"github.com/bsdsock/socket/internal/cmsgbuf"
	"golang.org/x/sys/unix"
)

// CredentialsSpace is the room an SCM_CREDENTIALS message takes in a
// control buffer, CMSG_SPACE(sizeof(struct ucred)): add it to the size of
// a receive's oob buffer on a socket with SetPassCred.
//
// Linux only.
const CredentialsSpace = cmsgHdrLen + (sizeofUcred+cmsgAlignTo-1)&^(cmsgAlignTo-1)

// AppendCredentials appends to b an SCM_CREDENTIALS control message
// carrying c, and returns the extended buffer, allocating only when b's
// capacity is too small, as append does. It makes no system call. The
// kernel checks c when it is sent: a process without CAP_SYS_ADMIN,
// CAP_SETUID or CAP_SETGID may send only its own pid, uid and gid (or
// sendmsg(2) fails with EPERM), and the receiver needs SetPassCred to see
// it.
//
// Linux only.
func AppendCredentials(b []byte, c Cred) []byte {
	b, data := cmsgbuf.Append(b, unix.SOL_SOCKET, unix.SCM_CREDENTIALS, sizeofUcred)
	binary.NativeEndian.PutUint32(data, uint32(int32(c.PID)))
	binary.NativeEndian.PutUint32(data[4:], c.UID)
	binary.NativeEndian.PutUint32(data[8:], c.GID)
	return b
}

// ParseCredentials returns the credentials of the first SCM_CREDENTIALS
// message in b, the oob[:m.OOBN] of a Recvmsg on a socket with
// SetPassCred, and whether there was one. It makes no system call and
// allocates nothing. A malformed list, or a message too short for a struct
// ucred, is an error wrapping EINVAL.
//
// Linux only.
func ParseCredentials(b []byte) (Cred, bool, error) {
	for len(b) > 0 {
		c, rest, err := socket.NextCmsg(b)
		if err != nil {
			return Cred{}, false, err
		}
		if c.Level == unix.SOL_SOCKET && c.Type == unix.SCM_CREDENTIALS {
			if len(c.Data) < sizeofUcred {
				return Cred{}, false, argError("control message", "SCM_CREDENTIALS of "+strconv.Itoa(len(c.Data))+
					" bytes, want "+strconv.Itoa(sizeofUcred), unix.EINVAL)
			}
			return decodeCred(c.Data), true, nil
		}
		b = rest
	}
	return Cred{}, false, nil
}
