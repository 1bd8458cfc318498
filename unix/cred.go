package unix

// Cred is a process's credentials as the kernel reports them for an AF_UNIX
// peer: struct ucred, of SO_PEERCRED and SCM_CREDENTIALS on Linux, or the
// BSD structure PeerCred reads (cred_bsd.go).
type Cred struct {
	PID int    // process ID
	UID uint32 // user ID
	GID uint32 // group ID
}
