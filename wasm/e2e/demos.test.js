// End-to-end tests of the browser demos in headless Chromium: each page
// loads, trains when Play is pressed (loss falls, accuracy rises, as read
// from window.descent.state()), draws what it must, restores its exact state
// from the URL hash, and logs no console errors.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const h = require('./harness.js');

let server, browser, base;
before(async () => {
  server = await h.startServer();
  base = server.url;
  browser = await h.launch();
});
after(async () => {
  if (browser) { await browser.context.close(); fs.rmSync(browser.dir, { recursive: true, force: true }); }
  if (server) server.proc.kill();
});

// sameState checks that reloading the page from its URL hash reproduces
// the state exactly.
async function checkReload(page) {
  const url = await page.evaluate(() => window.descent.url());
  const before = await h.state(page);
  const page2 = await h.openPage(browser.context, url);
  const after = await h.state(page2);
  assert.deepEqual(after, before, 'state after reload from ' + url);
  assert.deepEqual(page2.errors, []);
  await page2.close();
}

describe('index', () => {
  it('links every demo', async () => {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(base);
    const links = await page.$$eval('main a', (as) => as.map((a) => a.getAttribute('href')));
    for (const p of ['linreg.html', 'logistic.html', 'svm.html', 'optimizers.html', 'modelfile.html']) {
      assert.ok(links.includes(p), 'index links ' + p);
    }
    await h.shot(page, 'index');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('logistic regression', () => {
  it('trains, draws the heatmap, takes clicked points and reloads from the hash', async () => {
    const page = await h.openPage(browser.context, base + 'logistic.html#ds=blobs&feats=x1,x2&noise=0.2&speed=10');
    const interactive = await page.evaluate(() => window.descent.interactiveMs);
    const s0 = await h.state(page);
    assert.equal(s0.iteration, 0);
    // Add a point of each class by clicking.
    await page.check('input[name=cls][value="1"]');
    await h.clickData(page, 'plot', 4, 4.5, 6);
    await h.clickData(page, 'plot', -4, -4.5, 6, { shift: true });
    await page.evaluate(() => window.descent.idle());
    const p = await page.evaluate(() => window.descent.params().pts);
    assert.equal(p.length, 2);
    assert.equal(p[0][2], 1);
    assert.equal(p[1][2], 0);
    const s1 = await h.state(page);
    assert.equal(s1.n_train, s0.n_train + 2);
    await h.playFor(page, 1500);
    const s2 = await h.state(page);
    assert.ok(s2.iteration >= 30, 'iterations in 1.5 s: ' + s2.iteration);
    assert.ok(s2.loss < s1.loss, `loss ${s1.loss} → ${s2.loss}`);
    assert.ok(s2.accuracy > s1.accuracy && s2.accuracy >= 0.9, `accuracy ${s1.accuracy} → ${s2.accuracy}`);
    assert.ok(s2.test_accuracy >= 0.85, 'test accuracy ' + s2.test_accuracy);
    // Blobs: class 1 (orange) up right, class 0 (blue) down left.
    const ur = await h.pixel(page, 'plot', 470, 10);
    const ll = await h.pixel(page, 'plot', 10, 470);
    assert.ok(ur[0] > ur[2] + 40, 'upper right is orange: ' + ur);
    assert.ok(ll[2] > ll[0] + 40, 'lower left is blue: ' + ll);
    await h.shot(page, 'logistic-blobs');
    await checkReload(page);
    console.log(`logistic: interactive in ${interactive.toFixed(0)} ms, ${s2.iteration} iterations in 1.5 s`);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('needs x1² and x2² for circles', async () => {
    const page = await h.openPage(browser.context, base + 'logistic.html#ds=circles&feats=x1,x2&speed=50');
    await h.playFor(page, 800);
    const lin = await h.state(page);
    assert.ok(lin.accuracy < 0.75, 'a line cannot separate circles: ' + lin.accuracy);
    await page.check('input[data-flag=x1sq]');
    await page.check('input[data-flag=x2sq]');
    await page.evaluate(() => window.descent.idle());
    assert.equal((await h.state(page)).iteration, 0, 'changing features resets');
    await h.playFor(page, 800);
    const sq = await h.state(page);
    assert.ok(sq.accuracy > 0.9, 'with squares: ' + sq.accuracy);
    // Centre is the inner circle (class 1), corners the outer (class 0).
    const c = await h.pixel(page, 'plot', 240, 240);
    assert.ok(c[0] > c[2] + 30, 'centre is orange: ' + c);
    await h.shot(page, 'logistic-circles');
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

describe('svm', () => {
  it('solves with SMO from clicked points, shows regions, reloads from the hash', async () => {
    const page = await h.openPage(browser.context, base + 'svm.html#ds=none&kernel=rbf&logg=-1&logc=1&speed=1');
    let s = await h.state(page);
    assert.match(s.message, /both classes/);
    // Class 1 on the right, class 0 on the left.
    await page.check('input[name=cls][value="1"]');
    for (const [x, y] of [[3, 0], [4, 2], [3.5, -2], [5, 0.5]]) await h.clickData(page, 'plot', x, y, 6);
    await page.check('input[name=cls][value="0"]');
    for (const [x, y] of [[-3, 0], [-4, 2], [-3.5, -2], [-5, -1]]) await h.clickData(page, 'plot', x, y, 6);
    await page.evaluate(() => window.descent.idle());
    s = await h.state(page);
    assert.equal(s.n_points, 8);
    assert.equal(s.iteration, 0);
    await page.click('#stepbtn');
    await page.evaluate(() => window.descent.idle());
    const s1 = await h.state(page);
    assert.equal(s1.iteration, 1);
    await h.playFor(page, 1000);
    const s2 = await h.state(page);
    assert.ok(s2.done && s2.converged, 'SMO converged');
    assert.ok(s2.loss < s1.loss, `dual objective ${s1.loss} → ${s2.loss}`);
    assert.equal(s2.accuracy, 1);
    assert.ok(s2.n_sv >= 2 && s2.n_sv <= 8, 'support vectors ' + s2.n_sv);
    const right = await h.pixel(page, 'plot', 420, 200);
    const left = await h.pixel(page, 'plot', 60, 200);
    assert.ok(right[0] > right[2] + 30, 'right is orange: ' + right);
    assert.ok(left[2] > left[0] + 30, 'left is blue: ' + left);
    await checkReload(page);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('trains on moons with the RBF kernel', async () => {
    const page = await h.openPage(browser.context, base + 'svm.html#ds=moons&speed=10');
    const s0 = await h.state(page);
    await h.playFor(page, 1500);
    const s = await h.state(page);
    assert.ok(s.loss < s0.loss, `dual objective ${s0.loss} → ${s.loss}`);
    assert.ok(s.accuracy >= 0.95, 'accuracy ' + s.accuracy);
    await h.shot(page, 'svm-moons');
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

describe('linear regression', () => {
  it('descends to the closed form, diverges with a large rate, drags points', async () => {
    const page = await h.openPage(browser.context, base + 'linreg.html#speed=5');
    const s0 = await h.state(page);
    await h.clickData(page, 'plot', 0, 4, 5);
    await page.evaluate(() => window.descent.idle());
    const s1 = await h.state(page);
    assert.equal(s1.n_points, s0.n_points + 1);
    await h.playFor(page, 1500);
    const s2 = await h.state(page);
    assert.ok(s2.iteration >= 30, 'iterations ' + s2.iteration);
    assert.ok(s2.loss < s1.loss / 2, `MSE ${s1.loss} → ${s2.loss}`);
    assert.ok(Math.abs(s2.loss - s2.opt_loss) < 0.01 * s2.opt_loss + 1e-6, `GD MSE ${s2.loss} vs closed form ${s2.opt_loss}`);
    await h.shot(page, 'linreg');
    await checkReload(page);
    const before = await h.state(page);
    assert.equal((await page.evaluate(() => window.descent.params())).n, 20);
    await page.click('#lr-div');
    await page.evaluate(() => window.descent.idle());
    await h.playFor(page, 600);
    const sd = await h.state(page);
    assert.ok(sd.diverged, 'learning rate 0.4 diverges');
    assert.equal(await page.evaluate(() => document.getElementById('message').classList.contains('shown')), true);
    await page.click('#lr-good');
    await page.evaluate(() => window.descent.idle());
    // Drag the first point up by 3: the data become clicked points and the
    // closed-form line moves.
    const train = (await page.evaluate(() => window.descent.arrays())).train;
    const box = await page.locator('#plot').boundingBox();
    const at = (x, y) => [box.x + (x + 5) / 10 * box.width, box.y + (5 - y) / 10 * box.height];
    await page.mouse.move(...at(train[0], train[1]));
    await page.mouse.down();
    await page.mouse.move(...at(train[0], train[1] + 1.5), { steps: 3 });
    await page.mouse.move(...at(train[0], train[1] + 3), { steps: 3 });
    await page.mouse.up();
    await page.evaluate(() => window.descent.idle());
    const pd = await page.evaluate(() => window.descent.params());
    assert.equal(pd.n, 0);
    assert.equal(pd.pts.length, 21);
    assert.ok(Math.abs(pd.pts[0][1] - (train[1] + 3)) < 0.1, `dragged to ${pd.pts[0][1]}, want ${train[1] + 3}`);
    const sa = await h.state(page);
    assert.notDeepEqual(sa.optimum, before.optimum);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

describe('optimizers', () => {
  it('races six optimizers, moves the start, reloads from the hash', async () => {
    const page = await h.openPage(browser.context, base + 'optimizers.html#speed=2');
    const s0 = await h.state(page);
    assert.equal(s0.racers.length, 6);
    await h.playFor(page, 1500);
    const s1 = await h.state(page);
    assert.ok(s1.iteration >= 30, 'iterations ' + s1.iteration);
    for (const r of s1.racers) {
      assert.ok(!r.diverged && r.loss < s0.racers[0].loss / 5, `${r.name}: loss ${s0.racers[0].loss} → ${r.loss}`);
    }
    await h.shot(page, 'optimizers-quadratic');
    await checkReload(page);
    // Click a new start point: everything restarts from there.
    await h.clickData(page, 'plot', 2, -3, 5);
    await page.evaluate(() => window.descent.idle());
    const p = await page.evaluate(() => window.descent.params());
    assert.ok(Math.abs(p.x0 - 2) < 0.1 && Math.abs(p.y0 + 3) < 0.1, `start ${p.x0}, ${p.y0}`);
    const s2 = await h.state(page);
    assert.equal(s2.iteration, 0);
    assert.deepEqual(s2.racers[0].x.map((x) => Math.round(x * 10) / 10), [Math.round(p.x0 * 10) / 10, Math.round(p.y0 * 10) / 10]);
    // Rosenbrock: Adam gets into the valley.
    await page.selectOption('#surf', 'rosenbrock');
    await page.evaluate(() => window.descent.idle());
    const r0 = await h.state(page);
    await page.selectOption('#speed', '50');
    await h.playFor(page, 1500);
    const r1 = await h.state(page);
    assert.ok(r1.loss < r0.loss / 10, `rosenbrock best loss ${r0.loss} → ${r1.loss}`);
    await h.shot(page, 'optimizers-rosenbrock');
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

describe('model file', () => {
  it('predicts on clicked points, saves and loads the model JSON', async () => {
    const page = await h.openPage(browser.context, base + 'modelfile.html#kind=svm&ds=moons&noise=0.1');
    let s = await h.state(page);
    assert.equal(s.kind, 'svm.SVC');
    assert.ok(s.accuracy >= 0.95, 'accuracy ' + s.accuracy);
    await h.clickData(page, 'plot', 0, -4, 6);
    await h.clickData(page, 'plot', 0, 5, 6);
    await page.evaluate(() => window.descent.idle());
    s = await h.state(page);
    assert.equal(s.predictions.length, 2);
    const svmPred = s.predictions;
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save')]);
    assert.match(download.suggestedFilename(), /svm-SVC\.json/);
    const text = await page.inputValue('#json');
    const saved = JSON.parse(text);
    assert.equal(saved.format, 'descent-model');
    assert.equal(saved.kind, 'svm.SVC');
    // Retrain as logistic regression, then load the saved SVM back.
    await page.selectOption('#kind', 'logistic');
    await page.evaluate(() => window.descent.idle());
    s = await h.state(page);
    assert.equal(s.kind, 'linear.LogisticRegression');
    await page.fill('#json', text);
    await page.click('#load');
    await page.evaluate(() => window.descent.idle());
    s = await h.state(page);
    assert.equal(s.kind, 'svm.SVC');
    assert.equal(s.source, 'loaded');
    assert.deepEqual(s.predictions, svmPred, 'the loaded model predicts what the saved one did');
    await h.shot(page, 'modelfile');
    // A broken file gives a clear message, not a console error.
    await page.fill('#json', '{"format":"descent-model","kind":"tree.Forest","version":1,"model":{}}');
    await page.click('#load');
    await page.evaluate(() => window.descent.idle());
    assert.match(await page.textContent('#message'), /tree\.Forest/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

describe('every demo', () => {
  it('hides its controls with hide=1 and keeps play', async () => {
    const page = await h.openPage(browser.context, base + 'logistic.html#hide=1');
    assert.equal(await page.isVisible('#ds'), false, 'dataset control hidden');
    assert.equal(await page.isVisible('#play'), true, 'play stays');
    assert.equal(await page.isVisible('input[name=cls]'), true, 'class picker stays');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('reports the budgets: time to interactive and frames per second (not asserted)', async () => {
    const rows = [];
    for (const name of ['logistic', 'svm', 'linreg', 'optimizers']) {
      const page = await h.openPage(browser.context, base + name + '.html#speed=1');
      const ms = await page.evaluate(() => window.descent.interactiveMs);
      const f0 = await page.evaluate(() => window.descent.frames());
      const t0 = Date.now();
      await h.playFor(page, 1000);
      const f1 = await page.evaluate(() => window.descent.frames());
      const fps = (f1 - f0) / ((Date.now() - t0) / 1000);
      rows.push(`${name.padEnd(11)} interactive ${ms.toFixed(0).padStart(5)} ms   ${fps.toFixed(0).padStart(3)} steps with redraw per second`);
      assert.deepEqual(page.errors, []);
      await page.close();
    }
    console.log('budgets (targets: interactive ≤ 1000 ms, ≥ 30 steps with redraw per second):\n  ' + rows.join('\n  '));
  });
});
