// region.test.mjs -- a region's answers (issue 18) held to the same document: the suite's index
// as gemeente "zwolle" on this host and again as "kampen" behind xapian-tcpsrv, searched as one by
// `wegwijzer-server --regio`. Its search, entries and /healthz answers carry the region's fields
// (the gemeente of each result, the gemeente facet, onvolledig) and must fit the document, also
// while Kampen is away; a question a region cannot answer (nearest first) is an Error.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { query, request } from './lib/http.mjs';
import { startServer, stopServer } from './lib/stack.mjs';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function listening(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}

// The region's servers, started on first use and kept for the file's tests.
let region = null;
async function theRegion(ctx) {
  if (region) return region;
  const port = await freePort();
  const tcpsrv = spawn('xapian-tcpsrv', ['--interface', '127.0.0.1', '--port', String(port),
    path.join(ctx.stack.index, 'current')], { stdio: 'ignore', detached: true });
  for (let i = 0; i < 50 && !(await listening(port)); i++) await new Promise((r) => setTimeout(r, 100));
  const file = path.join(ctx.stack.tmp, 'regio.yaml');
  writeFileSync(file, `naam: Regio contract\nwachttijd_ms: 1000\ngemeenten:\n  - id: zwolle\n    naam: Zwolle\n`
    + `    index: ${ctx.stack.index}\n  - id: kampen\n    naam: Kampen\n    index: tcp://127.0.0.1:${port}\n`);
  const s = startServer(ctx.build, ['--regio', file, '--schema', ctx.stack.schema, '--port', '0', '--quiet',
    '--threads', '2']);
  region = { tcpsrv, server: s.child, base: await s.ready };
  process.once('exit', () => { tcpsrv.kill('SIGKILL'); s.child.kill('SIGKILL'); });
  return region;
}

// As ctx.api, against the region's server.
async function api(ctx, method, template, { params = [], id, status } = {}) {
  const r = await theRegion(ctx);
  ctx.contract.checkParams(method, template, params);
  const target = template.replace('{id}', encodeURIComponent(id ?? '')) + query(params);
  const answer = await request(r.base, method, target);
  if (status !== undefined && answer.status !== status) {
    throw new Error(`${method} ${target} answered ${answer.status}, expected ${status}:\n${answer.text.slice(0, 600)}`);
  }
  return { answer, body: ctx.contract.checkAnswer(answer, method, template) };
}

export default [
  {
    name: 'a search over the region: each result names its gemeente, with the gemeente facet',
    async run(ctx) {
      const { body } = await api(ctx, 'GET', '/api/v1/search', { params: [['q', 'koffie']], status: 200 });
      assert.ok(body.total > 0);
      assert.deepEqual(body.onvolledig, []);
      assert.deepEqual(new Set(body.results.map((r) => r.gemeente.id)), new Set(['zwolle', 'kampen']));
      assert.equal(body.facets.gemeente.zwolle, body.facets.gemeente.kampen);
    },
  },
  {
    name: 'the region filtered by gemeente, and with filters and browsing',
    async run(ctx) {
      const { body } = await api(ctx, 'GET', '/api/v1/search',
        { params: [['q', 'koffie'], ['gemeente', 'kampen'], ['wijk', 'zuid']], status: 200 });
      assert.ok(body.results.every((r) => r.gemeente.id === 'kampen'));
      await api(ctx, 'GET', '/api/v1/search', { params: [['per_page', '5'], ['page', '2']], status: 200 });
    },
  },
  {
    name: "an entry of one gemeente by ?gemeente=, and an unknown gemeente's 404",
    async run(ctx) {
      const { body } = await api(ctx, 'GET', '/api/v1/search', { params: [['q', 'koffie']], status: 200 });
      const id = body.results[0].id;
      const { body: entry } = await api(ctx, 'GET', '/api/v1/entries/{id}',
        { id, params: [['gemeente', 'kampen']], status: 200 });
      assert.equal(entry.id, id);
      await api(ctx, 'GET', '/api/v1/entries/{id}', { id, params: [['gemeente', 'nergens']], status: 404 });
    },
  },
  {
    name: 'nearest first, which remote shards cannot sort by, is a 400 Error',
    async run(ctx) {
      await api(ctx, 'GET', '/api/v1/search',
        { params: [['q', 'koffie'], ['postcode', '8017'], ['sort', 'afstand']], status: 400 });
    },
  },
  {
    name: '/healthz of the region names each gemeente',
    async run(ctx) {
      const { body } = await api(ctx, 'GET', '/healthz', { status: 200 });
      assert.deepEqual(body.gemeenten, [{ id: 'zwolle', status: 'ok' }, { id: 'kampen', status: 'ok' }]);
    },
  },
  {
    name: 'with Kampen away: onvolledig in the search, onvolledig in /healthz, both as described',
    async run(ctx) {
      const r = await theRegion(ctx);
      r.tcpsrv.kill('SIGTERM');
      await new Promise((resolve) => r.tcpsrv.once('exit', resolve));
      let body;
      for (let i = 0; i < 20; i++) {
        ({ body } = await api(ctx, 'GET', '/api/v1/search', { params: [['q', 'koffie']], status: 200 }));
        if (body.onvolledig.length) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      assert.deepEqual(body.onvolledig, ['kampen']);
      const { body: health } = await api(ctx, 'GET', '/healthz', { status: 200 });
      assert.equal(health.status, 'onvolledig');
      await stopServer(r.server);
    },
  },
];
