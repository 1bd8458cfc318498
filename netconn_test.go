package socket

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// TestHTTPServerOnNetListener is issue 6's first must-show: net/http serves
// from a socket-built listener, clients reuse keep-alive connections, and
// Shutdown leaves no descriptor behind.
func TestHTTPServerOnNetListener(t *testing.T) {
	before := countFDs()
	s, err := New(AF_INET, SOCK_STREAM, 0)
	require.NoError(t, err)
	require.NoError(t, s.Bind(loopback(t, AF_INET)))
	require.NoError(t, s.Listen(SOMAXCONN))
	ln, err := s.NetListener()
	require.NoError(t, err)
	require.IsType(t, &net.TCPAddr{}, ln.Addr())

	var conns atomic.Int32
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, "hello %s\n", r.URL.Path)
		}),
		ConnState: func(c net.Conn, st http.ConnState) {
			if st == http.StateNew {
				assert.IsType(t, &Conn{}, c, "the server runs on this package's Conn")
				conns.Add(1)
			}
		},
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	base := "http://" + ln.Addr().String()

	tr := &http.Transport{} // no proxy: the requests stay on loopback
	client := &http.Client{Transport: tr}
	for i := range 100 {
		resp, err := client.Get(fmt.Sprintf("%s/go/%d", base, i))
		require.NoError(t, err)
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.Equal(t, fmt.Sprintf("hello /go/%d\n", i), string(body))
	}
	assert.Equal(t, int32(1), conns.Load(), "http.Client sent 100 requests over one keep-alive connection")

	t.Run("curl", func(t *testing.T) {
		curl, err := exec.LookPath("curl")
		if err != nil {
			t.Skip("curl is not installed: the http.Client run above covers the server")
		}
		conns.Store(0)
		args := []string{"-sS", "--noproxy", "*"}
		for i := range 100 {
			args = append(args, fmt.Sprintf("%s/curl/%d", base, i))
		}
		out, err := exec.Command(curl, args...).Output()
		require.NoError(t, err)
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		require.Len(t, lines, 100)
		for i, l := range lines {
			assert.Equal(t, fmt.Sprintf("hello /curl/%d", i), l)
		}
		assert.Equal(t, int32(1), conns.Load(), "curl sent 100 requests over one keep-alive connection")
	})

	tr.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	require.NoError(t, srv.Shutdown(ctx))
	assert.ErrorIs(t, <-served, http.ErrServerClosed)
	assert.Equal(t, -1, s.Fileno(), "Shutdown closed the listening Socket through the Listener")
	assert.Eventually(t, func() bool { return countFDs() <= before }, hangGuard, 10*time.Millisecond,
		"descriptors left open after Shutdown:\n%s", listFDs())
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "socket test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	leaf, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// TestTLSOverNetConn is the second must-show: crypto/tls handshakes over
// NetConn on both ends, verifying a certificate made here, and echoes.
func TestTLSOverNetConn(t *testing.T) {
	cert, pool := selfSigned(t)
	client, server := tcpPair(t, AF_INET)
	cc, err := client.NetConn()
	require.NoError(t, err)
	sc, err := server.NetConn()
	require.NoError(t, err)

	srv := tls.Server(sc, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS13})
	echoed := make(chan error, 1)
	go func() {
		defer srv.Close()
		line, err := bufio.NewReader(srv).ReadString('\n')
		if err == nil {
			_, err = io.WriteString(srv, "echo: "+line)
		}
		echoed <- err
	}()

	cli := tls.Client(cc, &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"})
	defer cli.Close()
	require.NoError(t, cli.SetDeadline(time.Now().Add(hangGuard)))
	require.NoError(t, cli.Handshake())
	st := cli.ConnectionState()
	assert.True(t, st.HandshakeComplete)
	assert.Equal(t, uint16(tls.VersionTLS13), st.Version)
	require.Len(t, st.PeerCertificates, 1)
	assert.Equal(t, "socket test", st.PeerCertificates[0].Subject.CommonName)

	_, err = io.WriteString(cli, "over TLS on a Socket\n")
	require.NoError(t, err)
	got, err := bufio.NewReader(cli).ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "echo: over TLS on a Socket\n", got)
	require.NoError(t, <-echoed)
}

// mixedPair returns the two ends of a TCP connection on loopback: a Socket
// accepted by a Socket listener, and the net.Conn that dialed it.
func mixedPair(t *testing.T) (*Socket, net.Conn) {
	t.Helper()
	l, a := listenTCP(t, AF_INET)
	nc, err := net.Dial("tcp", a.String())
	require.NoError(t, err)
	t.Cleanup(func() { nc.Close() })
	s, _, err := l.Accept()
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s, nc
}

// checkCopy moves data through src -> io.Copy -> dst: write feeds
// src's peer and closes its sending side, read consumes dst's peer.
func checkCopy(t *testing.T, data []byte, write func([]byte) error, copyFn func() error, read io.Reader) {
	t.Helper()
	wrote := make(chan error, 1)
	go func() { wrote <- write(data) }()
	copied := make(chan error, 1)
	go func() { copied <- copyFn() }()
	h := sha256.New()
	n, err := io.Copy(h, read)
	require.NoError(t, err)
	require.NoError(t, <-wrote)
	require.NoError(t, <-copied)
	assert.Equal(t, int64(len(data)), n)
	assert.Equal(t, sha256.Sum256(data), [32]byte(h.Sum(nil)), "the 64 MiB arrived intact")
}

// TestIOCopyBetweenSocketAndNetConn is the third must-show: io.Copy moves
// 64 MiB intact from a Socket to a net.Conn and from a net.Conn to a
// Socket.
func TestIOCopyBetweenSocketAndNetConn(t *testing.T) {
	data := payload(t, 64<<20)
	t.Run("Socket to net.Conn", func(t *testing.T) {
		s1, n1 := mixedPair(t) // producer -> n1 -> s1
		s2, n2 := mixedPair(t) // s1 -> io.Copy -> n2 -> s2 -> consumer
		checkCopy(t, data,
			func(b []byte) error {
				if _, err := n1.Write(b); err != nil {
					return err
				}
				return n1.(*net.TCPConn).CloseWrite()
			},
			func() error {
				if _, err := io.Copy(n2, s1); err != nil {
					return err
				}
				return n2.(*net.TCPConn).CloseWrite()
			},
			s2)
	})
	t.Run("net.Conn to Socket", func(t *testing.T) {
		s1, n1 := mixedPair(t) // producer -> s1 -> n1
		s2, n2 := mixedPair(t) // n1 -> io.Copy -> s2 -> n2 -> consumer
		checkCopy(t, data,
			func(b []byte) error {
				if _, err := s1.Write(b); err != nil {
					return err
				}
				return s1.Shutdown(SHUT_WR)
			},
			func() error {
				if _, err := io.Copy(s2, n1); err != nil {
					return err
				}
				return s2.Shutdown(SHUT_WR)
			},
			n2)
	})
}

func TestNetConnAddrsAndClose(t *testing.T) {
	s, nc := mixedPair(t)
	c, err := s.NetConn()
	require.NoError(t, err)
	require.IsType(t, &net.TCPAddr{}, c.LocalAddr())
	require.IsType(t, &net.TCPAddr{}, c.RemoteAddr())
	assert.Equal(t, nc.RemoteAddr().String(), c.LocalAddr().String())
	assert.Equal(t, nc.LocalAddr().String(), c.RemoteAddr().String())
	assert.Same(t, s, c.(*Conn).Socket())

	// The Conn shares the Socket: a deadline set on one bounds the other.
	require.NoError(t, c.SetReadDeadline(time.Now().Add(-time.Second)))
	_, err = s.Recv(make([]byte, 1), 0)
	assertTimeout(t, err)
	require.NoError(t, c.SetDeadline(time.Time{}))

	// CloseWrite sends end of stream; the net.Conn peer reads io.EOF.
	require.NoError(t, c.(*Conn).CloseWrite())
	_, err = nc.Read(make([]byte, 1))
	assert.ErrorIs(t, err, io.EOF)

	require.NoError(t, c.Close())
	assert.Equal(t, -1, s.Fileno(), "closing the Conn closes the Socket")
	_, err = c.Write([]byte("x"))
	assert.ErrorIs(t, err, net.ErrClosed)
}

func TestSocketIsNetConn(t *testing.T) {
	var c net.Conn = newTestSocket(t, AF_UNIX, SOCK_STREAM, 0)
	assert.Nil(t, c.RemoteAddr(), "an unconnected socket has no remote address")
	a, b := socketpair(t, SOCK_STREAM)
	require.IsType(t, &net.UnixAddr{}, a.LocalAddr())
	assert.Equal(t, "unix", a.RemoteAddr().Network())
	_, err := b.Write([]byte("hi"))
	require.NoError(t, err)
	buf := make([]byte, 2)
	_, err = io.ReadFull(a, buf)
	require.NoError(t, err)
	assert.Equal(t, "hi", string(buf))
}

func TestNetAdapterRefusals(t *testing.T) {
	t.Run("NetConn unconnected", func(t *testing.T) {
		_, err := newTestSocket(t, AF_INET, SOCK_DGRAM, 0).NetConn()
		assert.ErrorIs(t, err, unix.ENOTCONN)
	})
	t.Run("NetListener not listening", func(t *testing.T) {
		_, err := newTestSocket(t, AF_INET, SOCK_STREAM, 0).NetListener()
		assert.ErrorIs(t, err, unix.EINVAL)
	})
	t.Run("NetPacketConn stream", func(t *testing.T) {
		_, err := newTestSocket(t, AF_INET, SOCK_STREAM, 0).NetPacketConn()
		assert.ErrorIs(t, err, unix.EPROTOTYPE)
	})
	t.Run("closed", func(t *testing.T) {
		s, err := New(AF_INET, SOCK_DGRAM, 0)
		require.NoError(t, err)
		require.NoError(t, s.Close())
		_, err = s.NetConn()
		assert.ErrorIs(t, err, net.ErrClosed)
		_, err = s.NetListener()
		assert.ErrorIs(t, err, net.ErrClosed)
		_, err = s.NetPacketConn()
		assert.ErrorIs(t, err, net.ErrClosed)
	})
}

func TestNetListenerAccept(t *testing.T) {
	l, a := listenTCP(t, AF_INET6)
	ln, err := l.NetListener()
	require.NoError(t, err)
	nc, err := net.Dial("tcp6", a.String())
	require.NoError(t, err)
	defer nc.Close()
	c, err := ln.Accept()
	require.NoError(t, err)
	defer c.Close()
	require.IsType(t, &Conn{}, c)
	assert.Equal(t, nc.LocalAddr().String(), c.RemoteAddr().String())

	require.NoError(t, ln.(*Listener).SetDeadline(time.Now().Add(-time.Second)))
	_, err = ln.Accept()
	assertTimeout(t, err)

	require.NoError(t, ln.Close())
	_, err = ln.Accept()
	assert.ErrorIs(t, err, net.ErrClosed)
	_, err = c.Write([]byte("x"))
	assert.NoError(t, err, "closing the Listener leaves accepted Conns open")
}

// The PacketConn talks to net's UDPConn, and an AF_INET6 socket sends to an
// IPv4 address IPv4-mapped, as net does.
func TestNetPacketConnWithUDPConn(t *testing.T) {
	s := newTestSocket(t, AF_INET6, SOCK_DGRAM, 0)
	mapped, err := Inet6Addr("::ffff:127.0.0.1", 0, 0, 0)
	require.NoError(t, err)
	require.NoError(t, s.Bind(mapped))
	pc, err := s.NetPacketConn()
	require.NoError(t, err)
	require.IsType(t, &net.UDPAddr{}, pc.LocalAddr())

	peer, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	require.NoError(t, err)
	defer peer.Close()

	_, err = pc.WriteTo([]byte("to net"), peer.LocalAddr())
	require.NoError(t, err)
	buf := make([]byte, 16)
	require.NoError(t, peer.SetReadDeadline(time.Now().Add(hangGuard)))
	n, from, err := peer.ReadFromUDP(buf)
	require.NoError(t, err)
	assert.Equal(t, "to net", string(buf[:n]))

	_, err = peer.WriteToUDP([]byte("from net"), from)
	require.NoError(t, err)
	n, src, err := pc.ReadFrom(buf)
	require.NoError(t, err)
	assert.Equal(t, "from net", string(buf[:n]))
	require.IsType(t, &net.UDPAddr{}, src)
	assert.True(t, src.(*net.UDPAddr).IP.Equal(net.IPv4(127, 0, 0, 1)))
	assert.Equal(t, peer.LocalAddr().(*net.UDPAddr).Port, src.(*net.UDPAddr).Port)

	_, err = pc.WriteTo([]byte("x"), nil)
	assert.ErrorIs(t, err, unix.EAFNOSUPPORT)
}

func TestControl(t *testing.T) {
	s := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
	var got uintptr
	require.NoError(t, s.Control(func(fd uintptr) {
		got = fd
		unix.SetsockoptInt(int(fd), unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
	}))
	assert.Equal(t, uintptr(s.Fileno()), got)
	on, err := s.NoDelay()
	require.NoError(t, err)
	assert.True(t, on, "the option set through Control is on the socket")

	require.NoError(t, s.Close())
	ran := false
	assert.ErrorIs(t, s.Control(func(uintptr) { ran = true }), net.ErrClosed)
	assert.False(t, ran)
}
