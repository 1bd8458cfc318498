package resolv

import (
	"bytes"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// This file reads the local databases glibc's "files" NSS module reads:
// /etc/hosts, /etc/services, /etc/protocols, and the configuration that
// steers host lookups (/etc/nsswitch.conf, /etc/host.conf). Each lookup
// checks its file with stat(2) and parses it again only if it changed
// (dbcache.go), so edits apply at once where glibc would read the file
// afresh.

// The files, as variables so that tests can point them elsewhere.
var (
	hostsPath     = "/etc/hosts"
	servicesPath  = "/etc/services"
	protocolsPath = "/etc/protocols"
	nsswitchPath  = "/etc/nsswitch.conf"
	hostConfPath  = "/etc/host.conf"
)

// hostent is a struct hostent: a canonical name, its aliases and the
// addresses, all of family af (4 or 16 bytes each).
type hostent struct {
	name    string
	aliases []string
	af      int
	addrs   [][16]byte // IPv4 addresses in the first 4 bytes
}

// hostsLine is one parsed line of /etc/hosts.
type hostsLine struct {
	addr   string   // the address field, unparsed
	name   string   // the canonical name
	alias  []string // the other names
	fields []string // name followed by the aliases
}

// dbLines splits a database file into lines of whitespace-separated fields,
// dropping comments (from '#' to the end of the line) and empty lines, as
// glibc's files-parse does.
func dbLines(data []byte) [][]string {
	var out [][]string
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if i := bytes.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.FieldsFunc(string(line), func(r rune) bool { return r < 0x80 && isCSpace(byte(r)) })
		if len(f) > 0 {
			out = append(out, f)
		}
	}
	return out
}

// readHosts returns the lines of /etc/hosts. A line with an address alone
// has the name "", as in glibc (which then finds it for the name "").
// A missing file is an empty one.
func readHosts() []hostsLine { return hostsFile.get(hostsPath, parseHosts) }

var hostsFile parsedFile[[]hostsLine]

func parseHosts(data []byte) []hostsLine {
	var out []hostsLine
	for _, f := range dbLines(data) {
		l := hostsLine{addr: f[0], fields: append([]string{""}, f[1:]...)}
		if len(f) > 1 {
			l.fields = f[1:]
		}
		l.name, l.alias = l.fields[0], l.fields[1:]
		out = append(out, l)
	}
	return out
}

// hostsAddr parses the address of a hosts line for a lookup of family af,
// as glibc's parser does: AF_UNSPEC takes either family; AF_INET also takes
// an IPv4-mapped IPv6 address, and "::1" as 127.0.0.1; AF_INET6 takes only
// IPv6. ok is false for a line the lookup skips.
func hostsAddr(s string, af int) (fam int, ip [16]byte, ok bool) {
	if af != unix.AF_INET6 {
		if v4, ok := Pton4(s); ok {
			copy(ip[:], v4[:])
			return unix.AF_INET, ip, true
		}
	}
	v6, ok := Pton6(s)
	if !ok {
		return 0, ip, false
	}
	if af != unix.AF_INET {
		return unix.AF_INET6, v6, true
	}
	switch {
	case isV4Mapped(v6):
		copy(ip[:], v6[12:])
	case v6 == [16]byte{15: 1}:
		ip = [16]byte{127, 0, 0, 1}
	default:
		return 0, ip, false
	}
	return unix.AF_INET, ip, true
}

// matches reports whether name is the line's name or one of its aliases,
// ignoring ASCII case as glibc's strcasecmp does.
func (l *hostsLine) matches(name string) bool {
	for _, f := range l.fields {
		if asciiEqualFold(f, name) {
			return true
		}
	}
	return false
}

// filesByName4 is the files module's gethostbyname4_r: every address of
// every line naming name (only the first such line without "multi on"), in
// file order, each of its own family; canon is the first line's name.
func filesByName4(name string) (addrs []Host, canon string) {
	multi := hostsMulti()
	for _, l := range readHosts() {
		if !l.matches(name) {
			continue
		}
		fam, ip, ok := hostsAddr(l.addr, unix.AF_UNSPEC)
		if !ok {
			continue
		}
		if len(addrs) == 0 {
			canon = l.name
		}
		addrs = append(addrs, Host{Family: fam, IP: ip})
		if !multi {
			break
		}
	}
	return addrs, canon
}

// filesByName3 is the files module's gethostbyname3_r for family af: the
// first line naming name, and with "multi on" the addresses and aliases of
// the later ones merged in (a later line's own name joins the aliases when
// it differs).
func filesByName3(name string, af int) (hostent, bool) {
	var h hostent
	found := false
	multi := hostsMulti()
	for _, l := range readHosts() {
		if !l.matches(name) {
			continue
		}
		_, ip, ok := hostsAddr(l.addr, af)
		if !ok {
			continue
		}
		if !found {
			h = hostent{name: l.name, aliases: append([]string(nil), l.alias...), af: af}
			h.addrs = append(h.addrs, ip)
			found = true
			if !multi {
				break
			}
			continue
		}
		h.addrs = append(h.addrs, ip)
		h.aliases = append(h.aliases, l.alias...)
		if l.name != h.name {
			h.aliases = append(h.aliases, l.name)
		}
	}
	return h, found
}

// filesByAddr is the files module's gethostbyaddr_r: the first line whose
// address, read for family af, is ip.
func filesByAddr(ip [16]byte, af int) (hostent, bool) {
	for _, l := range readHosts() {
		_, a, ok := hostsAddr(l.addr, af)
		if ok && a == ip {
			return hostent{name: l.name, aliases: append([]string(nil), l.alias...), af: af, addrs: [][16]byte{ip}}, true
		}
	}
	return hostent{}, false
}

// hostsMulti reports whether a name's lookup gathers every line naming it,
// glibc's "multi" setting: RESOLV_MULTI in the environment, else the
// "multi on|off" line of /etc/host.conf, else off.
func hostsMulti() bool {
	if v, ok := os.LookupEnv("RESOLV_MULTI"); ok {
		return onOff(v)
	}
	return hostConfFile.get(hostConfPath, parseHostConf)
}

var hostConfFile parsedFile[bool]

// parseHostConf reads the multi setting of host.conf.
func parseHostConf(data []byte) bool {
	multi := false
	for _, f := range dbLines(data) {
		if len(f) >= 2 && strings.EqualFold(f[0], "multi") {
			multi = onOff(f[1])
		}
	}
	return multi
}

func onOff(s string) bool { return strings.EqualFold(strings.TrimSpace(s), "on") }

// servent is one line of /etc/services.
type servent struct {
	name    string
	aliases []string
	port    int
	proto   string
}

// readServices returns the well-formed lines of /etc/services.
func readServices() []servent { return servicesFile.get(servicesPath, parseServices) }

var servicesFile parsedFile[[]servent]

func parseServices(data []byte) []servent {
	var out []servent
	for _, f := range dbLines(data) {
		if len(f) < 2 {
			continue
		}
		num, proto, ok := strings.Cut(f[1], "/")
		port, err := strconv.ParseUint(num, 10, 32)
		if !ok || err != nil || proto == "" {
			continue
		}
		out = append(out, servent{name: f[0], aliases: f[2:], port: int(uint16(port)), proto: proto})
	}
	return out
}

// servByName is getservbyname_r from the files module: the first line
// whose name or an alias is name (case matters) for proto ("" for any).
func servByName(name, proto string) (servent, bool) {
	for _, s := range readServices() {
		if proto != "" && s.proto != proto {
			continue
		}
		if s.name == name || contains(s.aliases, name) {
			return s, true
		}
	}
	return servent{}, false
}

// servByPort is getservbyport_r from the files module.
func servByPort(port int, proto string) (servent, bool) {
	for _, s := range readServices() {
		if s.port == port && (proto == "" || s.proto == proto) {
			return s, true
		}
	}
	return servent{}, false
}

// protoByName is getprotobyname_r from the files module: /etc/protocols
// lines read "name number aliases...", and case matters.
func protoByName(name string) (int, bool) {
	for _, f := range protocolsFile.get(protocolsPath, dbLines) {
		if len(f) < 2 || (f[0] != name && !contains(f[2:], name)) {
			continue
		}
		if n, err := strconv.Atoi(f[1]); err == nil {
			return n, true
		}
	}
	return 0, false
}

var protocolsFile parsedFile[[][]string]

// nssStatus is how an NSS source answered.
type nssStatus int

const (
	nssSuccess nssStatus = iota
	nssNotFound
	nssUnavail
	nssTryAgain
)

// nssSource is one source of the "hosts:" line with its [STATUS=action]
// criteria: ret[status] says whether to stop after that status.
type nssSource struct {
	name string
	ret  [4]bool
}

// hostSources parses the "hosts:" line of /etc/nsswitch.conf; without one
// it uses defaultHostsLine (glibc's "dns [!UNAVAIL=return] files" on
// Linux). The default action is to return after success and to continue
// after anything else.
func hostSources() []nssSource { return nsswitchFile.get(nsswitchPath, parseHostSources) }

var nsswitchFile parsedFile[[]nssSource]

func parseHostSources(data []byte) []nssSource {
	line := defaultHostsLine
	for _, l := range strings.Split(string(data), "\n") {
		if i := strings.IndexByte(l, '#'); i >= 0 {
			l = l[:i]
		}
		db, rest, ok := strings.Cut(l, ":")
		if ok && strings.TrimSpace(db) == "hosts" {
			line = rest
		}
	}
	var out []nssSource
	for len(line) > 0 {
		line = strings.TrimLeft(line, " \t")
		if line == "" {
			break
		}
		if line[0] == '[' {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				break
			}
			if len(out) > 0 {
				parseNSSCriteria(&out[len(out)-1], line[1:end])
			}
			line = line[end+1:]
			continue
		}
		end := strings.IndexAny(line, " \t[")
		if end < 0 {
			end = len(line)
		}
		out = append(out, nssSource{name: line[:end], ret: [4]bool{nssSuccess: true}})
		line = line[end:]
	}
	return out
}

// parseNSSCriteria applies "STATUS=action ..." and "!STATUS=action" items.
func parseNSSCriteria(src *nssSource, crit string) {
	statuses := map[string]nssStatus{"success": nssSuccess, "notfound": nssNotFound, "unavail": nssUnavail, "tryagain": nssTryAgain}
	for _, item := range strings.Fields(crit) {
		k, v, ok := strings.Cut(strings.ToLower(item), "=")
		if !ok {
			continue
		}
		neg := strings.HasPrefix(k, "!")
		st, known := statuses[strings.TrimPrefix(k, "!")]
		if !known {
			continue
		}
		ret := v == "return"
		if !neg {
			src.ret[st] = ret
			continue
		}
		for s := range src.ret {
			if nssStatus(s) != st {
				src.ret[s] = ret
			}
		}
	}
}

// asciiEqualFold is strcasecmp(a, b) == 0 in the C locale.
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lower(a[i]) != lower(b[i]) {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
