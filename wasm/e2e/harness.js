// Shared set-up of the end-to-end tests: the Go site server on a free
// 127.0.0.1 port and headless Chromium (Debian's) driven by playwright-core.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '..', '..');
const SITE = process.env.DESCENT_SITE || path.join(root, 'bin', 'site');
const SERVE = process.env.DESCENT_SERVE || path.join(root, 'bin', 'descent');
const CHROMIUM = process.env.CHROMIUM || '/usr/lib/chromium/chromium';
const SHOTS = path.join(__dirname, 'screenshots');

function startServer() {
  for (const [what, p] of [['site', path.join(SITE, 'index.html')], ['server', SERVE], ['chromium', CHROMIUM]]) {
    if (!fs.existsSync(p)) throw new Error(`e2e: ${what} missing at ${p}: run make wasm-site wasm-serve-bin wasm-deps (or make wasm-test)`);
  }
  return new Promise((resolve, reject) => {
    const proc = spawn(SERVE, ['serve', '-dir', SITE, '-addr', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error('e2e: server did not start: ' + out)), 10000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/[0-9.:]+\//);
      if (m) { clearTimeout(timer); resolve({ url: m[0], proc }); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error('e2e: server exited ' + code + ': ' + out)); });
  });
}

async function launch() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-e2e-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 980 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return { context, dir };
}

// openPage loads url, records console errors and page errors in
// page.errors, and waits until the demo is ready.
async function openPage(context, url) {
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => window.descent && document.body.dataset.ready === '1', null, { timeout: 15000 });
  return page;
}

async function state(page) {
  return page.evaluate(() => window.descent.state());
}

// playFor presses Play, waits ms, presses Pause and waits for the last step.
async function playFor(page, ms) {
  await page.click('#play');
  await page.waitForTimeout(ms);
  await page.click('#play');
  await page.evaluate(() => window.descent.idle());
}

// pixel returns the [r,g,b] of the canvas #id at canvas coordinates (x, y).
async function pixel(page, id, x, y) {
  return page.evaluate(([id, x, y]) => {
    const c = document.getElementById(id);
    return Array.from(c.getContext('2d').getImageData(x, y, 1, 1).data.slice(0, 3));
  }, [id, x, y]);
}

async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: true });
}

// clickData clicks the canvas #id at data coordinates (x, y) of the box
// [-b, b]².
async function clickData(page, id, x, y, b, opts) {
  const box = await page.locator('#' + id).boundingBox();
  const shift = opts && opts.shift;
  if (shift) await page.keyboard.down('Shift');
  await page.mouse.click(box.x + (x + b) / (2 * b) * box.width, box.y + (b - y) / (2 * b) * box.height);
  if (shift) await page.keyboard.up('Shift');
}

module.exports = { startServer, launch, openPage, state, playFor, pixel, shot, clickData };
