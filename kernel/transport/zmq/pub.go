package zmq

import (
	"errors"
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
// Messages go out from the caller's goroutine with one non-blocking
// system call while a subscriber keeps up (no goroutine hand-off per
// message); once its socket is full they queue, and its writer sends
// whatever has queued up with one system call per batch.
type Publisher struct {
	ln      net.Listener
	cfg     PublisherConfig
	mu      sync.Mutex
	subs    map[*subscriber]struct{}
	closed  bool
	dropped atomic.Int64
}

type subscriber struct {
	conn   *zconn
	q      chan queued
	mu     sync.Mutex // guards topics
	topics map[string]struct{}
	done   chan struct{}
	once   sync.Once

	// pending counts the messages handed to the writer goroutine and not
	// yet written. While it is zero, Send writes to the socket itself,
	// without blocking; otherwise it queues, to keep the order.
	pmu     sync.Mutex
	pending int
}

// queued is a message for the writer goroutine: frames, or the unsent
// rest of a message that Send began to write (already in wire form).
type queued struct {
	frames [][]byte
	raw    []byte
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
	conn, err := handshake(raw, zmq4.Pub, p.cfg.WriteTimeout)
	if err != nil {
		p.cfg.Logger.Printf("zmq: iopub handshake: %v", err)
		raw.Close()
		return
	}
	s := &subscriber{conn: conn, q: make(chan queued, p.cfg.HWM), topics: map[string]struct{}{}, done: make(chan struct{})}
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

// read handles subscriptions until the connection ends: ZMTP 3.0
// subscription messages (first byte 1: subscribe, 0: unsubscribe) and
// ZMTP 3.1 SUBSCRIBE and CANCEL commands.
func (p *Publisher) read(s *subscriber) {
	defer p.remove(s)
	for {
		frames, cmd, err := s.conn.readMsg()
		if err != nil {
			return
		}
		if cmd {
			name, data, ok := command(frames[0])
			switch {
			case !ok:
			case name == zmq4.CmdSubscribe:
				s.subscribe(string(data), true)
			case name == zmq4.CmdCancel:
				s.subscribe(string(data), false)
			case name == zmq4.CmdPing:
				// Through the queue like any message, so that a PONG to a
				// subscriber that stopped reading blocks no one.
				if pong := pongMsg(data); pong != nil {
					s.offer(queued{raw: pong})
				}
			}
			continue
		}
		if len(frames) == 1 && len(frames[0]) > 0 {
			f := frames[0]
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

// maxBatch bounds how many queued messages one write carries.
const maxBatch = 64

// write sends the subscriber's queue in order; messages queued while a
// write is in progress go out together in the next one.
func (p *Publisher) write(s *subscriber) {
	defer p.remove(s)
	batch := make([][][]byte, 0, maxBatch)
	for {
		var first queued
		select {
		case <-s.done:
			return
		case first = <-s.q:
		}
		var raw []byte // an unsent rest, written first
		batch = batch[:0]
		if first.raw != nil {
			raw = first.raw
		} else {
			batch = append(batch, first.frames)
		}
		var next *queued // a rest met while batching: the next write's
	more:
		for len(batch) < maxBatch {
			select {
			case m := <-s.q:
				if m.raw != nil {
					next = &m
					break more
				}
				batch = append(batch, m.frames)
			default:
				break more
			}
		}
		n := len(batch)
		err := p.flush(s, raw, batch)
		if err == nil && next != nil {
			err = s.conn.writeRaw(p.cfg.WriteTimeout, next.raw)
			n++
		}
		if raw != nil {
			n++
		}
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				p.cfg.Logger.Printf("zmq: iopub subscriber %s cut off: it accepted nothing for %v", s.conn.raw.RemoteAddr(), p.cfg.WriteTimeout)
			}
			return
		}
		clear(batch)
		s.pmu.Lock()
		s.pending -= n
		s.pmu.Unlock()
	}
}

// flush writes raw (if any), then the batch.
func (p *Publisher) flush(s *subscriber, raw []byte, batch [][][]byte) error {
	if raw != nil {
		if err := s.conn.writeRaw(p.cfg.WriteTimeout, raw); err != nil {
			return err
		}
	}
	if len(batch) == 0 {
		return nil
	}
	return s.conn.writeMsgs(p.cfg.WriteTimeout, batch...)
}

// offer sends a message to the subscriber: at once, from the caller's
// goroutine, when nothing is waiting for the writer goroutine and the
// socket takes it without blocking; otherwise through the queue. It
// reports false when the queue is full and the message is dropped.
func (s *subscriber) offer(m queued) bool {
	s.pmu.Lock()
	defer s.pmu.Unlock()
	if s.pending == 0 && (m.raw != nil || wireSize(m.frames) <= maxDirect) {
		b := m.raw
		if b == nil {
			b = appendMsg(make([]byte, 0, wireSize(m.frames)), m.frames)
		}
		rest, err := s.conn.writeNow(b)
		switch {
		case err != nil:
			// The reader sees the closed connection and removes s.
			s.conn.raw.Close()
			return true
		case len(rest) == 0:
			return true
		}
		// The queue is empty, so the rest fits.
		s.q <- queued{raw: rest}
		s.pending++
		return true
	}
	select {
	case s.q <- m:
		s.pending++
		return true
	default:
		return false
	}
}

func (p *Publisher) remove(s *subscriber) {
	s.once.Do(func() {
		close(s.done)
		s.conn.raw.Close()
		p.mu.Lock()
		delete(p.subs, s)
		p.mu.Unlock()
	})
}

// Send sends a message to every subscriber whose subscriptions match its
// first frame (the topic): written at once where the subscriber's socket
// takes it without blocking and nothing is queued before it, else queued
// for the subscriber's writer goroutine. It never blocks: a subscriber
// whose queue is full misses the message.
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
		if !s.offer(queued{frames: frames}) {
			if p.dropped.Add(1)%100 == 1 {
				p.cfg.Logger.Printf("zmq: iopub subscriber %s is not reading; dropping messages", s.conn.raw.RemoteAddr())
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
