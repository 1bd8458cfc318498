package sockaddr

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// StorageLen is sizeof(struct sockaddr_storage).
const StorageLen = 128

// GroupReq is struct group_source_req, whose head is struct group_req: the
// interface index, padded as the system aligns sockaddr_storage (groupPad),
// then sockaddr_storage fields. The MCAST_* socket options take it.
type GroupReq struct {
	Interface uint32
	_         [groupPad]byte
	Group     [StorageLen]byte
	Source    [StorageLen]byte
}

// GroupReqLen is sizeof(struct group_req): a GroupReq without its source.
const GroupReqLen = unsafe.Offsetof(GroupReq{}.Source)

// PutGroupReq encodes the membership of ifindex in the group whose
// sockaddr is group (the first groupLen bytes), with the source address
// source when sourceLen is not 0, and returns the option's bytes: a
// group_source_req, or a group_req without a source. They alias req.
func PutGroupReq(req *GroupReq, ifindex uint32, group *unix.RawSockaddrAny, groupLen uint32, source *unix.RawSockaddrAny, sourceLen uint32) []byte {
	*req = GroupReq{Interface: ifindex}
	copy(req.Group[:], Bytes(group, groupLen))
	b := unsafe.Slice((*byte)(unsafe.Pointer(req)), unsafe.Sizeof(*req))
	if sourceLen == 0 {
		return b[:GroupReqLen]
	}
	copy(req.Source[:], Bytes(source, sourceLen))
	return b
}
