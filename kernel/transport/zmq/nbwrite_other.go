//go:build !unix

package zmq

import "net"

// tryWrite writes nothing where non-blocking writes are not available:
// every message goes through the subscriber's writer goroutine.
func tryWrite(net.Conn, []byte) (int, error) { return 0, nil }
