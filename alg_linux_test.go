package socket

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"errors"
	"testing"

	"github.com/bsdsock/socket/internal/cstruct"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// TestALGControlBytes compares the three AF_ALG control messages with the
// ones C builds with CMSG_FIRSTHDR, CMSG_NXTHDR and struct af_alg_iv, and
// walks them back with NextCmsg.
func TestALGControlBytes(t *testing.T) {
	iv := []byte("0123456789abcdef")
	oob := AppendALGOp(nil, ALG_OP_ENCRYPT)
	oob, err := AppendALGIV(oob, iv)
	require.NoError(t, err)
	oob = AppendALGAEADAssoclen(oob, 20)
	require.Len(t, oob, CmsgSpace(4)+CmsgSpace(4+len(iv))+CmsgSpace(4))

	var got []Cmsg
	for b := oob; len(b) > 0; {
		c, rest, err := NextCmsg(b)
		require.NoError(t, err)
		got = append(got, c)
		b = rest
	}
	require.Len(t, got, 3)
	assert.Equal(t, []int{SOL_ALG, ALG_SET_OP}, []int{got[0].Level, got[0].Type})
	assert.Equal(t, []int{SOL_ALG, ALG_SET_IV}, []int{got[1].Level, got[1].Type})
	assert.Equal(t, append([]byte{16, 0, 0, 0}, iv...), got[1].Data, "struct af_alg_iv, little-endian here")
	assert.Equal(t, []int{SOL_ALG, ALG_SET_AEAD_ASSOCLEN}, []int{got[2].Level, got[2].Type})

	c := cstruct.Bytes(t, []string{"linux/if_alg.h"}, `
	unsigned char buf[CMSG_SPACE(4) + CMSG_SPACE(sizeof(struct af_alg_iv) + 16) + CMSG_SPACE(4)];
	memset(buf, 0, sizeof buf);
	struct msghdr msg; memset(&msg, 0, sizeof msg); msg.msg_control = buf; msg.msg_controllen = sizeof buf;
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_ALG; c->cmsg_type = ALG_SET_OP; c->cmsg_len = CMSG_LEN(4);
	*(__u32 *)CMSG_DATA(c) = ALG_OP_ENCRYPT;
	c = CMSG_NXTHDR(&msg, c);
	c->cmsg_level = SOL_ALG; c->cmsg_type = ALG_SET_IV; c->cmsg_len = CMSG_LEN(sizeof(struct af_alg_iv) + 16);
	struct af_alg_iv *iv = (struct af_alg_iv *)CMSG_DATA(c); iv->ivlen = 16; memcpy(iv->iv, "0123456789abcdef", 16);
	c = CMSG_NXTHDR(&msg, c);
	c->cmsg_level = SOL_ALG; c->cmsg_type = ALG_SET_AEAD_ASSOCLEN; c->cmsg_len = CMSG_LEN(4);
	*(__u32 *)CMSG_DATA(c) = 20;
	dump(buf, sizeof buf);`)
	require.Len(t, c, 1)
	assert.Equal(t, c[0], oob, "the control messages C builds")

	room := make([]byte, 0, 128)
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		b := AppendALGOp(room, ALG_OP_DECRYPT)
		b, _ = AppendALGIV(b, iv)
		AppendALGAEADAssoclen(b, 4)
	}), "appending within the buffer's room")
}

// algSocket returns an operation socket of the transform name of kind
// typ (Accept on an AF_ALG socket bound to it, with key set when it is
// not nil),
// or skips the test when the kernel lacks AF_ALG, the kind's module or
// the transform.
func algSocket(t *testing.T, typ, name string, key []byte) *Socket {
	t.Helper()
	s := familySocket(t, AF_ALG, SOCK_SEQPACKET, 0, "af_alg", "algif_hash", "algif_skcipher", "algif_aead")
	a, err := ALGAddr(typ, name, 0, 0)
	require.NoError(t, err)
	if err := s.Bind(a); errors.Is(err, unix.ENOENT) {
		t.Skipf("the kernel has AF_ALG but no %s %q: %v (algif_%s is not loaded, or the transform is not built)", typ, name, err, typ)
	} else {
		require.NoError(t, err)
	}
	// The kernel keeps no address to give back (sock_no_getname).
	_, err = s.Getsockname()
	assert.ErrorIs(t, err, unix.EOPNOTSUPP, "getsockname of AF_ALG")
	if key != nil {
		require.NoError(t, s.SetsockoptBytes(SOL_ALG, ALG_SET_KEY, key))
	}
	op, peer, err := s.Accept() // with no address buffer: asked for one, the kernel says ECONNABORTED
	require.NoError(t, err)
	assert.Equal(t, Addr{}, peer)
	t.Cleanup(func() { op.Close() })
	return op
}

// TestALGHash hashes with the kernel's sha256 in two sends (MSG_MORE: more
// data follows) and compares with crypto/sha256.
func TestALGHash(t *testing.T) {
	op := algSocket(t, "hash", "sha256", nil)
	data := bytes.Repeat([]byte("the kernel's crypto API "), 1000)
	_, err := op.Sendall(data[:5000], MSG_MORE)
	require.NoError(t, err)
	_, err = op.Sendall(data[5000:], 0)
	require.NoError(t, err)
	sum := make([]byte, sha256.Size)
	n, err := op.Recv(sum, 0)
	require.NoError(t, err)
	want := sha256.Sum256(data)
	assert.Equal(t, want[:], sum[:n])
}

// TestALGSkcipher encrypts with cbc(aes), the operation and IV given as
// control messages, and compares with crypto/aes; then decrypts it back.
func TestALGSkcipher(t *testing.T) {
	key, iv := []byte("0123456789abcdef"), []byte("fedcba9876543210")
	op := algSocket(t, "skcipher", "cbc(aes)", key)
	plain := bytes.Repeat([]byte("sixteen bytes!!!"), 4)
	block, err := aes.NewCipher(key)
	require.NoError(t, err)
	want := make([]byte, len(plain))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(want, plain)

	for _, tc := range []struct {
		op       uint32
		in, want []byte
	}{{ALG_OP_ENCRYPT, plain, want}, {ALG_OP_DECRYPT, want, plain}} {
		oob, err := AppendALGIV(AppendALGOp(nil, tc.op), iv)
		require.NoError(t, err)
		_, err = op.Sendmsg(tc.in, oob, 0, Addr{})
		require.NoError(t, err)
		out := make([]byte, len(tc.in))
		n, err := op.Recv(out, 0)
		require.NoError(t, err)
		assert.Equal(t, tc.want, out[:n], "op %d", tc.op)
	}
}

// TestALGAEAD seals with gcm(aes), the associated data's length given as
// a control message, and compares with crypto/cipher's GCM: the kernel's
// output is the associated data, the ciphertext and the tag.
func TestALGAEAD(t *testing.T) {
	key, nonce := []byte("0123456789abcdef"), []byte("twelve bytes")
	op := algSocket(t, "aead", "gcm(aes)", key)
	assoc, plain := []byte("header"), []byte("the message")
	block, err := aes.NewCipher(key)
	require.NoError(t, err)
	gcm, err := cipher.NewGCM(block)
	require.NoError(t, err)
	want := gcm.Seal(append([]byte(nil), assoc...), nonce, plain, assoc)

	oob, err := AppendALGIV(AppendALGOp(nil, ALG_OP_ENCRYPT), nonce)
	require.NoError(t, err)
	oob = AppendALGAEADAssoclen(oob, uint32(len(assoc)))
	_, err = op.Sendmsg(append(append([]byte(nil), assoc...), plain...), oob, 0, Addr{})
	require.NoError(t, err)
	out := make([]byte, len(want))
	n, err := op.Recv(out, 0)
	require.NoError(t, err)
	assert.Equal(t, want, out[:n])
}
