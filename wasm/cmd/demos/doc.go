// Command demos is the WebAssembly program behind the browser demos
// (GOOS=js GOARCH=wasm). It registers one JavaScript function,
//
//	globalThis.descentCall(requestJSON) → [responseJSON, Uint8Array]
//
// which hands the request to a demo.Session and returns its JSON response
// and the bulk float32 data as raw little-endian bytes (one copy, one call:
// wrap them with new Float32Array(bytes.buffer)). When the function is ready
// it calls globalThis.descentReady() if that exists. It runs inside a Web
// Worker (wasm/site/static/worker.js), so a long step never freezes the page.
//
// Built for any other platform, the command only says how to build it.
package main
