package main

import (
	"errors"
	"sync"

	"github.com/descentml/descent/kernel/protocol"
)

// errClosed is returned by Recv and Send once the transport is closed.
var errClosed = errors.New("notebook: transport closed")

// inbound is one message from the page.
type inbound struct {
	ch     protocol.Channel
	frames [][]byte
}

// chanTransport is a protocol.Transport fed by deliver (called from the
// page's messages) that hands sent frames to out. It is portable so that it
// can be tested natively.
type chanTransport struct {
	in   chan inbound
	out  func(ch protocol.Channel, frames [][]byte)
	mu   sync.Mutex // serializes out and guards closed
	done chan struct{}
	once sync.Once
}

func newChanTransport(out func(ch protocol.Channel, frames [][]byte)) *chanTransport {
	return &chanTransport{in: make(chan inbound, 1024), out: out, done: make(chan struct{})}
}

// deliver queues a message from the page. It never blocks: a full queue
// (1024 messages) drops the message and reports false.
func (t *chanTransport) deliver(ch protocol.Channel, frames [][]byte) bool {
	select {
	case <-t.done:
		return false
	default:
	}
	select {
	case t.in <- inbound{ch, frames}:
		return true
	default:
		return false
	}
}

// Recv implements protocol.Transport.
func (t *chanTransport) Recv() (protocol.Channel, [][]byte, error) {
	select {
	case m := <-t.in:
		return m.ch, m.frames, nil
	case <-t.done:
		return 0, nil, errClosed
	}
}

// Send implements protocol.Transport.
func (t *chanTransport) Send(ch protocol.Channel, frames [][]byte) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	select {
	case <-t.done:
		return errClosed
	default:
	}
	t.out(ch, frames)
	return nil
}

// Close implements protocol.Transport.
func (t *chanTransport) Close() error {
	t.once.Do(func() { close(t.done) })
	return nil
}

// parseChannel maps a Jupyter channel name to a protocol.Channel.
func parseChannel(name string) (protocol.Channel, bool) {
	switch name {
	case "shell":
		return protocol.Shell, true
	case "control":
		return protocol.Control, true
	case "stdin":
		return protocol.Stdin, true
	}
	return 0, false
}
