package zmq

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/descentml/descent/kernel/protocol"
)

// TestExecuteOverTCPAndIPC runs cells through the kernel over both
// transports of a connection file with real zmq4 client sockets: the
// reply comes on shell with the request's header echoed byte for byte,
// and iopub carries busy, execute_input, execute_result and idle in that
// order, all with that parent. A long cell (frames over 255 bytes and
// over the read buffer) and an empty one go through as well.
func TestExecuteOverTCPAndIPC(t *testing.T) {
	long := strings.Repeat("x", 200<<10)
	for _, network := range []string{"tcp", "ipc"} {
		t.Run(network, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			ei := &echoInterp{}
			c := startKernel(t, ctx, network, ei, t.TempDir())
			for i, code := range []string{"1", long, ""} {
				req := c.request(t, "execute_request", map[string]any{"code": code, "silent": false, "store_history": true, "user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true})
				r := c.reply(t)
				if r.Header.MsgType != "execute_reply" || !bytes.Equal(r.ParentHeader, req.RawHeader) {
					t.Fatalf("cell %d: reply %s with parent %s", i, r.Header.MsgType, r.ParentHeader)
				}
				var types []string
				for _, m := range c.waitIdle(t, req) {
					types = append(types, m.Header.MsgType)
				}
				if got, want := strings.Join(types, ","), "status,execute_input,execute_result,status"; got != want {
					t.Fatalf("cell %d: iopub %s, want %s", i, got, want)
				}
			}
			ei.mu.Lock()
			defer ei.mu.Unlock()
			if len(ei.ran) != 3 || ei.ran[1] != long {
				t.Fatalf("interpreter ran %d cells", len(ei.ran))
			}
		})
	}
}

// startRouter listens with a router on loopback whose delivered messages
// go to the returned channel.
func startRouter(t *testing.T) (*router, chan [][]byte) {
	t.Helper()
	got := make(chan [][]byte, 16)
	r, err := newRouter("tcp", "127.0.0.1:0", "shell", 2*time.Second, log.New(io.Discard, "", 0), func(f [][]byte) bool {
		got <- f
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r, got
}

func dealer(t *testing.T, ctx context.Context, r *router, id string) zmq4.Socket {
	t.Helper()
	var opts []zmq4.Option
	if id != "" {
		opts = append(opts, zmq4.WithID(zmq4.SocketIdentity(id)))
	}
	d := zmq4.NewDealer(ctx, opts...)
	t.Cleanup(func() { d.Close() })
	if err := d.Dial("tcp://" + r.ln.Addr().String()); err != nil {
		t.Fatal(err)
	}
	return d
}

func recvFrames(t *testing.T, ch chan [][]byte) [][]byte {
	t.Helper()
	select {
	case f := <-ch:
		return f
	case <-time.After(5 * time.Second):
		t.Fatal("router delivered nothing")
		return nil
	}
}

func recvWithin(s zmq4.Socket, d time.Duration) ([][]byte, error) {
	type res struct {
		m   zmq4.Msg
		err error
	}
	c := make(chan res, 1)
	go func() {
		m, err := s.Recv()
		c <- res{m, err}
	}()
	select {
	case r := <-c:
		return r.m.Frames, r.err
	case <-time.After(d):
		return nil, errors.New("timed out")
	}
}

// TestRouterRouting checks the ROUTER semantics the kernel relies on:
// replies reach the peer that the identity frame names, also a peer that
// announced no identity (as libzmq's DEALER does by default); a new
// connection with an identity in use takes it over; an unknown identity is
// an error.
func TestRouterRouting(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r, got := startRouter(t)
	alice := dealer(t, ctx, r, "alice")
	anon := rawPeer(t, r.ln.Addr().String(), zmq4.Dealer)
	tests := []struct {
		name string
		send func([][]byte) error
		recv func() ([][]byte, error)
	}{
		{"named", func(f [][]byte) error { return alice.SendMulti(zmq4.NewMsgFrom(f...)) }, func() ([][]byte, error) { return recvWithin(alice, 5*time.Second) }},
		{"anonymous", func(f [][]byte) error { return anon.writeMsgs(time.Second, f) }, func() ([][]byte, error) {
			f, _, err := anon.readMsg()
			return f, err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.send([][]byte{[]byte("ping-" + tc.name), {}, bytes.Repeat([]byte("y"), 300)}); err != nil {
				t.Fatal(err)
			}
			f := recvFrames(t, got)
			if len(f) != 4 || string(f[1]) != "ping-"+tc.name || len(f[2]) != 0 || len(f[3]) != 300 {
				t.Fatalf("delivered %q", f)
			}
			switch {
			case tc.name == "named" && string(f[0]) != "alice":
				t.Fatalf("identity %q, want alice", f[0])
			case tc.name == "anonymous" && (len(f[0]) != 5 || f[0][0] != 0):
				t.Fatalf("generated identity %q, want a zero byte and four random ones", f[0])
			}
			if err := r.Send([][]byte{f[0], []byte("pong-" + tc.name)}); err != nil {
				t.Fatal(err)
			}
			m, err := tc.recv()
			if err != nil || len(m) != 1 || string(m[0]) != "pong-"+tc.name {
				t.Fatalf("reply %q, %v", m, err)
			}
		})
	}
	t.Run("handover", func(t *testing.T) {
		alice2 := dealer(t, ctx, r, "alice")
		alice2.SendMulti(zmq4.NewMsgFrom([]byte("hello from the new alice")))
		if f := recvFrames(t, got); string(f[0]) != "alice" {
			t.Fatalf("identity %q", f[0])
		}
		if err := r.Send([][]byte{[]byte("alice"), []byte("to alice")}); err != nil {
			t.Fatal(err)
		}
		if m, err := recvWithin(alice2, 5*time.Second); err != nil || string(m[0]) != "to alice" {
			t.Fatalf("new connection got %q, %v", m, err)
		}
		if m, err := recvWithin(alice, 200*time.Millisecond); err == nil {
			t.Fatalf("old connection still got %q", m)
		}
	})
	t.Run("unknown identity", func(t *testing.T) {
		if err := r.Send([][]byte{[]byte("nobody"), []byte("x")}); !errors.Is(err, errNoPeer) {
			t.Fatalf("Send to nobody: %v", err)
		}
	})
}

// rawPeer is a ZMTP peer of socket type typ that sends and reads raw
// frames and commands, as libzmq's newer peers may.
func rawPeer(t *testing.T, addr string, typ zmq4.SocketType) *zconn {
	t.Helper()
	raw, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	c, err := handshake(raw, typ, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	raw.SetReadDeadline(time.Now().Add(10 * time.Second))
	return c
}

func sendCommand(t *testing.T, c *zconn, name string, data []byte) {
	t.Helper()
	body := append(append([]byte{byte(len(name))}, name...), data...)
	if _, err := c.raw.Write(append([]byte{flagCommand, byte(len(body))}, body...)); err != nil {
		t.Fatal(err)
	}
}

// TestCommands checks the ZMTP 3.1 commands a peer may send: PING gets a
// PONG echoing its context (on ROUTER and PUB), and a PUB subscriber may
// subscribe and cancel with SUBSCRIBE and CANCEL commands instead of
// subscription messages.
func TestCommands(t *testing.T) {
	r, _ := startRouter(t)
	pub, err := NewPublisher("tcp", "127.0.0.1:0", PublisherConfig{Logger: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	for _, tc := range []struct {
		name string
		addr string
		typ  zmq4.SocketType
	}{
		{"router", r.ln.Addr().String(), zmq4.Dealer},
		{"pub", pub.Addr().String(), zmq4.Sub},
	} {
		t.Run("ping "+tc.name, func(t *testing.T) {
			c := rawPeer(t, tc.addr, tc.typ)
			sendCommand(t, c, zmq4.CmdPing, []byte{0, 10, 'c', 't', 'x'})
			f, cmd, err := c.readMsg()
			if err != nil {
				t.Fatal(err)
			}
			name, data, ok := command(f[0])
			if !cmd || !ok || name != zmq4.CmdPong || string(data) != "ctx" {
				t.Fatalf("got command=%v %q %q", cmd, name, data)
			}
		})
	}
	t.Run("subscribe and cancel", func(t *testing.T) {
		c := rawPeer(t, pub.Addr().String(), zmq4.Sub)
		sendCommand(t, c, zmq4.CmdSubscribe, []byte("stat"))
		sendCommand(t, c, zmq4.CmdSubscribe, []byte("str"))
		sendCommand(t, c, zmq4.CmdCancel, []byte("str"))
		// Commands are handled in order: once a PING is answered, the
		// subscriptions before it are in place.
		sendCommand(t, c, zmq4.CmdPing, []byte{0, 0})
		if _, _, err := c.readMsg(); err != nil {
			t.Fatal(err)
		}
		pub.Send([][]byte{[]byte("stream"), []byte("not subscribed")})
		pub.Send([][]byte{[]byte("status"), []byte("busy")})
		f, cmd, err := c.readMsg()
		if err != nil || cmd || len(f) != 2 || string(f[0]) != "status" || string(f[1]) != "busy" {
			t.Fatalf("got %q command=%v %v", f, cmd, err)
		}
	})
}

// TestHistoryAcrossRestartsOverZeroMQ runs cells and shuts the kernel
// down for a restart; a new session on the same file sees every input of
// the first, in order.
func TestHistoryAcrossRestartsOverZeroMQ(t *testing.T) {
	dir := t.TempDir()
	var codes []string
	for i := range 50 {
		codes = append(codes, "x := "+strings.Repeat("1", i+1))
	}
	func() {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		c := startKernel(t, ctx, "tcp", &echoInterp{}, dir)
		for _, code := range codes {
			req := c.request(t, "execute_request", map[string]any{"code": code, "store_history": true})
			c.waitIdle(t, req)
			c.reply(t)
		}
		c.request(t, "shutdown_request", map[string]any{"restart": true})
		if r := c.reply(t); r.Header.MsgType != "shutdown_reply" {
			t.Fatalf("got %s", r.Header.MsgType)
		}
	}()
	h, err := protocol.OpenHistory(filepath.Join(dir, "history.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	rows := h.Query(protocol.HistoryQuery{HistAccessType: "tail", N: 1000})
	if len(rows) != len(codes) {
		t.Fatalf("%d inputs after the restart, want %d", len(rows), len(codes))
	}
	for i, row := range rows {
		if row[2] != codes[i] || row[0] != h.Session()-1 {
			t.Fatalf("row %d: %v", i, row)
		}
	}
}

// TestPublisherSlowReaderGetsEverything publishes far more than socket
// buffers hold to a subscriber that reads only afterwards: the socket
// fills mid-message, the rest of that message and everything after it
// queue, and the subscriber still receives every message whole and in
// order, none dropped.
func TestPublisherSlowReaderGetsEverything(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pub, err := NewPublisher("tcp", "127.0.0.1:0", PublisherConfig{HWM: 1000, Logger: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	sub := subscribe(t, ctx, pub.Addr().String())
	defer sub.Close()
	for deadline := time.Now().Add(5 * time.Second); !allSubscribed(pub) || pub.Subscribers() == 0; {
		if time.Now().After(deadline) {
			t.Fatal("subscriber did not connect")
		}
		time.Sleep(10 * time.Millisecond)
	}
	const n, size = 300, 60 << 10 // 18 MB
	for i := range n {
		pub.Send([][]byte{[]byte("topic"), []byte(fmt.Sprint(i)), bytes.Repeat([]byte{byte(i)}, size)})
	}
	for i := range n {
		m, err := recvWithin(sub, 10*time.Second)
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		if len(m) != 3 || string(m[1]) != fmt.Sprint(i) || !bytes.Equal(m[2], bytes.Repeat([]byte{byte(i)}, size)) {
			t.Fatalf("message %d arrived as %d frames, number %q", i, len(m), m[1])
		}
	}
	if d := pub.Dropped(); d != 0 {
		t.Fatalf("%d messages dropped", d)
	}
}
