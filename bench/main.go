// Command bench runs the socket package's benchmarks (docs/design.md,
// "Benchmarks") at GOMAXPROCS 1 and 2, takes the median of each over
// -count runs, and writes a Markdown table of time per op with the ratios
// socket/net, socket/syscall and socket/xnet, and a PNG of time per op.
//
//	cd bench && go run . -count 10
//
// It is a module of its own so that gonum/plot stays out of the socket
// module's dependencies.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	var (
		dir       = flag.String("dir", "..", "the socket module's directory")
		benchRe   = flag.String("bench", "PingPong|UDPSendRecv|BulkTCP|AcceptConnect|UDPBatch|UDPGSO", "benchmarks to run (go test -bench)")
		count     = flag.Int("count", 5, "runs of each benchmark; the median is reported")
		cpus      = flag.String("cpu", "1,2", "GOMAXPROCS values (go test -cpu)")
		benchtime = flag.String("benchtime", "1s", "go test -benchtime")
		out       = flag.String("out", ".", "directory for results.md, results.png and raw.txt")
		input     = flag.String("in", "", "read go test output from this file instead of running the benchmarks")
	)
	flag.Parse()
	log.SetFlags(0)

	raw, err := benchOutput(*input, *dir, *benchRe, *count, *cpus, *benchtime)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	if *input == "" {
		if err := os.WriteFile(filepath.Join(*out, "raw.txt"), raw, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	runs := parse(bytes.NewReader(raw))
	if len(runs) == 0 {
		log.Fatal("no benchmark results in the output")
	}
	res := summarize(runs)

	var md bytes.Buffer
	if *input != "" {
		*benchtime = "the saved run's benchtime"
	}
	when := time.Now()
	if fi, err := os.Stat(*input); *input != "" && err == nil {
		when = fi.ModTime()
	}
	writeTable(&md, res, header(when, res.count(), *benchtime))
	if err := os.WriteFile(filepath.Join(*out, "results.md"), md.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	if err := drawPNG(filepath.Join(*out, "results.png"), res); err != nil {
		log.Fatal(err)
	}
	os.Stdout.Write(md.Bytes())
}

// benchOutput runs go test in dir, echoing its output, or reads a saved
// output.
func benchOutput(input, dir, re string, count int, cpus, benchtime string) ([]byte, error) {
	if input != "" {
		return os.ReadFile(input)
	}
	cmd := exec.Command("go", "test", "-run", "XXX", "-bench", re, "-benchmem",
		"-count", strconv.Itoa(count), "-cpu", cpus, "-benchtime", benchtime, ".")
	cmd.Dir = dir
	var buf bytes.Buffer
	cmd.Stdout = io.MultiWriter(&buf, os.Stderr)
	cmd.Stderr = os.Stderr
	log.Printf("%s: %s", dir, strings.Join(cmd.Args, " "))
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go test: %w", err)
	}
	return buf.Bytes(), nil
}

// run is one line of go test -bench output.
type run struct {
	group, variant string // PingPong/tcp, socket
	procs          int
	nsPerOp        float64
	bytesPerOp     float64
	allocsPerOp    float64
}

// parse reads the benchmark lines of go test output:
//
//	BenchmarkUDPBatch/socket-2   1575   240617 ns/op   7 B/op   0 allocs/op
//
// GOMAXPROCS 1 has no -N suffix.
func parse(r io.Reader) []run {
	var runs []run
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name, procs := strings.TrimPrefix(f[0], "Benchmark"), 1
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if p, err := strconv.Atoi(name[i+1:]); err == nil {
				name, procs = name[:i], p
			}
		}
		group, variant := name, ""
		if i := strings.LastIndexByte(name, '/'); i > 0 {
			group, variant = name[:i], name[i+1:]
		}
		rn := run{group: group, variant: variant, procs: procs}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			switch f[i+1] {
			case "ns/op":
				rn.nsPerOp = v
			case "B/op":
				rn.bytesPerOp = v
			case "allocs/op":
				rn.allocsPerOp = v
			}
		}
		if rn.nsPerOp > 0 {
			runs = append(runs, rn)
		}
	}
	return runs
}

// key names one benchmark variant at one GOMAXPROCS.
type key struct {
	group, variant string
	procs          int
}

// stat is the medians of a key's runs.
type stat struct {
	ns, bytes, allocs float64
	n                 int
}

// results are the medians, and the order the benchmarks first ran in.
type results struct {
	stats  map[key]stat
	groups []string
	procs  []int
	vars   map[string][]string // variants of each group, in order
}

func summarize(runs []run) results {
	res := results{stats: map[key]stat{}, vars: map[string][]string{}}
	samples := map[key][]run{}
	for _, r := range runs {
		k := key{r.group, r.variant, r.procs}
		samples[k] = append(samples[k], r)
		if !slices.Contains(res.groups, r.group) {
			res.groups = append(res.groups, r.group)
		}
		if !slices.Contains(res.vars[r.group], r.variant) {
			res.vars[r.group] = append(res.vars[r.group], r.variant)
		}
		if !slices.Contains(res.procs, r.procs) {
			res.procs = append(res.procs, r.procs)
		}
	}
	slices.Sort(res.procs)
	slices.SortStableFunc(res.groups, func(a, b string) int { return rank(a) - rank(b) })
	for k, rs := range samples {
		res.stats[k] = stat{
			ns:     median(rs, func(r run) float64 { return r.nsPerOp }),
			bytes:  median(rs, func(r run) float64 { return r.bytesPerOp }),
			allocs: median(rs, func(r run) float64 { return r.allocsPerOp }),
			n:      len(rs),
		}
	}
	return res
}

// rank orders the benchmarks as docs/design.md ("Benchmarks") lists them;
// others go last.
func rank(group string) int {
	for i, name := range []string{"PingPong", "UDPSendRecv", "BulkTCP", "UDPBatch", "UDPGSO", "AcceptConnect"} {
		if strings.HasPrefix(group, name) {
			return i
		}
	}
	return 100
}

// count is how many runs each benchmark had (the most, if they differ).
func (res results) count() int {
	n := 0
	for _, s := range res.stats {
		n = max(n, s.n)
	}
	return n
}

func median(rs []run, f func(run) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// header says where and when the figures were measured.
func header(when time.Time, count int, benchtime string) string {
	host, _ := os.Hostname()
	kernel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	return fmt.Sprintf("Measured %s on %s: %s, %d CPUs, Linux %s, %s. Medians of %d runs of %s each (`go test -bench -count -cpu -benchmem`), every variant in the same runs.\n",
		when.UTC().Format("2006-01-02 15:04 UTC"), host, cpuModel(), runtime.NumCPU(),
		strings.TrimSpace(string(kernel)), runtime.Version(), count, benchtime)
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// baselines are the variants the socket rows are compared with.
var baselines = []string{"net", "syscall", "xnet"}

// writeTable writes a row per socket variant (socket, socket-timeout,
// socket-spin, ...) and GOMAXPROCS: its time and allocations, the
// baselines' times, and the ratios to them (below 1: socket is faster).
func writeTable(w io.Writer, res results, head string) {
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, "| benchmark | variant | GOMAXPROCS | time/op | allocs/op | net | syscall | xnet | socket/net | socket/syscall | socket/xnet |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, g := range res.groups {
		for _, v := range res.vars[g] {
			if !strings.HasPrefix(v, "socket") {
				continue
			}
			for _, p := range res.procs {
				s, ok := res.stats[key{g, v, p}]
				if !ok {
					continue
				}
				cells := []string{g, v, strconv.Itoa(p), duration(s.ns), strconv.FormatFloat(s.allocs, 'f', -1, 64)}
				var ratios []string
				for _, b := range baselines {
					bs, ok := res.stats[key{g, b, p}]
					if !ok {
						cells = append(cells, "")
						ratios = append(ratios, "")
						continue
					}
					cells = append(cells, fmt.Sprintf("%s (%g allocs)", duration(bs.ns), bs.allocs))
					ratios = append(ratios, fmt.Sprintf("%.3gx", s.ns/bs.ns))
				}
				fmt.Fprintf(w, "| %s |\n", strings.Join(append(cells, ratios...), " | "))
			}
		}
	}
	fmt.Fprintln(w, "\nRatios are of time per op: below 1 the socket package is faster (for BulkTCP, throughput is the inverse).")
}

// duration formats nanoseconds as Go does, to three significant digits.
func duration(ns float64) string {
	switch {
	case ns >= 1e6:
		return strconv.FormatFloat(ns/1e6, 'g', 3, 64) + " ms"
	case ns >= 1e3:
		return strconv.FormatFloat(ns/1e3, 'g', 3, 64) + " µs"
	}
	return strconv.FormatFloat(ns, 'g', 3, 64) + " ns"
}
