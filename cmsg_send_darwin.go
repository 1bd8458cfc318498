package socket

// tosCmsgLen is the size of the IP_TOS control message's data macOS reads
// on send: an int, though it reports a byte on receipt
// (bsd/netinet/in_tclass.c).
const tosCmsgLen = 4
