package socket

import (
	"context"

	"golang.org/x/sys/unix"
)

// Msg is what Recvmsg received besides the data: Python's (ancdata,
// msg_flags, address) in a form that allocates nothing.
type Msg struct {
	N     int     // data bytes received
	OOBN  int     // control bytes received into the caller's oob buffer
	Flags MsgFlag // msg_flags: MSG_TRUNC, MSG_CTRUNC, MSG_EOR, ...
	From  Addr    // the sender, or the zero Addr
}

// Recvmsg receives data into p and control messages (ancillary data) into
// oob with recvmsg(2). It is Python's socket.recvmsg_into with one buffer:
// the caller owns both buffers, so nothing is allocated. Decode
// oob[:m.OOBN] with ParseControl (TTL, packet info, timestamps) or walk it
// with NextCmsg; unix.ParseUnixRights reads SCM_RIGHTS. m.Flags has
// MSG_CTRUNC when oob was too small (size it with CmsgSpace). Modes and errors are Recv's, except that an empty p is allowed
// on a stream socket (control data can come alone).
func (s *Socket) Recvmsg(p, oob []byte, flags MsgFlag) (Msg, error) {
	return s.recvmsg(context.Background(), nil, p, oob, flags)
}

// RecvmsgInto is Recvmsg (recvmsg(2)) scattering the data over bufs in
// order, as Python's socket.recvmsg_into does. It allocates only when a call
// has more buffers than any before it on this socket.
func (s *Socket) RecvmsgInto(bufs [][]byte, oob []byte, flags MsgFlag) (Msg, error) {
	return s.recvmsg(context.Background(), bufs, nil, oob, flags)
}

// Sendmsg sends p and the control messages in oob (build them with
// unix.UnixRights and the like) with sendmsg(2), to the address to, or with
// no address when to is the zero Addr. It is Python's socket.sendmsg with one
// buffer; it returns the number of data bytes sent. Modes and errors are
// Send's. Python's socket.sendmsg_afalg(msg, op=, iv=, assoclen=) is
// Sendmsg with the control messages of AppendALGOp, AppendALGIV and
// AppendALGAEADAssoclen (Linux).
func (s *Socket) Sendmsg(p, oob []byte, flags MsgFlag, to Addr) (int, error) {
	return s.sendmsg(context.Background(), nil, p, oob, flags, &to)
}

// SendmsgBuffers is Sendmsg (sendmsg(2)) gathering the data from bufs in
// order, Python's socket.sendmsg with several buffers.
func (s *Socket) SendmsgBuffers(bufs [][]byte, oob []byte, flags MsgFlag, to Addr) (int, error) {
	return s.sendmsg(context.Background(), bufs, nil, oob, flags, &to)
}

func (s *Socket) recvmsg(ctx context.Context, bufs [][]byte, p, oob []byte, flags MsgFlag) (Msg, error) {
	const op = "recvmsg"
	if err := s.checkOpen(op); err != nil {
		return Msg{}, err
	}
	if err := s.checkFlags(op, flags); err != nil {
		return Msg{}, err
	}
	var m Msg
	r, err := s.fd.Recvmsg(ctx, s.recvMode(flags), bufs, p, oob, int(flags), &m.From.raw)
	m.N, m.OOBN, m.Flags = r.N, r.OOBN, MsgFlag(r.Flags)
	m.From.setLen(r.FromLen)
	return m, s.callError(op, "recvmsg", nil, err)
}

func (s *Socket) sendmsg(ctx context.Context, bufs [][]byte, p, oob []byte, flags MsgFlag, to *Addr) (int, error) {
	const op = "sendmsg"
	if err := s.checkOpen(op); err != nil {
		return 0, err
	}
	if err := s.checkFlags(op, flags); err != nil {
		return 0, err
	}
	if !to.IsZero() {
		if err := s.checkFamily(op, to); err != nil {
			return 0, err
		}
	}
	raw, rawLen := to.sockaddr()
	n, err := s.fd.Sendmsg(ctx, s.sendMode(flags), bufs, p, oob, int(flags), raw, rawLen)
	return n, s.hinted(op, "sendmsg", to, err, (*Socket).sendHint)
}

// CmsgLen returns the cmsg_len of a control message carrying n bytes of
// data, CMSG_LEN(3), as Python's socket.CMSG_LEN does.
func CmsgLen(n int) int { return unix.CmsgLen(n) }

// CmsgSpace returns the room a control message carrying n bytes of data
// takes in a control buffer, padding included, CMSG_SPACE(3), as Python's
// socket.CMSG_SPACE does: size Recvmsg's oob buffer with it.
func CmsgSpace(n int) int { return unix.CmsgSpace(n) }
