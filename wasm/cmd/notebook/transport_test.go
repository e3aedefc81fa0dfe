package main

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"strings"
	"testing"
	"time"

	"github.com/descentml/descent/kernel/interp"
	"github.com/descentml/descent/kernel/protocol"
	"github.com/descentml/descent/kernel/symbols/webstd"
)

// frames builds the wire frames the page sends: no signature (empty key).
func frames(t *testing.T, id, msgType string, content any) [][]byte {
	t.Helper()
	h, _ := json.Marshal(protocol.Header{MsgID: id, Session: "page", Username: "learner", Date: time.Now().UTC().Format(time.RFC3339Nano), MsgType: msgType, Version: protocol.Version})
	c, _ := json.Marshal(content)
	return [][]byte{[]byte(protocol.Delimiter), nil, h, []byte("{}"), []byte("{}"), c}
}

type sent struct {
	ch  protocol.Channel
	msg *protocol.Message
}

// TestTransportRunsTheKernel drives the kernel's dispatcher and interpreter
// through the transport the worker uses, as the page does: an execute
// request gets busy, execute_input, stream, execute_result, the reply and
// idle, all with the request as parent; state persists; complete works.
func TestTransportRunsTheKernel(t *testing.T) {
	out := make(chan sent, 256)
	tr := newChanTransport(func(ch protocol.Channel, f [][]byte) {
		m, err := protocol.Decode(f, &protocol.Signer{})
		if err != nil {
			t.Errorf("kernel sent undecodable frames on %s: %v", ch, err)
			return
		}
		out <- sent{ch, m}
	})
	in, err := interp.New(interp.Options{Stdlib: webstd.Symbols, YieldEvery: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	k, err := protocol.New(protocol.Config{Transport: tr, Interpreter: in, Logger: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go k.Run(ctx) //nolint:errcheck // stopped by cancel and Close
	defer tr.Close()

	// collect returns the messages with parent id until its idle status.
	collect := func(id string) (types []string, msgs []*protocol.Message) {
		t.Helper()
		timeout := time.After(60 * time.Second)
		for {
			select {
			case s := <-out:
				var parent protocol.Header
				json.Unmarshal(s.msg.ParentHeader, &parent) //nolint:errcheck // checked below
				if parent.MsgID != id {
					continue
				}
				types = append(types, s.ch.String()+":"+s.msg.Header.MsgType)
				msgs = append(msgs, s.msg)
				if s.msg.Header.MsgType == "status" && string(s.msg.Content) == `{"execution_state":"idle"}` {
					return types, msgs
				}
			case <-timeout:
				t.Fatalf("no idle for %s; got %v", id, types)
			}
		}
	}
	tests := []struct {
		code  string
		types []string
		want  string // content of the last iopub output
	}{
		{`x := 20`, []string{"iopub:status", "iopub:execute_input", "shell:execute_reply", "iopub:status"}, ""},
		{`import "fmt"` + "\n" + `fmt.Println("x is", x)`, []string{"iopub:status", "iopub:execute_input", "iopub:stream", "shell:execute_reply", "iopub:status"}, `"x is 20\n"`},
		{`x*2 + 2`, []string{"iopub:status", "iopub:execute_input", "iopub:execute_result", "shell:execute_reply", "iopub:status"}, `"42"`},
	}
	for i, tc := range tests {
		id := "exec" + string(rune('a'+i))
		if !tr.deliver(protocol.Shell, frames(t, id, "execute_request", map[string]any{"code": tc.code, "silent": false, "store_history": true, "allow_stdin": false, "stop_on_error": true, "user_expressions": map[string]any{}})) {
			t.Fatal("deliver refused a message")
		}
		types, msgs := collect(id)
		if len(types) != len(tc.types) {
			t.Fatalf("%q: messages %v, want %v", tc.code, types, tc.types)
		}
		for j := range types {
			if types[j] != tc.types[j] {
				t.Fatalf("%q: messages %v, want %v", tc.code, types, tc.types)
			}
		}
		if tc.want != "" {
			var c struct {
				Text string          `json:"text"`
				Data json.RawMessage `json:"data"`
			}
			json.Unmarshal(msgs[2].Content, &c) //nolint:errcheck // compared below
			got := c.Text
			if c.Data != nil {
				var d map[string]any
				json.Unmarshal(c.Data, &d) //nolint:errcheck // compared below
				got, _ = d["text/plain"].(string)
			}
			if b, _ := json.Marshal(got); string(b) != tc.want {
				t.Errorf("%q: output %s, want %s", tc.code, b, tc.want)
			}
		}
	}
	// An endless loop stops on interrupt_request and the session keeps its
	// variables. Under js/wasm nothing preempts the looping goroutine: the
	// interrupt gets through only because loops pause (Options.YieldEvery).
	go func() {
		time.Sleep(300 * time.Millisecond)
		tr.deliver(protocol.Control, frames(t, "intr", "interrupt_request", map[string]any{}))
	}()
	tr.deliver(protocol.Shell, frames(t, "loop", "execute_request", map[string]any{"code": "for {\n\tx++\n}", "silent": false, "store_history": true, "allow_stdin": false, "stop_on_error": true, "user_expressions": map[string]any{}}))
	_, msgs := collect("loop")
	var loopReply struct {
		Status string `json:"status"`
		Ename  string `json:"ename"`
	}
	json.Unmarshal(msgs[len(msgs)-2].Content, &loopReply) //nolint:errcheck // checked below
	if loopReply.Status != "error" || loopReply.Ename != "Interrupted" {
		t.Fatalf("endless loop: reply %s, want an Interrupted error", msgs[len(msgs)-2].Content)
	}
	tr.deliver(protocol.Shell, frames(t, "after", "execute_request", map[string]any{"code": "x > 20", "silent": false, "store_history": true, "allow_stdin": false, "stop_on_error": true, "user_expressions": map[string]any{}}))
	_, msgs = collect("after")
	if !strings.Contains(string(msgs[2].Content), `"text/plain":"true"`) {
		t.Errorf("after the interrupt, x > 20: %s (the loop's increments and x should be kept)", msgs[2].Content)
	}

	tr.deliver(protocol.Shell, frames(t, "comp", "complete_request", map[string]any{"code": "fmt.Pri", "cursor_pos": 7}))
	_, msgs = collect("comp")
	var reply struct {
		Status  string   `json:"status"`
		Matches []string `json:"matches"`
	}
	json.Unmarshal(msgs[1].Content, &reply) //nolint:errcheck // checked below
	if reply.Status != "ok" || len(reply.Matches) == 0 {
		t.Errorf("complete_reply %s", msgs[1].Content)
	}
}

func TestParseChannel(t *testing.T) {
	for name, want := range map[string]protocol.Channel{"shell": protocol.Shell, "control": protocol.Control, "stdin": protocol.Stdin} {
		if got, ok := parseChannel(name); !ok || got != want {
			t.Errorf("parseChannel(%q) = %v, %v", name, got, ok)
		}
	}
	if _, ok := parseChannel("iopub"); ok {
		t.Error("the page cannot send on iopub")
	}
}

func TestClosedTransport(t *testing.T) {
	tr := newChanTransport(func(protocol.Channel, [][]byte) {})
	tr.Close()
	tr.Close() // twice is fine
	if tr.deliver(protocol.Shell, nil) {
		t.Error("deliver after Close")
	}
	if _, _, err := tr.Recv(); err == nil {
		t.Error("Recv after Close")
	}
	if err := tr.Send(protocol.IOPub, nil); err == nil {
		t.Error("Send after Close")
	}
}
