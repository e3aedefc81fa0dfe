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
	"os"
	"sync"

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

type incoming struct {
	ch     protocol.Channel
	frames [][]byte
}

// Transport implements protocol.Transport over ZeroMQ.
type Transport struct {
	ctx     context.Context
	cancel  context.CancelFunc
	routers map[protocol.Channel]zmq4.Socket
	sendMu  map[protocol.Channel]*sync.Mutex
	hb      zmq4.Socket
	iopub   *Publisher
	in      chan incoming
	logger  *log.Logger
	once    sync.Once
}

// Listen binds every socket of the connection file.
func Listen(ctx context.Context, ci ConnectionInfo, logger *log.Logger) (*Transport, error) {
	if logger == nil {
		logger = log.Default()
	}
	ctx, cancel := context.WithCancel(ctx)
	t := &Transport{
		ctx:     ctx,
		cancel:  cancel,
		routers: map[protocol.Channel]zmq4.Socket{},
		sendMu:  map[protocol.Channel]*sync.Mutex{},
		in:      make(chan incoming, 256),
		logger:  logger,
	}
	ports := map[protocol.Channel]int{protocol.Shell: ci.ShellPort, protocol.Control: ci.ControlPort, protocol.Stdin: ci.StdinPort}
	for ch, port := range ports {
		s := zmq4.NewRouter(ctx)
		if err := s.Listen(ci.endpoint(port)); err != nil {
			t.Close()
			return nil, fmt.Errorf("zmq: %s: %w", ch, err)
		}
		t.routers[ch] = s
		t.sendMu[ch] = &sync.Mutex{}
		go t.recvLoop(ch, s)
	}
	t.hb = zmq4.NewRep(ctx)
	if err := t.hb.Listen(ci.endpoint(ci.HBPort)); err != nil {
		t.Close()
		return nil, fmt.Errorf("zmq: heartbeat: %w", err)
	}
	go t.heartbeat()
	network, addr := "tcp", fmt.Sprintf("%s:%d", ci.IP, ci.IOPubPort)
	if ci.Transport == "ipc" {
		network, addr = "unix", fmt.Sprintf("%s-%d", ci.IP, ci.IOPubPort)
	}
	pub, err := NewPublisher(network, addr, PublisherConfig{Logger: logger})
	if err != nil {
		t.Close()
		return nil, fmt.Errorf("zmq: iopub: %w", err)
	}
	t.iopub = pub
	return t, nil
}

func (t *Transport) recvLoop(ch protocol.Channel, s zmq4.Socket) {
	for {
		msg, err := s.Recv()
		if err != nil {
			if t.ctx.Err() != nil {
				return
			}
			t.logger.Printf("zmq: %s recv: %v", ch, err)
			continue
		}
		select {
		case t.in <- incoming{ch, msg.Frames}:
		case <-t.ctx.Done():
			return
		}
	}
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

// Recv implements protocol.Transport.
func (t *Transport) Recv() (protocol.Channel, [][]byte, error) {
	select {
	case m := <-t.in:
		return m.ch, m.frames, nil
	case <-t.ctx.Done():
		return 0, nil, errors.New("zmq: transport closed")
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
	mu := t.sendMu[ch]
	mu.Lock()
	defer mu.Unlock()
	return s.SendMulti(zmq4.NewMsgFrom(frames...))
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
