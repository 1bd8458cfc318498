package socket

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTIPCRoundTrip binds a service range (TIPC_ADDR_NAMESEQ), sends to
// one of its names (TIPC_ADDR_NAME), and answers the sender at the
// socket address (TIPC_ADDR_ID) Recvfrom decoded, as Python's test_socket
// TIPC tests do; getsockname gives the sender's own ID back. It runs
// where the kernel has AF_TIPC (the tipc module), on this node only.
func TestTIPCRoundTrip(t *testing.T) {
	const service = 18888
	srv := familySocket(t, AF_TIPC, SOCK_RDM, 0, "tipc")
	require.NoError(t, srv.Bind(TIPCAddr(TIPC_ADDR_NAMESEQ, service, 10, 20, TIPC_NODE_SCOPE)))
	cli := newTestSocket(t, AF_TIPC, SOCK_RDM, 0)
	srv.SetTimeout(5 * time.Second)
	cli.SetTimeout(5 * time.Second)

	_, err := cli.Sendto([]byte("ping"), 0, TIPCAddr(TIPC_ADDR_NAME, service, 15, 0, TIPC_NODE_SCOPE))
	require.NoError(t, err)
	buf := make([]byte, 16)
	n, from, err := srv.Recvfrom(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "ping", string(buf[:n]))
	typ, node, ref, _, _, ok := from.TIPC()
	require.True(t, ok, "recvfrom gave %v", from)
	assert.Equal(t, uint8(TIPC_ADDR_ID), typ)
	assert.NotZero(t, ref, "a socket's port reference")

	self, err := cli.Getsockname()
	require.NoError(t, err)
	styp, snode, sref, _, _, ok := self.TIPC()
	require.True(t, ok, "getsockname gave %v", self)
	assert.Equal(t, []any{uint8(TIPC_ADDR_ID), node, ref}, []any{styp, snode, sref}, "the sender's ID, as the receiver saw it")

	_, err = srv.Sendto([]byte("pong"), 0, from)
	require.NoError(t, err)
	n, _, err = cli.Recvfrom(buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "pong", string(buf[:n]))
}
