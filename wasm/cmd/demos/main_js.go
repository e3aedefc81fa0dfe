//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/descentml/descent/wasm/demo"
)

func main() {
	// The session is the program's only mutable state, owned by main.
	var s demo.Session
	js.Global().Set("descentCall", newCall(&s))
	if ready := js.Global().Get("descentReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}

// newCall wraps s.Call as a JavaScript function.
func newCall(s *demo.Session) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeString {
			return []any{`{"error":"descentCall wants one JSON string"}`, js.Global().Get("Uint8Array").New(0)}
		}
		resp, bulk := s.Call([]byte(args[0].String()))
		b := float32Bytes(bulk)
		arr := js.Global().Get("Uint8Array").New(len(b))
		js.CopyBytesToJS(arr, b)
		return []any{string(resp), arr}
	})
}
