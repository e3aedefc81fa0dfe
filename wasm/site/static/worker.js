// The Web Worker that runs the descent core compiled to WebAssembly, so that
// training never freezes the page. Messages in: {id, req} (req is a JSON
// string for descentCall, see wasm/cmd/demos). Messages out: {id, json, buf}
// with buf the bulk float32 data (an ArrayBuffer, transferred, not copied),
// or {fatal} if the wasm cannot start.
importScripts('wasm_exec.js');

let markReady;
const ready = new Promise((resolve) => { markReady = resolve; });
self.descentReady = () => markReady();

const go = new Go();
WebAssembly.instantiateStreaming(fetch('demos.wasm'), go.importObject)
  .then((res) => { go.run(res.instance); })
  .catch((err) => { self.postMessage({ fatal: 'cannot start demos.wasm: ' + err }); });

self.onmessage = async (e) => {
  await ready;
  const { id, req } = e.data;
  try {
    const out = self.descentCall(req);
    const bytes = out[1];
    self.postMessage({ id, json: out[0], buf: bytes.buffer }, [bytes.buffer]);
  } catch (err) {
    self.postMessage({ id, json: JSON.stringify({ error: 'wasm call failed: ' + err }), buf: new ArrayBuffer(0) });
  }
};
