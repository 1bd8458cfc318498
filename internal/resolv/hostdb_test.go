package resolv

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// useFile points one of the database paths at a temporary file with
// content for the rest of the test.
func useFile(t *testing.T, path *string, content string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), filepath.Base(*path))
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	old := *path
	*path = p
	t.Cleanup(func() { *path = old })
}

// TestHostsFileRules: /etc/hosts is read as glibc's files module reads it
// (these rules are also checked against Python by
// TestResolverMatchesPythonInNamespace, where root can stage the files).
func TestHostsFileRules(t *testing.T) {
	useFile(t, &hostsPath, `# comment
127.0.0.1 localhost
::1	localhost ip6-localhost   # trailing comment
192.0.2.1 Multi m1
2001:db8::1 multi
192.0.2.2 other multi
::ffff:192.0.2.3 mapped
1.2.3 legacy
198.51.100.9
`)
	useFile(t, &hostConfPath, "multi on\n")
	t.Setenv("RESOLV_MULTI", "")
	os.Unsetenv("RESOLV_MULTI")

	addrs, canon := filesByName4("MULTI")
	assert.Equal(t, "Multi", canon)
	require.Len(t, addrs, 3)
	assert.Equal(t, []int{unix.AF_INET, unix.AF_INET6, unix.AF_INET}, []int{addrs[0].Family, addrs[1].Family, addrs[2].Family})

	h, ok := filesByName3("localhost", unix.AF_INET)
	require.True(t, ok)
	assert.Equal(t, "localhost", h.name)
	assert.Equal(t, []string{"ip6-localhost"}, h.aliases)
	assert.Equal(t, [][16]byte{{127, 0, 0, 1}, {127, 0, 0, 1}}, h.addrs, "::1 reads as 127.0.0.1 for unix.AF_INET")

	h, ok = filesByName3("multi", unix.AF_INET)
	require.True(t, ok)
	assert.Equal(t, []string{"m1", "multi", "other"}, h.aliases, "a later line adds its aliases, and its own name when it differs")

	h, ok = filesByName3("mapped", unix.AF_INET)
	require.True(t, ok)
	assert.Equal(t, [16]byte{192, 0, 2, 3}, h.addrs[0])
	_, ok = filesByName3("legacy", unix.AF_UNSPEC)
	assert.False(t, ok, "glibc reads hosts addresses with inet_pton: 1.2.3 is no address")

	h, ok = filesByAddr([16]byte{198, 51, 100, 9}, unix.AF_INET)
	require.True(t, ok)
	assert.Equal(t, "", h.name, "an address alone has the name \"\"")

	useFile(t, &hostConfPath, "multi off\n")
	addrs, _ = filesByName4("multi")
	assert.Len(t, addrs, 1)
	t.Setenv("RESOLV_MULTI", "on")
	addrs, _ = filesByName4("multi")
	assert.Len(t, addrs, 3, "RESOLV_MULTI overrides host.conf")
}

// TestNSSwitchHosts: the sources and [STATUS=action] criteria of the
// "hosts:" line.
func TestNSSwitchHosts(t *testing.T) {
	useFile(t, &nsswitchPath, "passwd: files\nhosts:   files mdns4_minimal [NOTFOUND=return] resolve [!UNAVAIL=return] dns # x\n")
	src := hostSources()
	require.Len(t, src, 4)
	assert.Equal(t, []string{"files", "mdns4_minimal", "resolve", "dns"}, []string{src[0].name, src[1].name, src[2].name, src[3].name})
	assert.Equal(t, [4]bool{nssSuccess: true}, src[0].ret)
	assert.Equal(t, [4]bool{nssSuccess: true, nssNotFound: true}, src[1].ret)
	assert.Equal(t, [4]bool{nssSuccess: true, nssNotFound: true, nssTryAgain: true}, src[2].ret)

	useFile(t, &nsswitchPath, "passwd: files\n")
	src = hostSources()
	require.Len(t, src, 2, "glibc's default: dns [!UNAVAIL=return] files")
	assert.Equal(t, "dns", src[0].name)
	assert.False(t, src[0].ret[nssUnavail])
	assert.True(t, src[0].ret[nssNotFound])
}

// TestGaiConf: gai.conf lines replace whole tables, sorted by prefix
// length, with glibc's catch-all entries added; bad lines are ignored; no
// file means the defaults.
func TestGaiConf(t *testing.T) {
	useFile(t, &gaiConfPath, `label ::1/128 0
label fd00::/8 10
label bad 3
precedence ::ffff:0:0/96 100
precedence ::/0 40
scopev4 10.0.0.0/8 5
scopev4 ::ffff:127.0.0.0/104 2
reload yes
`)
	tab := loadGaiTables()
	require.Len(t, tab.labels, 3)
	assert.Equal(t, []int{128, 8, 0}, []int{tab.labels[0].bits, tab.labels[1].bits, tab.labels[2].bits})
	assert.Equal(t, 1, tab.labels[2].val)
	assert.Equal(t, 100, matchPrefix(mapV4([4]byte{192, 0, 2, 1}), tab.precedence, 0))
	assert.Equal(t, 40, matchPrefix([16]byte{0x20, 0x01}, tab.precedence, 0))
	require.Len(t, tab.scopes, 3)
	s := &addrSorter{t: &tab}
	assert.Equal(t, 5, s.scope(Host{Family: unix.AF_INET, IP: [16]byte{10, 1, 2, 3}}))
	assert.Equal(t, 2, s.scope(Host{Family: unix.AF_INET, IP: [16]byte{127, 0, 0, 1}}))
	assert.Equal(t, 14, s.scope(Host{Family: unix.AF_INET, IP: [16]byte{169, 254, 0, 1}}), "scopev4 lines replace the defaults")

	useFile(t, &gaiConfPath, "# nothing\n")
	assert.Equal(t, defaultGaiTables, loadGaiTables())
	gaiConfPath = filepath.Join(t.TempDir(), "missing")
	assert.Equal(t, defaultGaiTables, loadGaiTables())
}

// TestSortRules: glibc's comparator on made-up results, rule by rule.
func TestSortRules(t *testing.T) {
	tab := defaultGaiTables
	v4 := func(a, b, c, d byte) Host { return Host{Family: unix.AF_INET, IP: [16]byte{a, b, c, d}} }
	loop6 := Host{Family: unix.AF_INET6, IP: [16]byte{15: 1}}
	s := &addrSorter{t: &tab, infos: []sortInfo{
		{dst: v4(127, 0, 0, 1), src: v4(127, 0, 0, 1), gotSrc: true, local: localAddr{index: 1}},
		{dst: loop6, src: loop6, gotSrc: true, local: localAddr{index: 1}},
		{dst: v4(192, 0, 2, 9)}, // unreachable
		{dst: v4(127, 0, 0, 2), src: v4(127, 0, 0, 1), gotSrc: true, local: localAddr{index: 1, deprecated: true}},
	}, native: map[uint32]int{1: 1}}
	assert.Equal(t, 1, s.compare(0, 1), "rule 6: ::1 has precedence 50 over IPv4's 10")
	assert.Equal(t, -1, s.compare(0, 2), "rule 1: a destination without a source goes last")
	assert.Equal(t, -1, s.compare(0, 3), "rule 3: avoid a deprecated source")
	assert.Equal(t, 1, s.compare(3, 0))
	order := []int{3, 2, 1, 0}
	mergeSort(order, make([]int, 4), s.compare)
	assert.Equal(t, []int{1, 0, 3, 2}, order)
	// Rule 10: otherwise keep the given order.
	same := &addrSorter{t: &tab, infos: []sortInfo{{dst: v4(192, 0, 2, 1)}, {dst: v4(192, 0, 2, 1)}}}
	assert.Equal(t, -1, same.compare(0, 1))
	assert.Equal(t, 1, same.compare(1, 0))
}

// TestDatabaseEditsApply: a file edited in place is read again, as glibc
// reads /etc/hosts afresh on each lookup; an unchanged one is not parsed
// twice.
func TestDatabaseEditsApply(t *testing.T) {
	useFile(t, &hostsPath, "192.0.2.1 edited\n")
	addrs, _ := filesByName4("edited")
	require.Len(t, addrs, 1)
	assert.Equal(t, byte(1), addrs[0].IP[3])
	require.NoError(t, os.WriteFile(hostsPath, []byte("192.0.2.22 edited\n"), 0o644))
	addrs, _ = filesByName4("edited")
	require.Len(t, addrs, 1)
	assert.Equal(t, byte(22), addrs[0].IP[3])

	var c parsedFile[int]
	parses := 0
	parse := func(b []byte) int { parses++; return len(b) }
	assert.Equal(t, len("192.0.2.22 edited\n"), c.get(hostsPath, parse))
	assert.Equal(t, len("192.0.2.22 edited\n"), c.get(hostsPath, parse))
	assert.Equal(t, 1, parses)
	assert.Equal(t, 0, c.get(filepath.Join(t.TempDir(), "missing"), parse))
}
