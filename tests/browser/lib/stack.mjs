// stack.mjs -- everything a browser test needs running, and stopping it again:
// a test catalog (tests/fixtures/search plus the entries in tests/browser/fixtures), its
// index, wegwijzer-server on a free port and Debian's Chromium driven by playwright-core.
//
// start() returns { base, browser, server, stop }. stop() is safe to call more than once and
// after a partial start: it closes the browser, stops the server with SIGTERM (SIGKILL after
// 5 s) and removes the temporary folder.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const BROWSER_DIR = path.join(ROOT, 'tests', 'browser');
export const CHROMIUM = process.env.WW_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// A problem that makes every test pointless: reported once, clearly, as the only result.
export class SetupError extends Error {}

function buildDir() {
  return path.resolve(ROOT, process.env.WW_BUILD || 'build');
}

function schemaDir() {
  return path.resolve(ROOT, process.env.WW_SCHEMA || 'schema');
}

// What is missing, checked before anything starts.
export function preflight() {
  const build = buildDir();
  const problems = [];
  for (const bin of ['wegwijzer-indexer', 'wegwijzer-server']) {
    if (!existsSync(path.join(build, bin))) {
      problems.push(`${path.join(build, bin)} not found: build it first (make), or set WW_BUILD`);
    }
  }
  if (!existsSync(CHROMIUM)) {
    problems.push(`${CHROMIUM} not found: install Debian's chromium package (apt-get install chromium)`);
  }
  for (const mod of ['playwright-core', 'axe-core']) {
    if (!existsSync(path.join(BROWSER_DIR, 'node_modules', mod, 'package.json'))) {
      problems.push(`tests/browser/node_modules/${mod} missing: run npm ci in tests/browser`);
    }
  }
  if (!existsSync(path.join(ROOT, 'web', 'node_modules', '@utrecht', 'component-library-css', 'dist', 'index.css'))) {
    problems.push('web/node_modules/@utrecht/component-library-css/dist/index.css missing: run npm ci in web');
  }
  if (problems.length) throw new SetupError(problems.join('\n'));
}

// Copies the fixture catalog and adds the browser tests' own entries.
function makeCatalog(tmp) {
  const catalog = path.join(tmp, 'catalog');
  cpSync(path.join(ROOT, 'tests', 'fixtures', 'search'), catalog, { recursive: true });
  const extra = path.join(BROWSER_DIR, 'fixtures', 'aanbod');
  for (const file of readdirSync(extra)) {
    if (file.endsWith('.yaml')) cpSync(path.join(extra, file), path.join(catalog, 'aanbod', file));
  }
  return catalog;
}

function buildIndex(catalog, index) {
  const indexer = path.join(buildDir(), 'wegwijzer-indexer');
  const args = ['--catalog', catalog, '--index', index, '--schema', schemaDir(), '--quiet'];
  const r = spawnSync(indexer, args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw new SetupError(`${indexer} could not run: ${r.error.message}`);
  if (r.status !== 0) {
    throw new SetupError(`${indexer} ${args.join(' ')} exited with ${r.status}:\n${r.stderr}`);
  }
}

// A partner's token for `org` in the partners file (wegwijzer-server token ORG --partners F).
function newToken(org, partners) {
  const server = path.join(buildDir(), 'wegwijzer-server');
  const r = spawnSync(server, ['token', org, '--partners', partners], { encoding: 'utf8', timeout: 10_000 });
  const token = (r.stdout || '').trim();
  if (r.status !== 0 || !/^ww_[0-9a-f]{16}_\S+$/.test(token)) {
    throw new SetupError(`${server} token ${org} failed (${r.status}): ${r.stderr}`);
  }
  return token;
}

// Starts the server and waits for its line "luistert op http://127.0.0.1:PORT".
function startServer(index, catalog, partners) {
  const server = path.join(buildDir(), 'wegwijzer-server');
  const args = ['--index', index, '--catalog', catalog, '--web', path.join(ROOT, 'web'),
    '--schema', schemaDir(), '--port', '0', '--quiet', ...(partners ? ['--partners', partners] : [])];
  const child = spawn(server, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { log.stderr = (log.stderr + d).slice(-20_000); });
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new SetupError(
      `${server} did not say where it listens within 15 s\nstdout: ${log.stdout}\nstderr: ${log.stderr}`)), 15_000);
    child.stdout.on('data', (d) => {
      log.stdout = (log.stdout + d).slice(-20_000);
      const m = /luistert op (http:\/\/[^\s)]+)/.exec(log.stdout);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    });
    child.on('error', (e) => { clearTimeout(timer); reject(new SetupError(`${server} could not start: ${e.message}`)); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new SetupError(`${server} ${args.join(' ')} exited (${signal || code}) before listening\n${log.stderr}`));
    });
  });
  return { child, log, ready };
}

function stopServer(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => { child.kill('SIGKILL'); }, 5_000);
    child.once('exit', () => { clearTimeout(kill); resolve(); });
    child.kill('SIGTERM');
  });
}

// options.catalog: serve (a copy of) that catalog instead of the test catalog (the screenshots
// use catalog/); options.partners: the organisations that get a token (stack.tokens).
export async function start(options = {}) {
  preflight();
  const { chromium } = await import('playwright-core');
  const tmp = mkdtempSync(path.join(tmpdir(), 'wegwijzer-browser-'));
  const stack = { tmp, server: null, browser: null, base: null, serverLog: null };
  let stopped = false;
  stack.stop = async () => {
    if (stopped) return;
    stopped = true;
    try { if (stack.browser) await stack.browser.close(); } catch { /* already gone */ }
    await stopServer(stack.server);
    rmSync(tmp, { recursive: true, force: true });
  };
  // Last resort when the runner exits without stop(): no orphan server.
  process.once('exit', () => {
    if (stack.server && stack.server.exitCode === null) stack.server.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  });
  try {
    // Always a copy, so the partners' pages may write to it.
    let catalog = path.join(tmp, 'catalog');
    if (options.catalog) cpSync(options.catalog, catalog, { recursive: true });
    else catalog = makeCatalog(tmp);
    const index = path.join(tmp, 'index');
    buildIndex(catalog, index);
    const partners = path.join(tmp, 'partners');
    stack.tokens = {};
    for (const org of options.partners || ['buurthuis-test', 'wonen-test', 'gemeente']) {
      stack.tokens[org] = newToken(org, partners);
    }
    stack.catalog = catalog;
    const s = startServer(index, catalog, partners);
    stack.server = s.child;
    stack.serverLog = s.log;
    stack.base = await s.ready;
    stack.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      timeout: 30_000,
    });
    return stack;
  } catch (e) {
    await stack.stop();
    if (e instanceof SetupError) throw e;
    throw new SetupError(e.message);
  }
}
