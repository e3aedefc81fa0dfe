// The Web Worker of the notebook page: the Go kernel (kernel/protocol's
// dispatcher and kernel/interp's interpreter, compiled to notebook.wasm)
// behind a JavaScript transport. Messages in: {channel, frames} with channel
// "shell", "control" or "stdin" and frames the wire frames of a Jupyter
// message (strings). Messages out: {channel, frames} for every message the
// kernel sends ("iopub" for published ones), {ready, ms} once the kernel
// serves, {fatal} if it cannot start, {exit} when it stops.
importScripts('notebook-fs.js', 'wasm_exec.js');

const t0 = performance.now();
const queue = [];
let ready = false;
self.descentKernelRecv = (channel, frames) => self.postMessage({ channel, frames });
self.descentFatal = (msg) => self.postMessage({ fatal: msg });
self.descentKernelExit = (msg) => self.postMessage({ exit: msg || 'the kernel stopped' });
self.descentReady = () => {
  ready = true;
  self.postMessage({ ready: true, ms: Math.round(performance.now() - t0), times: self.descentTimes });
  // Deliver what arrived while the kernel started, after this callback.
  setTimeout(() => { while (queue.length) send(queue.shift()); }, 0);
};

function send(m) {
  const err = self.descentKernelSend(m.channel, m.frames);
  if (err) self.postMessage({ fatal: 'kernel transport: ' + err });
}

self.onmessage = (e) => {
  if (ready) send(e.data); else queue.push(e.data);
};

// notebook.wasm.gz is the interpreter compressed at build time (gzip -9),
// so that any static host serves 6 MB instead of 26 MB without compressing
// on the fly; a host that adds Content-Encoding: gzip itself is fine too.
// A server that serves it as notebook.wasm with Content-Encoding: gzip
// (descent serve does) lets the browser compile while downloading, and
// keep the compiled code for the next visit.
async function load(go) {
  if (WebAssembly.instantiateStreaming) {
    try {
      const r = await fetch('notebook.wasm');
      if (r.ok && (r.headers.get('Content-Type') || '').startsWith('application/wasm')) {
        self.descentTimes.streaming = true;
        return await WebAssembly.instantiateStreaming(r, go.importObject);
      }
    } catch (err) { /* the host has only notebook.wasm.gz: below */ }
  }
  const r = await fetch('notebook.wasm.gz');
  if (!r.ok) throw new Error('HTTP ' + r.status);
  let bytes = new Uint8Array(await r.arrayBuffer());
  self.descentTimes.fetched = Math.round(performance.now() - t0);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    bytes = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
    self.descentTimes.unzipped = Math.round(performance.now() - t0);
  }
  return WebAssembly.instantiate(bytes, go.importObject);
}

const go = new Go();
self.descentTimes = {};
load(go)
  .then((res) => { self.descentTimes.instantiated = Math.round(performance.now() - t0); go.run(res.instance); })
  .catch((err) => self.postMessage({ fatal: 'cannot start notebook.wasm.gz: ' + err }));
