'use strict';
(() => {
  const B = 6;
  const canvas = document.getElementById('plot');
  const v = D.view(canvas, -B, B, -B, B);
  let appRef = null;
  D.run({
    demo: 'modelfile',
    defaults: { ds: 'blobs', n: 100, noise: 0.4, seed: 1, kind: 'logistic', pts: [] },
    draw(resp) {
      const a = resp.arrays, s = resp.state;
      if (resp.text !== undefined && resp.text !== '') return;
      v.ctx.fillStyle = 'white'; v.ctx.fillRect(0, 0, v.w, v.h);
      const classifier = !!s.classes;
      if (a.heat) {
        if (classifier && s.classes.length === 2) {
          // P(class 1) for probabilistic models; a 0/1 label map otherwise.
          const lab = (x) => (x === s.classes[1] ? 1 : x === s.classes[0] ? 0 : x);
          const isLabels = a.heat.every((x) => x === s.classes[0] || x === s.classes[1]);
          D.heat(v, a.heat, 64, (x) => D.probColor(isLabels ? 0.2 + 0.6 * lab(x) : x));
          D.contour(v, a.heat, 64, isLabels ? (s.classes[0] + s.classes[1]) / 2 : 0.5, 'rgba(31,41,51,0.85)', 2);
        } else {
          let lo = Infinity, hi = -Infinity;
          for (const x of a.heat) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
          D.heat(v, a.heat, 64, (x) => D.probColor((x - lo) / (hi - lo + 1e-12)));
        }
      }
      D.axes(v);
      if (a.train) D.points(v, a.train, { r: 3.5 });
      if (a.query) {
        const ctx = v.ctx;
        for (let i = 0; i + 2 < a.query.length; i += 3) {
          const p = s.predictions[i / 3];
          const cls = classifier ? (p === s.classes[s.classes.length - 1] ? 1 : 0) : 0.5;
          const x = v.px(a.query[i]), y = v.py(a.query[i + 1]);
          ctx.beginPath(); ctx.arc(x, y, 9, 0, 2 * Math.PI);
          ctx.fillStyle = 'white'; ctx.fill();
          ctx.lineWidth = 4; ctx.strokeStyle = cls === 1 ? D.css(D.C1) : cls === 0 ? D.css(D.C0) : '#555'; ctx.stroke();
          ctx.fillStyle = '#1f2933'; ctx.font = 'bold 12px sans-serif'; ctx.textAlign = 'left';
          ctx.fillText(p === undefined ? '?' : D.fmt(p), x + 12, y + 4);
        }
      }
      D.setText('s-kind', s.kind);
      D.setText('s-src', s.source);
      D.setText('s-acc', (100 * s.accuracy).toFixed(1) + '%');
      D.setText('s-pred', s.predictions.length ? s.predictions.map(D.fmt).join(', ') : 'click the plot');
      if (s.message) { D.setText('message', s.message); document.getElementById('message').classList.add('shown'); }
    },
    bind(app) {
      appRef = app;
      canvas.addEventListener('click', (e) => {
        const [x, y] = D.eventPoint(v, e);
        app.params.pts.push([x, y, 0]);
        app.writeHash();
        app.call({ op: 'query', pts: app.params.pts });
      });
      document.getElementById('clearpts').addEventListener('click', () => app.call({ op: 'query', pts: [] }));
      document.getElementById('save').addEventListener('click', async () => {
        const resp = await app.call({ op: 'save' });
        if (!resp.text) return;
        document.getElementById('json').value = resp.text;
        const blob = new Blob([resp.text], { type: 'application/json' });
        const a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = resp.state.kind.replace('.', '-') + '.json';
        document.body.appendChild(a); a.click(); a.remove();
        setTimeout(() => URL.revokeObjectURL(a.href), 1000);
      });
      document.getElementById('load').addEventListener('click', () => {
        app.call({ op: 'load', text: document.getElementById('json').value });
      });
      document.getElementById('file').addEventListener('change', async (e) => {
        const f = e.target.files[0];
        if (!f) return;
        const text = await f.text();
        document.getElementById('json').value = text;
        app.call({ op: 'load', text });
      });
    },
  });
  void appRef;
})();
