'use strict';
(() => {
  const names = ['gd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'];
  const labels = ['GD', 'Momentum', 'Nesterov', 'AdaGrad', 'RMSProp', 'Adam'];
  const colors = ['#1f2933', '#d53f8c', '#805ad5', '#2f855a', '#dd6b20', '#3182ce'];
  const presets = {
    quadratic: { x0: -4, y0: 3, lr: [0.15, 0.05, 0.05, 1, 0.1, 0.3] },
    rosenbrock: { x0: -1.2, y0: 1, lr: [0.001, 0.0005, 0.0005, 0.5, 0.01, 0.05] },
    logistic: { x0: -5, y0: 5, lr: [1, 0.3, 0.3, 1, 0.1, 0.3] },
  };
  const canvas = document.getElementById('plot');
  let v = null;
  const tbody = document.getElementById('racers');
  const rows = names.map((n, k) => {
    const tr = document.createElement('tr');
    tr.innerHTML = `<td><input type="checkbox" id="on-${n}" checked></td><td style="color:${colors[k]};font-weight:600">${labels[k]}</td>` +
      `<td><input type="number" id="lr-${n}" min="0.0001" max="10" step="any" style="width:6em"></td><td id="loss-${n}">–</td>`;
    tbody.appendChild(tr);
    return tr;
  });
  void rows;

  D.run({
    demo: 'optimizers',
    defaults: { surf: 'quadratic', cond: 10, x0: -4, y0: 3, seed: 1, lr: [0.15, 0.05, 0.05, 1, 0.1, 0.3], on: '111111' },
    speed: 2,
    draw(resp) {
      const a = resp.arrays, s = resp.state;
      const [x0, x1, y0, y1] = s.box;
      v = D.view(canvas, x0, x1, y0, y1);
      v.ctx.fillStyle = 'white'; v.ctx.fillRect(0, 0, v.w, v.h);
      if (a.surf) {
        let lo = Infinity, hi = -Infinity;
        for (const z of a.surf) { lo = Math.min(lo, z); hi = Math.max(hi, z); }
        const l0 = Math.log(lo + 1e-3), l1 = Math.log(hi + 1e-3);
        D.heat(v, a.surf, 64, (z) => { const t = (Math.log(z + 1e-3) - l0) / (l1 - l0 + 1e-12); return [255 - 45 * t, 255 - 30 * t, 255 - 8 * t]; });
        for (let k = 1; k <= 14; k++) D.contour(v, a.surf, 64, Math.exp(l0 + (l1 - l0) * k / 15) - 1e-3, 'rgba(43,108,176,0.45)', 1);
      }
      D.axes(v);
      const series = [];
      names.forEach((n, k) => {
        const p = a['path_' + n];
        if (p) D.path(v, p, colors[k], 2);
        if (a['loss_' + n]) series.push({ vals: a['loss_' + n], color: colors[k], label: labels[k] });
        const r = s.racers[k];
        D.setText('loss-' + n, !r.on ? '–' : r.diverged ? 'diverged' : D.fmt(r.loss));
      });
      const ctx = v.ctx;
      ctx.beginPath(); ctx.arc(v.px(app.params.x0), v.py(app.params.y0), 7, 0, 2 * Math.PI);
      ctx.strokeStyle = '#1f2933'; ctx.lineWidth = 2; ctx.stroke();
      D.chart(document.getElementById('losschart'), series, { title: 'loss (log scale)', log: true, iters: s.iteration });
      D.setText('s-loss', D.fmt(s.loss));
    },
    sync(app) {
      document.getElementById('surf').value = app.params.surf;
      document.getElementById('cond').value = Math.log10(app.params.cond);
      D.setText('condshow', D.fmt(app.params.cond));
      document.getElementById('condrow').style.display = app.params.surf === 'quadratic' ? '' : 'none';
      D.setText('startshow', `(${D.fmt(app.params.x0)}, ${D.fmt(app.params.y0)})`);
      names.forEach((n, k) => {
        document.getElementById('lr-' + n).value = app.params.lr[k];
        document.getElementById('on-' + n).checked = app.params.on[k] === '1';
      });
    },
    bind(a) {
      app = a;
      document.getElementById('surf').addEventListener('input', (e) => {
        const p = presets[e.target.value];
        Object.assign(app.params, { surf: e.target.value, x0: p.x0, y0: p.y0, lr: p.lr.slice() });
        app.reinit(false);
      });
      document.getElementById('cond').addEventListener('input', (e) => {
        app.params.cond = Number(Math.pow(10, Number(e.target.value)).toPrecision(3));
        app.reinit(false);
      });
      names.forEach((n, k) => {
        document.getElementById('lr-' + n).addEventListener('change', (e) => {
          const x = Number(e.target.value);
          if (x > 0) { app.params.lr[k] = x; app.reinit(false); }
        });
        document.getElementById('on-' + n).addEventListener('input', (e) => {
          const on = app.params.on.split('');
          on[k] = e.target.checked ? '1' : '0';
          app.params.on = on.join('');
          app.reinit(false);
        });
      });
      let dragging = false, sending = false;
      const setStart = (e) => {
        if (!v) return;
        const [x, y] = D.eventPoint(v, e);
        app.params.x0 = x; app.params.y0 = y;
        if (!sending) { sending = true; app.reinit(false).then(() => { sending = false; }); }
      };
      canvas.addEventListener('mousedown', (e) => { dragging = true; setStart(e); });
      canvas.addEventListener('mousemove', (e) => { if (dragging && e.buttons === 1) setStart(e); });
      window.addEventListener('mouseup', () => { if (dragging) { dragging = false; app.reinit(false); } });
    },
  });
  var app; // eslint-disable-line no-var
})();
