// End-to-end tests of the notebook page (notebook.html) in headless
// Chromium: the Go kernel (kernel/protocol + kernel/interp) compiled to
// WebAssembly runs every course notebook with the text outputs the native
// kernel stored in the .ipynb; edits survive a reload (IndexedDB); an
// endless loop is interrupted and later cells still see earlier variables;
// the downloaded .ipynb validates with nbformat; Markdown math is typeset
// by the vendored KaTeX.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('./harness.js');

const SITE = process.env.DESCENT_SITE || path.join(__dirname, '..', '..', 'bin', 'site');
let server, browser, base, tmp;
before(async () => {
  server = await h.startServer();
  base = server.url;
  browser = await h.launch();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-nb-'));
});
after(async () => {
  if (browser) { await browser.context.close(); fs.rmSync(browser.dir, { recursive: true, force: true }); }
  if (server) server.proc.kill();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function openNotebook(url) {
  const page = await browser.context.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 20000 });
  return page;
}

// textOutputs is what a learner reads from a cell: streams (consecutive
// chunks of one stream joined, as the kernel flushes every 50 ms), the
// text/plain of results and displays, and error names. Fit and score times
// differ from run to run.
function textOutputs(outputs) {
  const out = [];
  for (const o of outputs) {
    const text = (v) => [].concat(v || '').join('');
    let s;
    if (o.output_type === 'stream') {
      const last = out[out.length - 1];
      if (last && last.startsWith(`stream ${o.name}:`)) { out[out.length - 1] += text(o.text); continue; }
      s = `stream ${o.name}:` + text(o.text);
    } else if (o.output_type === 'error') {
      s = 'error ' + o.ename;
    } else {
      s = o.output_type + ':' + text((o.data || {})['text/plain']);
    }
    out.push(s);
  }
  return out.map((s) => s.replace(/((?:[Ff]it|Score)Time:)[-+0-9.eµnmsh]+/g, '$1…'));
}

const figures = (outputs) => outputs.filter((o) => o.data && (o.data['image/svg+xml'] || o.data['image/png'])).length;

describe('notebook page', () => {
  it('runs every course notebook with the native kernel\'s text outputs and figures', async (t) => {
    const list = JSON.parse(fs.readFileSync(path.join(SITE, 'notebooks.json'), 'utf8'));
    assert.ok(list.length > 0, 'notebooks.json lists the course');
    let compared = 0;
    for (const file of list) {
      const want = JSON.parse(fs.readFileSync(path.join(SITE, 'notebooks', file), 'utf8')).cells;
      if (!want.some((c) => c.cell_type === 'code' && c.execution_count)) { t.diagnostic(`${file}: not executed by the native kernel yet`); continue; }
      const page = await openNotebook(base + 'notebook.html?nb=' + encodeURIComponent('notebooks/' + file));
      const t0 = Date.now();
      await page.evaluate(() => window.notebook.runAll());
      const ms = Date.now() - t0;
      const got = await page.evaluate(() => window.notebook.cells());
      assert.equal(got.length, want.length, file + ': cells');
      want.forEach((c, i) => {
        if (c.cell_type !== 'code' || !c.execution_count) return;
        assert.deepEqual(textOutputs(got[i].outputs), textOutputs(c.outputs), `${file} cell ${i}:\n${[].concat(c.source).join('')}`);
        assert.equal(figures(got[i].outputs), figures(c.outputs), `${file} cell ${i}: figures`);
      });
      const shown = await page.$$eval('.output svg, .output img', (els) => els.filter((e) => e.getBoundingClientRect().width > 50).length);
      assert.equal(shown, want.reduce((n, c) => n + figures(c.outputs || []), 0), file + ': figures drawn on the page');
      assert.ok(await page.$('.md h1, .md h2'), file + ': markdown rendered');
      t.diagnostic(`${file}: run all ${ms} ms, same text outputs as the native kernel`);
      if (compared === 0) await h.shot(page, 'notebook-' + file.replace(/\.ipynb$/, ''));
      assert.deepEqual(page.errors, [], file + ': console errors');
      await page.close();
      compared++;
    }
    assert.ok(compared > 0, 'at least one course notebook compared');
  });

  // The budget of issue 8: the first cell's result within 3 s of opening
  // the page. A diagnostic that make bench (wasm-bench) checks, never a timed
  // assertion: a loaded machine must not fail the tests.
  it('reports the time to the first cell\'s result after opening the page', async (t) => {
    // The server compresses files on first request; a static host serves
    // them ready, so warm it up first.
    await (await fetch(base + 'notebook.wasm.gz')).arrayBuffer();
    const page = await browser.context.newPage();
    await page.goto(base + 'notebook.html');
    await page.waitForFunction(() => document.body.dataset.ready === '1');
    await page.evaluate(() => window.notebook.openText('first.ipynb', JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [
      { cell_type: 'code', metadata: {}, source: 'import "fmt"\n\nfmt.Println("hello", 6*7)' }] })));
    await page.evaluate(() => window.notebook.runCell(0));
    const timing = await page.evaluate(() => window.notebook.timing);
    const cells = await page.evaluate(() => window.notebook.cells());
    assert.deepEqual(textOutputs(cells[0].outputs), ['stream stdout:hello 42\n']);
    assert.ok(timing.firstReply > 0, 'the page timed the first result');
    t.diagnostic(`kernel ready ${timing.kernelReady} ms, first result ${timing.firstReply} ms after navigation (budget 3000; wasm fetch+start ${timing.wasmStartMs} ms)`);
    await page.close();
  });

  // descent serve serves notebook.wasm (from notebook.wasm.gz, with
  // Content-Encoding) for streaming compilation; a plain static host has only
  // notebook.wasm.gz, which the worker then fetches and unzips itself.
  it('starts on a static host that serves only notebook.wasm.gz', async () => {
    const page = await browser.context.newPage();
    let asked = 0;
    await page.route('**/notebook.wasm', (route) => { asked++; route.fulfill({ status: 404, body: 'not found' }); });
    await page.goto(base + 'notebook.html');
    await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 20000 });
    await page.evaluate(() => window.notebook.openText('static.ipynb', JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [
      { cell_type: 'code', metadata: {}, source: '6 * 7' }] })));
    await page.evaluate(() => window.notebook.runCell(0));
    const cells = await page.evaluate(() => window.notebook.cells());
    assert.deepEqual(textOutputs(cells[0].outputs), ['execute_result:42']);
    assert.equal(asked, 1, 'the worker tried notebook.wasm first');
    await page.close();
  });

  // The budget of issue 8: a cell fitting logistic regression on 1,000×10
  // within 3× its native time. The first fits of a fresh page run before V8
  // has optimized the hot wasm functions (tier-up takes a few hundred
  // fits), so the cell reports the first fit, the median of fits 2-41 and
  // that of fits 202-301; `make bench` (bench-wasm) sets them against the
  // native BenchmarkLogisticFit1000x10. A diagnostic, never a timed
  // assertion.
  it('prints the time of a logistic-regression fit on 1,000×10 in a cell', async (t) => {
    const page = await openNotebook(base + 'notebook.html');
    await page.evaluate(() => window.notebook.openText('bench.ipynb', JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [
      { cell_type: 'code', metadata: {}, source: [
        'import (', '\t"fmt"', '\t"sort"', '\t"time"', '', '\t"github.com/descentml/descent/core/data"', '\t"github.com/descentml/descent/core/linear"', ')', '',
        'ds, err := data.Blobs(data.BlobsConfig{N: 1000, P: 10, K: 2, Std: 4, Seed: 1})', 'if err != nil {', '\tpanic(err)', '}',
        'median := func(v []float64) float64 {', '\tv = append([]float64(nil), v...)', '\tsort.Float64s(v)', '\treturn v[len(v)/2]', '}',
        'var times []float64', 'for i := 0; i < 301; i++ {', '\tstart := time.Now()', '\tm := &linear.LogisticRegression{}', '\tif err := m.Fit(ds.X, ds.Y); err != nil {', '\t\tpanic(err)', '\t}',
        '\ttimes = append(times, float64(time.Since(start).Microseconds()))', '}',
        'fmt.Printf("first fit %.0f µs, fits 2-41 %.0f µs, fits 202-301 %.0f µs (medians)\\n", times[0], median(times[1:41]), median(times[201:]))'].join('\n') }] })));
    await page.evaluate(() => window.notebook.runCell(0));
    const out = textOutputs((await page.evaluate(() => window.notebook.cells()))[0].outputs);
    assert.match(out[0] || '', /^stream stdout:first fit \d+ µs, fits 2-41 \d+ µs, fits 202-301 \d+ µs/);
    t.diagnostic('browser logistic 1000x10: ' + out[0].slice('stream stdout:'.length).trim());
    await page.close();
  });

  it('opens a notebook from disk, completes, interrupts a sleep, an endless loop and a compiled call, and keeps variables', async (t) => {
    const file = path.join(tmp, 'loops.ipynb');
    fs.writeFileSync(file, JSON.stringify({ nbformat: 4, nbformat_minor: 4, metadata: {}, cells: [
      { cell_type: 'markdown', metadata: {}, source: ['# Loops\n', '\n', 'The loss $L = \\sum_i x_i^2$ and\n', '$$\\hat y = \\sigma(w^\\top x)$$\n'] },
      { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: 'import "time"\n\nx := 41' },
      { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: 'time.Sleep(time.Minute)' },
      { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: 'n := 0\nfor {\n\tn++\n}' },
      { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: 'x + 1' },
      { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: 'import (\n\t"github.com/descentml/descent/core/data"\n\t"github.com/descentml/descent/core/svm"\n)\n\nds, _ := data.Blobs(data.BlobsConfig{N: 8000, P: 20, K: 2, Std: 60, Seed: 1})\n(&svm.SVC{}).Fit(ds.X, ds.Y)' },
      { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: 'import "fmt"\n\nfor i := 0; i < 4; i++ {\n\tfmt.Println("step", i)\n\tstart := time.Now()\n\tfor time.Since(start) < 500*time.Millisecond {\n\t}\n}' },
    ] }));
    const page = await openNotebook(base + 'notebook.html');
    await page.setInputFiles('#nb-file', file);
    await page.waitForFunction(() => document.querySelector('#nb-name').textContent === 'loops.ipynb');
    assert.ok(await page.$('.md h1'), 'markdown heading');
    assert.ok(await page.$('.md .math-display, .md .katex-display'), 'display math');
    await page.evaluate(() => window.notebook.runCell(1));

    // Completion from the kernel: "time.Sl" + Tab completes to time.Sleep.
    const ta = page.locator('.cell.code textarea').nth(3);
    await ta.click();
    await page.keyboard.press('End');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\ntime.Sl');
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => document.querySelectorAll('.cell.code textarea')[3].value.endsWith('time.Sleep'));

    // A sleeping cell stops at once; the kernel keeps its variables.
    page.evaluate(() => { window.notebook.runCell(2); });
    await page.waitForTimeout(500);
    assert.equal(await page.evaluate(() => window.notebook.interrupt()), 'interrupted');
    // An endless loop stops too (loops pause every 100 ms so that the
    // worker reads the interrupt), and the kernel keeps its variables.
    page.evaluate(() => { window.notebook.runCell(3); });
    await page.waitForTimeout(500);
    let t0 = Date.now();
    assert.equal(await page.evaluate(() => window.notebook.interrupt()), 'interrupted');
    t.diagnostic(`endless loop interrupted in ${Date.now() - t0} ms`);
    await page.evaluate(() => window.notebook.setSource(4, 'x + 1'));
    await page.evaluate(() => window.notebook.runCell(4));
    let cells = await page.evaluate(() => window.notebook.cells());
    assert.deepEqual(textOutputs(cells[2].outputs), ['error Interrupted']);
    assert.deepEqual(textOutputs(cells[3].outputs), ['error Interrupted']);
    assert.deepEqual(textOutputs(cells[4].outputs), ['execute_result:42']);
    assert.doesNotMatch(await page.textContent('#nb-banner'), /restarted/);

    // A long call inside compiled code (an SVC fit that takes seconds
    // natively) cannot pause: the page restarts the kernel, replays the
    // cells that had run and says so.
    page.evaluate(() => { window.notebook.runCell(5); });
    await page.waitForTimeout(500);
    t0 = Date.now();
    assert.equal(await page.evaluate(() => window.notebook.interrupt()), 'restarted');
    t.diagnostic(`compiled call stopped and state restored in ${Date.now() - t0} ms`);
    assert.match(await page.textContent('#nb-banner'), /kernel was restarted/);
    await page.evaluate(() => window.notebook.runCell(4));
    cells = await page.evaluate(() => window.notebook.cells());
    assert.deepEqual(textOutputs(cells[5].outputs), ['error Interrupted']);
    assert.deepEqual(textOutputs(cells[4].outputs), ['execute_result:42']);

    // A busy cell's output streams while it runs (the loop pauses let the
    // kernel's flusher through), not only when it ends.
    page.evaluate(() => { window.notebook.runCell(6); });
    await page.waitForFunction(() => {
      const cell = document.querySelectorAll('.cell')[6];
      return cell.classList.contains('running') && /step 0/.test(cell.textContent) && !/step 3/.test(cell.textContent);
    }, null, { timeout: 1800 });
    await page.evaluate(() => window.notebook.idle());
    cells = await page.evaluate(() => window.notebook.cells());
    assert.deepEqual(textOutputs(cells[6].outputs), ['stream stdout:step 0\nstep 1\nstep 2\nstep 3\n']);
    await h.shot(page, 'notebook-interrupt');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('keeps edits across a reload and downloads an .ipynb that nbformat validates', async () => {
    const list = JSON.parse(fs.readFileSync(path.join(SITE, 'notebooks.json'), 'utf8'));
    const url = base + 'notebook.html?nb=' + encodeURIComponent('notebooks/' + list[0]);
    let page = await openNotebook(url);
    const first = await page.evaluate(() => window.notebook.cells().findIndex((c) => c.type === 'code'));
    const ta = page.locator('.cell.code textarea').first();
    await ta.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n// edited in the browser\nfmt.Println("edited")');
    await page.evaluate(() => window.notebook.save());
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === '1');
    let cells = await page.evaluate(() => window.notebook.cells());
    assert.ok(cells[first].source.endsWith('\n// edited in the browser\nfmt.Println("edited")'), 'edit survives a reload: ' + cells[first].source);
    assert.match(await page.textContent('#nb-banner'), /Restored your edits/);
    await page.evaluate(() => window.notebook.runAll());
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#nb-download')]);
    const file = path.join(tmp, 'downloaded.ipynb');
    await download.saveAs(file);
    execFileSync('/usr/bin/python3', ['-c', 'import sys, nbformat; nb = nbformat.read(sys.argv[1], 4); nbformat.validate(nb); ' +
      'assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), "outputs"; ' +
      'assert nb.metadata.kernelspec.name == "descent"; print(len(nb.cells))', file]);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.ok(saved.cells[first].source.join('').includes('edited in the browser'));
    assert.ok(saved.cells[first].outputs.some((o) => o.output_type === 'stream' && o.text.join('').includes('edited')));
    // Revert to the original drops the stored copy.
    await page.click('#nb-revert');
    await page.waitForFunction(() => !window.notebook.cells().some((c) => c.source.includes('edited in the browser')));
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === '1');
    cells = await page.evaluate(() => window.notebook.cells());
    assert.ok(!cells[first].source.includes('edited in the browser'), 'reverted');
    // Opening without editing stores nothing: another reload claims no edits.
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === '1');
    assert.doesNotMatch(await page.textContent('#nb-banner') || '', /Restored your edits/);
    // Running without editing is no edit either, but the outputs are kept.
    // (The printing cell runs again after the others, so its execution
    // count differs from the original's.)
    const shown = cells.findIndex((c) => c.type === 'code' && c.outputs.length > 0);
    await page.evaluate(() => window.notebook.runAll());
    await page.evaluate((i) => window.notebook.runCell(i), shown);
    const ran = (await page.evaluate(() => window.notebook.cells()))[shown];
    assert.ok(ran.outputs.length > 0, 'the cell printed');
    assert.notEqual(ran.execution_count, cells[shown].execution_count);
    await page.evaluate(() => window.notebook.save());
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === '1');
    assert.doesNotMatch(await page.textContent('#nb-banner') || '', /Restored your edits/);
    cells = await page.evaluate(() => window.notebook.cells());
    assert.deepEqual(textOutputs(cells[shown].outputs), textOutputs(ran.outputs), 'outputs of a run survive a reload');
    assert.equal(cells[shown].execution_count, ran.execution_count);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('is linked from the index', async () => {
    const page = await browser.context.newPage();
    await page.goto(base);
    const links = await page.$$eval('main a', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(links.includes('notebook.html'));
    await page.close();
  });

  // Math in Markdown cells is typeset by the vendored KaTeX (vendor/katex):
  // visible HTML in KaTeX's fonts plus MathML for screen readers, never the
  // LaTeX source; a LaTeX error stays local to its formula.
  it('typesets Markdown math with KaTeX in a notebook and in every course notebook', async (t) => {
    const mathOf = (page) => page.evaluate(() => {
      const mds = [...document.querySelectorAll('.md')];
      // What a reader sees: the cells' text without KaTeX's MathML copy
      // (visually hidden, with the LaTeX source as its annotation).
      const visible = mds.map((md) => {
        const c = md.cloneNode(true);
        c.querySelectorAll('.katex-mathml').forEach((e) => e.remove());
        return c.textContent;
      }).join('\n');
      const maths = [...document.querySelectorAll('.md .katex math')].map((m) => ({
        display: m.getAttribute('display'),
        tex: (m.querySelector('annotation[encoding="application/x-tex"]') || {}).textContent,
        inDisplay: !!m.closest('.katex-display'),
        width: m.closest('.katex').querySelector('.katex-html').getBoundingClientRect().width,
      }));
      return { visible, maths, errors: [...document.querySelectorAll('.md .katex-error')].map((e) => e.textContent + ' | ' + e.title), source: document.querySelectorAll('.md .math').length };
    });
    const watch = (page) => {
      page.bad = [];
      page.on('requestfailed', (r) => page.bad.push(r.url() + ' ' + (r.failure() || {}).errorText));
      page.on('response', (r) => { if (r.status() >= 400) page.bad.push(r.url() + ' ' + r.status()); });
    };

    const page = await openNotebook(base + 'notebook.html');
    watch(page);
    await page.evaluate(() => window.notebook.openText('math.ipynb', JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [
      { cell_type: 'markdown', metadata: {}, source: ['# Loops\n', '\n', 'The loss $L = \\sum_i x_i^2$ and\n', '$$\\hat y = \\sigma(w^\\top x)$$\n'] },
      { cell_type: 'markdown', metadata: {}, source: 'A broken formula $\\frac{1$ stays local; then $X \\in \\mathbb{R}^{n \\times p}$ and\n\n$$\nz = \\frac{x - \\mu}{\\sigma}\n$$\n' },
    ] })));
    const m = await mathOf(page);
    assert.deepEqual(m.maths.map((x) => [x.tex, x.display, x.inDisplay]), [
      ['L = \\sum_i x_i^2', null, false],
      ['\\hat y = \\sigma(w^\\top x)', 'block', true],
      ['X \\in \\mathbb{R}^{n \\times p}', null, false],
      ['z = \\frac{x - \\mu}{\\sigma}', 'block', true],
    ], 'inline math is inline MathML, $$…$$ is display="block" MathML');
    for (const x of m.maths) assert.ok(x.width > 10, `${x.tex}: drawn (${x.width} px wide)`);
    assert.equal(m.source, 0, 'no formula left as LaTeX source');
    for (const raw of ['\\sum', '\\hat', '\\sigma', '\\mathbb', '$']) assert.ok(!m.visible.includes(raw), `no ${raw} visible in:\n${m.visible}`);
    assert.equal(m.errors.length, 1, 'one LaTeX error: ' + m.errors);
    assert.match(m.errors[0], /^\\frac\{1 \| .*ParseError/, 'the broken formula shows its source with the error as tooltip');
    assert.ok(await page.$('.md .katex-html .mfrac'), 'fractions drawn by KaTeX');
    // The stylesheet and the woff2 fonts are served from vendor/katex.
    await page.evaluate(() => document.fonts.ready);
    const fonts = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family));
    for (const f of ['KaTeX_Main', 'KaTeX_Math', 'KaTeX_AMS']) assert.ok(fonts.includes(f), `${f} loaded: ${fonts}`);
    await h.shot(page, 'notebook-math');
    assert.deepEqual(page.bad, [], 'every KaTeX file is served');
    assert.deepEqual(page.errors, []);
    await page.close();

    // Every course notebook: all of its formulas typeset, none fails.
    const list = JSON.parse(fs.readFileSync(path.join(SITE, 'notebooks.json'), 'utf8'));
    let formulas = 0;
    for (const file of list) {
      const cells = JSON.parse(fs.readFileSync(path.join(SITE, 'notebooks', file), 'utf8')).cells;
      const md = cells.filter((c) => c.cell_type === 'markdown').map((c) => [].concat(c.source).join('')).join('\n\n');
      const want = (md.match(/\$\$[\s\S]+?\$\$|\$[^$\n]+\$/g) || []).length;
      const p = await openNotebook(base + 'notebook.html?nb=' + encodeURIComponent('notebooks/' + file));
      const got = await mathOf(p);
      assert.deepEqual(got.errors, [], file + ': LaTeX errors');
      assert.equal(got.maths.length, want, file + ': formulas typeset');
      assert.equal(got.source, 0, file + ': formulas left as source');
      const raw = got.visible.match(/\\[A-Za-z]+/g);
      assert.equal(raw, null, file + ': LaTeX commands visible');
      if (file.startsWith('01-')) await h.shot(p, 'notebook-math-' + file.replace(/\.ipynb$/, ''));
      assert.deepEqual(p.errors, [], file + ': console errors');
      await p.close();
      formulas += want;
    }
    t.diagnostic(`${formulas} formulas typeset in ${list.length} course notebooks`);
  });
});
