package zmq

import (
	"errors"
	"io"
	"log"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-zeromq/zmq4"
)

// PublisherConfig bounds what a slow subscriber may cost.
type PublisherConfig struct {
	// HWM is the number of messages queued per subscriber; beyond it new
	// messages to that subscriber are dropped, as with libzmq's
	// ZMQ_SNDHWM. Zero means 1000.
	HWM int
	// WriteTimeout cuts off a subscriber whose socket accepts nothing for
	// this long. Zero means 10 s.
	WriteTimeout time.Duration
	// Logger receives drop and cut-off notices; nil means log.Default().
	Logger *log.Logger
}

// Publisher is a ZeroMQ PUB socket (ZMTP 3.0, NULL security) that gives
// every subscriber its own bounded queue and writer goroutine, so that one
// subscriber that stops reading loses messages (or is cut off) while the
// others receive everything. zmq4's own PUB socket writes to subscribers one
// after another with blocking writes, so one stalled reader stalls all.
type Publisher struct {
	ln      net.Listener
	cfg     PublisherConfig
	mu      sync.Mutex
	subs    map[*subscriber]struct{}
	closed  bool
	dropped atomic.Int64
}

type subscriber struct {
	raw    net.Conn
	conn   *zmq4.Conn
	q      chan [][]byte
	mu     sync.Mutex
	topics map[string]struct{}
	done   chan struct{}
	once   sync.Once
}

// NewPublisher listens on network ("tcp" or "unix") at addr.
func NewPublisher(network, addr string, cfg PublisherConfig) (*Publisher, error) {
	if cfg.HWM <= 0 {
		cfg.HWM = 1000
	}
	if cfg.WriteTimeout <= 0 {
		cfg.WriteTimeout = 10 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	ln, err := net.Listen(network, addr)
	if err != nil {
		return nil, err
	}
	p := &Publisher{ln: ln, cfg: cfg, subs: map[*subscriber]struct{}{}}
	go p.accept()
	return p, nil
}

// Addr returns the address the publisher listens on.
func (p *Publisher) Addr() net.Addr { return p.ln.Addr() }

// Dropped returns how many messages were dropped for full queues.
func (p *Publisher) Dropped() int64 { return p.dropped.Load() }

// Subscribers returns the number of connected subscribers.
func (p *Publisher) Subscribers() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.subs)
}

func (p *Publisher) accept() {
	for {
		raw, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.open(raw)
	}
}

func (p *Publisher) open(raw net.Conn) {
	raw.SetDeadline(time.Now().Add(p.cfg.WriteTimeout))
	conn, err := zmq4.Open(raw, nullSecurity{}, zmq4.Pub, zmq4.SocketIdentity(""), true, nil)
	if err != nil {
		p.cfg.Logger.Printf("zmq: iopub handshake: %v", err)
		raw.Close()
		return
	}
	raw.SetDeadline(time.Time{})
	s := &subscriber{raw: raw, conn: conn, q: make(chan [][]byte, p.cfg.HWM), topics: map[string]struct{}{}, done: make(chan struct{})}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		raw.Close()
		return
	}
	p.subs[s] = struct{}{}
	p.mu.Unlock()
	go p.write(s)
	p.read(s)
}

// read handles subscription messages (first byte 1: subscribe, 0:
// unsubscribe) until the connection ends.
func (p *Publisher) read(s *subscriber) {
	defer p.remove(s)
	for {
		msg, err := s.conn.RecvMsg()
		if err != nil {
			return
		}
		if msg.Type == zmq4.CmdMsg {
			// ZMTP 3.1 SUBSCRIBE command: its body is the topic.
			if len(msg.Frames) == 1 {
				s.subscribe(string(msg.Frames[0]), true)
			}
			continue
		}
		if len(msg.Frames) == 1 && len(msg.Frames[0]) > 0 {
			f := msg.Frames[0]
			switch f[0] {
			case 1:
				s.subscribe(string(f[1:]), true)
			case 0:
				s.subscribe(string(f[1:]), false)
			}
		}
	}
}

func (s *subscriber) subscribe(topic string, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if on {
		s.topics[topic] = struct{}{}
	} else {
		delete(s.topics, topic)
	}
}

func (s *subscriber) wants(topic []byte) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for t := range s.topics {
		if strings.HasPrefix(string(topic), t) {
			return true
		}
	}
	return false
}

func (p *Publisher) write(s *subscriber) {
	defer p.remove(s)
	for {
		select {
		case <-s.done:
			return
		case frames := <-s.q:
			s.raw.SetWriteDeadline(time.Now().Add(p.cfg.WriteTimeout))
			if err := s.conn.SendMsg(zmq4.NewMsgFrom(frames...)); err != nil {
				var ne net.Error
				if errors.As(err, &ne) && ne.Timeout() {
					p.cfg.Logger.Printf("zmq: iopub subscriber %s cut off: it accepted nothing for %v", s.raw.RemoteAddr(), p.cfg.WriteTimeout)
				}
				return
			}
		}
	}
}

func (p *Publisher) remove(s *subscriber) {
	s.once.Do(func() {
		close(s.done)
		s.raw.Close()
		p.mu.Lock()
		delete(p.subs, s)
		p.mu.Unlock()
	})
}

// Send queues a message for every subscriber whose subscriptions match its
// first frame (the topic). It never blocks: a subscriber whose queue is
// full misses the message.
func (p *Publisher) Send(frames [][]byte) {
	var topic []byte
	if len(frames) > 0 {
		topic = frames[0]
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for s := range p.subs {
		if !s.wants(topic) {
			continue
		}
		select {
		case s.q <- frames:
		default:
			if p.dropped.Add(1)%100 == 1 {
				p.cfg.Logger.Printf("zmq: iopub subscriber %s is not reading; dropping messages", s.raw.RemoteAddr())
			}
		}
	}
}

// Close stops listening and disconnects every subscriber.
func (p *Publisher) Close() error {
	p.mu.Lock()
	p.closed = true
	subs := make([]*subscriber, 0, len(p.subs))
	for s := range p.subs {
		subs = append(subs, s)
	}
	p.mu.Unlock()
	err := p.ln.Close()
	for _, s := range subs {
		p.remove(s)
	}
	return err
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
