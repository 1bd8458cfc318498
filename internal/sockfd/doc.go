// Package sockfd owns a socket's file descriptor: its lifetime, its
// registration with the Go runtime network poller, the turn the calls of
// each direction take, and the state of the calls that wait. Every system
// call on the descriptor goes through one of its entry points: recv.go and
// send.go for the calls that may wait, control.go for the ones that never
// do. docs/design.md ("The engine") describes the whole with its
// diagrams; the comments here cite it.
//
// Four rules hold everywhere:
//
//   - No call blocks in the kernel. The descriptor is non-blocking, but any
//     holder of a duplicate may clear O_NONBLOCK on the shared open file
//     description; so every data call passes MSG_DONTWAIT (call.go), and
//     the calls that take no flags make the description non-blocking again
//     first (EnsureNonblock).
//   - Every time is an instant on the monotonic clock (clock.go).
//   - A direction's turn is one state word, idle, running or parked with a
//     count of queued calls (state.go); a release wakes one queued call,
//     Close and a moved deadline wake them all (turn.go).
//   - A call first tries its system call directly on the descriptor and
//     joins the poller only when it has to wait (poller.go): a socket whose
//     calls never wait costs the poller nothing.
//
// The blocking, timeout and non-blocking modes the user sees are kept
// here, by parking in the poller or not (op.go), with the user's deadlines
// and the call's composed into the one deadline the poller holds
// (deadline.go).
package sockfd
