package protocol

import (
	"context"
	"io"
	"log"
	"path/filepath"
	"testing"
)

// idleTransport hands the kernel one request at a time and signals when
// the idle status of that request has been sent.
type idleTransport struct {
	in    chan queued
	idle  chan struct{}
	sent  int
	close chan struct{}
}

func (t *idleTransport) Recv() (Channel, [][]byte, error) {
	select {
	case m := <-t.in:
		return m.ch, m.frames, nil
	case <-t.close:
		return 0, nil, io.EOF
	}
}

func (t *idleTransport) Send(ch Channel, frames [][]byte) error {
	t.sent++
	// The idle status is the last message of a request.
	if ch == IOPub && string(frames[0]) == "status" && string(frames[len(frames)-1]) == `{"execution_state":"idle"}` {
		t.idle <- struct{}{}
	}
	return nil
}

func (t *idleTransport) Close() error { close(t.close); return nil }

// BenchmarkExecuteDispatch is the dispatcher's own cost for a trivial
// cell: decoding and verifying the request, busy, execute_input, history,
// execute_result, execute_reply and idle, each encoded and signed, with an
// interpreter that answers at once and a transport that only counts.
func BenchmarkExecuteDispatch(b *testing.B) {
	s, err := NewSigner("hmac-sha256", []byte("secret-key"))
	if err != nil {
		b.Fatal(err)
	}
	hist, err := OpenHistory(filepath.Join(b.TempDir(), "history.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer hist.Close()
	tr := &idleTransport{in: make(chan queued), idle: make(chan struct{}), close: make(chan struct{})}
	defer tr.Close()
	k, err := New(Config{Transport: tr, Signer: s, Interpreter: &fakeInterp{}, History: hist, Logger: log.New(io.Discard, "", 0)})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go k.Run(ctx)
	content := map[string]any{"code": "quiet", "silent": false, "store_history": true, "user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		m, err := NewMessage("client-session", "execute_request", nil, content)
		if err != nil {
			b.Fatal(err)
		}
		m.Identities = [][]byte{[]byte("client-id")}
		tr.in <- queued{Shell, Encode(m, s)}
		<-tr.idle
	}
	b.StopTimer()
	if want := 5 * b.N; tr.sent != want {
		b.Fatalf("kernel sent %d messages, want %d", tr.sent, want)
	}
}
