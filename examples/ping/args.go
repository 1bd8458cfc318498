package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// options are the command line's settings.
type options struct {
	count    int           // stop after this many requests; 0: until interrupted
	interval time.Duration // between requests (-i, seconds)
	wait     time.Duration // for the last request's reply (-W, seconds)
	family   int           // 4, 6, or 0 for the resolver's first address
	host     string
}

// usageError is a command line ping refuses, with the exit status
// iputils gives it: 1 for a bad value or a missing host, 2 for an
// unknown option.
type usageError struct {
	msg   string
	code  int
	usage bool // print the usage after msg
}

func (e *usageError) Error() string { return e.msg }

// valued are the options that take a value, getopt's "c:i:W:".
const valued = "ciW"

// parseArgs reads args as getopt(3) does, the way iputils reads them:
// options may come after the host, a value may be glued to its option
// (-c1) or be the next argument (-c 1), and single-letter flags may be
// grouped (-4q). Go's flag package stops at the first non-flag and
// takes -c1 for an option named "c1", so ping parses by hand.
func parseArgs(args []string) (options, error) {
	o := options{interval: time.Second, wait: 10 * time.Second}
	var hosts []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			hosts = append(hosts, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			hosts = append(hosts, a)
			continue
		}
		for j := 1; j < len(a); j++ {
			opt := a[j]
			if !strings.ContainsRune(valued, rune(opt)) {
				switch opt {
				case '4', '6':
					o.family = int(opt - '0')
					continue
				case 'n': // replies are always printed numerically
					continue
				}
				return o, &usageError{msg: fmt.Sprintf("ping: invalid option -- '%c'", opt), code: 2, usage: true}
			}
			val := a[j+1:]
			if val == "" {
				if i+1 == len(args) {
					return o, &usageError{msg: fmt.Sprintf("ping: option requires an argument -- '%c'", opt), code: 2, usage: true}
				}
				i++
				val = args[i]
			}
			if err := o.set(opt, val); err != nil {
				return o, err
			}
			break
		}
	}
	if len(hosts) == 0 {
		return o, &usageError{msg: "ping: usage error: Destination address required", code: 1}
	}
	o.host = hosts[len(hosts)-1] // as iputils: the last operand is the destination
	return o, nil
}

// set gives option opt its value, refusing one iputils refuses.
func (o *options) set(opt byte, val string) error {
	switch opt {
	case 'c':
		n, err := strconv.ParseInt(val, 10, 64)
		if err != nil {
			return &usageError{msg: fmt.Sprintf("ping: invalid argument: '%s'", val), code: 1}
		}
		if n < 1 {
			return &usageError{msg: fmt.Sprintf("ping: invalid argument: '%s': out of range: 1 <= value <= 9223372036854775807", val), code: 1}
		}
		o.count = int(min(n, int64(^uint(0)>>1)))
		return nil
	}
	d, err := seconds(val)
	if err != nil {
		if opt == 'i' {
			return &usageError{msg: fmt.Sprintf("ping: bad timing interval: %s", val), code: 1}
		}
		return &usageError{msg: fmt.Sprintf("ping: bad linger time: %s", val), code: 1}
	}
	if opt == 'i' {
		o.interval = d
	} else {
		o.wait = d
	}
	return nil
}

// seconds parses a count of seconds with an optional fraction ("0.2"),
// as iputils' -i and -W take it; negative, infinite and NaN values are
// refused.
func seconds(val string) (time.Duration, error) {
	f, err := strconv.ParseFloat(val, 64)
	if err != nil || f < 0 || f > 1e6 || f != f {
		return 0, fmt.Errorf("bad seconds %q", val)
	}
	return time.Duration(f * float64(time.Second)), nil
}

// usage is what ping prints after an unknown option.
const usage = `
Usage
  ping [options] <destination>

Options:
  <destination>      dns name or ip address
  -c <count>         stop after <count> replies
  -i <interval>      seconds between sending each packet
  -n                 no dns name resolution (always the case here)
  -W <timeout>       time to wait for response
  -4                 use IPv4
  -6                 use IPv6
`
