//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package socket

import "golang.org/x/sys/unix"

// AF_ROUTE is the BSD routing socket family (route(4)), as in Python on
// these systems.
const AF_ROUTE Family = unix.AF_ROUTE

// The names of the constants only these systems have, for String.
var (
	osFamilyNames   = map[Family]string{AF_ROUTE: "AF_ROUTE"}
	osProtocolNames = map[Protocol]string{}
	osMsgFlags      []msgFlagName
)

// acceptHasPeer reports whether accept(2) on a socket of family can name
// a peer: every family here can.
func acceptHasPeer(Family) bool { return true }

// connectOutcomeInSOError reports whether a connect(2) of family that had
// to wait learns how it ended from SO_ERROR: no family here needs it.
func connectOutcomeInSOError(Family) bool { return false }
