package socket

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The resolver tests compare this package with Python's socket module (and
// so glibc) on the same machine: the Go side and one python3 process answer
// the same list of queries, and the answers must be identical, order
// included. Every query is checked first to need no DNS: numeric input,
// names and addresses /etc/hosts lists, or AI_NUMERICHOST.

// pyQuery is one question for both sides. Op says which function; the
// other fields are its arguments (Host/Port "" is Python's None).
type pyQuery struct {
	Op     string `json:"op"`
	Host   string `json:"host,omitempty"`
	Port   string `json:"port,omitempty"`
	Num    int    `json:"num,omitempty"` // a numeric port, index or flowinfo
	Scope  uint32 `json:"scope,omitempty"`
	Family int    `json:"family,omitempty"`
	Type   int    `json:"type,omitempty"`
	Proto  int    `json:"proto,omitempty"`
	Flags  int    `json:"flags,omitempty"`
	Hex    string `json:"hex,omitempty"` // packed bytes
}

// pyScript answers a JSON list of pyQuery on stdin with a JSON list of
// {"ok": value} or {"err": [exception class, errno, message]}.
const pyScript = `
import json, socket, sys
S = socket

def none(s):
    return None if s == "" else s

def opt(s):
    return () if s == "" else (s,)

def sa(host, num, scope):
    return (host, num, 0, scope) if ":" in host else (host, num)

def gai(q):
    out = []
    for fam, typ, proto, canon, addr in S.getaddrinfo(none(q.get("host", "")), none(q.get("port", "")),
            q.get("family", 0), q.get("type", 0), q.get("proto", 0), q.get("flags", 0)):
        a = list(addr) + [0, 0]
        out.append([int(fam), int(typ), proto, canon, a[0], a[1], a[2], a[3]])
    return out

def hostent(t):
    return [t[0], t[1], t[2]]

OPS = {
    "gai": gai,
    "aton": lambda q: S.inet_aton(q.get("host", "")).hex(),
    "ntoa": lambda q: S.inet_ntoa(bytes.fromhex(q.get("hex", ""))),
    "pton": lambda q: S.inet_pton(q.get("family", 0), q.get("host", "")).hex(),
    "ntop": lambda q: S.inet_ntop(q.get("family", 0), bytes.fromhex(q.get("hex", ""))),
    "servbyname": lambda q: S.getservbyname(q.get("host", ""), *opt(q.get("port", ""))),
    "servbyport": lambda q: S.getservbyport(q.get("num", 0), *opt(q.get("port", ""))),
    "protobyname": lambda q: S.getprotobyname(q.get("host", "")),
    "nameinfo": lambda q: list(S.getnameinfo(sa(q["host"], q.get("num", 0), q.get("scope", 0)), q.get("flags", 0))),
    "hostbyname": lambda q: S.gethostbyname(q.get("host", "")),
    "hostbyname_ex": lambda q: hostent(S.gethostbyname_ex(q.get("host", ""))),
    "hostbyaddr": lambda q: hostent(S.gethostbyaddr(q.get("host", ""))),
    "fqdn": lambda q: S.getfqdn(q.get("host", "")),
    "hostname": lambda q: S.gethostname(),
    "nameindex": lambda q: [list(x) for x in S.if_nameindex()],
    "nametoindex": lambda q: S.if_nametoindex(q.get("host", "")),
    "indextoname": lambda q: S.if_indextoname(q.get("num", 0)),
}

res = []
for q in json.load(sys.stdin):
    try:
        res.append({"ok": OPS[q["op"]](q)})
    except Exception as e:
        res.append({"err": [type(e).__name__, e.errno if isinstance(e, OSError) else None,
                            e.strerror if isinstance(e, OSError) and e.strerror else str(e)]})
json.dump(res, sys.stdout)
`

// pyAnswer is one answer: OK holds the JSON of the value, Err the
// exception's class, errno and message.
type pyAnswer struct {
	OK  json.RawMessage `json:"ok,omitempty"`
	Err []any           `json:"err,omitempty"`
}

// askPython runs pyScript once for all queries, or skips the test where
// python3 is absent.
func askPython(t *testing.T, qs []pyQuery) []pyAnswer {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: no reference to compare with")
	}
	in, err := json.Marshal(qs)
	require.NoError(t, err)
	cmd := exec.Command(py, "-c", pyScript)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "python3: %s", stderr.String())
	var ans []pyAnswer
	require.NoError(t, json.Unmarshal(out, &ans))
	require.Len(t, ans, len(qs))
	return ans
}

// goAnswer builds this package's answer in Python's shape: v is the value
// on success; on failure pyErr gives the exception Python raises for it.
func goAnswer(t *testing.T, v any, err error, pyErr func(error) []any) pyAnswer {
	t.Helper()
	if err != nil {
		return pyAnswer{Err: pyErr(err)}
	}
	raw, merr := json.Marshal(v)
	require.NoError(t, merr)
	return pyAnswer{OK: raw}
}

// resolverError gives the Python exception for an *AddrInfoError (gaierror)
// or *HostError (herror), and otherwise the one other says.
func resolverError(other func(error) []any) func(error) []any {
	return func(err error) []any {
		var gai *AddrInfoError
		var he *HostError
		switch {
		case errors.As(err, &gai):
			return []any{"gaierror", float64(gai.Code), gai.Code.Error()}
		case errors.As(err, &he):
			return []any{"herror", float64(he.Code), he.Code.Error()}
		}
		return other(err)
	}
}

// osError is Python's OSError without an errno, for the errors whose text
// alone Python gives.
func osError(err error) []any {
	var errno unix.Errno
	if errors.As(err, &errno) && errno != unix.EINVAL && errno != unix.ENODEV {
		msg := errno.Error() // Go's text is glibc's strerror, lower-cased
		return []any{"OSError", float64(errno), strings.ToUpper(msg[:1]) + msg[1:]}
	}
	return []any{"OSError", nil, pyMessage(err)}
}

// pyMessage recovers the Python text an error of this package carries.
func pyMessage(err error) string {
	for _, s := range []error{ErrServiceNotFound, ErrPortNotFound, ErrProtocolNotFound, ErrNoSuchInterface} {
		if errors.Is(err, s) {
			return s.Error()
		}
	}
	var ae *ArgError
	if errors.As(err, &ae) {
		msg, _, _ := strings.Cut(ae.Reason, ":")
		return msg
	}
	return err.Error()
}

// compareWithPython asks both sides and reports every difference.
func compareWithPython(t *testing.T, qs []pyQuery, goSide func(pyQuery) pyAnswer) {
	t.Helper()
	want := askPython(t, qs)
	for i, q := range qs {
		got := goSide(q)
		// CPython reports a failed gethostbyname_r or gethostbyaddr_r
		// with the thread's h_errno, not the code the call returned,
		// and glibc leaves h_errno alone on some paths (the address ::,
		// a name DNS refuses to ask for): Python then says "Resolver
		// Error 0", whatever came before. Only the class is comparable.
		if len(want[i].Err) == 3 && want[i].Err[0] == "herror" && want[i].Err[1] == float64(0) &&
			len(got.Err) == 3 && got.Err[0] == "herror" {
			got.Err = want[i].Err
		}
		assert.Equal(t, decodeAnswer(t, want[i]), decodeAnswer(t, got), "%+v", q)
	}
	t.Logf("%d queries compared with python3", len(qs))
}

// decodeAnswer turns an answer into plain JSON values, so that both sides
// compare whatever their encoders' spacing and escaping.
func decodeAnswer(t *testing.T, a pyAnswer) any {
	t.Helper()
	if a.Err != nil {
		return map[string]any{"err": a.Err}
	}
	var v any
	require.NoError(t, json.Unmarshal(a.OK, &v))
	return map[string]any{"ok": v}
}

// hostsDB is an independent reading of /etc/hosts, for choosing inputs
// that need no DNS.
type hostsDB struct {
	v4, v6 map[string]bool // lower-case names with an IPv4 / IPv6 line
	names  []string        // every name, in file order, once
	addrs  []string        // every address, in file order, once
}

func readHostsDB(t *testing.T) hostsDB {
	t.Helper()
	db := hostsDB{v4: map[string]bool{}, v6: map[string]bool{}}
	data, _ := os.ReadFile("/etc/hosts")
	seen := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "#")
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		ip := net.ParseIP(f[0])
		if ip == nil || strings.Contains(f[0], "%") {
			continue
		}
		if !seen[f[0]] {
			seen[f[0]] = true
			db.addrs = append(db.addrs, f[0])
		}
		for _, n := range f[1:] {
			ln := strings.ToLower(n)
			// glibc reads ::1 and IPv4-mapped lines as IPv4 for AF_INET.
			if ip.To4() != nil || ip.Equal(net.IPv6loopback) {
				db.v4[ln] = true
			}
			if ip.To4() == nil || strings.Contains(f[0], ":") {
				db.v6[ln] = true
			}
			if !seen["name "+ln] {
				seen["name "+ln] = true
				db.names = append(db.names, n)
			}
		}
	}
	return db
}

// knows reports whether a lookup of name for family (with AI_V4MAPPED or
// not) ends in /etc/hosts.
func (db hostsDB) knows(name string, family Family, v4mapped bool) bool {
	n := strings.ToLower(name)
	switch family {
	case AF_INET:
		return db.v4[n]
	case AF_INET6:
		return db.v6[n] || (v4mapped && db.v4[n])
	}
	return db.v4[n] || db.v6[n]
}

// knowsAddr reports whether /etc/hosts lists an address (as glibc reads it
// for its family), so that looking it up needs no DNS.
func (db hostsDB) knowsAddr(addr string) bool {
	ip := net.ParseIP(addr)
	if ip == nil {
		return false
	}
	for _, a := range db.addrs {
		b := net.ParseIP(a)
		if ip.To4() != nil && !strings.Contains(addr, ":") {
			// Plain and IPv4-mapped lines both count for AF_INET.
			if b.To4() != nil && b.To4().Equal(ip.To4()) {
				return true
			}
			if ip.To4().Equal(net.IPv4(127, 0, 0, 1)) && b.Equal(net.IPv6loopback) {
				return true
			}
			continue
		}
		if strings.Contains(a, ":") && b.Equal(ip) {
			return true
		}
	}
	return false
}

// machineFamilies is what AI_ADDRCONFIG sees: a non-loopback IPv4 and IPv6
// address.
func machineFamilies(t *testing.T) (seen4, seen6 bool) {
	t.Helper()
	addrs, err := net.InterfaceAddrs()
	require.NoError(t, err)
	for _, a := range addrs {
		ipn, ok := a.(*net.IPNet)
		if !ok {
			continue
		}
		if v4 := ipn.IP.To4(); v4 != nil {
			seen4 = seen4 || !v4.Equal(net.IPv4(127, 0, 0, 1))
		} else {
			seen6 = seen6 || !ipn.IP.Equal(net.IPv6loopback)
		}
	}
	return seen4, seen6
}

func hexOf(b []byte) string { return hex.EncodeToString(b) }
