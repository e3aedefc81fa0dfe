package protocol

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// Transport moves raw multipart frames between the kernel and its clients.
// Implementations must be safe for concurrent Send calls.
type Transport interface {
	// Recv returns the next message frames from shell, control or stdin,
	// blocking until one arrives. It returns an error once closed.
	Recv() (Channel, [][]byte, error)
	// Send sends frames on a channel. For iopub the first identity frame
	// is the topic.
	Send(ch Channel, frames [][]byte) error
	// Close stops the transport.
	Close() error
}

// PushTransport is a Transport that can hand received messages to the
// kernel from its own goroutines. Run uses Serve instead of Recv when the
// transport has it, which saves a goroutine hand-off (and on a busy
// machine, a thread wake-up) per request.
type PushTransport interface {
	Transport
	// Serve calls deliver with each message received on shell, control or
	// stdin (messages of one connection in order, different connections
	// possibly at once) until the transport is closed or fails; it returns
	// why. deliver may block. Recv is not used once Serve was called.
	Serve(deliver func(ch Channel, frames [][]byte)) error
}

// CommHandler receives the data of comm_msg messages for a comm target.
// send publishes a comm_msg back to the frontend on the same comm.
type CommHandler func(send func(data any), data json.RawMessage)

// Kernel is the dispatcher: it decodes and verifies messages, drops bad and
// replayed ones, serializes shell requests through one queue while control
// stays responsive, publishes busy/idle around every request and routes
// replies to the request's channel.
type Kernel struct {
	transport Transport
	signer    *Signer
	interp    Interpreter
	history   *History
	logger    *log.Logger
	session   string

	replay *ReplayGuard
	shellQ chan *Message
	stdinQ chan *Message

	mu        sync.Mutex // guards the fields below
	execCount int
	cancel    context.CancelFunc // cancels the running cell
	comms     map[string]string  // comm id → target name
	targets   map[string]CommHandler
	shutdown  chan struct{}
	closed    bool
}

// Config configures a Kernel.
type Config struct {
	Transport   Transport
	Signer      *Signer // nil or empty key: no signing
	Interpreter Interpreter
	History     *History    // nil: history kept in memory only
	Logger      *log.Logger // nil: log.Default()
}

// New returns a kernel ready to Run.
func New(cfg Config) (*Kernel, error) {
	if cfg.Transport == nil || cfg.Interpreter == nil {
		return nil, errors.New("protocol: New needs a Transport and an Interpreter")
	}
	k := &Kernel{
		transport: cfg.Transport,
		signer:    cfg.Signer,
		interp:    cfg.Interpreter,
		history:   cfg.History,
		logger:    cfg.Logger,
		session:   NewID(),
		replay:    NewReplayGuard(0),
		shellQ:    make(chan *Message, 1024),
		stdinQ:    make(chan *Message, 16),
		comms:     map[string]string{},
		targets:   map[string]CommHandler{},
		shutdown:  make(chan struct{}),
	}
	if k.signer == nil {
		k.signer = &Signer{}
	}
	if k.logger == nil {
		k.logger = log.Default()
	}
	if k.history == nil {
		k.history = NewMemoryHistory()
	}
	return k, nil
}

// RegisterCommTarget makes comm_open for target succeed; h gets its
// comm_msg data.
func (k *Kernel) RegisterCommTarget(target string, h CommHandler) {
	k.mu.Lock()
	k.targets[target] = h
	k.mu.Unlock()
}

// Interrupt stops the running cell (and a pending input request). It is
// what interrupt_request and SIGINT do; the kernel keeps serving.
func (k *Kernel) Interrupt() {
	k.mu.Lock()
	cancel := k.cancel
	k.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	k.interp.Interrupt()
}

// Run serves requests until a shutdown_request is handled, ctx is
// cancelled or the transport fails.
func (k *Kernel) Run(ctx context.Context) error {
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	controlQ := make(chan *Message, 64)
	go k.worker(ctx, Shell, k.shellQ)
	go k.worker(ctx, Control, controlQ)
	deliver := func(ch Channel, frames [][]byte) { k.route(ch, frames, controlQ) }
	recvErr := make(chan error, 1)
	if pt, ok := k.transport.(PushTransport); ok {
		go func() { recvErr <- pt.Serve(deliver) }()
	} else {
		go func() {
			for {
				ch, frames, err := k.transport.Recv()
				if err != nil {
					recvErr <- err
					return
				}
				deliver(ch, frames)
			}
		}()
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-k.shutdown:
		return nil
	case err := <-recvErr:
		return err
	}
}

// route decodes and verifies a received message, drops bad and replayed
// ones, and queues the rest for their channel's worker.
func (k *Kernel) route(ch Channel, frames [][]byte, controlQ chan *Message) {
	m, err := Decode(frames, k.signer)
	if err != nil {
		k.logger.Printf("descent-kernel: dropped message on %s: %v", ch, err)
		return
	}
	if k.signer.Enabled() && k.replay.Seen(m.Signature) {
		k.logger.Printf("descent-kernel: dropped replayed message %s on %s", m.Header.MsgType, ch)
		return
	}
	switch ch {
	case Control:
		controlQ <- m
	case Stdin:
		select {
		case k.stdinQ <- m:
		default:
			k.logger.Printf("descent-kernel: dropped unexpected %s on stdin", m.Header.MsgType)
		}
	default:
		k.shellQ <- m
	}
}

func (k *Kernel) worker(ctx context.Context, ch Channel, q chan *Message) {
	for {
		select {
		case <-ctx.Done():
			return
		case m := <-q:
			if failedAt := k.serve(ctx, ch, m, false); !failedAt.IsZero() {
				k.abortQueued(ctx, failedAt)
			}
		}
	}
}

// serve handles one request between busy and idle. For an execute_request
// that failed with stop_on_error set, it returns the time just before the
// error reply was sent; otherwise the zero time.
func (k *Kernel) serve(ctx context.Context, ch Channel, m *Message, abort bool) (failedAt time.Time) {
	k.publishRaw(m, "status", statusBusy)
	defer k.publishRaw(m, "status", statusIdle)
	defer func() {
		// A bug in a handler must not take the user's session down.
		if r := recover(); r != nil {
			k.logger.Printf("descent-kernel: panic handling %s: %v", m.Header.MsgType, r)
			k.reply(ch, m, replyType(m.Header.MsgType), map[string]any{
				"status": "error", "ename": "KernelError", "evalue": fmt.Sprint(r), "traceback": []string{fmt.Sprint(r)},
			})
			failedAt = time.Time{}
		}
	}()
	if abort {
		k.reply(ch, m, replyType(m.Header.MsgType), map[string]any{"status": "aborted"})
		return time.Time{}
	}
	switch t := m.Header.MsgType; t {
	case "kernel_info_request":
		k.kernelInfo(ch, m)
	case "execute_request":
		return k.execute(ctx, ch, m)
	case "complete_request":
		var c struct {
			Code      string `json:"code"`
			CursorPos int    `json:"cursor_pos"`
		}
		if k.decode(m, &c) {
			r := k.interp.Complete(c.Code, c.CursorPos)
			k.reply(ch, m, "complete_reply", withStatus(r))
		}
	case "inspect_request":
		var c struct {
			Code        string `json:"code"`
			CursorPos   int    `json:"cursor_pos"`
			DetailLevel int    `json:"detail_level"`
		}
		if k.decode(m, &c) {
			r := k.interp.Inspect(c.Code, c.CursorPos, c.DetailLevel)
			k.reply(ch, m, "inspect_reply", withStatus(r))
		}
	case "is_complete_request":
		var c struct {
			Code string `json:"code"`
		}
		if k.decode(m, &c) {
			k.reply(ch, m, "is_complete_reply", k.interp.IsComplete(c.Code))
		}
	case "history_request":
		var q HistoryQuery
		if k.decode(m, &q) {
			k.reply(ch, m, "history_reply", map[string]any{"status": "ok", "history": k.history.Query(q)})
		}
	case "comm_info_request":
		k.commInfo(ch, m)
	case "comm_open", "comm_msg", "comm_close":
		k.comm(m)
	case "interrupt_request":
		k.Interrupt()
		k.reply(ch, m, "interrupt_reply", map[string]any{"status": "ok"})
	case "shutdown_request":
		var c struct {
			Restart bool `json:"restart"`
		}
		k.decode(m, &c)
		k.interp.Shutdown(c.Restart)
		k.reply(ch, m, "shutdown_reply", map[string]any{"status": "ok", "restart": c.Restart})
		k.mu.Lock()
		if !k.closed {
			k.closed = true
			close(k.shutdown)
		}
		k.mu.Unlock()
	default:
		k.logger.Printf("descent-kernel: unknown message type %q on %s", t, ch)
	}
	return time.Time{}
}

func replyType(request string) string {
	if len(request) > len("_request") && request[len(request)-len("_request"):] == "_request" {
		return request[:len(request)-len("_request")] + "_reply"
	}
	return request + "_reply"
}

func withStatus(v any) map[string]any {
	raw, _ := json.Marshal(v)
	out := map[string]any{}
	_ = json.Unmarshal(raw, &out)
	out["status"] = "ok"
	return out
}

func (k *Kernel) decode(m *Message, v any) bool {
	if err := json.Unmarshal(m.Content, v); err != nil {
		k.logger.Printf("descent-kernel: bad %s content: %v", m.Header.MsgType, err)
		return false
	}
	return true
}

func (k *Kernel) kernelInfo(ch Channel, m *Message) {
	info := withStatus(k.interp.KernelInfo())
	info["protocol_version"] = Version
	k.reply(ch, m, "kernel_info_reply", info)
}

// send encodes and sends one message, logging failures.
func (k *Kernel) send(ch Channel, msg *Message) {
	if err := k.transport.Send(ch, Encode(msg, k.signer)); err != nil {
		k.logger.Printf("descent-kernel: send %s on %s: %v", msg.Header.MsgType, ch, err)
	}
}

func (k *Kernel) reply(ch Channel, parent *Message, msgType string, content any) {
	msg, err := NewMessage(k.session, msgType, parent, content)
	if err != nil {
		k.logger.Print(err)
		return
	}
	k.send(ch, msg)
}

// publish sends an iopub message with parent as parent header.
func (k *Kernel) publish(parent *Message, msgType string, content any) {
	c, err := json.Marshal(content)
	if err != nil {
		k.logger.Printf("descent-kernel: %s content: %v", msgType, err)
		return
	}
	k.publishRaw(parent, msgType, c)
}

// The status contents, encoded once: every request publishes both.
var (
	statusBusy = json.RawMessage(`{"execution_state":"busy"}`)
	statusIdle = json.RawMessage(`{"execution_state":"idle"}`)
)

// publishRaw is publish with content already encoded.
func (k *Kernel) publishRaw(parent *Message, msgType string, content json.RawMessage) {
	msg := newMessage(k.session, msgType, parent, content)
	msg.Identities = [][]byte{[]byte(msgType)}
	k.send(IOPub, msg)
}

func (k *Kernel) execute(ctx context.Context, ch Channel, m *Message) (failedAt time.Time) {
	req := ExecuteRequest{StoreHistory: true, StopOnError: true}
	if !k.decode(m, &req) {
		return time.Time{}
	}
	if req.Silent {
		req.StoreHistory = false
	}
	k.mu.Lock()
	if req.StoreHistory {
		k.execCount++
	}
	count := k.execCount
	cellCtx, cancel := context.WithCancel(ctx)
	k.cancel = cancel
	k.mu.Unlock()
	defer func() {
		k.mu.Lock()
		k.cancel = nil
		k.mu.Unlock()
		cancel()
	}()
	req.ExecutionCount = count
	if !req.Silent {
		k.publish(m, "execute_input", executeInput{Code: req.Code, ExecutionCount: count})
	}
	if req.StoreHistory {
		if err := k.history.Append(count, req.Code); err != nil {
			k.logger.Printf("descent-kernel: history: %v", err)
		}
	}
	out := &output{k: k, parent: m, ctx: cellCtx, silent: req.Silent, allowStdin: req.AllowStdin}
	res := k.interp.Execute(cellCtx, &req, out)
	if res == nil {
		res = &ExecuteResult{}
	}
	ue := res.UserExpressions
	if ue == nil {
		ue = map[string]any{}
	}
	if res.Err != nil {
		tb := res.Err.Traceback
		if tb == nil {
			tb = []string{}
		}
		errContent := map[string]any{"ename": res.Err.Name, "evalue": res.Err.Value, "traceback": tb}
		if !req.Silent {
			k.publish(m, "error", errContent)
		}
		reply := map[string]any{"status": "error", "execution_count": count, "user_expressions": ue}
		for key, v := range errContent {
			reply[key] = v
		}
		if req.StopOnError {
			failedAt = time.Now()
		}
		k.reply(ch, m, "execute_reply", reply)
		return failedAt
	}
	if res.Data != nil && !req.Silent {
		md := res.Metadata
		if md == nil {
			md = map[string]any{}
		}
		k.publish(m, "execute_result", executeResult{ExecutionCount: count, Data: res.Data, Metadata: md})
	}
	payload := []any{}
	if res.Page != nil {
		payload = append(payload, map[string]any{"source": "page", "data": res.Page, "start": 0})
	}
	k.reply(ch, m, "execute_reply", executeReply{Status: "ok", ExecutionCount: count, UserExpressions: ue, Payload: payload})
	return time.Time{}
}

// The contents of the messages of every execution, as structs: they encode
// faster than maps.
type (
	executeInput struct {
		Code           string `json:"code"`
		ExecutionCount int    `json:"execution_count"`
	}
	executeResult struct {
		ExecutionCount int            `json:"execution_count"`
		Data           MIMEBundle     `json:"data"`
		Metadata       map[string]any `json:"metadata"`
	}
	executeReply struct {
		Status          string         `json:"status"`
		ExecutionCount  int            `json:"execution_count"`
		UserExpressions map[string]any `json:"user_expressions"`
		Payload         []any          `json:"payload"`
	}
)

// StopOnErrorWindow is how long after a failed cell (with stop_on_error)
// the kernel keeps aborting execute requests that the client sent before
// the failure (by their header date): a client that queued several cells
// sent them before it saw the error, but they may still be in flight (on a
// loaded machine, for a while: 100 ms proved too short). Requests sent
// after the failure run normally meanwhile.
const StopOnErrorWindow = 500 * time.Millisecond

// abortQueued answers with status "aborted" the execute requests already
// queued on shell when a cell failed with stop_on_error, and those arriving
// within StopOnErrorWindow that were sent before failedAt. Other requests
// run normally.
func (k *Kernel) abortQueued(ctx context.Context, failedAt time.Time) {
	for {
		select {
		case q := <-k.shellQ:
			k.serve(ctx, Shell, q, q.Header.MsgType == "execute_request")
			continue
		default:
		}
		break
	}
	timer := time.NewTimer(StopOnErrorWindow)
	defer timer.Stop()
	for {
		select {
		case q := <-k.shellQ:
			sent, err := time.Parse(time.RFC3339Nano, q.Header.Date)
			k.serve(ctx, Shell, q, q.Header.MsgType == "execute_request" && err == nil && sent.Before(failedAt))
		case <-timer.C:
			return
		case <-ctx.Done():
			return
		}
	}
}

func (k *Kernel) commInfo(ch Channel, m *Message) {
	var c struct {
		TargetName string `json:"target_name"`
	}
	k.decode(m, &c)
	comms := map[string]any{}
	k.mu.Lock()
	for id, target := range k.comms {
		if c.TargetName == "" || c.TargetName == target {
			comms[id] = map[string]string{"target_name": target}
		}
	}
	k.mu.Unlock()
	k.reply(ch, m, "comm_info_reply", map[string]any{"status": "ok", "comms": comms})
}

func (k *Kernel) comm(m *Message) {
	var c struct {
		CommID     string          `json:"comm_id"`
		TargetName string          `json:"target_name"`
		Data       json.RawMessage `json:"data"`
	}
	if !k.decode(m, &c) {
		return
	}
	k.mu.Lock()
	target, open := k.comms[c.CommID]
	var h CommHandler
	switch m.Header.MsgType {
	case "comm_open":
		var known bool
		if h, known = k.targets[c.TargetName]; known {
			k.comms[c.CommID] = c.TargetName
		}
		target, open = c.TargetName, known
	case "comm_msg":
		h = k.targets[target]
	case "comm_close":
		delete(k.comms, c.CommID)
	}
	k.mu.Unlock()
	switch m.Header.MsgType {
	case "comm_open":
		if !open {
			k.logger.Printf("descent-kernel: comm_open for unknown target %q", target)
			k.publish(m, "comm_close", map[string]any{"comm_id": c.CommID, "data": map[string]any{}})
		}
	case "comm_msg":
		if !open || h == nil {
			k.logger.Printf("descent-kernel: comm_msg for unknown comm %q", c.CommID)
			return
		}
		h(func(data any) {
			k.publish(m, "comm_msg", map[string]any{"comm_id": c.CommID, "data": data})
		}, c.Data)
	}
}

// output is the Output of one execute request.
type output struct {
	k          *Kernel
	parent     *Message
	ctx        context.Context
	silent     bool
	allowStdin bool
}

func (o *output) Stream(name, text string) {
	if o.silent || text == "" {
		return
	}
	o.k.publish(o.parent, "stream", map[string]string{"name": name, "text": text})
}

func (o *output) Display(data MIMEBundle, metadata map[string]any, displayID string, update bool) {
	if o.silent {
		return
	}
	if metadata == nil {
		metadata = map[string]any{}
	}
	content := map[string]any{"data": data, "metadata": metadata, "transient": map[string]any{}}
	if displayID != "" {
		content["transient"] = map[string]any{"display_id": displayID}
	}
	t := "display_data"
	if update {
		t = "update_display_data"
	}
	o.k.publish(o.parent, t, content)
}

func (o *output) ClearOutput(wait bool) {
	if !o.silent {
		o.k.publish(o.parent, "clear_output", map[string]bool{"wait": wait})
	}
}

// ErrStdinNotAllowed is returned by Input when the frontend does not accept
// input requests.
var ErrStdinNotAllowed = errors.New("protocol: the frontend does not allow stdin (allow_stdin is false)")

func (o *output) Input(prompt string, password bool) (string, error) {
	if !o.allowStdin {
		return "", ErrStdinNotAllowed
	}
	// Forget stale replies from an earlier, interrupted request.
	for {
		select {
		case <-o.k.stdinQ:
			continue
		default:
		}
		break
	}
	o.k.reply(Stdin, o.parent, "input_request", map[string]any{"prompt": prompt, "password": password})
	for {
		select {
		case <-o.ctx.Done():
			return "", fmt.Errorf("input interrupted: %w", o.ctx.Err())
		case r := <-o.k.stdinQ:
			if r.Header.MsgType != "input_reply" {
				continue
			}
			var c struct {
				Value string `json:"value"`
			}
			if err := json.Unmarshal(r.Content, &c); err != nil {
				return "", fmt.Errorf("protocol: bad input_reply: %w", err)
			}
			return c.Value, nil
		}
	}
}
