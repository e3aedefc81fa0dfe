package zmq

import (
	"context"
	"io"
	"log"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/descentml/descent/kernel/protocol"
)

// roundTripClient is a Jupyter client made of real zmq4 sockets: a DEALER
// on shell and a SUB on iopub, signing with the connection key. One
// goroutine reads iopub for the client's lifetime.
type roundTripClient struct {
	shell  zmq4.Socket
	iopub  chan *protocol.Message
	signer *protocol.Signer
}

// startKernel runs the dispatcher with interpreter in on this transport
// over network "tcp" (loopback) or "ipc" (Unix sockets in a temporary
// directory), with history in dir when dir is not empty, and connects a
// client whose iopub subscription is live and drained.
func startKernel(tb testing.TB, ctx context.Context, network string, in protocol.Interpreter, dir string) *roundTripClient {
	tb.Helper()
	ci := ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", Key: "bench-key", SignatureScheme: "hmac-sha256"}
	p := []int{1, 2, 3, 4, 5}
	if network == "ipc" {
		ci.Transport, ci.IP = "ipc", filepath.Join(tb.TempDir(), "kernel")
	} else {
		p = freePorts(tb, 5)
	}
	ci.ShellPort, ci.ControlPort, ci.StdinPort, ci.IOPubPort, ci.HBPort = p[0], p[1], p[2], p[3], p[4]
	logger := log.New(io.Discard, "", 0)
	tr, err := Listen(ctx, ci, logger)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { tr.Close() })
	signer, err := protocol.NewSigner(ci.SignatureScheme, []byte(ci.Key))
	if err != nil {
		tb.Fatal(err)
	}
	hist := protocol.NewMemoryHistory()
	if dir != "" {
		if hist, err = protocol.OpenHistory(filepath.Join(dir, "history.jsonl")); err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { hist.Close() })
	}
	k, err := protocol.New(protocol.Config{Transport: tr, Signer: signer, Interpreter: in, History: hist, Logger: logger})
	if err != nil {
		tb.Fatal(err)
	}
	go k.Run(ctx)

	c := &roundTripClient{signer: signer, iopub: make(chan *protocol.Message, 1024)}
	c.shell = zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("bench-client")))
	tb.Cleanup(func() { c.shell.Close() })
	if err := c.shell.Dial(ci.endpoint(ci.ShellPort)); err != nil {
		tb.Fatal(err)
	}
	sub := zmq4.NewSub(ctx)
	tb.Cleanup(func() { sub.Close() })
	if err := sub.Dial(ci.endpoint(ci.IOPubPort)); err != nil {
		tb.Fatal(err)
	}
	if err := sub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		tb.Fatal(err)
	}
	go func() {
		defer close(c.iopub)
		for {
			msg, err := sub.Recv()
			if err != nil {
				return
			}
			m, err := protocol.Decode(msg.Frames, signer)
			if err != nil {
				continue
			}
			select {
			case c.iopub <- m:
			case <-ctx.Done():
				return
			}
		}
	}()
	// As jupyter_client does: send kernel_info_request until iopub
	// delivers, so the subscription is known to be live; then wait for the
	// idle of one more request, dropping everything before it.
	for deadline := time.Now().Add(10 * time.Second); ; {
		c.request(tb, "kernel_info_request", map[string]any{})
		c.reply(tb)
		select {
		case <-c.iopub:
		case <-time.After(50 * time.Millisecond):
			if time.Now().After(deadline) {
				tb.Fatal("iopub subscription never became live")
			}
			continue
		}
		break
	}
	last := c.request(tb, "kernel_info_request", map[string]any{})
	c.waitIdle(tb, last)
	c.reply(tb)
	return c
}

func (c *roundTripClient) request(tb testing.TB, msgType string, content any) *protocol.Message {
	tb.Helper()
	m, err := protocol.NewMessage("bench-session", msgType, nil, content)
	if err != nil {
		tb.Fatal(err)
	}
	if err := c.shell.SendMulti(zmq4.NewMsgFrom(protocol.Encode(m, c.signer)...)); err != nil {
		tb.Fatal(err)
	}
	return m
}

func (c *roundTripClient) reply(tb testing.TB) *protocol.Message {
	tb.Helper()
	msg, err := c.shell.Recv()
	if err != nil {
		tb.Fatal(err)
	}
	m, err := protocol.Decode(msg.Frames, c.signer)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// waitIdle returns the iopub messages with parent req up to and including
// its idle status.
func (c *roundTripClient) waitIdle(tb testing.TB, req *protocol.Message) []*protocol.Message {
	tb.Helper()
	var got []*protocol.Message
	timeout := time.After(10 * time.Second)
	for {
		select {
		case m, ok := <-c.iopub:
			if !ok {
				tb.Fatal("iopub closed")
			}
			if string(m.ParentHeader) != string(req.RawHeader) {
				continue
			}
			got = append(got, m)
			if m.Header.MsgType == "status" && string(m.Content) == `{"execution_state":"idle"}` {
				return got
			}
		case <-timeout:
			tb.Fatalf("no idle status for %s", req.Header.MsgType)
		}
	}
}

// BenchmarkExecuteRoundTrip is a trivial cell's round trip through the
// kernel outside the interpreter, as make kernel-bench measures it with
// jupyter_client: execute_request sent on shell → status idle received on
// iopub (then the execute_reply read from shell), over real ZeroMQ sockets
// on loopback with HMAC signing and a persisted history, and an
// interpreter that answers at once. It reports the median round trip.
func BenchmarkExecuteRoundTrip(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := startKernel(b, ctx, "tcp", &echoInterp{}, b.TempDir())
	content := map[string]any{"code": "1", "silent": false, "store_history": true, "user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		req := c.request(b, "execute_request", content)
		msgs := c.waitIdle(b, req)
		times = append(times, time.Since(t0))
		if r := c.reply(b); r.Header.MsgType != "execute_reply" || len(msgs) != 4 {
			b.Fatalf("got %s and %d iopub messages", r.Header.MsgType, len(msgs))
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(median(times).Microseconds()), "median-µs")
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
