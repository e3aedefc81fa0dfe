// Shared page machinery of the descent demos: the worker client, the
// play/pause/step/reset loop, the URL hash, window.descent, and drawing
// helpers (heatmaps, contours, points, line charts). Plain JavaScript, no
// build step.
'use strict';

const D = (() => {
  const C0 = [43, 108, 176];   // class 0: blue
  const C1 = [221, 107, 32];   // class 1: orange
  const css = (c, a) => a === undefined ? `rgb(${c[0]},${c[1]},${c[2]})` : `rgba(${c[0]},${c[1]},${c[2]},${a})`;

  // ---------- worker client ----------
  class Engine {
    constructor() {
      this.worker = new Worker('worker.js');
      this.next = 1;
      this.waiting = new Map();
      this.worker.onmessage = (e) => {
        const m = e.data;
        if (m.fatal) { showError(m.fatal); console.error(m.fatal); return; }
        const w = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        const resp = JSON.parse(m.json);
        const f32 = new Float32Array(m.buf);
        resp.arrays = {};
        for (const [name, [off, len]] of Object.entries(resp.bulk || {})) {
          resp.arrays[name] = f32.subarray(off, off + len);
        }
        w(resp);
      };
    }
    call(req) {
      const id = this.next++;
      return new Promise((resolve) => {
        this.waiting.set(id, resolve);
        this.worker.postMessage({ id, req: JSON.stringify(req) });
      });
    }
  }

  function showError(msg) {
    const el = document.getElementById('message');
    if (el) { el.textContent = msg; el.classList.toggle('shown', !!msg); }
  }

  // ---------- URL hash ----------
  // Parameters are typed by their defaults: numbers, strings, arrays of
  // numbers ("a,b,c") and point lists ("x:y:c,x:y:c").
  function encodeHash(params, extra) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (Array.isArray(v)) {
        q.set(k, v.map((p) => Array.isArray(p) ? p.join(':') : String(p)).join(','));
      } else {
        q.set(k, String(v));
      }
    }
    for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    return '#' + q.toString();
  }

  function decodeHash(hash, defaults) {
    const q = new URLSearchParams(hash.replace(/^#/, ''));
    const params = structuredClone(defaults);
    for (const [k, def] of Object.entries(defaults)) {
      if (!q.has(k)) continue;
      const s = q.get(k);
      if (Array.isArray(def)) {
        if (k === 'pts') {
          params[k] = s === '' ? [] : s.split(',').map((p) => p.split(':').map(Number));
        } else {
          params[k] = s === '' ? [] : s.split(',').map(Number);
        }
      } else if (typeof def === 'number') {
        const n = Number(s);
        if (Number.isFinite(n)) params[k] = n;
      } else {
        params[k] = s;
      }
    }
    return { params, iter: Number(q.get('it')) || 0, speed: Number(q.get('speed')) || 0, hide: q.get('hide') || '' };
  }

  // ---------- demo runner ----------
  // opts: {demo, defaults, draw(resp, app), bind(app) (wire the demo's own
  // controls), speeds}
  function run(opts) {
    const engine = new Engine();
    const h = decodeHash(location.hash, opts.defaults);
    const app = {
      params: h.params,
      iter: h.iter,
      speed: h.speed || opts.speed || 5,
      hide: h.hide,
      playing: false,
      last: null,
      frames: 0,
      busy: Promise.resolve(),
      engine,
    };
    const t0 = performance.now();
    let hashTimer = 0;

    app.writeHash = () => {
      const hash = encodeHash(app.params, { it: app.iter, speed: app.speed, hide: app.hide });
      if (hash !== location.hash) history.replaceState(null, '', hash);
    };
    function hashSoon() {
      if (hashTimer) return;
      hashTimer = setTimeout(() => { hashTimer = 0; app.writeHash(); }, 400);
    }

    function apply(resp) {
      if (resp.error) { showError(resp.error); } else { showError(''); }
      if (resp.state) {
        app.last = resp;
        app.iter = resp.state.steps !== undefined ? resp.state.steps : resp.state.iteration;
        app.state = resp.state;
        opts.draw(resp, app);
        app.frames++;
        const it = document.getElementById('iter');
        if (it) it.textContent = String(resp.state.iteration);
        if (opts.done && opts.done(resp.state) && app.playing) setPlaying(false);
      }
      hashSoon();
      return resp;
    }

    // Serialize calls: each waits for the previous one.
    function call(req) {
      const p = app.busy.then(() => engine.call(req)).then(apply);
      app.busy = p.catch(() => {});
      return p;
    }
    app.call = call;

    // reinit rebuilds the demo from app.params; keepIter replays the
    // current iteration count (used when points are added or dragged).
    app.reinit = (keepIter) => {
      if (!keepIter) app.iter = 0;
      syncControls();
      return call({ op: 'init', demo: opts.demo, params: app.params, iter: app.iter });
    };
    app.step = (n) => call({ op: 'step', n });

    function setPlaying(on) {
      app.playing = on;
      const b = document.getElementById('play');
      if (b) { b.textContent = on ? '❚❚ Pause' : '▶ Play'; b.setAttribute('aria-pressed', String(on)); }
      if (on) loop(); else app.writeHash();
    }
    app.setPlaying = setPlaying;
    async function loop() {
      if (!app.playing) return;
      await app.step(app.speed);
      if (app.playing) requestAnimationFrame(loop);
    }

    // Generic controls: any element with data-param binds to app.params.
    function syncControls() {
      for (const el of document.querySelectorAll('[data-param]')) {
        const k = el.dataset.param;
        const v = app.params[k];
        if (el.type === 'checkbox' && el.dataset.flag) {
          el.checked = String(v).split(',').includes(el.dataset.flag);
        } else if (el.type === 'radio') {
          el.checked = String(v) === el.value;
        } else if (el.dataset.index !== undefined) {
          el.value = v[Number(el.dataset.index)];
        } else {
          el.value = v;
        }
        const out = document.querySelector(`[data-show="${k}${el.dataset.index !== undefined ? '.' + el.dataset.index : ''}"]`);
        if (out) out.textContent = fmtParam(el, el.value);
      }
      const sp = document.getElementById('speed');
      if (sp) sp.value = String(app.speed);
      const sd = document.getElementById('seed');
      if (sd && app.params.seed !== undefined) sd.value = app.params.seed;
      if (opts.sync) opts.sync(app);
    }
    app.syncControls = syncControls;
    function fmtParam(el, v) {
      if (el.dataset.log !== undefined) return fmt(Math.pow(10, Number(v)));
      return el.type === 'range' ? fmt(Number(v)) : v;
    }

    for (const el of document.querySelectorAll('[data-param]')) {
      el.addEventListener('input', () => {
        const k = el.dataset.param;
        if (el.type === 'checkbox' && el.dataset.flag) {
          const set = new Set(String(app.params[k]).split(',').filter(Boolean));
          if (el.checked) set.add(el.dataset.flag); else set.delete(el.dataset.flag);
          app.params[k] = [...set].join(',');
        } else if (el.dataset.index !== undefined) {
          app.params[k][Number(el.dataset.index)] = Number(el.value);
        } else if (typeof opts.defaults[k] === 'number') {
          app.params[k] = Number(el.value);
        } else {
          app.params[k] = el.value;
        }
        app.reinit(false);
      });
    }
    const bind = (id, ev, f) => { const el = document.getElementById(id); if (el) el.addEventListener(ev, f); };
    bind('play', 'click', () => setPlaying(!app.playing));
    bind('stepbtn', 'click', () => { setPlaying(false); app.step(1); });
    bind('reset', 'click', () => { setPlaying(false); app.reinit(false); });
    bind('speed', 'input', (e) => { app.speed = Number(e.target.value); app.writeHash(); });
    bind('seed', 'change', (e) => { app.params.seed = Math.max(0, Math.floor(Number(e.target.value) || 0)); app.reinit(false); });
    bind('newseed', 'click', () => { app.params.seed = (app.params.seed || 0) + 1; app.reinit(false); });
    bind('clearpts', 'click', () => { app.params.pts = []; app.reinit(true); });
    bind('share', 'click', () => {
      app.writeHash();
      const el = document.getElementById('sharelink');
      if (el) { el.value = location.href; el.hidden = false; el.select(); }
    });
    document.addEventListener('keydown', (e) => {
      if (e.target.closest && e.target.closest('input,select,textarea')) return;
      if (e.key === ' ') { e.preventDefault(); setPlaying(!app.playing); }
      if (e.key === 's') { setPlaying(false); app.step(1); }
      if (e.key === 'r') { setPlaying(false); app.reinit(false); }
    });
    if (app.hide) document.body.classList.add('hide-controls');

    window.descent = {
      state: () => (app.state ? JSON.parse(JSON.stringify(app.state)) : null),
      params: () => JSON.parse(JSON.stringify(app.params)),
      // arrays returns the bulk data last drawn (heatmap, points, paths,
      // loss curves) as plain arrays.
      arrays: () => (app.last ? Object.fromEntries(Object.entries(app.last.arrays).map(([k, v]) => [k, Array.from(v)])) : {}),
      frames: () => app.frames,
      play: () => setPlaying(true),
      pause: () => { setPlaying(false); return app.busy; },
      step: (n) => app.step(n || 1),
      set: (p) => { Object.assign(app.params, p); return app.reinit(false); },
      idle: () => app.busy,
      url: () => { app.writeHash(); return location.href; },
      ready: null,
      interactiveMs: null,
    };
    if (opts.bind) opts.bind(app);
    window.descent.ready = app.reinit(true).then(() => {
      window.descent.interactiveMs = performance.now() - t0;
      document.body.dataset.ready = '1';
    });
    return app;
  }

  // ---------- drawing ----------
  function fmt(x) {
    if (x === undefined || x === null || Number.isNaN(x)) return '–';
    const a = Math.abs(x);
    if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(2);
    return (Math.round(x * 1000) / 1000).toString();
  }

  // A view maps data coordinates [x0,x1]×[y0,y1] onto a canvas.
  function view(canvas, x0, x1, y0, y1) {
    const w = canvas.width, h = canvas.height;
    return {
      canvas, ctx: canvas.getContext('2d'), x0, x1, y0, y1, w, h,
      px: (x) => (x - x0) / (x1 - x0) * w,
      py: (y) => (y1 - y) / (y1 - y0) * h,
      dx: (px) => x0 + px / w * (x1 - x0),
      dy: (py) => y1 - py / h * (y1 - y0),
    };
  }

  const heatCanvas = document.createElement('canvas');
  // heat draws an n×n grid (row 0 at the top) scaled over the whole view,
  // colouring each value with color(v) → [r,g,b].
  function heat(v, grid, n, color) {
    heatCanvas.width = n; heatCanvas.height = n;
    const hc = heatCanvas.getContext('2d');
    const img = hc.createImageData(n, n);
    for (let i = 0; i < n * n; i++) {
      const c = color(grid[i]);
      img.data[4 * i] = c[0]; img.data[4 * i + 1] = c[1]; img.data[4 * i + 2] = c[2]; img.data[4 * i + 3] = 255;
    }
    hc.putImageData(img, 0, 0);
    v.ctx.imageSmoothingEnabled = true;
    v.ctx.drawImage(heatCanvas, 0, 0, v.w, v.h);
  }

  // probColor maps P(class 1) to a pale blue … white … pale orange.
  function probColor(p) {
    const t = Math.max(0, Math.min(1, p));
    const base = t < 0.5 ? C0 : C1;
    const s = Math.abs(t - 0.5) * 2 * 0.55; // strength
    return [255 + (base[0] - 255) * s, 255 + (base[1] - 255) * s, 255 + (base[2] - 255) * s];
  }

  // contour draws the level set grid == level (marching squares) of an n×n
  // grid of cell centres spanning the view.
  function contour(v, grid, n, level, style, width) {
    const ctx = v.ctx;
    const cw = v.w / n, ch = v.h / n;
    const X = (j) => (j + 0.5) * cw, Y = (i) => (i + 0.5) * ch;
    ctx.beginPath();
    for (let i = 0; i < n - 1; i++) {
      for (let j = 0; j < n - 1; j++) {
        const a = grid[i * n + j] - level, b = grid[i * n + j + 1] - level;
        const c = grid[(i + 1) * n + j + 1] - level, d = grid[(i + 1) * n + j] - level;
        const pts = [];
        const edge = (p, q, x1, y1, x2, y2) => {
          if ((p > 0) !== (q > 0)) { const t = p / (p - q); pts.push([x1 + (x2 - x1) * t, y1 + (y2 - y1) * t]); }
        };
        edge(a, b, X(j), Y(i), X(j + 1), Y(i));
        edge(b, c, X(j + 1), Y(i), X(j + 1), Y(i + 1));
        edge(d, c, X(j), Y(i + 1), X(j + 1), Y(i + 1));
        edge(a, d, X(j), Y(i), X(j), Y(i + 1));
        for (let k = 0; k + 1 < pts.length; k += 2) {
          ctx.moveTo(pts[k][0], pts[k][1]); ctx.lineTo(pts[k + 1][0], pts[k + 1][1]);
        }
      }
    }
    ctx.strokeStyle = style; ctx.lineWidth = width || 1; ctx.stroke();
  }

  // points draws x, y, class triples.
  function points(v, flat, opt) {
    const o = Object.assign({ r: 4.5, hollow: false }, opt || {});
    const ctx = v.ctx;
    for (let i = 0; i + 2 < flat.length; i += 3) {
      const x = v.px(flat[i]), y = v.py(flat[i + 1]);
      const c = flat[i + 2] >= 0.5 ? C1 : C0;
      ctx.beginPath();
      ctx.arc(x, y, o.r, 0, 2 * Math.PI);
      if (o.hollow) { ctx.fillStyle = 'rgba(255,255,255,0.85)'; ctx.fill(); ctx.strokeStyle = css(c); ctx.lineWidth = 2; ctx.stroke(); }
      else { ctx.fillStyle = css(c); ctx.fill(); ctx.strokeStyle = 'white'; ctx.lineWidth = 1; ctx.stroke(); }
    }
  }

  function path(v, flat, color, width) {
    const ctx = v.ctx;
    if (flat.length < 2) return;
    ctx.beginPath();
    ctx.moveTo(v.px(flat[0]), v.py(flat[1]));
    for (let i = 2; i + 1 < flat.length; i += 2) ctx.lineTo(v.px(flat[i]), v.py(flat[i + 1]));
    ctx.strokeStyle = color; ctx.lineWidth = width || 2; ctx.stroke();
    const n = flat.length;
    ctx.beginPath(); ctx.arc(v.px(flat[n - 2]), v.py(flat[n - 1]), 4, 0, 2 * Math.PI);
    ctx.fillStyle = color; ctx.fill();
  }

  function axes(v) {
    const ctx = v.ctx;
    ctx.strokeStyle = 'rgba(0,0,0,0.25)'; ctx.lineWidth = 1;
    ctx.beginPath();
    if (v.y0 < 0 && v.y1 > 0) { ctx.moveTo(0, v.py(0)); ctx.lineTo(v.w, v.py(0)); }
    if (v.x0 < 0 && v.x1 > 0) { ctx.moveTo(v.px(0), 0); ctx.lineTo(v.px(0), v.h); }
    ctx.stroke();
  }

  // chart draws loss curves: series [{vals, color, label}], x from 0 to
  // iters (each series spread over it), y linear or log.
  function chart(canvas, series, opt) {
    const o = Object.assign({ log: false, title: '' }, opt || {});
    const ctx = canvas.getContext('2d');
    const w = canvas.width, h = canvas.height, L = 58, B = 20, T = 16;
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = 'white'; ctx.fillRect(0, 0, w, h);
    const tr = (y) => (o.log ? Math.log10(Math.max(y, 1e-12)) : y);
    let lo = Infinity, hi = -Infinity;
    for (const s of series) for (const y of s.vals) { if (Number.isFinite(y) && Math.abs(y) < 1e30) { lo = Math.min(lo, tr(y)); hi = Math.max(hi, tr(y)); } }
    if (!Number.isFinite(lo)) { lo = 0; hi = 1; }
    if (!o.log) lo = Math.min(lo, 0);
    if (hi - lo < 1e-9) hi = lo + 1;
    const sy = (y) => T + (h - T - B) * (1 - (tr(y) - lo) / (hi - lo));
    ctx.strokeStyle = '#999'; ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(L, T); ctx.lineTo(L, h - B); ctx.lineTo(w - 4, h - B); ctx.stroke();
    ctx.fillStyle = '#444'; ctx.font = '11px system-ui, sans-serif';
    const lab = (y) => (o.log ? fmt(Math.pow(10, y)) : fmt(y));
    ctx.textAlign = 'right';
    ctx.fillText(lab(hi), L - 4, T + 8); ctx.fillText(lab(lo), L - 4, h - B);
    ctx.textAlign = 'left';
    ctx.fillText(o.title, L + 6, 11);
    ctx.textAlign = 'right';
    ctx.fillText(`iteration ${o.iters || 0}`, w - 6, h - 5);
    let lx = w - 8;
    for (const s of series.slice().reverse()) {
      if (!s.vals.length) continue;
      const n = s.vals.length;
      ctx.beginPath();
      for (let i = 0; i < n; i++) {
        const x = L + (w - 4 - L) * (n === 1 ? 0 : i / (n - 1));
        const y = sy(Math.min(Math.max(s.vals[i], o.log ? 1e-12 : -1e30), 1e30));
        if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      }
      ctx.strokeStyle = s.color; ctx.lineWidth = 2; ctx.stroke();
      if (s.label) {
        ctx.fillStyle = s.color; ctx.textAlign = 'right';
        ctx.fillText(s.label, lx, T + 10);
        lx -= ctx.measureText(s.label).width + 12;
      }
    }
  }

  // clickPoint turns a mouse event on a view's canvas into data coordinates
  // rounded to 3 decimals (so that the URL hash reproduces them exactly).
  function eventPoint(v, e) {
    const r = v.canvas.getBoundingClientRect();
    const px = (e.clientX - r.left) * v.w / r.width, py = (e.clientY - r.top) * v.h / r.height;
    const round = (x) => Math.round(x * 1000) / 1000;
    return [round(v.dx(px)), round(v.dy(py))];
  }

  function setText(id, s) { const el = document.getElementById(id); if (el) el.textContent = s; }

  return { run, view, heat, probColor, contour, points, path, axes, chart, eventPoint, fmt, setText, C0, C1, css, encodeHash, decodeHash };
})();
