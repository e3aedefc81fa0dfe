package zmq

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/descentml/descent/kernel/protocol"
)

func subscribe(t *testing.T, ctx context.Context, addr string) zmq4.Socket {
	t.Helper()
	sub := zmq4.NewSub(ctx)
	if err := sub.Dial("tcp://" + addr); err != nil {
		t.Fatal(err)
	}
	if err := sub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	return sub
}

// TestStalledSubscriberDoesNotStallOthers connects two real zmq4 SUB
// sockets; one stops reading after the first message. The other must still
// receive every message, and sending must never block.
func TestStalledSubscriberDoesNotStallOthers(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs bytes.Buffer
	var logMu sync.Mutex
	pub, err := NewPublisher("tcp", "127.0.0.1:0", PublisherConfig{HWM: 50, WriteTimeout: 2 * time.Second, Logger: log.New(lockedWriter{&logMu, &logs}, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	addr := pub.Addr().String()
	good := subscribe(t, ctx, addr)
	defer good.Close()
	stalled := subscribe(t, ctx, addr)
	defer stalled.Close()

	// Wait until both subscriptions have arrived.
	deadline := time.Now().Add(5 * time.Second)
	for pub.Subscribers() < 2 || !allSubscribed(pub) {
		if time.Now().After(deadline) {
			t.Fatal("subscribers did not connect")
		}
		time.Sleep(10 * time.Millisecond)
	}
	pub.Send([][]byte{[]byte("topic"), []byte("hello")})
	for _, s := range []zmq4.Socket{good, stalled} {
		if m, err := s.Recv(); err != nil || string(m.Frames[1]) != "hello" {
			t.Fatalf("first message: %v %v", m, err)
		}
	}
	// From now on the stalled subscriber never reads again.
	var received atomic.Int64
	goodErr := make(chan error, 1)
	go func() {
		for want := 0; want < 2000; want++ {
			m, err := good.Recv()
			if err != nil {
				goodErr <- err
				return
			}
			if got := string(m.Frames[1][:8]); got != fmt.Sprintf("%08d", want) {
				goodErr <- fmt.Errorf("message %d out of order or missing: got %s", want, got)
				return
			}
			received.Add(1)
		}
		goodErr <- nil
	}()
	payload := bytes.Repeat([]byte("x"), 16<<10) // 2000 × 16 KiB: far beyond socket buffers
	for i := range 2000 {
		for int64(i)-received.Load() > 40 { // pace to the good reader, not the stalled one
			time.Sleep(time.Millisecond)
		}
		start := time.Now()
		pub.Send([][]byte{[]byte("topic"), append([]byte(fmt.Sprintf("%08d", i)), payload...)})
		if d := time.Since(start); d > time.Second {
			t.Fatalf("Send blocked for %v", d)
		}
	}
	select {
	case err := <-goodErr:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("good subscriber got only %d of 2000 messages", received.Load())
	}
	if pub.Dropped() == 0 {
		t.Fatal("the stalled subscriber lost nothing: it was not stalled")
	}
}

func allSubscribed(p *Publisher) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for s := range p.subs {
		if !s.wants([]byte("topic")) {
			return false
		}
	}
	return true
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// echoInterp answers every cell with its code as the result.
type echoInterp struct {
	mu  sync.Mutex
	ran []string
}

func (e *echoInterp) KernelInfo() protocol.KernelInfo {
	return protocol.KernelInfo{Implementation: "echo"}
}
func (e *echoInterp) Execute(ctx context.Context, req *protocol.ExecuteRequest, out protocol.Output) *protocol.ExecuteResult {
	e.mu.Lock()
	e.ran = append(e.ran, req.Code)
	e.mu.Unlock()
	return &protocol.ExecuteResult{Data: protocol.MIMEBundle{"text/plain": req.Code}}
}
func (e *echoInterp) Complete(string, int) protocol.CompleteReply    { return protocol.CompleteReply{} }
func (e *echoInterp) Inspect(string, int, int) protocol.InspectReply { return protocol.InspectReply{} }
func (e *echoInterp) IsComplete(string) protocol.IsCompleteReply {
	return protocol.IsCompleteReply{Status: "complete"}
}
func (e *echoInterp) Interrupt()    {}
func (e *echoInterp) Shutdown(bool) {}

func freePorts(t testing.TB, n int) []int {
	t.Helper()
	var ports []int
	var ls []net.Listener
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}

// TestKernelOverZeroMQ runs the dispatcher on this transport with a real
// zmq4 DEALER client: a forged and a replayed request are dropped, the
// kernel keeps serving, and the heartbeat echoes.
func TestKernelOverZeroMQ(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := freePorts(t, 5)
	ci := ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", ShellPort: p[0], ControlPort: p[1], StdinPort: p[2], IOPubPort: p[3], HBPort: p[4], Key: "k", SignatureScheme: "hmac-sha256"}
	var logs bytes.Buffer
	var logMu sync.Mutex
	logger := log.New(lockedWriter{&logMu, &logs}, "", 0)
	tr, err := Listen(ctx, ci, logger)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	signer, _ := protocol.NewSigner(ci.SignatureScheme, []byte(ci.Key))
	ei := &echoInterp{}
	k, err := protocol.New(protocol.Config{Transport: tr, Signer: signer, Interpreter: ei, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	go k.Run(ctx)

	shell := zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("client")))
	defer shell.Close()
	if err := shell.Dial(ci.endpoint(ci.ShellPort)); err != nil {
		t.Fatal(err)
	}
	request := func(s *protocol.Signer, code string) ([][]byte, *protocol.Message) {
		m, _ := protocol.NewMessage("client", "execute_request", nil, map[string]any{"code": code})
		return protocol.Encode(m, s), m
	}
	reply := func() *protocol.Message {
		t.Helper()
		msg, err := shell.Recv()
		if err != nil {
			t.Fatal(err)
		}
		m, err := protocol.Decode(msg.Frames, signer)
		if err != nil {
			t.Fatalf("reply does not verify: %v", err)
		}
		return m
	}
	forger, _ := protocol.NewSigner("hmac-sha256", []byte("not-the-key"))
	forged, _ := request(forger, "forged")
	if err := shell.SendMulti(zmq4.NewMsgFrom(forged...)); err != nil {
		t.Fatal(err)
	}
	good, goodMsg := request(signer, "good")
	shell.SendMulti(zmq4.NewMsgFrom(good...))
	if r := reply(); !bytes.Equal(r.ParentHeader, goodMsg.RawHeader) || r.Header.MsgType != "execute_reply" {
		t.Fatalf("unexpected reply %s to %s", r.Header.MsgType, r.ParentHeader)
	}
	shell.SendMulti(zmq4.NewMsgFrom(good...)) // replay
	after, afterMsg := request(signer, "after")
	shell.SendMulti(zmq4.NewMsgFrom(after...))
	if r := reply(); !bytes.Equal(r.ParentHeader, afterMsg.RawHeader) {
		t.Fatalf("reply to %s, want the request after the replay", r.ParentHeader)
	}
	ei.mu.Lock()
	ran := strings.Join(ei.ran, ",")
	ei.mu.Unlock()
	if ran != "good,after" {
		t.Fatalf("executed %q", ran)
	}

	hb := zmq4.NewReq(ctx)
	defer hb.Close()
	if err := hb.Dial(ci.endpoint(ci.HBPort)); err != nil {
		t.Fatal(err)
	}
	if err := hb.Send(zmq4.NewMsgString("ping")); err != nil {
		t.Fatal(err)
	}
	if m, err := hb.Recv(); err != nil || string(m.Frames[0]) != "ping" {
		t.Fatalf("heartbeat: %v %v", m, err)
	}
}
