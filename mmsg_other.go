//go:build darwin || dragonfly

package socket

// batch is the state of Sendmmsg and Recvmmsg (mmsgcall.go), which this
// system lacks: macOS has neither call, and DragonFly, which Go still
// builds for, is not one this package tests. A Socket keeps the empty
// field so that its layout reads the same everywhere.
type batch struct{}
