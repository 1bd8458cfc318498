package unix_test

import (
	"testing"

	"github.com/bsdsock/socket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// SOCK_SEQPACKET keeps record boundaries: records sent back to back come
// out one per receive; a buffer shorter than a record gets its start,
// MSG_TRUNC in the flags, and the rest of that record is discarded.
// MSG_TRUNC as a flag of the receive reports the record's real length.
func TestSeqpacketRecords(t *testing.T) {
	client, server := connected(t, sockPath(t, "s"), socket.SOCK_SEQPACKET)
	for _, rec := range []string{"one", "second record", "3"} {
		_, err := client.Send([]byte(rec), 0)
		require.NoError(t, err)
	}
	buf := make([]byte, 64)
	n, err := server.Recv(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "one", string(buf[:n]), "one record, not the stream so far")

	m, err := server.Recvmsg(buf[:6], nil, 0)
	require.NoError(t, err)
	assert.Equal(t, "second", string(buf[:m.N]))
	assert.NotZero(t, m.Flags&socket.MSG_TRUNC, "a short buffer reports MSG_TRUNC")

	m, err = server.Recvmsg(buf, nil, 0)
	require.NoError(t, err)
	assert.Equal(t, "3", string(buf[:m.N]), "the rest of the truncated record is gone")
	assert.Zero(t, m.Flags&socket.MSG_TRUNC)

	_, err = client.Send([]byte("twenty-one bytes long"), 0)
	require.NoError(t, err)
	n, err = server.Recv(buf[:4], socket.MSG_TRUNC)
	require.NoError(t, err)
	assert.Equal(t, 21, n, "MSG_TRUNC asks for the real length")
	assert.Equal(t, "twen", string(buf[:4]))

	// An empty record is a record, and the end of the connection is a
	// receive of 0 with no record behind it.
	_, err = client.Send(nil, 0)
	require.NoError(t, err)
	require.NoError(t, client.Close())
	m, err = server.Recvmsg(buf, nil, 0)
	require.NoError(t, err)
	assert.Zero(t, m.N)
	n, err = server.Recv(buf, 0)
	require.NoError(t, err)
	assert.Zero(t, n)
}
