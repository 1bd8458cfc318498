package socket

import (
	"strconv"

	"github.com/bsdsock/socket/internal/sockaddr"
	"golang.org/x/sys/unix"
)

// SOL_ALG is the option level of AF_ALG sockets, the kernel's crypto API:
// ALG_SET_KEY sets a cipher's or HMAC's key on the bound socket; as control
// messages of Sendmsg (level SOL_ALG), ALG_SET_OP chooses the operation
// (ALG_OP_ENCRYPT, ALG_OP_DECRYPT, ALG_OP_SIGN, ALG_OP_VERIFY), ALG_SET_IV
// sets the initialisation vector and ALG_SET_AEAD_ASSOCLEN the length of
// the associated data; ALG_SET_AEAD_AUTHSIZE sets the tag size and
// ALG_SET_PUBKEY an asymmetric cipher's public key. From
// linux/if_alg.h (ALG_OP_SIGN, ALG_OP_VERIFY and ALG_SET_PUBKEY, which
// x/sys/unix lacks, too). Linux only.
const SOL_ALG = unix.SOL_ALG

// Options and control messages of level SOL_ALG; see SOL_ALG. Linux only.
const (
	ALG_SET_KEY           = unix.ALG_SET_KEY
	ALG_SET_IV            = unix.ALG_SET_IV
	ALG_SET_OP            = unix.ALG_SET_OP
	ALG_SET_AEAD_ASSOCLEN = unix.ALG_SET_AEAD_ASSOCLEN
	ALG_SET_AEAD_AUTHSIZE = unix.ALG_SET_AEAD_AUTHSIZE
	ALG_SET_PUBKEY        = 6
)

// Operations, the value of an ALG_SET_OP control message. From
// linux/if_alg.h. Linux only.
const (
	ALG_OP_DECRYPT = unix.ALG_OP_DECRYPT
	ALG_OP_ENCRYPT = unix.ALG_OP_ENCRYPT
	ALG_OP_SIGN    = 2
	ALG_OP_VERIFY  = 3
)

// ALGAddr returns the AF_ALG address (struct sockaddr_alg) that binds a
// socket to the kernel's transform name of kind typ, Python's (type, name)
// tuple or its (type, name, feat, mask) form: ("hash", "sha256"),
// ("skcipher", "cbc(aes)"), ("aead", "gcm(aes)"). A type of 14 bytes or
// more, or a name of 64 or more, is an error wrapping ENAMETOOLONG (they
// need room for their NUL). It makes no system call and does not
// allocate. Linux only.
func ALGAddr(typ, name string, feat, mask uint32) (Addr, error) {
	var a Addr
	n, ok := sockaddr.PutALG(&a.raw, typ, name, feat, mask)
	if !ok {
		return Addr{}, argError("name", "AF_ALG type "+strconv.Quote(typ)+" or name "+strconv.Quote(name)+
			" does not fit sockaddr_alg (13 and 63 bytes)", unix.ENAMETOOLONG)
	}
	a.len = n
	return a, nil
}

// ALG returns the type, name, feat and mask of an AF_ALG address (struct
// sockaddr_alg); ok is false for another family or an address too short
// to be a sockaddr_alg. It makes no system call; the two strings are
// allocated. Linux only.
func (a Addr) ALG() (typ, name string, feat, mask uint32, ok bool) {
	if a.Family() != AF_ALG {
		return "", "", 0, 0, false
	}
	t, n, feat, mask, ok := sockaddr.ALG(&a.raw, a.len)
	return string(t), string(n), feat, mask, ok
}

// acceptHasPeer reports whether accept(2) on a socket of family can name
// a peer: AF_ALG's cannot, and fails with ECONNABORTED when asked to
// (Python's sock_accept passes it no address buffer either).
func acceptHasPeer(f Family) bool { return f != AF_ALG }
