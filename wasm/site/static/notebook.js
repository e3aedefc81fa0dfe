// The notebook page: open a course notebook (notebooks.json) or a .ipynb
// from disk, edit and run its Go cells on the descent kernel compiled to
// WebAssembly (notebook-worker.js), autosave to IndexedDB, download as
// .ipynb (nbformat 4.5, with outputs).
//
// The kernel speaks the Jupyter messaging protocol (5.3) over a JavaScript
// transport: the page builds execute_request, complete_request,
// interrupt_request… messages and reads iopub/shell/control replies exactly
// as a Jupyter frontend would, with an empty signing key.
//
// Scripts (and the end-to-end tests) use window.notebook: open(url),
// openText(name, text), runAll(), runCell(i), interrupt(), restart(),
// idle(), cells(), ipynb(), timing.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const md = window.descentMarkdown;
  const esc = window.descentEscape;
  const uuid = () => (crypto.randomUUID ? crypto.randomUUID().replace(/-/g, '') : Math.random().toString(16).slice(2) + Date.now().toString(16));
  const DELIM = '<IDS|MSG>';
  // Milliseconds since the page's navigation started.
  const timing = { kernelReady: null, firstOutput: null, firstReply: null, wasmStartMs: null };

  // ---------------------------------------------------------------- kernel

  class Kernel {
    constructor(onStatus) {
      this.onStatus = onStatus;
      this.session = uuid();
      this.pending = new Map(); // msg_id → {onIOPub, resolve, reject}
      this.history = []; // code of cells that ran without error, for replay
      this.start();
    }

    start() {
      this.worker = new Worker('notebook-worker.js');
      this.ready = new Promise((resolve, reject) => { this.markReady = resolve; this.markFailed = reject; });
      this.ready.catch(() => {});
      this.state = 'starting';
      this.onStatus('starting');
      this.worker.onmessage = (e) => this.message(e.data);
      this.worker.onerror = (e) => { this.fail('the kernel worker failed: ' + (e.message || e)); };
    }

    fail(msg) {
      this.state = 'dead';
      this.onStatus('dead', msg);
      this.markFailed(new Error(msg));
      for (const p of this.pending.values()) p.reject(new Error(msg));
      this.pending.clear();
    }

    message(d) {
      if (d.ready) {
        if (timing.kernelReady === null) { timing.kernelReady = Math.round(performance.now()); timing.wasmStartMs = d.ms; timing.worker = d.times; }
        this.state = 'idle';
        this.onStatus('idle');
        this.markReady();
        return;
      }
      if (d.fatal) { this.fail(d.fatal); return; }
      if (d.exit) { this.fail(d.exit); return; }
      const i = d.frames.indexOf(DELIM);
      if (i < 0) return;
      const msg = {
        channel: d.channel,
        header: JSON.parse(d.frames[i + 2]),
        parent_header: JSON.parse(d.frames[i + 3]),
        metadata: JSON.parse(d.frames[i + 4]),
        content: JSON.parse(d.frames[i + 5]),
      };
      const p = this.pending.get(msg.parent_header.msg_id);
      if (msg.channel === 'iopub') {
        if (msg.header.msg_type === 'status') {
          this.state = msg.content.execution_state;
          this.onStatus(this.state);
        }
        if (p && p.onIOPub) p.onIOPub(msg);
        // A request is done once its reply and its idle status arrived.
        if (p && msg.header.msg_type === 'status' && msg.content.execution_state === 'idle') { p.idle = true; this.settle(msg.parent_header.msg_id); }
        return;
      }
      if (msg.channel === 'stdin' && msg.header.msg_type === 'input_request') {
        const value = window.prompt(msg.content.prompt || 'Input:') || '';
        this.send('stdin', 'input_reply', { value }, msg.parent_header);
        return;
      }
      if (p) { p.reply = msg; this.settle(msg.parent_header.msg_id); }
    }

    settle(id) {
      const p = this.pending.get(id);
      if (p && p.reply && p.idle) {
        this.pending.delete(id);
        p.resolve(p.reply);
      }
    }

    send(channel, type, content, parent) {
      const header = { msg_id: uuid(), session: this.session, username: 'learner', date: new Date().toISOString(), msg_type: type, version: '5.3' };
      this.worker.postMessage({ channel, frames: [DELIM, '', JSON.stringify(header), JSON.stringify(parent || {}), '{}', JSON.stringify(content)] });
      return header.msg_id;
    }

    // request sends a message and resolves with its reply once the kernel
    // is idle again; onIOPub sees the request's iopub messages.
    request(channel, type, content, onIOPub) {
      return new Promise((resolve, reject) => {
        const id = this.send(channel, type, content);
        this.pending.set(id, { onIOPub, resolve, reject, reply: null, idle: false });
      });
    }

    async execute(code, onIOPub, silent) {
      await this.ready;
      const reply = await this.request('shell', 'execute_request',
        { code, silent: !!silent, store_history: !silent, user_expressions: {}, allow_stdin: true, stop_on_error: true }, onIOPub);
      if (reply.content.status === 'ok' && !silent) this.history.push(code);
      return reply;
    }

    async complete(code, cursor) {
      if (this.state !== 'idle') return null;
      const reply = await this.request('shell', 'complete_request', { code, cursor_pos: cursor });
      return reply.content;
    }

    interrupt() {
      if (this.state !== 'dead') this.send('control', 'interrupt_request', {});
    }

    terminate(why) {
      this.worker.terminate();
      for (const p of this.pending.values()) p.reject(new Error(why));
      this.pending.clear();
    }

    // restart starts a fresh interpreter; with replay, the cells that had
    // run are run again silently so that their variables exist again.
    async restart(replay) {
      const codes = replay ? this.history.slice() : [];
      this.terminate('the kernel was restarted');
      this.history = [];
      this.start();
      await this.ready;
      for (const code of codes) {
        const r = await this.execute(code, null, true);
        if (r.content.status === 'ok') this.history.push(code);
      }
      return codes.length;
    }
  }

  // ------------------------------------------------------------ notebook

  const src = (s) => (Array.isArray(s) ? s.join('') : s || '');
  const lines = (s) => {
    const parts = s.split(/(?<=\n)/);
    return parts.length === 1 && parts[0] === '' ? [] : parts;
  };

  let nb = null; // the nbformat object being edited
  let key = ''; // its IndexedDB key
  let name = 'notebook.ipynb';
  let views = []; // per cell: {el, cell, editor, out, prompt}
  let kernel;
  const queued = new Set(); // views of cells queued or running
  let runToken = 0; // bumped by interrupts and restarts to cancel run-all
  let idleWaiters = [];

  function status(state, msg) {
    const el = $('nb-status');
    el.textContent = { starting: 'kernel starting…', idle: 'kernel idle', busy: 'kernel busy', dead: 'kernel stopped' }[state] || state;
    el.className = 'kstate ' + state;
    if (msg) banner(msg, 'error');
    document.body.dataset.kernel = state;
  }

  function banner(html, kind) {
    const b = $('nb-banner');
    b.innerHTML = html;
    b.className = 'banner ' + (kind || 'info');
    b.hidden = false;
  }

  function normalize(raw) {
    if (!raw || typeof raw !== 'object' || !Array.isArray(raw.cells)) throw new Error('not a Jupyter notebook (no cells)');
    if (raw.nbformat !== 4) throw new Error('only nbformat 4 notebooks are supported (this one is ' + raw.nbformat + ')');
    raw.metadata = raw.metadata || {};
    raw.nbformat_minor = Math.max(raw.nbformat_minor || 0, 5);
    for (const c of raw.cells) {
      c.source = src(c.source);
      c.metadata = c.metadata || {};
      if (!c.id) c.id = uuid().slice(0, 8);
      if (c.cell_type === 'code') {
        c.outputs = c.outputs || [];
        if (c.execution_count === undefined) c.execution_count = null;
      }
    }
    return raw;
  }

  // ipynb returns the notebook as nbformat 4.5 JSON text.
  function ipynb() {
    const out = {
      cells: nb.cells.map((c) => {
        const o = { cell_type: c.cell_type, id: c.id, metadata: c.metadata, source: lines(c.source) };
        if (c.cell_type === 'code') {
          o.execution_count = c.execution_count;
          o.outputs = c.outputs.map((x) => {
            const y = {};
            for (const k of Object.keys(x)) if (!k.startsWith('_')) y[k] = x[k];
            if (y.text !== undefined) y.text = lines(src(y.text));
            if (y.data) {
              y.data = { ...y.data };
              for (const k of Object.keys(y.data)) if (typeof y.data[k] === 'string' && k.startsWith('text/') || k === 'image/svg+xml') y.data[k] = lines(src(y.data[k]));
            }
            return y;
          });
        }
        if (c.attachments) o.attachments = c.attachments;
        return o;
      }),
      metadata: {
        ...nb.metadata,
        kernelspec: { display_name: 'Go (descent)', language: 'go', name: 'descent' },
        language_info: { name: 'go', mimetype: 'text/x-go', file_extension: '.go', pygments_lexer: 'go', codemirror_mode: 'go' },
      },
      nbformat: 4,
      nbformat_minor: 5,
    };
    return JSON.stringify(out, null, 1) + '\n';
  }

  // ------------------------------------------------------------- storage

  const store = (() => {
    let db;
    const open = () => db || (db = new Promise((resolve, reject) => {
      const r = indexedDB.open('descent-notebooks', 1);
      r.onupgradeneeded = () => r.result.createObjectStore('notebooks');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    }));
    const tx = async (mode, f) => {
      const d = await open();
      return new Promise((resolve, reject) => {
        const t = d.transaction('notebooks', mode);
        const r = f(t.objectStore('notebooks'));
        t.oncomplete = () => resolve(r && r.result);
        t.onerror = () => reject(t.error);
      });
    };
    return {
      get: (k) => tx('readonly', (s) => s.get(k)),
      put: (k, v) => tx('readwrite', (s) => s.put(v, k)),
      del: (k) => tx('readwrite', (s) => s.delete(k)),
    };
  })();

  let saveTimer = null;
  let savePromise = Promise.resolve();
  function scheduleSave() {
    clearTimeout(saveTimer);
    $('nb-saved').textContent = 'unsaved changes';
    saveTimer = setTimeout(save, 300);
  }
  function save() {
    clearTimeout(saveTimer);
    saveTimer = null;
    if (!nb) return savePromise;
    const rec = { name, text: ipynb(), saved: Date.now() };
    savePromise = store.put(key, rec).then(() => {
      $('nb-saved').textContent = 'saved in this browser ' + new Date(rec.saved).toLocaleTimeString();
    }).catch((err) => { $('nb-saved').textContent = 'cannot save: ' + err; });
    return savePromise;
  }

  // --------------------------------------------------------------- views

  // renderMarkdown renders a Markdown cell; attachment:NAME images come
  // from the cell's attachments, as in Jupyter.
  function renderMarkdown(v) {
    const att = v.cell.attachments || {};
    const text = v.cell.source.replace(/attachment:([^)\s"]+)/g, (m, n) => {
      const a = att[decodeURIComponent(n)];
      const mime = a && Object.keys(a)[0];
      return mime ? `data:${mime};base64,${src(a[mime]).replace(/\s/g, '')}` : m;
    });
    v.body.innerHTML = md(text) || '<p class="empty">Empty Markdown cell: double-click to edit.</p>';
  }

  function cellView(cell, index) {
    const el = document.createElement('section');
    el.className = 'cell ' + cell.cell_type;
    el.dataset.index = index;
    const v = { el, cell };
    if (cell.cell_type === 'code') {
      const row = document.createElement('div');
      row.className = 'inrow';
      v.prompt = document.createElement('div');
      v.prompt.className = 'prompt';
      const run = document.createElement('button');
      run.className = 'runbtn';
      run.title = 'Run this cell (Shift+Enter)';
      run.textContent = '▶';
      run.addEventListener('click', () => runCells([views.indexOf(v)]));
      v.prompt.append(run, document.createElement('span'));
      row.appendChild(v.prompt);
      const box = document.createElement('div');
      box.className = 'inbox';
      row.appendChild(box);
      el.appendChild(row);
      v.editor = new window.DescentEditor(box, cell.source, {
        change: (text) => { cell.source = text; scheduleSave(); },
        run: (mode) => runFrom(v, mode),
        complete: (code, cursor) => kernel.complete(code, cursor),
      });
      v.out = document.createElement('div');
      v.out.className = 'outputs';
      el.appendChild(v.out);
      setCount(v, cell.execution_count);
      for (const o of cell.outputs) renderOutput(v, o);
    } else {
      v.body = document.createElement('div');
      v.body.className = cell.cell_type === 'markdown' ? 'md' : 'raw';
      el.appendChild(v.body);
      if (cell.cell_type === 'markdown') {
        renderMarkdown(v);
        el.addEventListener('dblclick', () => editMarkdown(v));
      } else {
        v.body.textContent = cell.source;
      }
    }
    el.addEventListener('focusin', () => select(v));
    el.addEventListener('mousedown', () => select(v));
    return v;
  }

  function editMarkdown(v) {
    if (v.editing) return;
    v.editing = true;
    const ta = document.createElement('textarea');
    ta.className = 'mdedit';
    ta.value = v.cell.source;
    v.body.replaceWith(ta);
    const fit = () => { ta.style.height = 'auto'; ta.style.height = ta.scrollHeight + 'px'; };
    fit();
    ta.focus();
    const done = () => {
      if (!v.editing) return;
      v.editing = false;
      v.cell.source = ta.value;
      ta.replaceWith(v.body);
      renderMarkdown(v);
      scheduleSave();
    };
    ta.addEventListener('input', () => { v.cell.source = ta.value; fit(); scheduleSave(); });
    ta.addEventListener('blur', done);
    ta.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.shiftKey || e.ctrlKey)) { e.preventDefault(); done(); if (e.shiftKey) selectNext(v, true); }
    });
  }

  let selected = null;
  function select(v) {
    if (selected === v) return;
    if (selected) selected.el.classList.remove('selected');
    selected = v;
    v.el.classList.add('selected');
  }

  function selectNext(v, focus) {
    const i = views.indexOf(v);
    if (i + 1 < views.length) {
      const n = views[i + 1];
      select(n);
      if (focus && n.editor) n.editor.focus();
      n.el.scrollIntoView({ block: 'nearest' });
    }
  }

  function setCount(v, n, busy) {
    v.prompt.lastChild.textContent = busy ? '[*]' : `[${n === null || n === undefined ? ' ' : n}]`;
    v.el.classList.toggle('running', !!busy);
  }

  function render() {
    const main = $('nb-cells');
    main.innerHTML = '';
    views = nb.cells.map((c, i) => cellView(c, i));
    for (const v of views) main.appendChild(v.el);
    document.title = name + ' · descent notebook';
    $('nb-name').textContent = name;
    selected = null;
    if (views.length) select(views[0]);
  }

  function addCell(after, type) {
    const cell = normalize({ nbformat: 4, cells: [{ cell_type: type, source: '', metadata: {} }] }).cells[0];
    const i = after ? views.indexOf(after) + 1 : views.length;
    nb.cells.splice(i, 0, cell);
    const v = cellView(cell, i);
    views.splice(i, 0, v);
    const main = $('nb-cells');
    main.insertBefore(v.el, main.children[i] || null);
    select(v);
    if (v.editor) v.editor.focus(); else editMarkdown(v);
    scheduleSave();
    return v;
  }

  function deleteCell(v) {
    const i = views.indexOf(v);
    if (i < 0) return;
    views.splice(i, 1);
    nb.cells.splice(i, 1);
    v.el.remove();
    if (views.length) select(views[Math.min(i, views.length - 1)]);
    scheduleSave();
  }

  // ------------------------------------------------------------- outputs

  const stripANSI = (s) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
  const ORDER = ['text/html', 'image/svg+xml', 'image/png', 'image/jpeg', 'text/markdown', 'text/latex', 'application/json', 'text/plain'];

  function mimeNode(data) {
    const div = document.createElement('div');
    for (const t of ORDER) {
      if (data[t] === undefined) continue;
      const d = t === 'application/json' ? data[t] : src(data[t]);
      div.className = 'mime ' + t.replace(/[/+]/g, '-');
      div.dataset.mime = t;
      switch (t) {
        case 'text/html': div.innerHTML = d; break;
        case 'image/svg+xml': div.innerHTML = d; break;
        case 'image/png': case 'image/jpeg': {
          const img = document.createElement('img');
          img.src = `data:${t};base64,${d.replace(/\s/g, '')}`;
          img.alt = data['text/plain'] ? src(data['text/plain']) : 'figure';
          div.appendChild(img);
          break;
        }
        case 'text/markdown': div.innerHTML = md(d); break;
        case 'text/latex': div.innerHTML = md(/^\s*\$/.test(d) ? d : '$$' + d + '$$'); break;
        case 'application/json': {
          const pre = document.createElement('pre');
          pre.textContent = JSON.stringify(d, null, 2);
          div.appendChild(pre);
          break;
        }
        default: {
          const pre = document.createElement('pre');
          pre.textContent = stripANSI(d);
          div.appendChild(pre);
        }
      }
      return div;
    }
    div.textContent = '(no displayable data: ' + Object.keys(data).join(', ') + ')';
    return div;
  }

  function outputNode(o) {
    const wrap = document.createElement('div');
    wrap.className = 'output ' + o.output_type;
    switch (o.output_type) {
      case 'stream': {
        const pre = document.createElement('pre');
        pre.className = o.name;
        pre.textContent = stripANSI(src(o.text));
        wrap.appendChild(pre);
        break;
      }
      case 'execute_result': {
        const p = document.createElement('div');
        p.className = 'outprompt';
        p.textContent = `Out[${o.execution_count === null ? ' ' : o.execution_count}]:`;
        wrap.append(p, mimeNode(o.data || {}));
        break;
      }
      case 'display_data':
        wrap.appendChild(mimeNode(o.data || {}));
        break;
      case 'error': {
        const pre = document.createElement('pre');
        pre.className = 'traceback';
        const head = document.createElement('b');
        head.textContent = `${o.ename}: ${o.evalue}`;
        pre.append(head, '\n' + stripANSI((o.traceback || []).join('\n')));
        wrap.appendChild(pre);
        break;
      }
      default:
        wrap.textContent = 'unknown output ' + o.output_type;
    }
    return wrap;
  }

  function renderOutput(v, o) {
    const node = outputNode(o);
    o._node = node;
    v.out.appendChild(node);
  }

  function clearOutputs(v) {
    v.cell.outputs = [];
    v.out.innerHTML = '';
  }

  // addOutput applies one iopub message to a cell, as Jupyter does.
  function addOutput(v, msg) {
    const c = msg.content;
    const t = msg.header.msg_type;
    if (v.clearPending && ['stream', 'display_data', 'execute_result', 'error', 'update_display_data'].includes(t) && t !== 'update_display_data') {
      clearOutputs(v);
      v.clearPending = false;
    }
    let o = null;
    switch (t) {
      case 'stream': {
        const last = v.cell.outputs[v.cell.outputs.length - 1];
        if (last && last.output_type === 'stream' && last.name === c.name) {
          last.text = src(last.text) + c.text;
          last._node.firstChild.textContent = stripANSI(last.text);
        } else {
          o = { output_type: 'stream', name: c.name, text: c.text };
        }
        break;
      }
      case 'execute_result':
        o = { output_type: 'execute_result', execution_count: c.execution_count, data: c.data, metadata: c.metadata || {} };
        break;
      case 'display_data':
        o = { output_type: 'display_data', data: c.data, metadata: c.metadata || {} };
        if (c.transient && c.transient.display_id) o._display = c.transient.display_id;
        break;
      case 'update_display_data':
        for (const w of views) {
          if (!w.cell.outputs) continue;
          for (const x of w.cell.outputs) {
            if (x._display && c.transient && x._display === c.transient.display_id) {
              x.data = c.data;
              x.metadata = c.metadata || {};
              const n = outputNode(x);
              x._node.replaceWith(n);
              x._node = n;
            }
          }
        }
        break;
      case 'error':
        o = { output_type: 'error', ename: c.ename, evalue: c.evalue, traceback: c.traceback || [] };
        break;
      case 'clear_output':
        if (c.wait) v.clearPending = true; else clearOutputs(v);
        break;
      case 'execute_input':
        setCount(v, c.execution_count, true);
        break;
      default:
        return;
    }
    if (o) {
      if (timing.firstOutput === null) timing.firstOutput = Math.round(performance.now());
      v.cell.outputs.push(o);
      renderOutput(v, o);
    }
  }

  // ----------------------------------------------------------- execution

  function settleIdle() {
    if (queued.size === 0) {
      const w = idleWaiters;
      idleWaiters = [];
      w.forEach((f) => f());
    }
  }

  // runCell executes one code cell and resolves with the reply's status.
  async function runCell(v, token) {
    if (v.cell.cell_type !== 'code') return 'ok';
    if (token !== runToken) return 'aborted';
    clearOutputs(v);
    v.cell.execution_count = null;
    setCount(v, null, true);
    v.el.classList.remove('failed');
    const code = v.cell.source;
    v.current = true;
    let reply;
    try {
      reply = await kernel.execute(code, (msg) => addOutput(v, msg));
    } catch (err) {
      setCount(v, null, false);
      return 'aborted';
    }
    const c = reply.content;
    if (timing.firstReply === null) timing.firstReply = Math.round(performance.now());
    if (c.status === 'aborted') {
      setCount(v, null, false);
      v.out.appendChild(Object.assign(document.createElement('div'), { className: 'aborted', textContent: 'not run: an earlier cell failed' }));
    } else {
      v.cell.execution_count = c.execution_count === undefined ? null : c.execution_count;
      setCount(v, v.cell.execution_count, false);
      if (c.status === 'error') v.el.classList.add('failed');
    }
    scheduleSave();
    return c.status;
  }

  // runCells runs cells in order, stopping at the first error.
  async function runCells(indices) {
    const token = runToken;
    const list = indices.map((i) => views[i]).filter((v) => v && v.cell.cell_type === 'code' && !queued.has(v));
    for (const v of list) { queued.add(v); setCount(v, v.cell.execution_count, true); }
    try {
      for (let k = 0; k < list.length; k++) {
        const v = list[k];
        const st = await runCell(v, token);
        queued.delete(v);
        if (st !== 'ok') {
          for (const w of list.slice(k + 1)) { queued.delete(w); setCount(w, w.cell.execution_count, false); }
          break;
        }
      }
    } finally {
      for (const v of list) queued.delete(v);
      settleIdle();
    }
  }

  function runFrom(v, mode) {
    const i = views.indexOf(v);
    runCells([i]);
    if (mode === 'next') {
      if (i + 1 >= views.length) addCell(v, 'code'); else selectNext(v, true);
    } else if (mode === 'insert') {
      addCell(v, 'code');
    }
  }

  function runAll() {
    return runCells(views.map((_, i) => i));
  }

  function idle() {
    return new Promise((resolve) => { idleWaiters.push(resolve); settleIdle(); });
  }

  // interrupt asks the kernel to stop the running cell. Loops and functions
  // of cells pause every 100 ms to let the request in (kernel/interp's
  // Options.YieldEvery); a cell that does not stop within 2 s is busy inside
  // compiled code, which WebAssembly cannot pre-empt: the worker is
  // restarted and earlier cells replayed.
  async function interrupt() {
    if (queued.size === 0) return 'idle';
    const token = ++runToken;
    kernel.interrupt();
    const stopped = await Promise.race([idle().then(() => true), new Promise((r) => setTimeout(() => r(false), 2000))]);
    if (stopped) {
      banner('Interrupted: the cell stopped and the kernel kept its variables.', 'info');
      return 'interrupted';
    }
    if (token !== runToken) return 'superseded';
    const stuck = views.filter((v) => v.el.classList.contains('running'));
    banner('The cell was busy inside a compiled library call that cannot be stopped from inside the browser (WebAssembly has no way to pre-empt it), ' +
      'so <b>the kernel was restarted</b> and the cells that had run were run again, silently, to restore their variables…', 'warn');
    const replayed = await restartKernel(true, token);
    for (const v of stuck) {
      v.cell.outputs.push({ output_type: 'error', ename: 'Interrupted', evalue: 'the kernel was restarted to stop this cell', traceback: ['Interrupted: the kernel was restarted to stop this cell; earlier cells were run again to restore their variables'] });
      renderOutput(v, v.cell.outputs[v.cell.outputs.length - 1]);
      v.el.classList.add('failed');
    }
    banner(`The cell was busy inside a compiled library call that cannot be stopped from inside the browser (WebAssembly has no way to pre-empt it), so <b>the kernel was restarted</b> and the ${replayed} cell${replayed === 1 ? '' : 's'} that had run ${replayed === 1 ? 'was' : 'were'} run again, silently, to restore ${replayed === 1 ? 'its' : 'their'} variables.`, 'warn');
    return 'restarted';
  }

  async function restartKernel(replay, token) {
    runToken = token === undefined ? runToken + 1 : token;
    for (const v of views) {
      if (v.el.classList.contains('running')) setCount(v, v.cell.execution_count, false);
    }
    queued.clear();
    const n = await kernel.restart(replay);
    settleIdle();
    return n;
  }

  async function restart() {
    await restartKernel(false);
    for (const v of views) if (v.cell.cell_type === 'code') { v.cell.execution_count = null; setCount(v, null, false); }
    banner('The kernel was restarted: variables from earlier cells are gone (run them again).', 'info');
  }

  // ------------------------------------------------------------- opening

  // edited reports whether a stored copy differs from the original in the
  // learner's own work: which cells there are, their kinds, sources and
  // attachments. Outputs, execution counts and metadata that running or
  // saving writes are not edits.
  function edited(copy, original) {
    const work = (n) => JSON.stringify(n.cells.map((c) => [c.cell_type, c.source, c.attachments || null]));
    return work(copy) !== work(original);
  }

  // forget drops the stored copy under k: it cancels a pending autosave and
  // waits for one in flight, so no save from before lands after it.
  async function forget(k) {
    clearTimeout(saveTimer);
    saveTimer = null;
    await savePromise;
    await store.del(k);
  }

  // openText shows a notebook. Unless reverting, a copy stored in this
  // browser wins over the original: with the learner's edits (said in a
  // banner, with a way back) or only with the outputs of their runs.
  async function openText(fileName, text, storeKey, reverting) {
    const parsed = normalize(JSON.parse(text));
    const saved = reverting ? null : await store.get(storeKey).catch(() => null);
    nb = parsed;
    key = storeKey;
    name = fileName;
    let restored = false;
    if (saved && saved.text) {
      try {
        const copy = normalize(JSON.parse(saved.text));
        restored = edited(copy, parsed);
        nb = copy;
      } catch (err) { /* keep the original */ }
    }
    render();
    localStorage.setItem('descent-nb-last', JSON.stringify({ key, name }));
    $('nb-banner').hidden = true;
    if (restored) {
      banner(`Restored your edits to <b>${esc(name)}</b> from this browser (saved ${new Date(saved.saved).toLocaleString()}). <button id="nb-revert">Revert to the original</button>`, 'info');
      $('nb-revert').addEventListener('click', async () => {
        await forget(storeKey);
        await openText(fileName, text, storeKey, true);
      });
    }
    $('nb-saved').textContent = nb !== parsed ? 'saved in this browser' : reverting ? 'original' : '';
    // A notebook from disk has no other copy to reopen: store it at once.
    // A site notebook is stored from its first edit or run on.
    if (nb === parsed && !reverting && storeKey.startsWith('file:')) save();
    return nb;
  }

  async function open(url) {
    const r = await fetch(url);
    if (!r.ok) throw new Error(`cannot load ${url}: ${r.status}`);
    const text = await r.text();
    const fileName = url.split('/').pop();
    const sel = $('nb-open');
    if ([...sel.options].some((o) => o.value === url)) sel.value = url;
    history.replaceState(null, '', '?nb=' + encodeURIComponent(url));
    return openText(fileName, text, 'site:' + url);
  }

  async function openFile(file) {
    const text = await file.text();
    history.replaceState(null, '', location.pathname);
    $('nb-open').value = '';
    return openText(file.name, text, 'file:' + file.name);
  }

  function download() {
    const blob = new Blob([ipynb()], { type: 'application/x-ipynb+json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name.endsWith('.ipynb') ? name : name + '.ipynb';
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  const EMPTY = JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [
    { cell_type: 'markdown', metadata: {}, source: '# A Go notebook\n\nGo cells run on the **descent** kernel in your browser. Shift+Enter runs a cell.' },
    { cell_type: 'code', metadata: {}, source: 'import "fmt"\n\nfmt.Println("hello from Go in WebAssembly")' },
  ] });

  async function boot() {
    kernel = new Kernel(status);
    $('nb-runall').addEventListener('click', runAll);
    $('nb-run').addEventListener('click', () => { if (selected) runFrom(selected, 'next'); });
    $('nb-interrupt').addEventListener('click', interrupt);
    $('nb-restart').addEventListener('click', restart);
    $('nb-download').addEventListener('click', download);
    $('nb-addcode').addEventListener('click', () => addCell(selected, 'code'));
    $('nb-addmd').addEventListener('click', () => addCell(selected, 'markdown'));
    $('nb-delete').addEventListener('click', () => { if (selected) deleteCell(selected); });
    $('nb-file').addEventListener('change', (e) => { if (e.target.files[0]) openFile(e.target.files[0]).catch((err) => banner(esc(String(err)), 'error')); });
    $('nb-open').addEventListener('change', (e) => { if (e.target.value) open(e.target.value).catch((err) => banner(esc(String(err)), 'error')); });
    window.addEventListener('beforeunload', () => { if (saveTimer) save(); });
    document.addEventListener('keydown', (e) => {
      if (e.key === 'i' && e.ctrlKey && e.shiftKey) { e.preventDefault(); interrupt(); }
    });
    let list = [];
    try {
      const r = await fetch('notebooks.json');
      if (r.ok) list = await r.json();
    } catch (err) { /* no course notebooks */ }
    const sel = $('nb-open');
    for (const f of list) {
      const o = document.createElement('option');
      o.value = 'notebooks/' + f;
      o.textContent = f;
      sel.appendChild(o);
    }
    if (!list.length) sel.disabled = true;
    const q = new URLSearchParams(location.search).get('nb');
    let last = null;
    try { last = JSON.parse(localStorage.getItem('descent-nb-last') || 'null'); } catch (err) { /* ignore */ }
    try {
      if (q) await open(q);
      else if (last && last.key && last.key.startsWith('file:')) {
        const saved = await store.get(last.key);
        if (saved) await openText(saved.name, saved.text, last.key, false);
        else await openText('untitled.ipynb', EMPTY, 'file:untitled.ipynb');
      } else if (last && last.key && last.key.startsWith('site:')) await open(last.key.slice(5));
      else if (list.length) await open('notebooks/' + list[0]);
      else await openText('untitled.ipynb', EMPTY, 'file:untitled.ipynb');
    } catch (err) {
      banner('Cannot open the notebook: ' + esc(String(err)), 'error');
      await openText('untitled.ipynb', EMPTY, 'file:untitled.ipynb');
    }
    document.body.dataset.ready = '1';
  }

  window.notebook = {
    open, openText: (n, t) => openText(n, t, 'file:' + n), runAll, interrupt, restart, idle, ipynb, save: () => save(),
    runCell: (i) => runCells([i]),
    cells: () => nb.cells.map((c) => ({ type: c.cell_type, source: c.source, execution_count: c.execution_count, outputs: (c.outputs || []).map((o) => { const { _node, _display, ...r } = o; return r; }) })),
    setSource: (i, text) => { const v = views[i]; if (v.editor) v.editor.value = text; v.cell.source = text; if (v.body) renderMarkdown(v); scheduleSave(); },
    kernelState: () => kernel.state,
    timing,
  };
  boot();
})();
