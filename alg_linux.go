package socket

import "golang.org/x/sys/unix"

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
