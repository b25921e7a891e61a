// document.test.mjs -- schema/openapi.json itself: a valid OpenAPI 3.1 document, schemas that
// Ajv compiles strictly, every API route of the server described, the vocabularies as
// schema/vocabulaires.yaml has them, and a server that will not start without it.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { ROOT, SCHEMA_DIR, startServer, stopServer } from './lib/stack.mjs';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

// The routes of the route table that belong to the API: "METHOD /path", a prefix route with
// the document's path parameter ({id}).
function serverRoutes(doc) {
  const source = readFileSync(path.join(ROOT, 'server', 'ww_routes.c'), 'utf8');
  const routes = [];
  for (const m of source.matchAll(/\{"(GET|PUT|POST|DELETE)",\s*"([^"]+)",\s*([^,]+),/g)) {
    const [, method, p, flags] = m;
    if (!p.startsWith('/api/v1/') && p !== '/healthz' && p !== '/metrics') continue;
    let template = p;
    if (flags.includes('PREFIX')) {
      template = Object.keys(doc.paths).find((t) => t.startsWith(p) && /^\{[a-z_]+\}$/.test(t.slice(p.length))) || `${p}*`;
    }
    routes.push(`${method} ${template}`);
  }
  return routes;
}

// The vocabularies of schema/vocabulaires.yaml: {name: [ids in order]}. Its layout is fixed (a
// list at the margin, its ids indented two spaces), so a line reader is enough.
function vocabularies() {
  const out = {};
  let current = null;
  for (const line of readFileSync(path.join(SCHEMA_DIR, 'vocabulaires.yaml'), 'utf8').split('\n')) {
    if (line.startsWith('#') || !line.trim()) continue;
    let m = /^([a-z][a-z0-9-]*):\s*$/.exec(line);
    if (m) {
      current = m[1];
      out[current] = [];
      continue;
    }
    m = /^ {2}("?)([a-z0-9][a-z0-9-]*)\1:/.exec(line);
    if (m && current) out[current].push(m[2]);
  }
  return out;
}

async function refusedStart(ctx, change) {
  const tmp = mkdtempSync(path.join(tmpdir(), 'wegwijzer-contract-schema-'));
  try {
    cpSync(SCHEMA_DIR, tmp, { recursive: true });
    const file = path.join(tmp, 'openapi.json');
    change(file);
    const s = startServer(ctx.build, ['--index', ctx.stack.index, '--catalog', ctx.stack.catalog, '--schema', tmp, '--port', '0', '--quiet']);
    const code = await new Promise((resolve) => {
      s.child.on('exit', (c) => resolve(c));
      setTimeout(() => resolve('still running'), 10_000);
    });
    await stopServer(s.child);
    assert.equal(code, 2, `the server should stop with status 2, got ${code}: ${s.log.stderr}`);
    assert.match(s.log.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*API-beschrijving`));
    assert.match(s.log.stderr, /de API-beschrijving .* is niet bruikbaar/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export default [
  {
    name: 'schema/openapi.json is a valid OpenAPI 3.1 document',
    async run({ contract }) {
      const validator = new Validator();
      const res = await validator.validate(JSON.parse(contract.text));
      if (!res.valid) throw new Error(`not valid OpenAPI:\n${JSON.stringify(res.errors, null, 2).slice(0, 3000)}`);
      assert.equal(validator.version, '3.1');
      assert.equal(contract.doc.jsonSchemaDialect, 'https://json-schema.org/draft/2020-12/schema');
      assert.deepEqual(contract.doc.servers.map((s) => s.url), ['/'], 'clients resolve paths against the host that serves the document');
    },
  },
  {
    name: 'it is written as JSON with a 2-space indent',
    async run({ contract }) {
      assert.equal(contract.text, `${JSON.stringify(contract.doc, null, 2)}\n`, 'reformat with JSON.stringify(doc, null, 2)');
    },
  },
  {
    name: "every response, header and parameter schema compiles in Ajv's 2020-12 dialect, strictly",
    async run({ contract }) {
      const pointers = contract.schemaPointers();
      assert.ok(pointers.length > 50, `only ${pointers.length} schemas found`);
      for (const p of pointers) {
        try {
          contract.validator(p);
        } catch (e) {
          throw new Error(`${p}: ${e.message}`);
        }
      }
      assert.deepEqual(contract.warnings, [], 'Ajv warned');
    },
  },
  {
    name: 'it describes every API route of server/ww_routes.c, and no other',
    async run({ contract }) {
      const routes = serverRoutes(contract.doc).sort();
      const described = [];
      for (const [template, item] of Object.entries(contract.doc.paths)) {
        for (const method of METHODS) if (item[method]) described.push(`${method.toUpperCase()} ${template}`);
      }
      assert.deepEqual(described.sort(), routes);
    },
  },
  {
    name: 'its vocabulary enums are those of schema/vocabulaires.yaml, in order',
    async run({ contract }) {
      const vocab = vocabularies();
      const used = new Set();
      for (const [name, schema] of Object.entries(contract.doc.components.schemas)) {
        const v = schema['x-vocabulary'];
        if (!v) continue;
        assert.ok(vocab[v], `${name} names vocabulary '${v}', which vocabulaires.yaml lacks`);
        assert.deepEqual(schema.enum, vocab[v], `${name} differs from vocabulary '${v}'`);
        used.add(v);
      }
      assert.deepEqual([...used].sort(), Object.keys(vocab).sort(), 'every vocabulary has its schema');
    },
  },
  {
    name: 'the server does not start without openapi.json, and says which file',
    async run(ctx) {
      await refusedStart(ctx, (file) => rmSync(file));
    },
  },
  {
    name: 'nor with an openapi.json that is no JSON object',
    async run(ctx) {
      await refusedStart(ctx, (file) => writeFileSync(file, '{"openapi": "3.1.0",'));
      await refusedStart(ctx, (file) => writeFileSync(file, '["openapi"]'));
    },
  },
];
