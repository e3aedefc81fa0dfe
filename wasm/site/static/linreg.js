'use strict';
(() => {
  const B = 5; // demo.LinRegBox
  const canvas = document.getElementById('plot');
  const sc = document.getElementById('surf');
  const v = D.view(canvas, -B, B, -B, B);
  let sv = null;
  let lastPts = new Float32Array(0);

  function drawLine(b, w, style, dash) {
    const ctx = v.ctx;
    ctx.setLineDash(dash || []);
    ctx.beginPath(); ctx.moveTo(v.px(-B), v.py(b - w * B)); ctx.lineTo(v.px(B), v.py(b + w * B));
    ctx.strokeStyle = style; ctx.lineWidth = 2.5; ctx.stroke(); ctx.setLineDash([]);
  }

  const app = D.run({
    demo: 'linreg',
    defaults: { n: 20, noise: 0.8, seed: 1, lr: 0.05, mode: 'batch', batch: 5, b0: -3, w0: -1.5, pts: [] },
    done: (s) => s.diverged,
    draw(resp) {
      const a = resp.arrays, s = resp.state;
      lastPts = a.train || new Float32Array(0);
      // Data and lines.
      v.ctx.fillStyle = 'white'; v.ctx.fillRect(0, 0, v.w, v.h);
      D.axes(v);
      if (s.n_points >= 2) drawLine(s.optimum[0], s.optimum[1], 'rgba(31,41,51,0.6)', [7, 6]);
      if (s.n_points >= 1 && !s.diverged) drawLine(s.intercept, s.slope, 'rgb(192,86,33)');
      const ctx = v.ctx;
      for (let i = 0; i + 2 < lastPts.length; i += 3) {
        const x = v.px(lastPts[i]), y = v.py(lastPts[i + 1]);
        if (s.n_points >= 1 && !s.diverged) { // residuals
          ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x, v.py(s.intercept + s.slope * lastPts[i]));
          ctx.strokeStyle = 'rgba(192,86,33,0.35)'; ctx.lineWidth = 1; ctx.stroke();
        }
        ctx.beginPath(); ctx.arc(x, y, 5, 0, 2 * Math.PI); ctx.fillStyle = D.css(D.C0); ctx.fill();
        ctx.strokeStyle = 'white'; ctx.stroke();
      }
      // Loss surface.
      const [b0, b1, w0, w1] = s.surf_box;
      sv = D.view(sc, b0, b1, w0, w1);
      sv.ctx.fillStyle = 'white'; sv.ctx.fillRect(0, 0, sv.w, sv.h);
      if (a.surf) {
        let lo = Infinity, hi = -Infinity;
        for (const z of a.surf) { lo = Math.min(lo, z); hi = Math.max(hi, z); }
        const llo = Math.log(Math.max(lo, 1e-9)), lhi = Math.log(Math.max(hi, lo + 1e-9));
        D.heat(sv, a.surf, 64, (z) => {
          const t = (Math.log(Math.max(z, 1e-9)) - llo) / (lhi - llo + 1e-12);
          return [255 - 40 * t, 255 - 25 * t, 255 - 5 * t];
        });
        for (let k = 1; k <= 12; k++) {
          const level = Math.exp(llo + (lhi - llo) * k / 13);
          D.contour(sv, a.surf, 64, level, 'rgba(43,108,176,0.55)', 1);
        }
      }
      D.axes(sv);
      if (a.path && a.path.length) {
        D.path(sv, a.path, 'rgb(192,86,33)', 1.8);
        sv.ctx.beginPath(); sv.ctx.arc(sv.px(a.path[0]), sv.py(a.path[1]), 6, 0, 2 * Math.PI);
        sv.ctx.strokeStyle = '#1f2933'; sv.ctx.lineWidth = 2; sv.ctx.stroke();
      }
      if (s.n_points >= 2) {
        sv.ctx.fillStyle = '#1f2933'; sv.ctx.font = '20px sans-serif'; sv.ctx.textAlign = 'center'; sv.ctx.textBaseline = 'middle';
        sv.ctx.fillText('★', sv.px(s.optimum[0]), sv.py(s.optimum[1]));
      }
      sv.ctx.fillStyle = '#444'; sv.ctx.font = '12px sans-serif'; sv.ctx.textAlign = 'left'; sv.ctx.textBaseline = 'alphabetic';
      sv.ctx.fillText('b →', sv.w - 34, sv.h - 6); sv.ctx.fillText('w ↑', 6, 14);
      D.chart(document.getElementById('losschart'), [{ vals: a.loss || [], color: 'rgb(192,86,33)', label: 'MSE' }], { title: 'MSE (log scale)', log: true, iters: s.iteration });
      D.setText('s-loss', s.diverged ? '∞' : D.fmt(s.loss));
      D.setText('s-opt', D.fmt(s.opt_loss));
      D.setText('s-b', D.fmt(s.intercept));
      D.setText('s-w', D.fmt(s.slope));
      D.setText('s-bw', `${D.fmt(s.optimum[0])}, ${D.fmt(s.optimum[1])}`);
      if (s.diverged) { D.setText('message', 'Diverged: the steps overshoot and grow. Lower the learning rate and press Reset.'); document.getElementById('message').classList.add('shown'); }
    },
    sync(app) {
      const el = document.getElementById('lr');
      el.value = Math.log10(app.params.lr);
      D.setText('lrshow', D.fmt(app.params.lr));
    },
    bind(app) {
      const lr = document.getElementById('lr');
      lr.addEventListener('input', () => { app.params.lr = Number(Math.pow(10, Number(lr.value)).toPrecision(3)); app.reinit(false); });
      for (const [id, val] of [['lr-good', 0.05], ['lr-slow', 0.003], ["lr-div", 0.4]]) {
        document.getElementById(id).addEventListener('click', () => { app.params.lr = val; app.reinit(false); });
      }
      // Click adds a point; dragging a point moves it.
      let drag = -1, moved = false, sending = false;
      const near = (e) => {
        const r = canvas.getBoundingClientRect();
        const px = (e.clientX - r.left) * v.w / r.width, py = (e.clientY - r.top) * v.h / r.height;
        for (let i = 0; i + 2 < lastPts.length; i += 3) {
          if (Math.hypot(v.px(lastPts[i]) - px, v.py(lastPts[i + 1]) - py) < 8) return i / 3;
        }
        return -1;
      };
      const own = () => { // make every point a clicked point so it can move
        if (app.params.n > 0) {
          app.params.pts = [];
          for (let i = 0; i + 2 < lastPts.length; i += 3) app.params.pts.push([Math.round(lastPts[i] * 1000) / 1000, Math.round(lastPts[i + 1] * 1000) / 1000, 0]);
          app.params.n = 0;
        }
      };
      canvas.addEventListener('mousedown', (e) => { drag = near(e); moved = false; });
      canvas.addEventListener('mousemove', (e) => {
        if (drag < 0 || e.buttons !== 1) return;
        if (!moved) { own(); moved = true; }
        const [x, y] = D.eventPoint(v, e);
        app.params.pts[drag] = [x, y, 0];
        if (!sending) { sending = true; app.reinit(true).then(() => { sending = false; }); }
      });
      window.addEventListener('mouseup', () => {
        if (drag >= 0 && moved) app.reinit(true);
        setTimeout(() => { drag = -1; }, 0);
      });
      canvas.addEventListener('click', (e) => {
        if (moved || drag >= 0) { moved = false; return; }
        const [x, y] = D.eventPoint(v, e);
        app.params.pts.push([x, y, 0]);
        app.reinit(true);
      });
      sc.addEventListener('click', (e) => {
        if (!sv) return;
        const [b, w] = D.eventPoint(sv, e);
        app.params.b0 = b; app.params.w0 = w;
        app.reinit(false);
      });
    },
  });
})();
