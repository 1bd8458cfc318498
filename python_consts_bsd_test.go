//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package socket

// pythonConstants is empty here: the table of Python's constants is made
// for Linux, whose Python has the most of them (python_consts_linux_test.go).
var pythonConstants = map[string]int64{}
