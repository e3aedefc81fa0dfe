//go:build unix

package zmq

import (
	"errors"
	"net"
	"syscall"
)

// tryWrite writes as much of b to conn as the socket takes without
// blocking, and returns how much that was. It never waits: a full socket
// buffer writes 0 bytes and no error.
func tryWrite(conn net.Conn, b []byte) (int, error) {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return 0, nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return 0, err
	}
	var n int
	var werr error
	err = rc.Write(func(fd uintptr) bool {
		n, werr = syscall.Write(int(fd), b)
		return true // one attempt only: never wait for the socket
	})
	if err != nil {
		return 0, err
	}
	if n < 0 {
		n = 0
	}
	if werr != nil && !errors.Is(werr, syscall.EAGAIN) && !errors.Is(werr, syscall.EINTR) {
		return n, werr
	}
	return n, nil
}
