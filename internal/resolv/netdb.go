package resolv

// This file answers Python's getservbyname, getservbyport and
// getprotobyname from the databases hostdb.go reads.

// Getservbyname is getservbyname(3) from the files module: the port of the
// first /etc/services line whose name or an alias is name for proto (""
// for any). The error is ErrServiceNotFound.
func Getservbyname(name, proto string) (int, error) {
	s, ok := servByName(name, proto)
	if !ok {
		return 0, ErrServiceNotFound
	}
	return s.port, nil
}

// Getservbyport is getservbyport(3) from the files module: the name of the
// service on port for proto ("" for any). The error is ErrPortNotFound.
func Getservbyport(port int, proto string) (string, error) {
	s, ok := servByPort(port, proto)
	if !ok {
		return "", ErrPortNotFound
	}
	return s.name, nil
}

// Getprotobyname is getprotobyname(3) from the files module. The error is
// ErrProtocolNotFound.
func Getprotobyname(name string) (int, error) {
	n, ok := protoByName(name)
	if !ok {
		return 0, ErrProtocolNotFound
	}
	return n, nil
}
