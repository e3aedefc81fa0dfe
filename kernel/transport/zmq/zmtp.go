package zmq

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
)

// ZMTP 3 frame flags.
const (
	flagMore    = 0x1
	flagLong    = 0x2
	flagCommand = 0x4
)

// maxFrame bounds one received frame; a peer announcing more is cut off.
const maxFrame = 1 << 30

// readBufSize is the read buffer of a connection: a whole Jupyter request
// usually arrives with one system call.
const readBufSize = 64 << 10

var errFrameTooLong = errors.New("zmq: frame longer than 1 GiB")

// zconn is one ZMTP 3.0 connection after its handshake (which zmq4 does).
// zmq4's own sockets read every frame header and body with separate
// system calls, write every frame with two, and start a goroutine per
// ROUTER send; a Jupyter message has seven or more frames, so a trivial
// cell cost about a hundred system calls and as many TCP segments. A zconn
// reads through a buffer and writes each batch of messages with one
// vectored write.
type zconn struct {
	raw  net.Conn
	r    *bufio.Reader
	peer zmq4.Metadata // the peer's READY properties (Identity, Socket-Type)

	wmu  sync.Mutex // serializes writes; guards hdrs
	hdrs []byte     // frame headers of the batch being written
}

// handshake runs the ZMTP greeting and NULL handshake as a socket of type
// typ over raw, within timeout.
func handshake(raw net.Conn, typ zmq4.SocketType, timeout time.Duration) (*zconn, error) {
	raw.SetDeadline(time.Now().Add(timeout))
	// zmq4 reads exactly the greeting and the READY command, unbuffered,
	// so nothing the peer sends after them is lost when the buffered
	// reader takes over.
	c, err := zmq4.Open(raw, nullSecurity{}, typ, zmq4.SocketIdentity(""), true, nil)
	if err != nil {
		return nil, err
	}
	raw.SetDeadline(time.Time{})
	return &zconn{raw: raw, r: bufio.NewReaderSize(raw, readBufSize), peer: c.Peer.Meta}, nil
}

// readMsg reads one message: its frames and whether it is a command (a
// single frame holding the command name and data).
func (c *zconn) readMsg() (frames [][]byte, command bool, err error) {
	for {
		flags, err := c.r.ReadByte()
		if err != nil {
			return nil, false, err
		}
		var size uint64
		if flags&flagLong != 0 {
			var b [8]byte
			if _, err := io.ReadFull(c.r, b[:]); err != nil {
				return nil, false, err
			}
			size = binary.BigEndian.Uint64(b[:])
		} else {
			b, err := c.r.ReadByte()
			if err != nil {
				return nil, false, err
			}
			size = uint64(b)
		}
		if size > maxFrame {
			return nil, false, errFrameTooLong
		}
		body, err := readN(c.r, int(size))
		if err != nil {
			return nil, false, err
		}
		frames = append(frames, body)
		if flags&flagCommand != 0 {
			return frames, true, nil
		}
		if flags&flagMore == 0 {
			return frames, false, nil
		}
	}
}

// readN reads n bytes, growing the buffer as they arrive so that a bogus
// length does not allocate up front.
func readN(r io.Reader, n int) ([]byte, error) {
	const chunk = 1 << 20
	if n <= chunk {
		b := make([]byte, n)
		_, err := io.ReadFull(r, b)
		return b, err
	}
	var buf bytes.Buffer
	if _, err := io.CopyN(&buf, r, int64(n)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// command splits a command frame into its name and data.
func command(frame []byte) (name string, data []byte, ok bool) {
	if len(frame) == 0 || len(frame) < 1+int(frame[0]) {
		return "", nil, false
	}
	n := int(frame[0])
	return string(frame[1 : 1+n]), frame[1+n:], true
}

// pongMsg is the wire form of the PONG answering a ZMTP 3.1 PING command
// with data (a 2-byte TTL, then the context the PONG must echo); nil for a
// malformed PING.
func pongMsg(data []byte) []byte {
	if len(data) < 2 {
		return nil
	}
	body := append([]byte{byte(len(zmq4.CmdPong))}, zmq4.CmdPong...)
	body = append(body, data[2:]...)
	if len(body) > 255 {
		return nil
	}
	return append([]byte{flagCommand, byte(len(body))}, body...)
}

// writeMsgs writes messages (each a list of frames) with one vectored
// write, failing if the peer accepts nothing for timeout.
func (c *zconn) writeMsgs(timeout time.Duration, msgs ...[][]byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	n := 0
	for _, m := range msgs {
		n += len(m)
	}
	c.hdrs = c.hdrs[:0]
	if cap(c.hdrs) < 9*n {
		c.hdrs = make([]byte, 0, 9*n)
	}
	bufs := make(net.Buffers, 0, 2*n)
	for _, m := range msgs {
		for i, f := range m {
			var flags byte
			if i < len(m)-1 {
				flags = flagMore
			}
			start := len(c.hdrs)
			c.hdrs = appendFrameHeader(c.hdrs, flags, len(f))
			bufs = append(bufs, c.hdrs[start:len(c.hdrs):len(c.hdrs)])
			if len(f) > 0 {
				bufs = append(bufs, f)
			}
		}
	}
	c.raw.SetWriteDeadline(time.Now().Add(timeout))
	if _, err := bufs.WriteTo(c.raw); err != nil {
		return fmt.Errorf("zmq: write to %s: %w", c.raw.RemoteAddr(), err)
	}
	return nil
}

// maxDirect bounds the messages a publisher copies into one buffer and
// writes from the caller's goroutine; larger ones go through the
// subscriber's writer goroutine, with no copy.
const maxDirect = 64 << 10

// appendMsg appends the wire form of one message to dst.
func appendMsg(dst []byte, frames [][]byte) []byte {
	for i, f := range frames {
		var flags byte
		if i < len(frames)-1 {
			flags = flagMore
		}
		dst = appendFrameHeader(dst, flags, len(f))
		dst = append(dst, f...)
	}
	return dst
}

// appendFrameHeader appends the header of a frame of size bytes: its flags
// and a one-byte or (flagLong) eight-byte length.
func appendFrameHeader(dst []byte, flags byte, size int) []byte {
	if size > 255 {
		dst = append(dst, flags|flagLong)
		return binary.BigEndian.AppendUint64(dst, uint64(size))
	}
	return append(dst, flags, byte(size))
}

// wireSize bounds the wire form of a message.
func wireSize(frames [][]byte) int {
	size := 0
	for _, f := range frames {
		size += 9 + len(f)
	}
	return size
}

// writeNow writes bytes in wire form without blocking and returns the part
// that the socket did not take (to be written, in order, before anything
// else).
func (c *zconn) writeNow(b []byte) (rest []byte, err error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	n, err := tryWrite(c.raw, b)
	if err != nil {
		return nil, fmt.Errorf("zmq: write to %s: %w", c.raw.RemoteAddr(), err)
	}
	return b[n:], nil
}

// writeRaw writes bytes already in wire form, failing if the peer accepts
// nothing for timeout.
func (c *zconn) writeRaw(timeout time.Duration, b []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.raw.SetWriteDeadline(time.Now().Add(timeout))
	if _, err := c.raw.Write(b); err != nil {
		return fmt.Errorf("zmq: write to %s: %w", c.raw.RemoteAddr(), err)
	}
	return nil
}

// nullSecurity is ZMTP's NULL mechanism (zmq4 does not export its own).
type nullSecurity struct{}

func (nullSecurity) Type() zmq4.SecurityType { return zmq4.NullSecurity }

func (nullSecurity) Handshake(conn *zmq4.Conn, server bool) error {
	raw, err := conn.Meta.MarshalZMTP()
	if err != nil {
		return err
	}
	if err := conn.SendCmd(zmq4.CmdReady, raw); err != nil {
		return err
	}
	cmd, err := conn.RecvCmd()
	if err != nil {
		return err
	}
	if cmd.Name != zmq4.CmdReady {
		return zmq4.ErrBadCmd
	}
	return conn.Peer.Meta.UnmarshalZMTP(cmd.Body)
}

func (nullSecurity) Encrypt(w io.Writer, data []byte) (int, error) { return w.Write(data) }

func (nullSecurity) Decrypt(w io.Writer, data []byte) (int, error) { return w.Write(data) }
