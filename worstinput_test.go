//go:build linux

package socket

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"math"
	"net"
	"net/netip"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// worstFuncs is every exported function of the package, by name, for
// TestWorstInputs: TestWorstInputsCoverEveryFunction fails when one is
// added without a row here.
var worstFuncs = map[string]any{
	"AddrFrom": AddrFrom, "AddrFromNet": AddrFromNet, "AddrFromRaw": AddrFromRaw,
	"AppendUDPSegment": AppendUDPSegment, "AppendTOS": AppendTOS, "AppendTrafficClass": AppendTrafficClass,
	"AppendPktInfo": AppendPktInfo, "IsGSOError": IsGSOError,
	"AppendCANFrame": AppendCANFrame, "ParseCANFrame": ParseCANFrame, "AppendALGOp": AppendALGOp, "AppendALGIV": AppendALGIV, "AppendALGAEADAssoclen": AppendALGAEADAssoclen,
	"CloseFD": CloseFD, "CmsgLen": CmsgLen, "CmsgSpace": CmsgSpace,
	"CreateConnection": CreateConnection, "CreateServer": CreateServer, "DefaultTimeout": DefaultTimeout,
	"DupFD": DupFD, "FromFD": FromFD, "FromNetConn": FromNetConn, "FromNetListener": FromNetListener,
	"FromNetPacketConn": FromNetPacketConn, "Getaddrinfo": Getaddrinfo, "GetaddrinfoContext": GetaddrinfoContext,
	"Gethostname": Gethostname, "Getnameinfo": Getnameinfo, "Getprotobyname": Getprotobyname,
	"Getservbyname": Getservbyname, "Getservbyport": Getservbyport, "HasDualstackIPv6": HasDualstackIPv6,
	"Htonl": Htonl, "Htons": Htons, "IfIndextoname": IfIndextoname, "IfNameIndex": IfNameIndex,
	"IfNametoindex": IfNametoindex, "Inet6Addr": Inet6Addr, "InetAddr": InetAddr, "InetAton": InetAton,
	"InetNtoa": InetNtoa, "InetNtop": InetNtop, "InetPton": InetPton, "New": New, "NewInNetNS": NewInNetNS, "NextCmsg": NextCmsg,
	"NetlinkAddr": NetlinkAddr, "VsockAddr": VsockAddr, "CANAddr": CANAddr, "CANISOTPAddr": CANISOTPAddr,
	"CANJ1939Addr": CANJ1939Addr, "ALGAddr": ALGAddr, "TIPCAddr": TIPCAddr, "QIPCRTRAddr": QIPCRTRAddr,
	"Ntohl": Ntohl, "Ntohs": Ntohs, "ParseAddr": ParseAddr, "ParseControl": ParseControl, "Select": Select,
	"SetDefaultTimeout": SetDefaultTimeout, "Socketpair": Socketpair, "SplitGRO": SplitGRO, "UnixAddr": UnixAddr,
	"WithBacklog": WithBacklog, "WithDualstackIPv6": WithDualstackIPv6, "WithFamily": WithFamily, "WithReusePort": WithReusePort,
}

// resolvesNames are the functions that may send a DNS query for any text
// they are given: tests touch only loopback, so they are not called here
// (nodns_test.go and resolve_oracle_test.go test them against a trap and
// against glibc).
var resolvesNames = []string{"Getfqdn", "Gethostbyname", "GethostbynameEx", "Gethostbyaddr"}

// TestWorstInputsCoverEveryFunction: every exported function in the
// package's files is in worstFuncs or resolvesNames. (Methods are found
// by reflection.)
func TestWorstInputsCoverEveryFunction(t *testing.T) {
	pkgs, err := parser.ParseDir(token.NewFileSet(), ".", func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	require.NoError(t, err)
	for _, f := range pkgs["socket"].Files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !fn.Name.IsExported() {
				continue
			}
			_, listed := worstFuncs[fn.Name.Name]
			assert.True(t, listed || slices.Contains(resolvesNames, fn.Name.Name), "%s has no row in worstFuncs", fn.Name.Name)
		}
	}
}

// worstValues returns the worst inputs for a parameter of type typ:
// zero, nil, empty, huge, negative, wrong family, closed.
func worstValues(t *testing.T, typ reflect.Type, fn string) []reflect.Value {
	v := func(x any) reflect.Value { return reflect.ValueOf(x).Convert(typ) }
	switch typ {
	case reflect.TypeFor[context.Context]():
		done, cancel := context.WithCancel(context.Background())
		cancel()
		// A nil Context, which net's DialContext and ListenConfig.Listen
		// panic on, is an error here (issue 22, item 7).
		return []reflect.Value{reflect.ValueOf(done), reflect.Zero(typ)}
	case reflect.TypeFor[time.Time]():
		return []reflect.Value{v(time.Time{}), v(time.Unix(1, 0)), v(time.Unix(1<<40, 0))}
	case reflect.TypeFor[Addr]():
		raw, _ := AddrFromRaw([]byte{0xff, 0xff, 1, 2, 3})
		abstract, _ := UnixAddr("@socket-worst-input")
		return []reflect.Value{v(Addr{}), v(loopback(t, AF_INET6)), v(abstract), v(raw)}
	case reflect.TypeFor[netip.Addr]():
		return []reflect.Value{v(netip.Addr{}), v(netip.IPv6Unspecified()), v(netip.MustParseAddr("::ffff:0.0.0.0")),
			v(netip.MustParseAddr("fe80::1%no-such-interface"))}
	case reflect.TypeFor[*os.File]():
		f, err := os.CreateTemp(t.TempDir(), "worst")
		require.NoError(t, err)
		f.Close()
		return []reflect.Value{reflect.Zero(typ), v(f)}
	case reflect.TypeFor[*Socket]():
		closed, err := New(AF_INET, SOCK_STREAM, 0)
		require.NoError(t, err)
		closed.Close()
		return []reflect.Value{reflect.Zero(typ), v(closed), v(&Socket{})}
	}
	switch typ.Kind() {
	case reflect.Bool:
		return []reflect.Value{v(false), v(true)}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		lo, hi := int64(-1)<<(typ.Bits()-1), int64(uint64(1)<<(typ.Bits()-1)-1)
		vals := []int64{0, -1, lo, hi}
		if fn == "CloseFD" || fn == "DupFD" || fn == "FromFD" {
			vals = vals[1:] // descriptor 0 is the test binary's standard input
		}
		var out []reflect.Value
		for _, x := range vals {
			out = append(out, reflect.New(typ).Elem())
			out[len(out)-1].SetInt(x)
		}
		return out
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		var out []reflect.Value
		for _, x := range []uint64{0, math.MaxUint64 >> (64 - typ.Bits())} {
			out = append(out, reflect.New(typ).Elem())
			out[len(out)-1].SetUint(x)
		}
		return out
	case reflect.String:
		// Every one is refused before a name could be looked up.
		return []reflect.Value{v(""), v("\x00"), v("[::1%"), v("127.0.0.1:99999"), v(":-1"), v(strings.Repeat("x", 1<<16))}
	case reflect.Slice:
		elem := typ.Elem()
		huge := reflect.MakeSlice(typ, 2000, 2000) // beyond UIO_MAXIOV, SCM_MAX_FD
		if elem.Kind() == reflect.Uint8 {
			huge = reflect.ValueOf(make([]byte, 1<<20)).Convert(typ)
		}
		if elem.Kind() == reflect.Int {
			for i := range huge.Len() {
				huge.Index(i).SetInt(-1)
			}
		}
		one := reflect.MakeSlice(typ, 1, 1)
		if ev := worstValues(t, elem, fn); len(ev) > 1 {
			one.Index(0).Set(ev[1])
		}
		return []reflect.Value{reflect.Zero(typ), reflect.MakeSlice(typ, 0, 0), one, huge}
	case reflect.Interface:
		out := []reflect.Value{reflect.Zero(typ)}
		for _, typed := range []any{(*net.TCPConn)(nil), (*net.TCPAddr)(nil), (*net.TCPListener)(nil), (*net.UDPConn)(nil), (*os.File)(nil)} {
			if reflect.TypeOf(typed).Implements(typ) {
				out = append(out, reflect.ValueOf(typed).Convert(typ)) // a typed nil
			}
		}
		return out
	}
	return []reflect.Value{reflect.Zero(typ)} // func, pointer, struct: nil or zero
}

// worstCalls returns the argument lists for a call of fn: all first
// candidates, then each parameter through its candidates in turn.
func worstCalls(t *testing.T, ft reflect.Type, skip int, fn string) [][]reflect.Value {
	n := ft.NumIn() - skip
	cands := make([][]reflect.Value, n)
	for i := range n {
		in := ft.In(skip + i)
		if ft.IsVariadic() && i == n-1 {
			// None, and one zero (nil) element: CreateServer(addr, nil).
			oneZero := reflect.MakeSlice(in, 1, 1)
			cands[i] = []reflect.Value{reflect.Zero(in), oneZero}
			continue
		}
		cands[i] = worstValues(t, in, fn)
		switch {
		// Lookups that never leave the host: numeric flags only.
		case in == reflect.TypeFor[AddrInfoFlag]():
			cands[i] = []reflect.Value{reflect.ValueOf(AI_NUMERICHOST | AI_NUMERICSERV)}
		case in == reflect.TypeFor[NameInfoFlag]():
			cands[i] = []reflect.Value{reflect.ValueOf(NI_NUMERICHOST | NI_NUMERICSERV)}
		}
	}
	base := make([]reflect.Value, n)
	for i := range n {
		base[i] = cands[i][0]
	}
	calls := [][]reflect.Value{base}
	for i := range n {
		for _, c := range cands[i][1:] {
			args := slices.Clone(base)
			args[i] = c
			calls = append(calls, args)
		}
	}
	return calls
}

// namesOperation reports whether err says which operation failed: a
// *net.OpError whose message starts with its Op, as the package's errors
// are, or one of the resolver's error types, whose messages are Python's.
func namesOperation(err error) bool {
	var oe *net.OpError
	if errors.As(err, &oe) {
		return oe.Op != "" && (strings.HasPrefix(err.Error(), oe.Op+" ") || strings.HasPrefix(err.Error(), oe.Op+":"))
	}
	var ae *AddrInfoError
	var ce *CreateConnectionError
	return errors.As(err, &ae) || errors.As(err, &ce)
}

// worstCall makes one call, closing whatever it returns that holds a
// descriptor, and reports a panic, a hang, or an error that names no
// operation.
func worstCall(t *testing.T, name string, f reflect.Value, args []reflect.Value) (errResult error, ok bool) {
	t.Helper()
	type outcome struct {
		out   []reflect.Value
		panic any
	}
	done := make(chan outcome, 1)
	saved := DefaultTimeout()
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- outcome{panic: p}
			}
		}()
		if f.Type().IsVariadic() {
			done <- outcome{out: f.CallSlice(args)}
			return
		}
		done <- outcome{out: f.Call(args)}
	}()
	var o outcome
	select {
	case o = <-done:
	case <-time.After(hangGuard):
		t.Fatalf("%s%s did not return", name, fmtArgs(args))
	}
	SetDefaultTimeout(saved)
	method := name[strings.LastIndexByte(name, '.')+1:]
	if o.panic != nil {
		if _, known := knownPanics[method]; known {
			panicked[method] = true
		} else {
			t.Errorf("%s%s panicked: %v", name, fmtArgs(args), o.panic)
		}
		return nil, false
	}
	var err error
	for _, r := range o.out {
		if e, isErr := r.Interface().(error); isErr && r.Type() == reflect.TypeFor[error]() {
			err = e
		}
	}
	for _, r := range o.out {
		if c, isCloser := r.Interface().(io.Closer); isCloser && !r.IsZero() {
			c.Close()
		}
		if fd, isFD := r.Interface().(int); isFD && err == nil && (strings.HasSuffix(name, "DupFD") || strings.HasSuffix(name, "Detach")) {
			unix.Close(fd)
		}
	}
	// The functions that take no socket (constructors and parsers of
	// addresses and control messages) name the argument at fault.
	var ae *ArgError
	standalone := !strings.Contains(name, ".") && errors.As(err, &ae)
	if err != nil && method != "Unwrap" && !standalone && !namesOperation(err) && !plainErrors[method] && !knownUnnamed[method] {
		t.Errorf("%s%s: %q (%T) does not name the operation", name, fmtArgs(args), err, err)
	}
	return err, true
}

// knownPanics are the calls that still panic on a worst input, with the
// input: each is a bug to fix in the package (then remove its row; the
// test fails while a row is stale). Any other panic fails the test. The
// six this test found first (nil or typed-nil readers, writers, conns and
// funcs, a nil *Socket in Select) are fixed.
var knownPanics = map[string]string{}

// panicked records which knownPanics rows a run saw.
var panicked map[string]bool

// knownUnnamed are the calls whose error on a worst input names no
// operation: none now; a row here is a bug to fix.
var knownUnnamed = map[string]bool{}

// plainErrors are the methods whose errors are not *net.OpError values:
// File's, which say "File not open for reading" (or writing) as Python's
// io.UnsupportedOperation does, for a File opened without that mode.
var plainErrors = map[string]bool{"Read": true, "ReadByte": true, "ReadString": true, "Readline": true,
	"Write": true, "WriteString": true, "Flush": true}

func fmtArgs(args []reflect.Value) string {
	var parts []string
	for _, a := range args {
		s := fmt.Sprintf("%#v", a.Interface())
		if len(s) > 40 {
			s = s[:40] + "..."
		}
		parts = append(parts, s)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// TestWorstInputs gives every exported function, and every method of
// every exported type, its worst inputs: nil, empty, huge, negative, the
// wrong family, a closed socket (and the zero Socket). No call panics or
// hangs, and every error names the operation that failed. On a closed
// Socket every method that returns an error returns one wrapping
// net.ErrClosed (or an *ArgError, when an argument is refused first).
func TestWorstInputs(t *testing.T) {
	panicked = map[string]bool{}
	calls := 0
	for name, fn := range worstFuncs {
		f := reflect.ValueOf(fn)
		for _, args := range worstCalls(t, f.Type(), 0, name) {
			worstCall(t, name, f, args)
			calls++
		}
	}

	// Receivers: a new one for each call, since calls change them.
	closedSocket := func(t *testing.T) *Socket {
		s, err := New(AF_INET, SOCK_STREAM, 0)
		require.NoError(t, err)
		s.Close()
		return s
	}
	openSocket := func(t *testing.T) *Socket {
		s := newTestSocket(t, AF_INET, SOCK_STREAM, 0)
		s.SetTimeout(time.Millisecond)
		return s
	}
	connected := func(t *testing.T) *Socket {
		a, _ := socketpair(t, SOCK_STREAM)
		a.SetTimeout(time.Millisecond)
		return a
	}
	receivers := map[string]func(t *testing.T) any{
		"closed Socket":    func(t *testing.T) any { return closedSocket(t) },
		"zero Socket":      func(t *testing.T) any { return &Socket{} },
		"unconnected TCP":  func(t *testing.T) any { return openSocket(t) },
		"connected stream": func(t *testing.T) any { return connected(t) },
		"zero Addr":        func(t *testing.T) any { return Addr{} },
		"odd Addr":         func(t *testing.T) any { a, _ := AddrFromRaw([]byte{0xff, 0xff, 1}); return a },
		"zero Conn":        func(t *testing.T) any { return &Conn{} },
		"Conn":             func(t *testing.T) any { c, _ := connected(t).NetConn(); return c },
		"zero Listener":    func(t *testing.T) any { return &Listener{} },
		"Listener": func(t *testing.T) any {
			l, _ := listenTCP(t, AF_INET)
			l.SetTimeout(time.Millisecond)
			nl, _ := l.NetListener()
			return nl
		},
		"zero PacketConn": func(t *testing.T) any { return &PacketConn{} },
		"closed File":     func(t *testing.T) any { f, _ := connected(t).Makefile("rwb", 0); f.Close(); return f },
		"zero File":       func(t *testing.T) any { return &File{} },
		"File": func(t *testing.T) any {
			f, _ := connected(t).Makefile("rwb", 0)
			t.Cleanup(func() { f.Close() })
			return f
		},
		"zero Dialer":         func(t *testing.T) any { return &Dialer{} },
		"zero ListenConfig":   func(t *testing.T) any { return &ListenConfig{} },
		"zero ReusePortGroup": func(t *testing.T) any { return &ReusePortGroup{} },
		"closed ReusePortGroup": func(t *testing.T) any {
			var lc ListenConfig
			g, err := lc.ListenGroup(context.Background(), "udp4", "127.0.0.1:0", 1)
			require.NoError(t, err)
			g.Close()
			return g
		},
		"zero errors": func(t *testing.T) any {
			return []any{&ArgError{}, &AddrInfoError{}, &HostError{}, &CreateConnectionError{}, EAI(0), HErrno(-1)}
		},
		"odd enums": func(t *testing.T) any {
			return []any{Family(-1), Type(-1), Protocol(-1), MsgFlag(-1), ShutdownHow(-1), TCPState(255), AddrInfo{}}
		},
	}
	for rname, mk := range receivers {
		probe := mk(t)
		recvs := []any{probe}
		if list, ok := probe.([]any); ok {
			recvs = list
		}
		for ri, r := range recvs {
			rt := reflect.TypeOf(r)
			for m := range rt.Methods() {
				for _, args := range worstCalls(t, m.Type, 1, m.Name) {
					recv := reflect.ValueOf(r)
					if _, many := probe.([]any); !many {
						recv = reflect.ValueOf(mk(t))
					} else {
						recv = reflect.ValueOf(mk(t).([]any)[ri])
					}
					name := rname + "." + m.Name
					err, ok := worstCall(t, name, recv.Method(m.Index), args)
					calls++
					if !ok || rname != "closed Socket" || m.Type.NumOut() == 0 || m.Type.Out(m.Type.NumOut()-1) != reflect.TypeFor[error]() {
						continue
					}
					if m.Name == "Close" {
						assert.NoError(t, err, "closing a closed Socket does nothing")
						continue
					}
					// A bad argument may be refused first.
					var ae *ArgError
					if !errors.As(err, &ae) {
						assert.ErrorIs(t, err, net.ErrClosed, "%s%s", name, fmtArgs(args))
					}
				}
			}
		}
	}
	for name, input := range knownPanics {
		if !panicked[name] {
			t.Errorf("%s no longer panics on %s: remove its row from knownPanics", name, input)
		} else {
			t.Logf("known bug: %s panics on %s", name, input)
		}
	}
	t.Logf("%d calls with worst inputs", calls)
}
