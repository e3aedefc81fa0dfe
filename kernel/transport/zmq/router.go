package zmq

import (
	"crypto/rand"
	"errors"
	"fmt"
	"log"
	"net"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
)

// router is a ZeroMQ ROUTER socket (ZMTP 3.0, NULL security) for the
// kernel's shell, control and stdin channels. Each received message is
// handed to deliver with the peer's routing identity as first frame; Send
// writes to the peer that the first frame names, from the caller's
// goroutine, with one system call.
//
// As libzmq's ROUTER, it routes by the identity the peer announced, or by a
// generated one (a zero byte and four random bytes) when it announced none,
// and drops messages for identities that are not connected. As with
// ipykernel's sockets (ZMQ_ROUTER_HANDOVER), a new connection with an
// identity already in use takes the identity over.
type router struct {
	ln           net.Listener
	deliver      func(frames [][]byte) bool // false: the socket is closing
	logger       *log.Logger
	name         string
	writeTimeout time.Duration

	mu     sync.Mutex
	peers  map[string]*zconn // routing identity → newest connection
	conns  map[*zconn]struct{}
	closed bool
}

func newRouter(network, addr, name string, writeTimeout time.Duration, logger *log.Logger, deliver func([][]byte) bool) (*router, error) {
	ln, err := net.Listen(network, addr)
	if err != nil {
		return nil, err
	}
	r := &router{ln: ln, deliver: deliver, logger: logger, name: name, writeTimeout: writeTimeout, peers: map[string]*zconn{}, conns: map[*zconn]struct{}{}}
	go r.accept()
	return r, nil
}

func (r *router) accept() {
	for {
		raw, err := r.ln.Accept()
		if err != nil {
			return
		}
		go r.serve(raw)
	}
}

// serve handshakes with one peer and reads its messages until it goes.
func (r *router) serve(raw net.Conn) {
	c, err := handshake(raw, zmq4.Router, r.writeTimeout)
	if err != nil {
		r.logger.Printf("zmq: %s handshake: %v", r.name, err)
		raw.Close()
		return
	}
	id := c.peer["Identity"]
	if id == "" {
		var b [5]byte
		rand.Read(b[1:])
		id = string(b[:])
	}
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		raw.Close()
		return
	}
	r.peers[id] = c
	r.conns[c] = struct{}{}
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		if r.peers[id] == c {
			delete(r.peers, id)
		}
		delete(r.conns, c)
		r.mu.Unlock()
		raw.Close()
	}()
	for {
		frames, cmd, err := c.readMsg()
		if err != nil {
			return
		}
		if cmd {
			if name, data, ok := command(frames[0]); ok && name == zmq4.CmdPing {
				if pong := pongMsg(data); pong != nil && c.writeRaw(r.writeTimeout, pong) != nil {
					return
				}
			}
			continue
		}
		msg := make([][]byte, 0, len(frames)+1)
		msg = append(msg, []byte(id))
		if !r.deliver(append(msg, frames...)) {
			return
		}
	}
}

// errNoPeer is returned by Send for an identity that is not connected.
var errNoPeer = errors.New("zmq: no connected peer with that identity")

// Send writes frames[1:] to the peer whose identity is frames[0].
func (r *router) Send(frames [][]byte) error {
	if len(frames) == 0 {
		return errNoPeer
	}
	r.mu.Lock()
	c := r.peers[string(frames[0])]
	r.mu.Unlock()
	if c == nil {
		return fmt.Errorf("%w (%s, identity %q)", errNoPeer, r.name, frames[0])
	}
	if err := c.writeMsgs(r.writeTimeout, frames[1:]); err != nil {
		c.raw.Close()
		return err
	}
	return nil
}

// Close stops listening and disconnects every peer.
func (r *router) Close() error {
	r.mu.Lock()
	r.closed = true
	conns := make([]*zconn, 0, len(r.conns))
	for c := range r.conns {
		conns = append(conns, c)
	}
	r.mu.Unlock()
	err := r.ln.Close()
	for _, c := range conns {
		c.raw.Close()
	}
	return err
}
