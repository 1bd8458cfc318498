//go:build !unix

package unixonly

// The identifier is the message: the module needs Linux, macOS or a BSD.
var _ = socket_requires_a_unix_system_linux_macos_or_bsd
