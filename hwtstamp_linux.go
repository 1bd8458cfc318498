package socket

import (
	"strconv"

	"golang.org/x/sys/unix"
)

// DeviceTimestamping is a network device's hardware timestamping setup,
// struct hwtstamp_config (<linux/net_tstamp.h>): which sends it stamps
// (TxType: HWTSTAMP_TX_OFF or HWTSTAMP_TX_ON) and which received packets
// (RxFilter: HWTSTAMP_FILTER_NONE, HWTSTAMP_FILTER_ALL, or a PTP filter;
// the device may widen the filter asked for, and says so on return).
type DeviceTimestamping struct {
	TxType   int
	RxFilter int
}

// The values of DeviceTimestamping, with the kernel's names.
const (
	HWTSTAMP_TX_OFF      = unix.HWTSTAMP_TX_OFF
	HWTSTAMP_TX_ON       = unix.HWTSTAMP_TX_ON
	HWTSTAMP_FILTER_NONE = unix.HWTSTAMP_FILTER_NONE
	HWTSTAMP_FILTER_ALL  = unix.HWTSTAMP_FILTER_ALL
)

// SetDeviceTimestamping turns the hardware timestamping of the network
// device ifname on or off with the SIOCSHWTSTAMP ioctl(2), made through
// this socket, and returns the setup the device took. SetTimestamping's
// SOF_TIMESTAMPING_TX_HARDWARE, _RX_HARDWARE and _RAW_HARDWARE then get
// the device's times (Timestamps.Hardware). It changes the device for
// every socket on the machine, needs CAP_NET_ADMIN (EPERM otherwise), and
// a device without a hardware clock (loopback, veth, most virtual NICs)
// refuses it with EOPNOTSUPP; `ethtool -T DEV` shows what a device can do.
// This is what hwstamp_ctl(8) does.
//
// Python has no equivalent. Linux only.
func (s *Socket) SetDeviceTimestamping(ifname string, cfg DeviceTimestamping) (DeviceTimestamping, error) {
	const op = "ioctl"
	if err := s.checkIfname(op, ifname); err != nil {
		return DeviceTimestamping{}, err
	}
	c := unix.HwTstampConfig{Tx_type: int32(cfg.TxType), Rx_filter: int32(cfg.RxFilter)}
	err := s.fd.Control(func(fd int) error { return unix.IoctlSetHwTstamp(fd, ifname, &c) })
	if err != nil {
		return DeviceTimestamping{}, s.opError(op, nil, wrapSyscall("ioctl SIOCSHWTSTAMP", err))
	}
	return DeviceTimestamping{TxType: int(c.Tx_type), RxFilter: int(c.Rx_filter)}, nil
}

// DeviceTimestamping reports the hardware timestamping setup of the
// network device ifname with the SIOCGHWTSTAMP ioctl(2); EOPNOTSUPP for a
// device without a hardware clock.
//
// Linux only.
func (s *Socket) DeviceTimestamping(ifname string) (DeviceTimestamping, error) {
	const op = "ioctl"
	if err := s.checkIfname(op, ifname); err != nil {
		return DeviceTimestamping{}, err
	}
	var c *unix.HwTstampConfig
	err := s.fd.Control(func(fd int) (err error) {
		c, err = unix.IoctlGetHwTstamp(fd, ifname)
		return err
	})
	if err != nil {
		return DeviceTimestamping{}, s.opError(op, nil, wrapSyscall("ioctl SIOCGHWTSTAMP", err))
	}
	return DeviceTimestamping{TxType: int(c.Tx_type), RxFilter: int(c.Rx_filter)}, nil
}

// checkIfname refuses a closed socket, and an interface name the kernel
// would cut (IFNAMSIZ) or that is empty.
func (s *Socket) checkIfname(op, ifname string) error {
	if err := s.checkOpen(op); err != nil {
		return err
	}
	if ifname == "" || len(ifname) >= unix.IFNAMSIZ {
		return s.opError(op, nil, argError("ifname", strconv.Quote(ifname)+" is not an interface name", unix.EINVAL))
	}
	return nil
}
