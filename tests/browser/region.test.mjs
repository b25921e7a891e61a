// The region's site (issue 18) in Chromium: the test catalog as gemeente Zwolle on this host and
// again as Kampen behind xapian-tcpsrv, served as one by `wegwijzer-server --regio`. A resident
// sees each result's gemeente, filters by gemeente with the counts beside them, and reads one
// plain line when a gemeente's results are missing; axe-clean, and usable at 320 px.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assert, axeCheck, navigates, open, statusCount, visible } from './lib/helpers.mjs';
import { ROOT, SetupError } from './lib/stack.mjs';

const build = () => path.resolve(ROOT, process.env.WW_BUILD || 'build');
const schema = () => path.resolve(ROOT, process.env.WW_SCHEMA || 'schema');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

const listening = (port) => new Promise((resolve) => {
  const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
  socket.on('error', () => resolve(false));
});

// Starts the region over an index of `catalog`; returns { base, stopKampen, stop }.
async function regionOf(catalog) {
  const tmp = mkdtempSync(path.join(tmpdir(), 'wegwijzer-regio-'));
  const index = path.join(tmp, 'index');
  const r = spawnSync(path.join(build(), 'wegwijzer-indexer'),
    ['--catalog', catalog, '--index', index, '--schema', schema(), '--quiet'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new SetupError(`indexing for the region failed (${r.status}): ${r.stderr}`);
  const port = await freePort();
  const tcpsrv = spawn('xapian-tcpsrv', ['--interface', '127.0.0.1', '--port', String(port),
    path.join(index, 'current')], { stdio: 'ignore', detached: true });
  for (let i = 0; i < 50 && !(await listening(port)); i++) await new Promise((done) => setTimeout(done, 100));
  const file = path.join(tmp, 'regio.yaml');
  writeFileSync(file, `naam: Regio test\nwachttijd_ms: 1000\ngemeenten:\n  - id: zwolle\n    naam: Zwolle\n`
    + `    index: index\n  - id: kampen\n    naam: Kampen\n    index: tcp://127.0.0.1:${port}\n`);
  const child = spawn(path.join(build(), 'wegwijzer-server'),
    ['--regio', file, '--web', path.join(ROOT, 'web'), '--schema', schema(), '--port', '0', '--quiet',
      '--threads', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const ended = (p) => p.exitCode !== null || p.signalCode !== null;
  const end = (p) => new Promise((resolve) => {
    if (ended(p)) { resolve(); return; }
    p.once('exit', () => resolve());
    p.kill('SIGTERM');
  });
  const stop = async () => { await end(child); await end(tcpsrv); rmSync(tmp, { recursive: true, force: true }); };
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { err += d; });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the region did not start: ${err}`)), 15_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      out += d;
      const m = /luistert op (http:\/\/[^\s)]+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the region exited (${code}): ${err}`)); });
  }).catch(async (e) => { await stop(); throw e; });
  return { base, stop, stopKampen: () => end(tcpsrv) };
}

async function withRegion(catalog, fn) {
  const region = await regionOf(catalog);
  try {
    return await fn(region);
  } finally {
    await region.stop();
  }
}

export default [
  {
    name: "the region's results name each one's gemeente, and the gemeente filter narrows them (without JavaScript)",
    async run({ catalog, newPage }) {
      await withRegion(catalog, async ({ base }) => {
        const page = await newPage({ javaScriptEnabled: false });
        await open(page, base + '/zoeken?q=koffie');
        const all = await statusCount(page);
        const gemeenten = await page.locator('dt:text-is("Gemeente") + dd').allInnerTexts();
        assert.deepEqual([...new Set(gemeenten)].sort(), ['Kampen', 'Zwolle'], 'each result names its gemeente');
        const kampen = page.getByRole('checkbox', { name: /^Kampen \(\d+\)/ });
        const count = Number(await kampen.evaluate((box) => /\((\d+)\)/.exec(box.labels[0].innerText)[1]));
        await kampen.check();
        await navigates(page, () => page.getByRole('button', { name: 'Filters toepassen' }).click(),
          (u) => u.searchParams.get('gemeente') === 'kampen', 'the results of Kampen');
        assert.equal(await statusCount(page), count, 'as many results as the filter said');
        assert.ok(count < all, 'fewer than in the whole region');
        const names = await page.locator('dt:text-is("Gemeente") + dd').allInnerTexts();
        assert.deepEqual([...new Set(names)], ['Kampen'], 'only Kampen');
        await visible(page.getByRole('link', { name: 'Verwijder filter: Kampen' }), 'the chosen gemeente as a chip');
        const checked = await newPage({ bypassCSP: true }); // axe-core runs as a script
        await open(checked, page.url());
        await axeCheck(checked);
      });
    },
  },
  {
    name: 'with Kampen away, one plain line says so; the page is axe-clean and fits 320 px',
    async run({ catalog, newPage }) {
      await withRegion(catalog, async ({ base, stopKampen }) => {
        await stopKampen();
        const page = await newPage({ viewport: { width: 320, height: 640 }, bypassCSP: true });
        let line = null;
        for (let i = 0; i < 20 && !line; i++) {
          await open(page, base + '/zoeken?q=koffie');
          line = await page.getByRole('note').filter({ hasText: 'De resultaten van Kampen ontbreken nu' }).count() ? 'seen' : null;
        }
        assert.ok(line, 'the line that Kampen is missing');
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(scroll <= 320, `the page at 320 px is ${scroll} px wide`);
        await axeCheck(page);
      });
    },
  },
];
