// Package unixonly stops the build of this module, with one message, on a
// system without BSD sockets (Windows, js/wasm, wasip1, plan9). The packages
// that everything else builds on (internal/sockaddr, internal/sockfd)
// import it, so the go command compiles it first and, where it fails,
// compiles nothing that would print a page of undefined names after it.
package unixonly
