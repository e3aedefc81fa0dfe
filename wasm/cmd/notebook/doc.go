// Command notebook is the WebAssembly program behind the browser notebook
// page (GOOS=js GOARCH=wasm): the Go kernel's dispatcher (kernel/protocol)
// and interpreter (kernel/interp) behind a JavaScript transport, running in
// a Web Worker (wasm/site/static/notebook-worker.js).
//
// The transport speaks the kernel's wire format with signing disabled (an
// empty key, as in a connection file without one). It registers
//
//	globalThis.descentKernelSend(channel, frames)
//
// where channel is "shell", "control" or "stdin" and frames is an array of
// strings (identities, "<IDS|MSG>", signature, header, parent header,
// metadata, content), and calls
//
//	globalThis.descentKernelRecv(channel, frames)
//
// for every message the kernel sends (channel "iopub" for published ones).
// When the kernel is ready it calls globalThis.descentReady() if it exists.
//
// Built for any other platform, the command only says how to build it.
package main
