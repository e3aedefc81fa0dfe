'use strict';
(() => {
  const B = 6;
  const canvas = document.getElementById('plot');
  const v = D.view(canvas, -B, B, -B, B);
  const color = (f) => D.probColor(1 / (1 + Math.exp(-3 * f)));
  D.run({
    demo: 'svm',
    defaults: { ds: 'moons', n: 60, noise: 0.2, seed: 1, kernel: 'rbf', logc: 0, logg: -1, degree: 3, coef0: 1, pts: [] },
    done: (s) => s.done,
    draw(resp) {
      const a = resp.arrays, s = resp.state;
      v.ctx.fillStyle = 'white'; v.ctx.fillRect(0, 0, v.w, v.h);
      if (a.heat) {
        D.heat(v, a.heat, 64, color);
        v.ctx.setLineDash([6, 5]);
        D.contour(v, a.heat, 64, 1, 'rgba(31,41,51,0.7)', 1.5);
        D.contour(v, a.heat, 64, -1, 'rgba(31,41,51,0.7)', 1.5);
        v.ctx.setLineDash([]);
        D.contour(v, a.heat, 64, 0, 'rgba(31,41,51,0.95)', 2.5);
      }
      D.axes(v);
      if (a.train) D.points(v, a.train);
      if (a.alpha && a.train) {
        const ctx = v.ctx;
        for (let i = 0; i < a.alpha.length; i++) {
          if (a.alpha[i] <= 0) continue;
          const atC = Math.abs(a.alpha[i] - s.C) < 1e-6 * s.C;
          ctx.beginPath();
          ctx.arc(v.px(a.train[3 * i]), v.py(a.train[3 * i + 1]), 8, 0, 2 * Math.PI);
          ctx.strokeStyle = atC ? 'rgba(200,30,30,0.9)' : 'rgba(20,20,20,0.9)';
          ctx.lineWidth = 2; ctx.stroke();
        }
      }
      D.chart(document.getElementById('losschart'), [{ vals: a.loss || [], color: '#1f2933', label: 'dual objective ½αᵀQα − Σα' }], { title: 'SMO progress', iters: s.iteration });
      D.setText('s-loss', D.fmt(s.loss));
      D.setText('s-acc', s.n_points ? (100 * s.accuracy).toFixed(1) + '%' : '–');
      D.setText('s-nsv', String(s.n_sv));
      D.setText('s-viol', D.fmt(s.violation));
      D.setText('s-done', s.message ? s.message : s.converged ? 'converged (KKT within 10⁻³)' : s.done ? 'stopped' : 'solving…');
    },
    sync(app) {
      const k = app.params.kernel;
      document.getElementById('logg').disabled = k === 'linear';
      document.getElementById('degree').disabled = k !== 'poly';
      document.getElementById('coef0').disabled = k !== 'poly';
    },
    bind(app) {
      canvas.addEventListener('click', (e) => {
        const [x, y] = D.eventPoint(v, e);
        let c = Number(document.querySelector('input[name=cls]:checked').value);
        if (e.shiftKey) c = 1 - c;
        app.params.pts.push([x, y, c]);
        app.reinit(true);
      });
    },
  });
})();
