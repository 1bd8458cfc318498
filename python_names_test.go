package socket

import (
	"encoding/json"
	"go/doc"
	"maps"
	"net"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The package promises a Go counterpart, under the Go-cased name, for every
// operation of Python's socket module. The tables below say which, name by
// name; the tests check that each Go name exists, that its documentation
// names the Python one, and, with python3 at hand, that Python has no name
// the tables forget.

// goCounterpart is what a Python name maps to.
type goCounterpart struct {
	// values are package-level functions (or, for Python's classes, types
	// and error values) by Go name. Holding the values themselves makes
	// this file fail to compile if one is renamed or removed.
	values map[string]any
	// methods are *Socket methods, checked by reflection.
	methods []string
	// note says why the Go name is not the plain Go-casing of Python's
	// (connect_ex -> ConnectEx), or how the Go API differs; it is required
	// when the name differs.
	note string
}

// pythonModule maps the functions (and the lower-case classes) of
// Python's socket module.
var pythonModule = map[string]goCounterpart{
	"CMSG_LEN":           {values: map[string]any{"CmsgLen": CmsgLen}},
	"CMSG_SPACE":         {values: map[string]any{"CmsgSpace": CmsgSpace}},
	"close":              {values: map[string]any{"CloseFD": CloseFD}, note: "named for its argument, a bare descriptor, so that it is not mistaken for (*Socket).Close"},
	"create_connection":  {values: map[string]any{"CreateConnection": CreateConnection}},
	"create_server":      {values: map[string]any{"CreateServer": CreateServer}},
	"dup":                {values: map[string]any{"DupFD": DupFD}, note: "named for its argument, a bare descriptor; (*Socket).Dup is socket.socket.dup"},
	"fromfd":             {values: map[string]any{"FromFD": FromFD, "DupFD": DupFD}, note: "FromFD takes fd over and reads family, type and protocol from the kernel; Python's fromfd is FromFD(DupFD(fd))"},
	"getaddrinfo":        {values: map[string]any{"Getaddrinfo": Getaddrinfo, "GetaddrinfoContext": GetaddrinfoContext}},
	"getdefaulttimeout":  {values: map[string]any{"DefaultTimeout": DefaultTimeout}, note: "Go drops Get from getters"},
	"getfqdn":            {values: map[string]any{"Getfqdn": Getfqdn}},
	"gethostbyaddr":      {values: map[string]any{"Gethostbyaddr": Gethostbyaddr}},
	"gethostbyname":      {values: map[string]any{"Gethostbyname": Gethostbyname}},
	"gethostbyname_ex":   {values: map[string]any{"GethostbynameEx": GethostbynameEx}},
	"gethostname":        {values: map[string]any{"Gethostname": Gethostname}},
	"getnameinfo":        {values: map[string]any{"Getnameinfo": Getnameinfo}},
	"getprotobyname":     {values: map[string]any{"Getprotobyname": Getprotobyname}},
	"getservbyname":      {values: map[string]any{"Getservbyname": Getservbyname}},
	"getservbyport":      {values: map[string]any{"Getservbyport": Getservbyport}},
	"has_dualstack_ipv6": {values: map[string]any{"HasDualstackIPv6": HasDualstackIPv6}},
	"htonl":              {values: map[string]any{"Htonl": Htonl}},
	"htons":              {values: map[string]any{"Htons": Htons}},
	"if_indextoname":     {values: map[string]any{"IfIndextoname": IfIndextoname}},
	"if_nameindex":       {values: map[string]any{"IfNameIndex": IfNameIndex}},
	"if_nametoindex":     {values: map[string]any{"IfNametoindex": IfNametoindex}},
	"inet_aton":          {values: map[string]any{"InetAton": InetAton}},
	"inet_ntoa":          {values: map[string]any{"InetNtoa": InetNtoa}},
	"inet_ntop":          {values: map[string]any{"InetNtop": InetNtop}},
	"inet_pton":          {values: map[string]any{"InetPton": InetPton}},
	"ntohl":              {values: map[string]any{"Ntohl": Ntohl}},
	"ntohs":              {values: map[string]any{"Ntohs": Ntohs}},
	"recv_fds":           {methods: []string{"RecvFDs"}, note: "a method: Python's recv_fds takes the socket as its first argument"},
	"send_fds":           {methods: []string{"SendFDs"}, note: "a method: Python's send_fds takes the socket as its first argument"},
	"setdefaulttimeout":  {values: map[string]any{"SetDefaultTimeout": SetDefaultTimeout}},
	"socketpair":         {values: map[string]any{"Socketpair": Socketpair}},

	// Classes. socket.socket(...) is New; the exceptions are error values.
	"socket":   {values: map[string]any{"Socket": (*Socket)(nil), "New": New}, note: "a Go constructor is a function: New"},
	"error":    {values: map[string]any{"net.OpError": (*net.OpError)(nil)}, note: "OSError: Socket methods return *net.OpError wrapping the errno"},
	"gaierror": {values: map[string]any{"AddrInfoError": (*AddrInfoError)(nil)}, note: "named for the calls that return it (getaddrinfo, getnameinfo)"},
	"herror":   {values: map[string]any{"HostError": (*HostError)(nil)}, note: "named for the calls that return it (gethostbyname_ex, gethostbyaddr)"},
	"timeout":  {values: map[string]any{"os.ErrDeadlineExceeded": os.ErrDeadlineExceeded}, note: "errors.Is(err, os.ErrDeadlineExceeded), and net.Error's Timeout() is true"},
}

// pythonSocketMethods maps the public methods and properties of Python's
// socket.socket to *Socket methods.
var pythonSocketMethods = map[string]goCounterpart{
	"accept":          {methods: []string{"Accept", "AcceptContext"}},
	"bind":            {methods: []string{"Bind"}},
	"close":           {methods: []string{"Close"}},
	"connect":         {methods: []string{"Connect", "ConnectContext"}},
	"connect_ex":      {methods: []string{"ConnectEx"}},
	"detach":          {methods: []string{"Detach"}},
	"dup":             {methods: []string{"Dup"}},
	"family":          {methods: []string{"Family"}},
	"fileno":          {methods: []string{"Fileno"}},
	"get_inheritable": {methods: []string{"Inheritable"}, note: "Go drops Get from getters"},
	"getblocking":     {methods: []string{"Blocking"}, note: "Go drops Get from getters"},
	"getpeername":     {methods: []string{"Getpeername"}},
	"getsockname":     {methods: []string{"Getsockname"}},
	"getsockopt":      {methods: []string{"GetsockoptInt", "GetsockoptBytes", "GetsockoptInto"}, note: "one method per result type: Python's returns an int or, given buflen, bytes"},
	"gettimeout":      {methods: []string{"Timeout"}, note: "Go drops Get from getters"},
	"listen":          {methods: []string{"Listen"}},
	"makefile":        {methods: []string{"Makefile"}},
	"proto":           {methods: []string{"Proto"}},
	"recv":            {methods: []string{"Recv", "RecvContext"}, note: "Recv fills the caller's buffer, as recv_into does: Python's recv, which returns a new buffer, would allocate"},
	"recv_into":       {methods: []string{"Recv"}, note: "Recv is recv_into: it fills the caller's buffer"},
	"recvfrom":        {methods: []string{"Recvfrom", "RecvfromContext"}, note: "fills the caller's buffer, as recvfrom_into does"},
	"recvfrom_into":   {methods: []string{"Recvfrom"}, note: "Recvfrom is recvfrom_into: it fills the caller's buffer"},
	"recvmsg":         {methods: []string{"Recvmsg", "RecvmsgContext"}, note: "fills the caller's data and control buffers, as recvmsg_into does"},
	"recvmsg_into":    {methods: []string{"RecvmsgInto"}},
	"send":            {methods: []string{"Send", "SendContext"}},
	"sendall":         {methods: []string{"Sendall", "SendallContext"}},
	"sendfile":        {methods: []string{"Sendfile"}},
	"sendmsg":         {methods: []string{"Sendmsg", "SendmsgBuffers", "SendmsgContext"}, note: "Sendmsg takes one buffer, SendmsgBuffers Python's list of them"},
	"sendmsg_afalg":   {methods: []string{"Sendmsg"}, note: "Sendmsg with the control messages of AppendALGOp, AppendALGIV and AppendALGAEADAssoclen: one way to send, and the messages built in the caller's buffer"},
	"sendto":          {methods: []string{"Sendto", "SendtoContext"}},
	"set_inheritable": {methods: []string{"SetInheritable"}},
	"setblocking":     {methods: []string{"SetBlocking"}},
	"setsockopt":      {methods: []string{"SetsockoptInt", "SetsockoptBytes"}, note: "one method per value type: Python's takes an int or bytes"},
	"settimeout":      {methods: []string{"SetTimeout"}},
	"shutdown":        {methods: []string{"Shutdown"}},
	"timeout":         {methods: []string{"Timeout"}},
	"type":            {methods: []string{"Type"}},
}

// pythonNotProvided lists the Python names deliberately left without a Go
// counterpart, and why.
var pythonNotProvided = map[string]string{
	// Module level.
	"sethostname": "changes the machine's host name (CAP_SYS_ADMIN), no socket operation: unix.Sethostname does it",
	// socket.socket methods.
}

// pythonWindowsOnly are names Python has only on Windows; a Linux Python
// does not list them, and this package targets Linux.
var pythonWindowsOnly = []string{"ioctl", "share", "fromshare"}

// plainGoName is the Go-casing of a Python name: connect_ex -> ConnectEx,
// CMSG_LEN -> CmsgLen.
func plainGoName(py string) string {
	var b strings.Builder
	for part := range strings.SplitSeq(py, "_") {
		if part == "" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + strings.ToLower(part[1:]))
	}
	return b.String()
}

// goNameOf names a package-level value as the tables do: "CmsgLen" for a
// function of this package, "AddrInfoError" for a type of it (given as a
// typed nil pointer), "net.OpError" for another package's type; "" when
// reflection cannot tell (a variable such as os.ErrDeadlineExceeded).
func goNameOf(v any) string {
	const pkg = "github.com/bsdsock/socket"
	t := reflect.TypeOf(v)
	switch {
	case t.Kind() == reflect.Func:
		name := runtime.FuncForPC(reflect.ValueOf(v).Pointer()).Name()
		return strings.TrimPrefix(name, pkg+".")
	case t.Kind() == reflect.Pointer && reflect.ValueOf(v).IsNil() && t.Elem().Name() != "":
		// A typed nil stands for its type.
		if t.Elem().PkgPath() == pkg {
			return t.Elem().Name()
		}
		return t.Elem().String()
	}
	return ""
}

// TestPythonNamesTable checks the tables against the package: every Go
// name exists under the name the table gives, and a Go name that is not
// the plain Go-casing of Python's comes with a note.
func TestPythonNamesTable(t *testing.T) {
	socketType := reflect.TypeOf((*Socket)(nil))
	for _, tbl := range []struct {
		kind string
		m    map[string]goCounterpart
	}{{"module", pythonModule}, {"socket.socket", pythonSocketMethods}} {
		for py, c := range tbl.m {
			assert.NotEmpty(t, len(c.values)+len(c.methods), "%s %s: no Go counterpart", tbl.kind, py)
			var names []string
			for name, v := range c.values {
				names = append(names, name)
				if got := goNameOf(v); got != "" {
					assert.Equal(t, name, got, "%s %s: the table's name for the value", tbl.kind, py)
				}
			}
			for _, name := range c.methods {
				names = append(names, name)
				_, ok := socketType.MethodByName(name)
				assert.True(t, ok, "%s %s: (*Socket).%s does not exist", tbl.kind, py, name)
			}
			plain := plainGoName(py)
			if !slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, plain) }) {
				assert.NotEmpty(t, c.note, "%s %s: Go names %v differ from %s, and the table does not say why", tbl.kind, py, names, plain)
			}
			_, excluded := pythonNotProvided[py]
			assert.False(t, excluded, "%s %s is both mapped and not provided", tbl.kind, py)
		}
	}
}

// packageDocs returns the doc comment of every exported function, type
// and method of the package (methods as "Type.Method"), from its source.
func packageDocs(t *testing.T) (docs map[string]string, socketMethods []*doc.Func) {
	t.Helper()
	p := docPackage(t, false)
	docs = map[string]string{}
	add := func(name, text string) { docs[name] = strings.Join(strings.Fields(text), " ") }
	for _, f := range p.Funcs {
		add(f.Name, f.Doc)
	}
	for _, ty := range p.Types {
		add(ty.Name, ty.Doc)
		for _, f := range ty.Funcs {
			add(f.Name, f.Doc)
		}
		for _, m := range ty.Methods {
			add(ty.Name+"."+m.Name, m.Doc)
		}
		if ty.Name == "Socket" {
			socketMethods = ty.Methods
		}
	}
	return docs, socketMethods
}

// TestPythonNamesDocumented checks the promise that the godoc of each
// counterpart names the Python call it mirrors: at least one of the Go
// names of each Python name says "socket.NAME" (Python's socket.NAME, or
// socket.socket.NAME).
func TestPythonNamesDocumented(t *testing.T) {
	docs, _ := packageDocs(t)
	for _, tbl := range []struct {
		kind, recv string
		m          map[string]goCounterpart
	}{{"module", "", pythonModule}, {"socket.socket", "Socket.", pythonSocketMethods}} {
		for py, c := range tbl.m {
			var texts []string
			for name := range c.values {
				if !strings.Contains(name, ".") { // another package's
					texts = append(texts, docs[name])
				}
			}
			for _, name := range c.methods {
				texts = append(texts, docs["Socket."+name])
			}
			if len(texts) == 0 {
				continue
			}
			assert.True(t, slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, "socket."+py) }),
				"%s %s: no doc of its Go counterpart says socket.%s", tbl.kind, py, py)
		}
	}
}

// syscallRef matches a system call or C library function as the docs name
// it: recvfrom(2), getaddrinfo(3).
var syscallRef = regexp.MustCompile(`\b[a-z_0-9]+\([23]\)`)

// TestSocketMethodDocsNameSyscall: the first sentence of every exported
// *Socket method's doc names the system call it makes, or says it makes
// none.
func TestSocketMethodDocsNameSyscall(t *testing.T) {
	_, methods := packageDocs(t)
	require.NotEmpty(t, methods)
	var p doc.Package
	for _, m := range methods {
		first := p.Synopsis(m.Doc)
		ok := syscallRef.MatchString(first) || strings.Contains(first, "no system call") ||
			strings.Contains(first, "without a system call")
		assert.True(t, ok, "(*Socket).%s: first sentence names no system call: %q", m.Name, first)
	}
}

// TestPythonHasNoUnmappedName lists the names of the local python3's
// socket module and fails for a function or socket.socket method the
// tables do not mention. Classes are mapped in the table but only logged
// here, as are table names this Python lacks (older versions).
func TestPythonHasNoUnmappedName(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: no socket module to compare with")
	}
	out, err := exec.Command(py, "-c", `
import json, socket, sys
def public(names):
    return [n for n in names if not n.startswith("_")]
mod = [n for n in public(dir(socket))
       if callable(getattr(socket, n)) and (not n[0].isupper() or n.startswith("CMSG_"))]
print(json.dumps({
    "version": list(sys.version_info[:2]),
    "functions": [n for n in mod if not isinstance(getattr(socket, n), type)],
    "classes": [n for n in mod if isinstance(getattr(socket, n), type)],
    "methods": public(dir(socket.socket)),
}))
`).Output()
	require.NoError(t, err)
	var got struct {
		Version                     []int
		Functions, Classes, Methods []string
	}
	require.NoError(t, json.Unmarshal(out, &got))
	require.NotEmpty(t, got.Functions)
	require.NotEmpty(t, got.Methods)

	known := func(tbl map[string]goCounterpart, name string) bool {
		_, mapped := tbl[name]
		_, left := pythonNotProvided[name]
		return mapped || left || slices.Contains(pythonWindowsOnly, name)
	}
	for _, n := range got.Functions {
		assert.True(t, known(pythonModule, n), "Python's socket.%s has no Go counterpart in the table, nor a reason in pythonNotProvided", n)
	}
	for _, n := range got.Methods {
		assert.True(t, known(pythonSocketMethods, n), "Python's socket.socket.%s has no Go counterpart in the table, nor a reason in pythonNotProvided", n)
	}
	for _, n := range got.Classes {
		if !known(pythonModule, n) {
			t.Logf("Python's class socket.%s is not in the table", n)
		}
	}

	// The other way: a table name this Python lacks is a typo, or a name
	// of a newer Python than this one (the table was made with 3.11).
	pyNames := slices.Concat(got.Functions, got.Classes)
	recent := len(got.Version) == 2 && (got.Version[0] > 3 || got.Version[0] == 3 && got.Version[1] >= 11)
	for _, tbl := range []struct {
		kind  string
		m     map[string]goCounterpart
		names []string
	}{{"socket", pythonModule, pyNames}, {"socket.socket", pythonSocketMethods, got.Methods}} {
		for name := range tbl.m {
			if slices.Contains(tbl.names, name) {
				continue
			}
			if recent {
				t.Errorf("the table maps %s.%s, which Python %v does not have", tbl.kind, name, got.Version)
			} else {
				t.Logf("Python %v has no %s.%s", got.Version, tbl.kind, name)
			}
		}
	}
}

// pythonConstantsOmitted lists the integer constants of Python's socket
// module this package leaves out on purpose, and why.
var pythonConstantsOmitted = map[string]string{
	"EAGAIN":      "an errno Python's socket.py imports from errno for its own use: unix.EAGAIN",
	"EBADF":       "an errno Python's socket.py imports from errno for its own use: unix.EBADF",
	"EWOULDBLOCK": "an errno Python's socket.py imports from errno for its own use: unix.EWOULDBLOCK",
}

// pythonConstantsOfBuild lists the constants a Python has only when it was
// built with the matching headers: Debian's python3 has the Bluetooth
// ones, a python3 built without bluetooth.h (pyenv's, often) does not. The
// table holds them; a python3 without them is no error.
var pythonConstantsOfBuild = map[string]string{
	"AF_BLUETOOTH": "bluetooth.h", "BTPROTO_HCI": "bluetooth.h", "BTPROTO_L2CAP": "bluetooth.h",
	"BTPROTO_RFCOMM": "bluetooth.h", "BTPROTO_SCO": "bluetooth.h", "HCI_DATA_DIR": "bluetooth.h",
	"HCI_FILTER": "bluetooth.h", "HCI_TIME_STAMP": "bluetooth.h", "SOL_HCI": "bluetooth.h",
}

// pythonConstantValueDiffers lists the constants whose value here is the
// kernel's and differs from Python's in sign only: Python reads them as a
// C int, the kernel's field is a __u32. Their low 32 bits must agree.
var pythonConstantValueDiffers = map[string]string{
	"TIPC_WAIT_FOREVER": "the __u32 timeout of struct tipc_subscr: 0xffffffff, which CPython exports as the int ~0, -1",
}

// TestPythonConstants lists the integer constants of the local python3's
// socket module (bools such as has_ipv6 left out; an IntEnum member such
// as AF_INET counts once, under its name) and checks that each is in
// pythonConstants with the same value, or in pythonConstantsOmitted with a
// reason, so that a constant a newer Python adds shows up here. Linux
// only: the table is Linux's.
func TestPythonConstants(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the table of Python's constants is Linux's")
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: no socket module to compare with")
	}
	out, err := exec.Command(py, "-c", `
import json, socket, sys
consts = {n: int(getattr(socket, n)) for n in dir(socket)
          if not n.startswith("_") and isinstance(getattr(socket, n), int)
          and not isinstance(getattr(socket, n), bool)}
print(json.dumps({"version": list(sys.version_info[:2]), "constants": consts}))
`).Output()
	require.NoError(t, err)
	var got struct {
		Version   []int
		Constants map[string]int64
	}
	require.NoError(t, json.Unmarshal(out, &got))
	require.Greater(t, len(got.Constants), 300, "python3's socket module has fewer integer constants than any Linux build")

	for _, name := range slices.Sorted(maps.Keys(got.Constants)) {
		want := got.Constants[name]
		if reason, ok := pythonConstantsOmitted[name]; ok {
			assert.NotEmpty(t, reason, name)
			continue
		}
		v, ok := pythonConstants[name]
		if !assert.True(t, ok, "Python's socket.%s = %d has no constant here, nor a reason in pythonConstantsOmitted", name, want) {
			continue
		}
		if _, ok := pythonConstantValueDiffers[name]; ok {
			assert.Equal(t, uint32(want), uint32(v), "socket.%s: the low 32 bits", name)
			continue
		}
		assert.Equal(t, want, v, "socket.%s: Python's value, and this package's", name)
	}
	recent := len(got.Version) == 2 && (got.Version[0] > 3 || got.Version[0] == 3 && got.Version[1] >= 11)
	for name := range pythonConstants {
		if _, ok := got.Constants[name]; ok {
			continue
		}
		if _, ok := pythonConstantsOfBuild[name]; ok {
			t.Logf("this python3 was built without socket.%s (%s)", name, pythonConstantsOfBuild[name])
			continue
		}
		if recent {
			t.Errorf("the table has socket.%s, which Python %v does not have", name, got.Version)
		} else {
			t.Logf("Python %v has no socket.%s", got.Version, name)
		}
	}
	for name := range pythonConstantsOmitted {
		_, ok := pythonConstants[name]
		assert.False(t, ok, "socket.%s is both in the table and omitted", name)
	}
}
