package socket

// tosCmsgLen is the size of the IP_TOS control message's data Linux reads
// on send: it takes a byte or an int, and reports a byte on receipt.
const tosCmsgLen = 1
