package socket

import (
	"encoding/binary"
	"math"
	"strconv"

	"github.com/bsdsock/socket/internal/cmsgbuf"
	"golang.org/x/sys/unix"
)

// AppendALGOp appends to oob an ALG_SET_OP control message (level
// SOL_ALG, a __u32) choosing the operation of the next Sendmsg on an
// AF_ALG operation socket: ALG_OP_ENCRYPT or ALG_OP_DECRYPT for
// "skcipher" and "aead", ALG_OP_SIGN or ALG_OP_VERIFY for "akcipher". It
// makes no system call and takes CmsgSpace(4) bytes: it allocates nothing
// when oob has that room. Python's socket.sendmsg_afalg(op=...).
//
// Linux only.
func AppendALGOp(oob []byte, op uint32) []byte {
	oob, data := cmsgbuf.Append(oob, SOL_ALG, ALG_SET_OP, 4)
	binary.NativeEndian.PutUint32(data, op)
	return oob
}

// AppendALGIV appends to oob an ALG_SET_IV control message (level SOL_ALG)
// carrying iv as a struct af_alg_iv (its length as a __u32, then its
// bytes): the initialisation vector of the next Sendmsg on an AF_ALG
// operation socket, as long as the cipher's IV (16 bytes for cbc(aes), 12
// for gcm(aes)). It makes no system call and takes CmsgSpace(4+len(iv))
// bytes: it allocates nothing when oob has that room. An iv longer than
// the __u32 counts is an error wrapping EINVAL, with oob returned as it
// was. Python's socket.sendmsg_afalg(iv=...).
//
// Linux only.
func AppendALGIV(oob, iv []byte) ([]byte, error) {
	if uint64(len(iv)) > math.MaxUint32-4 {
		return oob, argError("iv", strconv.Itoa(len(iv))+" bytes do not fit struct af_alg_iv's 32-bit length", unix.EINVAL)
	}
	oob, data := cmsgbuf.Append(oob, SOL_ALG, ALG_SET_IV, 4+len(iv))
	binary.NativeEndian.PutUint32(data, uint32(len(iv)))
	copy(data[4:], iv)
	return oob, nil
}

// AppendALGAEADAssoclen appends to oob an ALG_SET_AEAD_ASSOCLEN control
// message (level SOL_ALG, a __u32): how many bytes at the start of the
// next Sendmsg's data on an "aead" operation socket are associated data,
// authenticated but not encrypted. It makes no system call and takes
// CmsgSpace(4) bytes: it allocates nothing when oob has that room.
// Python's socket.sendmsg_afalg(assoclen=...).
//
// Linux only.
func AppendALGAEADAssoclen(oob []byte, n uint32) []byte {
	oob, data := cmsgbuf.Append(oob, SOL_ALG, ALG_SET_AEAD_ASSOCLEN, 4)
	binary.NativeEndian.PutUint32(data, n)
	return oob
}
