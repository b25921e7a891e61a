// fixed-now.mjs -- a second wegwijzer-server whose clock stands still: WW_NOW (a local Zwolle
// time, "2026-12-01T10:00") fixes what the pages count from ("Nu open tot ...", the date on the
// shortlist, "lang niet gecontroleerd"). It serves its own index of the test catalog (ctx.catalog)
// without partners, so it never writes. The first server of the run keeps the real clock.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, SetupError } from './stack.mjs';

const build = () => path.resolve(ROOT, process.env.WW_BUILD || 'build');
const schema = () => path.resolve(ROOT, process.env.WW_SCHEMA || 'schema');

// Starts the server at `now` over its own index of `catalog`; returns { base, stop }.
export async function serverAt(now, catalog) {
  const tmp = mkdtempSync(path.join(tmpdir(), 'wegwijzer-now-'));
  const index = path.join(tmp, 'index');
  const r = spawnSync(path.join(build(), 'wegwijzer-indexer'),
    ['--catalog', catalog, '--index', index, '--schema', schema(), '--quiet'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new SetupError(`indexing ${catalog} for the fixed clock failed (${r.status}): ${r.stderr}`);
  }
  const child = spawn(path.join(build(), 'wegwijzer-server'),
    ['--index', index, '--catalog', catalog, '--web', path.join(ROOT, 'web'), '--schema', schema(),
      '--port', '0', '--quiet', '--threads', '2'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WW_NOW: now } });
  const stop = () => new Promise((resolve) => {
    const done = () => { rmSync(tmp, { recursive: true, force: true }); resolve(); };
    if (child.exitCode !== null || child.signalCode !== null) { done(); return; }
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => { clearTimeout(kill); done(); });
    child.kill('SIGTERM');
  });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { err += d; });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server at ${now} did not start: ${err}`)), 15_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      out += d;
      const m = /luistert op (http:\/\/[^\s)]+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the server at ${now} exited (${code}): ${err}`)); });
  }).catch(async (e) => { await stop(); throw e; });
  return { base, stop };
}

// Runs fn(base) against a server at `now`, and stops it whatever happens.
export async function withServerAt(now, catalog, fn) {
  const s = await serverAt(now, catalog);
  try {
    return await fn(s.base);
  } finally {
    await s.stop();
  }
}
