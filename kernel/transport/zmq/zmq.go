// Package zmq is the kernel's ZeroMQ transport: the shell, control and
// stdin ROUTER sockets, the heartbeat and an iopub publisher, bound as a
// Jupyter connection file says. It is the only package of descent that
// imports github.com/go-zeromq/zmq4; it moves frames and knows nothing of
// message contents or signatures (package kernel/protocol does).
package zmq

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/descentml/descent/kernel/protocol"
)

// ConnectionInfo is the content of a Jupyter connection file.
type ConnectionInfo struct {
	Transport       string `json:"transport"`
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	ControlPort     int    `json:"control_port"`
	StdinPort       int    `json:"stdin_port"`
	IOPubPort       int    `json:"iopub_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"`
	KernelName      string `json:"kernel_name"`
}

// ReadConnectionFile parses a connection file.
func ReadConnectionFile(path string) (ConnectionInfo, error) {
	var ci ConnectionInfo
	b, err := os.ReadFile(path)
	if err != nil {
		return ci, fmt.Errorf("zmq: connection file: %w", err)
	}
	if err := json.Unmarshal(b, &ci); err != nil {
		return ci, fmt.Errorf("zmq: connection file %s: %w", path, err)
	}
	if ci.Transport == "" {
		ci.Transport = "tcp"
	}
	if ci.IP == "" {
		ci.IP = "127.0.0.1"
	}
	if ci.IP == "*" && ci.Transport == "tcp" {
		ci.IP = "0.0.0.0"
	}
	return ci, nil
}

func (ci ConnectionInfo) endpoint(port int) string {
	if ci.Transport == "ipc" {
		return fmt.Sprintf("ipc://%s-%d", ci.IP, port)
	}
	return fmt.Sprintf("%s://%s:%d", ci.Transport, ci.IP, port)
}

// listenAddr is the net.Listen network and address of a port.
func (ci ConnectionInfo) listenAddr(port int) (network, addr string) {
	if ci.Transport == "ipc" {
		return "unix", fmt.Sprintf("%s-%d", ci.IP, port)
	}
	return "tcp", net.JoinHostPort(ci.IP, strconv.Itoa(port))
}

type incoming struct {
	ch     protocol.Channel
	frames [][]byte
}

// writeTimeout cuts off a shell, control or stdin peer that accepts
// nothing for this long, so a client that stopped reading cannot hold the
// kernel forever.
const writeTimeout = 10 * time.Second

// Transport implements protocol.Transport and protocol.PushTransport over
// ZeroMQ.
type Transport struct {
	ctx     context.Context
	cancel  context.CancelFunc
	routers map[protocol.Channel]*router
	hb      zmq4.Socket
	iopub   *Publisher
	in      chan incoming
	logger  *log.Logger
	once    sync.Once

	// Received messages wait until the first Recv or Serve call chooses
	// how they are handed over: through in (Recv) or to push (Serve).
	mode  atomic.Int32 // modeUnset, modeRecv or modeServe
	ready chan struct{}
	push  func(protocol.Channel, [][]byte)
}

const (
	modeUnset int32 = iota
	modeRecv
	modeServe
)

// Listen binds every socket of the connection file.
func Listen(ctx context.Context, ci ConnectionInfo, logger *log.Logger) (*Transport, error) {
	if logger == nil {
		logger = log.Default()
	}
	ctx, cancel := context.WithCancel(ctx)
	t := &Transport{
		ctx:     ctx,
		cancel:  cancel,
		routers: map[protocol.Channel]*router{},
		in:      make(chan incoming, 256),
		logger:  logger,
		ready:   make(chan struct{}),
	}
	ports := map[protocol.Channel]int{protocol.Shell: ci.ShellPort, protocol.Control: ci.ControlPort, protocol.Stdin: ci.StdinPort}
	for ch, port := range ports {
		network, addr := ci.listenAddr(port)
		r, err := newRouter(network, addr, ch.String(), writeTimeout, logger, func(frames [][]byte) bool {
			return t.deliver(ch, frames)
		})
		if err != nil {
			t.Close()
			return nil, fmt.Errorf("zmq: %s: %w", ch, err)
		}
		t.routers[ch] = r
	}
	t.hb = zmq4.NewRep(ctx)
	if err := t.hb.Listen(ci.endpoint(ci.HBPort)); err != nil {
		t.Close()
		return nil, fmt.Errorf("zmq: heartbeat: %w", err)
	}
	go t.heartbeat()
	network, addr := ci.listenAddr(ci.IOPubPort)
	pub, err := NewPublisher(network, addr, PublisherConfig{Logger: logger})
	if err != nil {
		t.Close()
		return nil, fmt.Errorf("zmq: iopub: %w", err)
	}
	t.iopub = pub
	return t, nil
}

func (t *Transport) heartbeat() {
	for {
		msg, err := t.hb.Recv()
		if err != nil {
			if t.ctx.Err() != nil {
				return
			}
			continue
		}
		if err := t.hb.Send(msg); err != nil && t.ctx.Err() != nil {
			return
		}
	}
}

// deliver hands a received message over (from a connection's reader
// goroutine); false means the transport is closing.
func (t *Transport) deliver(ch protocol.Channel, frames [][]byte) bool {
	select {
	case <-t.ready:
	case <-t.ctx.Done():
		return false
	}
	if t.mode.Load() == modeServe {
		t.push(ch, frames)
		return true
	}
	select {
	case t.in <- incoming{ch, frames}:
		return true
	case <-t.ctx.Done():
		return false
	}
}

// errClosed is returned by Recv and Serve once the transport is closed.
var errClosed = errors.New("zmq: transport closed")

// Serve implements protocol.PushTransport: deliver is called from the
// goroutine reading each client connection.
func (t *Transport) Serve(deliver func(protocol.Channel, [][]byte)) error {
	if !t.mode.CompareAndSwap(modeUnset, modeServe) {
		return errors.New("zmq: Serve after Recv or a second Serve")
	}
	// Readers look at push only once ready is closed.
	t.push = deliver
	close(t.ready)
	<-t.ctx.Done()
	return errClosed
}

// Recv implements protocol.Transport.
func (t *Transport) Recv() (protocol.Channel, [][]byte, error) {
	if t.mode.CompareAndSwap(modeUnset, modeRecv) {
		close(t.ready)
	} else if t.mode.Load() != modeRecv {
		return 0, nil, errors.New("zmq: Recv after Serve")
	}
	select {
	case m := <-t.in:
		return m.ch, m.frames, nil
	case <-t.ctx.Done():
		return 0, nil, errClosed
	}
}

// Send implements protocol.Transport. On iopub the first frame is the
// topic; on the other channels it is the routing identity of the client.
func (t *Transport) Send(ch protocol.Channel, frames [][]byte) error {
	if ch == protocol.IOPub {
		t.iopub.Send(frames)
		return nil
	}
	s, ok := t.routers[ch]
	if !ok {
		return fmt.Errorf("zmq: no socket for %s", ch)
	}
	if len(frames) == 0 || string(frames[0]) == protocol.Delimiter {
		return fmt.Errorf("zmq: %s message without a routing identity", ch)
	}
	return s.Send(frames)
}

// Close closes every socket.
func (t *Transport) Close() error {
	t.once.Do(func() {
		t.cancel()
		for _, s := range t.routers {
			s.Close()
		}
		if t.hb != nil {
			t.hb.Close()
		}
		if t.iopub != nil {
			t.iopub.Close()
		}
	})
	return nil
}
