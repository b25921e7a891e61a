// stack.mjs -- the server the contract suite talks to, and stopping it again: a test catalog
// (tests/fixtures/search plus tests/contract/fixtures, which has an entry with every field, an
// overdue one, an expired one and one the indexer rejects), its index, partner tokens, and
// BUILD/wegwijzer-server on a free port. The way tests/browser/lib/stack.mjs does it, without
// the browser.
//
// start(build) returns { base, tokens, catalog, schema, server, log, stop }. stop() is safe to
// call more than once and after a partial start.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const CONTRACT_DIR = path.join(ROOT, 'tests', 'contract');
export const SCHEMA_DIR = path.resolve(ROOT, process.env.WW_SCHEMA || 'schema');

// A problem that makes every test pointless: reported once, as the only result.
export class SetupError extends Error {}

// The organisations that get a token: partners of the test catalog, the editor, and one token
// that the suite blocks on purpose (429), so that no other test loses its token.
const TOKEN_ORGS = { partner: 'buurthuis-test', other: 'wonen-test', editor: 'gemeente', blocked: 'buurthuis-test' };

function preflight(build) {
  const problems = [];
  for (const bin of ['wegwijzer-indexer', 'wegwijzer-server']) {
    if (!existsSync(path.join(build, bin))) problems.push(`${path.join(build, bin)} not found: build it first`);
  }
  for (const mod of ['ajv', 'ajv-formats', '@seriousme/openapi-schema-validator']) {
    if (!existsSync(path.join(CONTRACT_DIR, 'node_modules', mod, 'package.json'))) {
      problems.push(`tests/contract/node_modules/${mod} missing: run npm ci in tests/contract`);
    }
  }
  if (problems.length) throw new SetupError(problems.join('\n'));
}

function copyInto(from, to) {
  for (const sub of ['aanbod', 'organisaties']) {
    for (const file of readdirSync(path.join(from, sub))) {
      if (file.endsWith('.yaml')) cpSync(path.join(from, sub, file), path.join(to, sub, file));
    }
  }
}

// The indexer rejects kapot-aanbod.yaml on purpose (exit status 1); anything else is a setup
// problem.
function buildIndex(build, catalog, index) {
  const indexer = path.join(build, 'wegwijzer-indexer');
  const args = ['--catalog', catalog, '--index', index, '--schema', SCHEMA_DIR, '--quiet'];
  const r = spawnSync(indexer, args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw new SetupError(`${indexer} could not run: ${r.error.message}`);
  const errors = (r.stderr || '').split('\n').filter((l) => l && !l.includes('waarschuwing'));
  const expected = r.status === 1 && errors.length > 0 && errors.every((l) => l.includes('kapot-aanbod.yaml'));
  if (r.status !== 0 && !expected) {
    throw new SetupError(`${indexer} ${args.join(' ')} exited with ${r.status}:\n${r.stderr}`);
  }
}

function newToken(build, org, partners) {
  const server = path.join(build, 'wegwijzer-server');
  const r = spawnSync(server, ['token', org, '--partners', partners], { encoding: 'utf8', timeout: 10_000 });
  const token = (r.stdout || '').trim();
  if (r.status !== 0 || !/^ww_[0-9a-f]{16}_\S+$/.test(token)) {
    throw new SetupError(`${server} token ${org} failed (${r.status}): ${r.stderr}`);
  }
  return token;
}

// Starts the server with `args` and waits for "luistert op http://127.0.0.1:PORT".
export function startServer(build, args) {
  const server = path.join(build, 'wegwijzer-server');
  const child = spawn(server, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { log.stderr = (log.stderr + d).slice(-20_000); });
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new SetupError(
      `${server} did not say where it listens within 15 s\nstderr: ${log.stderr}`)), 15_000);
    child.stdout.on('data', (d) => {
      log.stdout = (log.stdout + d).slice(-20_000);
      const m = /luistert op (http:\/\/[^\s)]+)/.exec(log.stdout);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    });
    child.on('error', (e) => { clearTimeout(timer); reject(new SetupError(`${server} could not start: ${e.message}`)); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new SetupError(`${server} exited (${signal || code}) before listening\n${log.stderr}`));
    });
  });
  ready.catch(() => {});
  return { child, log, ready };
}

export function stopServer(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => { child.kill('SIGKILL'); }, 5_000);
    child.once('exit', () => { clearTimeout(kill); resolve(); });
    child.kill('SIGTERM');
  });
}

export async function start(build) {
  preflight(build);
  const tmp = mkdtempSync(path.join(tmpdir(), 'wegwijzer-contract-'));
  const stack = { tmp, server: null, log: null, base: null, schema: SCHEMA_DIR };
  let stopped = false;
  stack.stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopServer(stack.server);
    rmSync(tmp, { recursive: true, force: true });
  };
  process.once('exit', () => {
    if (stack.server && stack.server.exitCode === null) stack.server.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  });
  try {
    const catalog = path.join(tmp, 'catalog');
    cpSync(path.join(ROOT, 'tests', 'fixtures', 'search'), catalog, { recursive: true });
    copyInto(path.join(CONTRACT_DIR, 'fixtures'), catalog);
    const index = path.join(tmp, 'index');
    buildIndex(build, catalog, index);
    const partners = path.join(tmp, 'partners');
    stack.tokens = {};
    for (const [role, org] of Object.entries(TOKEN_ORGS)) stack.tokens[role] = newToken(build, org, partners);
    stack.catalog = catalog;
    stack.index = index;
    // With the website, as in production: the API's answers must not depend on it.
    const s = startServer(build, ['--index', index, '--catalog', catalog, '--web', path.join(ROOT, 'web'),
      '--schema', SCHEMA_DIR, '--port', '0', '--quiet', '--threads', '2', '--partners', partners]);
    stack.server = s.child;
    stack.log = s.log;
    stack.base = await s.ready;
    return stack;
  } catch (e) {
    await stack.stop();
    if (e instanceof SetupError) throw e;
    throw new SetupError(e.message);
  }
}
