'use strict';
(() => {
  const B = 6; // demo.Box
  const canvas = document.getElementById('plot');
  const v = D.view(canvas, -B, B, -B, B);
  const names = { x1: 'x₁', x2: 'x₂', x1sq: 'x₁²', x2sq: 'x₂²', x1x2: 'x₁x₂', sin1: 'sin x₁', sin2: 'sin x₂' };
  D.run({
    demo: 'logistic',
    defaults: { ds: 'circles', n: 200, noise: 0.2, test: 0.3, seed: 1, feats: 'x1,x2,x1sq,x2sq', l2: 0.001, opt: 'gd', lr: 0.5, batch: 0, pts: [] },
    draw(resp, app) {
      const a = resp.arrays, s = resp.state;
      if (a.heat) {
        D.heat(v, a.heat, 64, D.probColor);
        D.contour(v, a.heat, 64, 0.5, 'rgba(31,41,51,0.85)', 2);
      }
      D.axes(v);
      if (a.train) D.points(v, a.train);
      if (a.test) D.points(v, a.test, { hollow: true });
      D.chart(document.getElementById('losschart'), [
        { vals: a.train_loss || [], color: '#1f2933', label: 'train loss' },
        { vals: a.test_loss || [], color: '#c05621', label: 'test loss' },
      ], { title: 'mean log loss', iters: s.iteration });
      D.setText('s-loss', D.fmt(s.loss));
      D.setText('s-tloss', s.n_test ? D.fmt(s.test_loss) : '–');
      D.setText('s-acc', (100 * s.accuracy).toFixed(1) + '%');
      D.setText('s-tacc', s.n_test ? (100 * s.test_accuracy).toFixed(1) + '%' : '–');
      D.setText('weights', s.features.map((f, i) => `${D.fmt(s.weights[i])}·${names[f]}`).join(' + ') + ` + ${D.fmt(s.bias)}`);
      if (s.diverged) document.getElementById('message').classList.add('shown'), D.setText('message', 'Diverged: ' + s.message + ' — lower the learning rate.');
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
