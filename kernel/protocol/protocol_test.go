package protocol

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log"
	"strings"
	"sync"
	"testing"
	"time"
)

// queueTransport is an in-memory Transport: tests push frames in and read
// what the kernel sent.
type queueTransport struct {
	in     chan queued
	mu     sync.Mutex
	sent   []queued
	notify chan struct{}
	closed chan struct{}
}

type queued struct {
	ch     Channel
	frames [][]byte
}

func newQueueTransport() *queueTransport {
	return &queueTransport{in: make(chan queued, 64), notify: make(chan struct{}, 1024), closed: make(chan struct{})}
}

func (q *queueTransport) Recv() (Channel, [][]byte, error) {
	select {
	case m := <-q.in:
		return m.ch, m.frames, nil
	case <-q.closed:
		return 0, nil, io.EOF
	}
}

func (q *queueTransport) Send(ch Channel, frames [][]byte) error {
	q.mu.Lock()
	q.sent = append(q.sent, queued{ch, frames})
	q.mu.Unlock()
	select {
	case q.notify <- struct{}{}:
	default:
	}
	return nil
}

func (q *queueTransport) Close() error { close(q.closed); return nil }

// waitFor returns the first sent message (decoded) matching pred, waiting
// up to 5 s.
func (q *queueTransport) waitFor(t *testing.T, s *Signer, pred func(Channel, *Message) bool) (Channel, *Message) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		q.mu.Lock()
		for _, m := range q.sent {
			msg, err := Decode(m.frames, s)
			if err != nil {
				q.mu.Unlock()
				t.Fatalf("kernel sent an undecodable message: %v", err)
			}
			if pred(m.ch, msg) {
				q.mu.Unlock()
				return m.ch, msg
			}
		}
		q.mu.Unlock()
		select {
		case <-q.notify:
		case <-time.After(10 * time.Millisecond):
		case <-deadline:
			t.Fatal("timed out waiting for a kernel message")
		}
	}
}

func (q *queueTransport) all(t *testing.T, s *Signer) []queued {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]queued(nil), q.sent...)
}

// fakeInterp records calls; a cell "block" blocks until interrupted, a cell
// "fail" fails.
type fakeInterp struct {
	mu       sync.Mutex
	executed []string
}

func (f *fakeInterp) KernelInfo() KernelInfo {
	return KernelInfo{Implementation: "fake", LanguageInfo: LanguageInfo{Name: "go", FileExtension: ".go"}}
}

func (f *fakeInterp) Execute(ctx context.Context, req *ExecuteRequest, out Output) *ExecuteResult {
	f.mu.Lock()
	f.executed = append(f.executed, req.Code)
	f.mu.Unlock()
	switch req.Code {
	case "block":
		<-ctx.Done()
		return &ExecuteResult{Err: &Error{Name: "Interrupted", Value: "interrupted"}}
	case "fail":
		return &ExecuteResult{Err: &Error{Name: "E", Value: "failed", Traceback: []string{"tb"}}}
	case "crash":
		panic("interpreter bug")
	case "quiet":
		return &ExecuteResult{Data: MIMEBundle{"text/plain": "42"}}
	case "input":
		s, err := out.Input("name? ", true)
		if err != nil {
			return &ExecuteResult{Err: &Error{Name: "E", Value: err.Error()}}
		}
		return &ExecuteResult{Data: MIMEBundle{"text/plain": s}}
	}
	out.Stream("stdout", "ran "+req.Code)
	return &ExecuteResult{Data: MIMEBundle{"text/plain": "42"}}
}

func (f *fakeInterp) Complete(code string, cursor int) CompleteReply {
	return CompleteReply{Matches: []string{"x"}, CursorStart: 0, CursorEnd: cursor}
}
func (f *fakeInterp) Inspect(code string, cursor, detail int) InspectReply {
	return InspectReply{Found: false, Data: MIMEBundle{}}
}
func (f *fakeInterp) IsComplete(code string) IsCompleteReply {
	return IsCompleteReply{Status: "complete"}
}
func (f *fakeInterp) Interrupt()    {}
func (f *fakeInterp) Shutdown(bool) {}

func (f *fakeInterp) codes() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.executed...)
}

type harness struct {
	t      *testing.T
	tr     *queueTransport
	signer *Signer
	interp *fakeInterp
	k      *Kernel
	logs   *bytes.Buffer
	done   chan error
	logMu  *sync.Mutex
}

type syncWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	s, err := NewSigner("hmac-sha256", []byte("secret-key"))
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, tr: newQueueTransport(), signer: s, interp: &fakeInterp{}, logs: &bytes.Buffer{}, done: make(chan error, 1), logMu: &sync.Mutex{}}
	h.k, err = New(Config{Transport: h.tr, Signer: s, Interpreter: h.interp, Logger: log.New(syncWriter{h.logMu, h.logs}, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	go func() { h.done <- h.k.Run(context.Background()) }()
	t.Cleanup(func() { h.tr.Close() })
	return h
}

func (h *harness) logText() string {
	h.logMu.Lock()
	defer h.logMu.Unlock()
	return h.logs.String()
}

// request builds signed frames of a client request.
func (h *harness) request(msgType string, content any) (*Message, [][]byte) {
	m, err := NewMessage("client-session", msgType, nil, content)
	if err != nil {
		h.t.Fatal(err)
	}
	m.Identities = [][]byte{[]byte("client-id")}
	return m, Encode(m, h.signer)
}

func (h *harness) send(ch Channel, frames [][]byte) { h.tr.in <- queued{ch, frames} }

func (h *harness) replyTo(m *Message) (Channel, *Message) {
	return h.tr.waitFor(h.t, h.signer, func(ch Channel, r *Message) bool {
		return ch != IOPub && strings.HasSuffix(r.Header.MsgType, "_reply") && bytes.Equal(r.ParentHeader, m.RawHeader)
	})
}

func TestSignRoundTrip(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", []byte("k"))
	m, _ := NewMessage("sess", "execute_request", nil, map[string]string{"code": "1"})
	m.Identities = [][]byte{[]byte("id")}
	m.Buffers = [][]byte{[]byte("buf")}
	frames := Encode(m, s)
	got, err := Decode(frames, s)
	if err != nil {
		t.Fatal(err)
	}
	if got.Header != m.Header || string(got.Content) != string(m.Content) || string(got.Identities[0]) != "id" || string(got.Buffers[0]) != "buf" {
		t.Fatalf("round trip changed the message: %+v", got)
	}
	tests := []struct {
		name   string
		mutate func([][]byte)
		want   error
	}{
		{"forged content", func(f [][]byte) { f[6] = []byte(`{"code":"rm -rf"}`) }, ErrBadSignature},
		{"missing signature", func(f [][]byte) { f[2] = nil }, ErrBadSignature},
		{"garbage signature", func(f [][]byte) { f[2] = []byte("zz") }, ErrBadSignature},
		{"no delimiter", func(f [][]byte) { f[1] = []byte("x") }, ErrNoDelimiter},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := Encode(m, s)
			tc.mutate(f)
			if _, err := Decode(f, s); !errors.Is(err, tc.want) {
				t.Fatalf("Decode: %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := Decode(frames[:5], s); !errors.Is(err, ErrShortMessage) {
		t.Fatalf("short message: %v", err)
	}
	if _, err := NewSigner("hmac-md5", nil); err == nil {
		t.Fatal("unsupported scheme accepted")
	}
}

// TestHeaderEncoding checks the hand-written header encoding against
// json.Marshal, including message types that need escaping.
func TestHeaderEncoding(t *testing.T) {
	for _, msgType := range []string{"execute_reply", "status", `we"ird\type`, "<script>&", "ctl\x01\n", "ünïcode_reply"} {
		t.Run(msgType, func(t *testing.T) {
			m, err := NewMessage(NewID(), msgType, nil, map[string]int{"n": 1})
			if err != nil {
				t.Fatal(err)
			}
			want, err := json.Marshal(m.Header)
			if err != nil {
				t.Fatal(err)
			}
			if string(m.RawHeader) != string(want) {
				t.Fatalf("header\n got %s\nwant %s", m.RawHeader, want)
			}
			if _, err := time.Parse(time.RFC3339Nano, m.Header.Date); err != nil {
				t.Fatalf("date %q: %v", m.Header.Date, err)
			}
		})
	}
}

// TestSignerConcurrent signs from many goroutines at once (the shell and
// control workers and the stream flusher do): every signature must equal
// a fresh HMAC's.
func TestSignerConcurrent(t *testing.T) {
	key := []byte("secret-key")
	s, err := NewSigner("hmac-sha256", key)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				content := []byte(strings.Repeat("c", g*i))
				mac := hmac.New(sha256.New, key)
				for _, p := range [][]byte{[]byte("h"), []byte("p"), []byte("{}"), content} {
					mac.Write(p)
				}
				want := hex.EncodeToString(mac.Sum(nil))
				if got := s.Sign([]byte("h"), []byte("p"), []byte("{}"), content); got != want {
					errs <- got + " != " + want
					return
				}
				if !s.Verify(want, []byte("h"), []byte("p"), []byte("{}"), content) {
					errs <- "Verify rejected a good signature"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

func TestExecuteBusyIdleAndParentHeader(t *testing.T) {
	h := newHarness(t)
	req, frames := h.request("execute_request", map[string]any{"code": "1", "silent": false, "store_history": true})
	h.send(Shell, frames)
	ch, reply := h.replyTo(req)
	if ch != Shell || reply.Header.MsgType != "execute_reply" {
		t.Fatalf("reply %s on %s", reply.Header.MsgType, ch)
	}
	if string(reply.ParentHeader) != string(req.RawHeader) {
		t.Fatalf("parent header %s, want the request's bytes %s", reply.ParentHeader, req.RawHeader)
	}
	if string(reply.Identities[0]) != "client-id" {
		t.Fatalf("reply not routed to the client: %q", reply.Identities)
	}
	var types []string
	h.tr.waitFor(t, h.signer, func(ch Channel, m *Message) bool {
		return ch == IOPub && strings.Contains(string(m.Content), "idle")
	})
	for _, q := range h.tr.all(t, h.signer) {
		m, _ := Decode(q.frames, h.signer)
		if q.ch == IOPub {
			if !bytes.Equal(m.ParentHeader, req.RawHeader) {
				t.Errorf("iopub %s without the request as parent", m.Header.MsgType)
			}
			st := ""
			if m.Header.MsgType == "status" {
				var c struct {
					ExecutionState string `json:"execution_state"`
				}
				json.Unmarshal(m.Content, &c)
				st = ":" + c.ExecutionState
			}
			types = append(types, m.Header.MsgType+st)
		}
	}
	want := "status:busy execute_input stream execute_result status:idle"
	if strings.Join(types, " ") != want {
		t.Fatalf("iopub sequence %q, want %q", strings.Join(types, " "), want)
	}
}

func TestForgedAndReplayedMessagesAreDropped(t *testing.T) {
	h := newHarness(t)
	// Forged: signed with another key.
	other, _ := NewSigner("hmac-sha256", []byte("wrong"))
	forged, _ := NewMessage("s", "execute_request", nil, map[string]any{"code": "forged"})
	forged.Identities = [][]byte{[]byte("evil")}
	h.send(Shell, Encode(forged, other))
	// Unsigned.
	unsigned := Encode(forged, &Signer{})
	h.send(Shell, unsigned)
	// A valid request, then the same frames replayed.
	req, frames := h.request("execute_request", map[string]any{"code": "once"})
	h.send(Shell, frames)
	h.replyTo(req)
	h.send(Shell, frames)
	// The kernel still serves.
	req2, frames2 := h.request("execute_request", map[string]any{"code": "after"})
	h.send(Shell, frames2)
	h.replyTo(req2)
	if got := strings.Join(h.interp.codes(), ","); got != "once,after" {
		t.Fatalf("executed %q, want only once,after", got)
	}
	logs := h.logText()
	if strings.Count(logs, "bad or missing signature") != 2 || !strings.Contains(logs, "replayed") {
		t.Fatalf("drops not logged: %s", logs)
	}
}

// pushTransport is a queueTransport that delivers through Serve, from
// several goroutines at once, as the ZeroMQ transport does (one per
// client connection).
type pushTransport struct{ *queueTransport }

func (p pushTransport) Recv() (Channel, [][]byte, error) {
	return 0, nil, errors.New("Recv used on a PushTransport")
}

func (p pushTransport) Serve(deliver func(Channel, [][]byte)) error {
	for range 4 {
		go func() {
			for {
				select {
				case m := <-p.in:
					deliver(m.ch, m.frames)
				case <-p.closed:
					return
				}
			}
		}()
	}
	<-p.closed
	return io.EOF
}

// TestPushTransportDropsReplaysDeliveredAtOnce delivers one signed request
// eight times from concurrent goroutines through a PushTransport: it runs
// exactly once, and a forged one never.
func TestPushTransportDropsReplaysDeliveredAtOnce(t *testing.T) {
	h := newHarness(t) // for its signer, interpreter and log; its own kernel idles
	tr := pushTransport{newQueueTransport()}
	k, err := New(Config{Transport: tr, Signer: h.signer, Interpreter: h.interp, Logger: log.New(syncWriter{h.logMu, h.logs}, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	go k.Run(context.Background())
	defer tr.Close()
	req, frames := h.request("execute_request", map[string]any{"code": "once"})
	other, _ := NewSigner("hmac-sha256", []byte("wrong"))
	forged, _ := NewMessage("s", "execute_request", nil, map[string]any{"code": "forged"})
	forged.Identities = [][]byte{[]byte("evil")}
	tr.in <- queued{Shell, Encode(forged, other)}
	for range 8 {
		tr.in <- queued{Shell, frames}
	}
	tr.waitFor(t, h.signer, func(ch Channel, r *Message) bool {
		return ch == Shell && r.Header.MsgType == "execute_reply" && bytes.Equal(r.ParentHeader, req.RawHeader)
	})
	req2, frames2 := h.request("execute_request", map[string]any{"code": "after"})
	tr.in <- queued{Shell, frames2}
	tr.waitFor(t, h.signer, func(ch Channel, r *Message) bool {
		return ch == Shell && r.Header.MsgType == "execute_reply" && bytes.Equal(r.ParentHeader, req2.RawHeader)
	})
	if got := strings.Join(h.interp.codes(), ","); got != "once,after" {
		t.Fatalf("executed %q, want once,after", got)
	}
	// The replays are dropped as they are delivered, concurrently with the
	// requests: their log lines may come after the last reply.
	deadline := time.Now().Add(5 * time.Second)
	for strings.Count(h.logText(), "replayed") < 7 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := strings.Count(h.logText(), "replayed"); n != 7 {
		t.Fatalf("%d replays logged, want 7", n)
	}
}

func TestControlRepliesOnControlAndInterruptsWhileBusy(t *testing.T) {
	h := newHarness(t)
	blocked, frames := h.request("execute_request", map[string]any{"code": "block"})
	h.send(Shell, frames)
	time.Sleep(50 * time.Millisecond)
	// kernel_info on control is answered while shell is busy.
	info, frames := h.request("kernel_info_request", map[string]any{})
	h.send(Control, frames)
	ch, reply := h.replyTo(info)
	if ch != Control || reply.Header.MsgType != "kernel_info_reply" {
		t.Fatalf("kernel_info on control answered with %s on %s", reply.Header.MsgType, ch)
	}
	var ki map[string]any
	json.Unmarshal(reply.Content, &ki)
	if ki["protocol_version"] != Version || ki["status"] != "ok" {
		t.Fatalf("kernel_info_reply %v", ki)
	}
	intr, frames := h.request("interrupt_request", map[string]any{})
	h.send(Control, frames)
	if ch, _ := h.replyTo(intr); ch != Control {
		t.Fatalf("interrupt_reply on %s", ch)
	}
	_, r := h.replyTo(blocked)
	var c map[string]any
	json.Unmarshal(r.Content, &c)
	if c["status"] != "error" || c["ename"] != "Interrupted" {
		t.Fatalf("interrupted cell replied %v", c)
	}
}

func TestStopOnErrorAbortsQueuedExecutes(t *testing.T) {
	h := newHarness(t)
	fail, f1 := h.request("execute_request", map[string]any{"code": "fail", "stop_on_error": true})
	next, f2 := h.request("execute_request", map[string]any{"code": "next"})
	h.send(Shell, f1)
	h.send(Shell, f2)
	_, r1 := h.replyTo(fail)
	_, r2 := h.replyTo(next)
	if !strings.Contains(string(r1.Content), `"status":"error"`) || !strings.Contains(string(r2.Content), `"status":"aborted"`) {
		t.Fatalf("replies %s / %s", r1.Content, r2.Content)
	}
	time.Sleep(2 * StopOnErrorWindow)
	later, f3 := h.request("execute_request", map[string]any{"code": "later"})
	h.send(Shell, f3)
	_, r3 := h.replyTo(later)
	if !strings.Contains(string(r3.Content), `"status":"ok"`) {
		t.Fatalf("request after the window: %s", r3.Content)
	}
}

func TestInputRequestOnStdin(t *testing.T) {
	h := newHarness(t)
	req, frames := h.request("execute_request", map[string]any{"code": "input", "allow_stdin": true})
	h.send(Shell, frames)
	ch, ir := h.tr.waitFor(t, h.signer, func(ch Channel, m *Message) bool { return m.Header.MsgType == "input_request" })
	if ch != Stdin || string(ir.Identities[0]) != "client-id" || !strings.Contains(string(ir.Content), `"password":true`) {
		t.Fatalf("input_request on %s: %s", ch, ir.Content)
	}
	rep, _ := NewMessage("client-session", "input_reply", ir, map[string]string{"value": "Ada"})
	h.send(Stdin, Encode(rep, h.signer))
	_, r := h.replyTo(req)
	if !strings.Contains(string(r.Content), `"status":"ok"`) {
		t.Fatalf("reply %s", r.Content)
	}
	h.tr.waitFor(t, h.signer, func(ch Channel, m *Message) bool {
		return m.Header.MsgType == "execute_result" && strings.Contains(string(m.Content), "Ada")
	})
	// Without allow_stdin the cell gets an error instead of hanging.
	req2, frames2 := h.request("execute_request", map[string]any{"code": "input", "allow_stdin": false})
	h.send(Shell, frames2)
	_, r2 := h.replyTo(req2)
	if !strings.Contains(string(r2.Content), "allow_stdin") {
		t.Fatalf("reply %s", r2.Content)
	}
}

func TestShutdownEndsRun(t *testing.T) {
	h := newHarness(t)
	req, frames := h.request("shutdown_request", map[string]any{"restart": true})
	h.send(Control, frames)
	_, r := h.replyTo(req)
	if !strings.Contains(string(r.Content), `"restart":true`) {
		t.Fatalf("shutdown_reply %s", r.Content)
	}
	select {
	case err := <-h.done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after shutdown")
	}
}

func TestHistory(t *testing.T) {
	path := t.TempDir() + "/h/history.jsonl"
	h, err := OpenHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, code := range []string{"a := 1", "b := 2", "a := 1", "fmt.Println(a)"} {
		if err := h.Append(i+1, code); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	if err := h.Append(5, "after close"); err == nil {
		t.Error("Append after Close reported no error")
	}
	h2, err := OpenHistory(path) // a restart
	if err != nil {
		t.Fatal(err)
	}
	defer h2.Close()
	h2.Append(1, "c := 3")
	if h2.Session() != h.Session()+1 {
		t.Fatalf("sessions %d then %d", h.Session(), h2.Session())
	}
	inputs := func(rows [][]any) string {
		var s []string
		for _, r := range rows {
			s = append(s, r[2].(string))
		}
		return strings.Join(s, "|")
	}
	tests := []struct {
		q    HistoryQuery
		want string
	}{
		{HistoryQuery{HistAccessType: "tail", N: 2}, "fmt.Println(a)|c := 3"},
		{HistoryQuery{HistAccessType: "tail", N: 10, Unique: true}, "b := 2|a := 1|fmt.Println(a)|c := 3"},
		{HistoryQuery{HistAccessType: "range", Session: h.Session(), Start: 2, Stop: 4}, "b := 2|a := 1"},
		{HistoryQuery{HistAccessType: "range", Session: 0, Start: 1}, "c := 3"},
		{HistoryQuery{HistAccessType: "range", Session: -1, Start: 4, Stop: 5}, "fmt.Println(a)"},
		{HistoryQuery{HistAccessType: "search", Pattern: "a :=*"}, "a := 1|a := 1"},
		{HistoryQuery{HistAccessType: "search", Pattern: "a :=*", Unique: true}, "a := 1"},
		{HistoryQuery{HistAccessType: "search", Pattern: "*(a)", N: 1}, "fmt.Println(a)"},
	}
	for _, tc := range tests {
		if got := inputs(h2.Query(tc.q)); got != tc.want {
			t.Errorf("%+v: got %q, want %q", tc.q, got, tc.want)
		}
	}
	if rows := h2.Query(HistoryQuery{HistAccessType: "tail", N: 1, Output: true}); len(rows[0][2].([]any)) != 2 {
		t.Errorf("output=true rows %v", rows)
	}
}

func TestCommsAndUnknownMessages(t *testing.T) {
	h := newHarness(t)
	h.k.RegisterCommTarget("echo", func(send func(any), data json.RawMessage) { send(data) })
	_, f := h.request("comm_open", map[string]any{"comm_id": "c1", "target_name": "echo", "data": map[string]any{}})
	h.send(Shell, f)
	info, f := h.request("comm_info_request", map[string]any{})
	h.send(Shell, f)
	_, r := h.replyTo(info)
	if !strings.Contains(string(r.Content), `"c1":{"target_name":"echo"}`) {
		t.Fatalf("comm_info_reply %s", r.Content)
	}
	_, f = h.request("comm_msg", map[string]any{"comm_id": "c1", "data": map[string]int{"v": 7}})
	h.send(Shell, f)
	h.tr.waitFor(t, h.signer, func(ch Channel, m *Message) bool {
		return ch == IOPub && m.Header.MsgType == "comm_msg" && strings.Contains(string(m.Content), `"v":7`)
	})
	_, f = h.request("comm_open", map[string]any{"comm_id": "c2", "target_name": "unknown", "data": map[string]any{}})
	h.send(Shell, f)
	h.tr.waitFor(t, h.signer, func(ch Channel, m *Message) bool {
		return ch == IOPub && m.Header.MsgType == "comm_close" && strings.Contains(string(m.Content), "c2")
	})
	_, f = h.request("no_such_request", map[string]any{})
	h.send(Shell, f)
	ok, f := h.request("is_complete_request", map[string]any{"code": "x"})
	h.send(Shell, f)
	if _, r := h.replyTo(ok); !strings.Contains(string(r.Content), "complete") {
		t.Fatalf("is_complete_reply %s", r.Content)
	}
}

// FuzzDecode checks that no input makes the wire decoder panic and that
// whatever it accepts re-encodes to an equally valid message.
func FuzzDecode(f *testing.F) {
	s, _ := NewSigner("hmac-sha256", []byte("fuzz-key"))
	m, _ := NewMessage("sess", "execute_request", nil, map[string]string{"code": "1+1"})
	m.Identities = [][]byte{[]byte("id")}
	f.Add(bytes.Join(Encode(m, s), []byte{0}))
	f.Add([]byte("<IDS|MSG>\x00\x00{}\x00{}\x00{}\x00{}"))
	f.Add([]byte("id\x00<IDS|MSG>\x00bad\x00{\"msg_type\":1}\x00{}\x00{}\x00{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		frames := bytes.Split(data, []byte{0})
		for _, signer := range []*Signer{s, {}} {
			msg, err := Decode(frames, signer)
			if err != nil {
				continue
			}
			again, err := Decode(Encode(msg, signer), signer)
			if err != nil {
				t.Fatalf("re-encoded message does not decode: %v", err)
			}
			if again.Header != msg.Header {
				t.Fatalf("header changed: %+v vs %+v", again.Header, msg.Header)
			}
		}
	})
}

func TestHandlerPanicKeepsKernelServing(t *testing.T) {
	h := newHarness(t)
	crash, f := h.request("execute_request", map[string]any{"code": "crash", "stop_on_error": false})
	h.send(Shell, f)
	_, r := h.replyTo(crash)
	if !strings.Contains(string(r.Content), `"status":"error"`) || !strings.Contains(string(r.Content), "interpreter bug") {
		t.Fatalf("reply to a crashing handler: %s", r.Content)
	}
	next, f := h.request("execute_request", map[string]any{"code": "next"})
	h.send(Shell, f)
	if _, r := h.replyTo(next); !strings.Contains(string(r.Content), `"status":"ok"`) {
		t.Fatalf("kernel not serving after a handler panic: %s", r.Content)
	}
}
