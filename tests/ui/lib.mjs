// lib.mjs: the harness shared by the browser tests of the zuofeng web UI (smoke, ballot,
// results). Each test calls harness({...}) once with its own name, timeouts and browser
// context, and gets back the helpers bound to that test's state:
//
//   the command line   bin, srcDir (parsed from argv; a usage line and exit 2 without them)
//   the data           workdir(prefix) -> {tmp, db}; runDemo(); run(args); sql(q)
//   the server         startServer() -> 'http://127.0.0.1:PORT/'; stopServer()
//   the browser        launch(); newPage(base, viewport?) with page.problems; noProblems(page);
//                      shot(page, name, opts?); text(locator); ready/landed/seqOf/navLabels (#main)
//   the checks         log(...); step(name, fn); scenario(title, steps)
//   the test           runTest(main): the total-time deadline, cleanup, the report
//                      (`N passed, M failed` last) and the exit code
//
// Everything the page must never do (script errors, CSP violations, 5xx answers) lands in
// page.problems. Screenshots go to tests/ui/screenshots/ (git-ignored).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CHROMIUM = process.env.ZF_CHROMIUM || '/usr/bin/chromium';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.join(HERE, 'screenshots');

// name: the test's file name, for the usage line.
// totalTimeoutMs, stepTimeoutMs: the whole test's and one wait's time limits.
// viewport: newPage's default viewport. contextOptions: more options for every browser context.
// onPage(page): called on every page newPage makes (e.g. to accept dialogs).
// quiet: run `demo` and `serve` with ZUOFENG_LOG=error.
export function harness({ name, totalTimeoutMs, stepTimeoutMs, viewport: defaultViewport, contextOptions = {}, onPage = null, quiet = false }) {
  const [bin, srcDir] = process.argv.slice(2);
  if (!bin || !srcDir) {
    console.error(`usage: node ${name} <path-to-zuofeng-binary> <source-dir>`);
    process.exit(2);
  }

  const results = []; // {name, ok, error}
  let server = null;
  let browser = null;
  let tmp = null;
  let db = null;
  const quietEnv = quiet ? { ZUOFENG_LOG: 'error' } : {};

  function log(...a) {
    console.log('[ui]', ...a);
  }

  // ---- the data ----

  // A fresh temporary directory for the test, and the database path inside it.
  function workdir(prefix) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    db = path.join(tmp, 'zf.db');
    return { tmp, db };
  }

  // `zuofeng demo` into the database; its stdout.
  function runDemo() {
    const r = spawnSync(bin, ['demo', '--db', db], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...quietEnv } });
    if (r.status !== 0) throw new Error(`\`${bin} demo --db ${db}\` exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  }

  // A zuofeng command on the database; its stdout.
  function run(args) {
    const r = spawnSync(bin, [...args, '--db', db], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ZUOFENG_LOG: 'error' } });
    if (r.status !== 0) throw new Error(`\`zuofeng ${args.join(' ')}\` exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  }

  function sql(q) {
    const r = spawnSync('sqlite3', [db, q], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`sqlite3 ${q}: ${r.stderr}`);
    return r.stdout.trim();
  }

  // ---- the server ----

  function startServer() {
    return new Promise((resolve, reject) => {
      const env = { ...process.env, ZUOFENG_WEB: path.join(srcDir, 'web'), ...quietEnv };
      const child = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      server = child;
      let out = '';
      let err = '';
      const timer = setTimeout(() => reject(new Error('the server printed no URL within 15 s; stdout:\n' + out + '\nstderr:\n' + err)), 15_000);
      child.stdout.on('data', (d) => {
        out += d;
        const m = /on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${m[1]}/`);
        }
      });
      child.stderr.on('data', (d) => {
        err += d;
        if (err.length > 20000) err = err.slice(-10000);
      });
      child.on('exit', (code, sig) => {
        clearTimeout(timer);
        server = null;
        reject(new Error(`the server exited (${code ?? sig}) before listening; stderr:\n${err}`));
      });
    });
  }

  async function stopServer() {
    const child = server;
    if (!child) return;
    server = null;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(t);
  }

  // ---- the browser ----

  async function launch() {
    let chromium;
    try {
      ({ chromium } = await import('playwright-core'));
    } catch (e) {
      throw new Error('playwright-core is not installed: run `cd tests/ui && npm ci` (' + e.message + ')');
    }
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    return browser;
  }

  // A fresh context and page that records what must never happen: script errors, CSP
  // violations, server errors.
  async function newPage(base, viewport = defaultViewport) {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', baseURL: base, ...contextOptions });
    context.setDefaultTimeout(stepTimeoutMs);
    const page = await context.newPage();
    page.problems = [];
    page.on('pageerror', (e) => page.problems.push('script error: ' + e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) page.problems.push('CSP: ' + m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 500) page.problems.push(`HTTP ${r.status()} from ${r.request().method()} ${r.url()}`);
    });
    if (onPage) onPage(page);
    return { context, page };
  }

  function noProblems(page) {
    assert.deepEqual(page.problems, [], 'expected no script errors, CSP violations or 5xx responses, got:\n  ' + page.problems.join('\n  '));
  }

  async function shot(page, name, opts = {}) {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: true, ...opts });
  }

  async function text(locator) {
    return ((await locator.textContent()) || '').trim();
  }

  // Waits until the page `name` of the app has finished loading: the app sets
  // #main[data-ready] to the hash it drew once every request of the page has answered, and
  // counts each drawing in #main[data-seq]. hashPart narrows the hash; after (a data-seq read
  // before acting) makes sure it is a new drawing, not the one already on screen.
  async function ready(page, name, { hashPart = '', after = null } = {}) {
    try {
      await page.waitForFunction(
        ([n, h, a]) => {
          const m = document.getElementById('main');
          return m && m.dataset.page === n && m.dataset.ready !== undefined && m.dataset.ready.includes(h) && (a === null || +m.dataset.seq > a);
        },
        [name, hashPart, after],
        { timeout: stepTimeoutMs },
      );
    } catch (e) {
      // what the page was doing instead, so that a timeout says why
      const seen = await page
        .evaluate(() => {
          const m = document.getElementById('main');
          const alerts = [...document.querySelectorAll('.alert-error, .form-msg')].map((x) => x.textContent.trim()).filter(Boolean);
          return { hash: location.hash, page: m && m.dataset.page, ready: m && m.dataset.ready, seq: m && m.dataset.seq, busy: [...document.querySelectorAll('[aria-busy="true"]')].map((x) => x.id || x.tagName), alerts };
        })
        .catch(() => null);
      throw new Error(`${e.message}\nwaiting for page ${name}${hashPart ? ' (' + hashPart + ')' : ''}${after !== null ? ' after seq ' + after : ''}; the page: ${JSON.stringify(seen)}`);
    }
  }

  // Waits until the page the app landed on (after a login) has finished loading, so that
  // what the test does next does not race the landing page's own requests; or until the
  // app asks for a new password instead.
  async function landed(page) {
    await page.waitForFunction(() => {
      const m = document.getElementById('main');
      if (document.getElementById('pw-form')) return true;
      return m && m.dataset.ready !== undefined && m.dataset.ready === location.hash;
    }, null, { timeout: stepTimeoutMs });
  }

  async function seqOf(page) {
    return page.evaluate(() => +(document.getElementById('main').dataset.seq || 0));
  }

  async function navLabels(page) {
    return (await page.locator('#nav a').allTextContents()).map((s) => s.trim());
  }

  // ---- the checks ----

  async function step(name, fn) {
    try {
      await fn();
      results.push({ name, ok: true });
      log('ok  ', name);
      return true;
    } catch (e) {
      results.push({ name, ok: false, error: e });
      log('FAIL', name + '\n' + String((e && e.message) || e).replace(/^/gm, '       '));
      return false;
    }
  }

  // Runs the steps of one scenario in order, stopping it at the first failure (later steps
  // need the earlier ones) and counting the steps not run as failed. True if all passed.
  async function scenario(title, steps) {
    log('--', title);
    for (let i = 0; i < steps.length; i++) {
      const [name, fn] = steps[i];
      if (!(await step(title + ': ' + name, fn))) {
        for (const [rest] of steps.slice(i + 1)) results.push({ name: title + ': ' + rest, ok: false, error: new Error('not run: an earlier step failed') });
        return false;
      }
    }
    return true;
  }

  // ---- the test ----

  async function cleanup() {
    try {
      if (browser) await browser.close();
    } catch (e) {
      // already gone
    }
    browser = null;
    await stopServer().catch(() => {});
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    tmp = null;
  }

  function report() {
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed;
    if (failed) {
      console.log('\nfailures:');
      for (const r of results.filter((x) => !x.ok)) console.log('  - ' + r.name + ': ' + String((r.error && r.error.message) || r.error).split('\n')[0]);
    }
    console.log(`${passed} passed, ${failed} failed`);
    return failed;
  }

  // Runs main under the total-time deadline, cleans up, prints the report and exits: 0 when
  // every step passed, 1 otherwise.
  async function runTest(main) {
    const deadline = setTimeout(async () => {
      console.error(`[ui] FAIL: the test did not finish within ${totalTimeoutMs / 1000} s`);
      results.push({ name: 'total time', ok: false, error: new Error('timeout') });
      await cleanup();
      report();
      process.exit(1);
    }, totalTimeoutMs);
    try {
      await main();
    } catch (e) {
      results.push({ name: 'unexpected error', ok: false, error: e });
      console.error(e);
    } finally {
      await cleanup();
      clearTimeout(deadline);
    }
    process.exit(report() ? 1 : 0);
  }

  return { bin, srcDir, log, workdir, runDemo, run, sql, startServer, stopServer, launch, newPage, noProblems, shot, text, ready, landed, seqOf, navLabels, step, scenario, runTest };
}
