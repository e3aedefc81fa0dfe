//go:build js && wasm

package main

import (
	"context"
	"log"
	"syscall/js"
	"time"

	"github.com/descentml/descent/kernel/interp"
	"github.com/descentml/descent/kernel/protocol"
	"github.com/descentml/descent/kernel/symbols/webstd"
)

func main() {
	logger := log.New(consoleWriter{}, "descent-kernel: ", 0)
	recv := js.Global().Get("descentKernelRecv")
	t := newChanTransport(func(ch protocol.Channel, frames [][]byte) {
		arr := make([]any, len(frames))
		for i, f := range frames {
			arr[i] = string(f)
		}
		recv.Invoke(ch.String(), arr)
	})
	// Browser cells import the standard-library subset of webstd (the whole
	// library would not fit the download budget); loops pause every 100 ms
	// so that an interrupt reaches the kernel during a busy cell.
	in, err := interp.New(interp.Options{Stdlib: webstd.Symbols, YieldEvery: 100 * time.Millisecond})
	if err != nil {
		fatal("interpreter: " + err.Error())
		return
	}
	k, err := protocol.New(protocol.Config{Transport: t, Interpreter: in, Logger: logger})
	if err != nil {
		fatal("kernel: " + err.Error())
		return
	}
	js.Global().Set("descentKernelSend", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 2 || args[0].Type() != js.TypeString || args[1].Type() != js.TypeObject {
			return "descentKernelSend wants (channel, frames)"
		}
		ch, ok := parseChannel(args[0].String())
		if !ok {
			return "unknown channel " + args[0].String()
		}
		n := args[1].Length()
		frames := make([][]byte, n)
		for i := range n {
			frames[i] = []byte(args[1].Index(i).String())
		}
		if !t.deliver(ch, frames) {
			return "kernel queue full or closed"
		}
		return nil
	}))
	if ready := js.Global().Get("descentReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	err = k.Run(context.Background())
	if err != nil {
		logger.Printf("stopped: %v", err)
	}
	if done := js.Global().Get("descentKernelExit"); done.Type() == js.TypeFunction {
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		done.Invoke(msg)
	}
}

// fatal tells the page that the kernel cannot start.
func fatal(msg string) {
	if f := js.Global().Get("descentFatal"); f.Type() == js.TypeFunction {
		f.Invoke(msg)
	}
}

// consoleWriter sends the kernel's log to the browser console.
type consoleWriter struct{}

func (consoleWriter) Write(p []byte) (int, error) {
	js.Global().Get("console").Call("warn", string(p))
	return len(p), nil
}
