// tests/contract/hsds.mjs -- the catalog as Open Referral HSDS, held to the standard itself:
// every service, organization and service_at_location that `wegwijzer-indexer --export-hsds`
// writes for the sample catalog is validated against Open Referral's compiled schemas, strictly
// (additionalProperties false everywhere, as Open Referral's own validation does), and the
// answers of /api/hsds/ against the response schemas of the HSDS OpenAPI document (the same
// strict schemas behind its $refs). The reference files are read from ../shared/hsds beside the
// checkout; where it is absent, these tests say so and are skipped.
//
//   node tests/contract/hsds.mjs --build DIR        (TAP on stdout)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const hsds = resolve(root, '../shared/hsds/schema');
const build = resolve(root, process.argv[process.argv.indexOf('--build') + 1] || 'build');
const REMOTE = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/';

let n = 0, failed = 0;
const ok = (name) => console.log(`ok ${++n} - ${name}`);
const notOk = (name, why) => {
  failed++;
  console.log(`not ok ${++n} - ${name}`);
  for (const line of String(why).split('\n').slice(0, 30)) console.log(`#   ${line}`);
};
const check = (name, errors) => (errors.length ? notOk(name, errors.join('\n')) : ok(name));

if (!existsSync(hsds)) {
  for (const what of ['services', 'organizations', 'service_at_locations', 'API answers'])
    console.log(`ok ${++n} - HSDS ${what} validate strictly # SKIP ../shared/hsds absent`);
  console.log(`1..${n}`);
  process.exit(0);
}

// Open Referral's check: additional properties are an error on every object of the schema.
function strict(schema) {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) out[k] = strict(v);
  if (out.type === 'object' || out.properties) out.additionalProperties = false;
  return out;
}
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
for (const f of readdirSync(hsds).filter((f) => f.endsWith('.json') && f !== 'openapi.json'))
  ajv.addSchema(strict(read(join(hsds, f))), REMOTE + f);
for (const f of readdirSync(join(hsds, 'compiled')).filter((f) => f.endsWith('.json')))
  ajv.addSchema(strict(read(join(hsds, 'compiled', f))), REMOTE + 'compiled/' + f);
const OPENAPI = REMOTE + 'openapi.json'; // its relative $refs name the schemas beside it
ajv.addSchema(read(join(hsds, 'openapi.json')), OPENAPI);

const explain = (validate, label) =>
  (validate.errors || []).slice(0, 5).map((e) => `${label}: ${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);

// ---- The export ----------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'ww-hsds-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const index = join(work, 'idx'), out = join(work, 'hsds');
const indexer = spawnSync(join(build, 'wegwijzer-indexer'),
  ['--catalog', join(root, 'catalog'), '--index', index, '--export-hsds', out, '--quiet'], { encoding: 'utf8' });
if (indexer.status !== 0) {
  notOk('the sample catalog is exported', indexer.stderr);
  console.log(`1..${n}`);
  process.exit(1);
}
for (const [folder, schema] of [['services', 'service'], ['organizations', 'organization'],
                                ['service_at_locations', 'service_at_location']]) {
  const validate = ajv.getSchema(REMOTE + `compiled/${schema}.json`);
  const files = readdirSync(join(out, folder));
  const errors = [];
  for (const f of files)
    if (!validate(read(join(out, folder, f)))) errors.push(...explain(validate, `${folder}/${f}`));
  check(`every exported ${schema} (${files.length}) is valid HSDS 3.0, strictly`, files.length ? errors : ['none exported']);
}
{
  const terms = readdirSync(join(out, 'taxonomy_terms')).map((f) => read(join(out, 'taxonomy_terms', f)));
  const validate = ajv.getSchema(REMOTE + 'taxonomy_term.json');
  check(`every taxonomy term (${terms.length}) is valid, strictly`,
    terms.flatMap((t) => (validate(t) ? [] : explain(validate, t.code))));
}
// The validator must be able to fail: a service with a field HSDS does not have is refused.
{
  const validate = ajv.getSchema(REMOTE + 'compiled/service.json');
  const some = read(join(out, 'services', readdirSync(join(out, 'services'))[0]));
  const bad = [{ ...some, wijk: 'centrum' }, { ...some, status: 'open' },
    { ...some, service_at_locations: [{ ...some.service_at_locations[0], extra: 1 }] }];
  check('a service with an unknown field, a wrong status or an extra nested field is refused',
    bad.filter((s) => validate(s)).map((s) => 'accepted: ' + JSON.stringify(s).slice(0, 120)));
}

// ---- The API -------------------------------------------------------------------------------
const server = spawn(join(build, 'wegwijzer-server'),
  ['--index', index, '--catalog', join(root, 'catalog'), '--port', '0', '--threads', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
process.on('exit', () => server.kill());
const base = await new Promise((res, rej) => {
  let text = '';
  const timer = setTimeout(() => rej(new Error('server did not start: ' + text)), 10000);
  server.stdout.on('data', (d) => {
    text += d;
    const m = /luistert op (http:\/\/[\d.]+:\d+)/.exec(text);
    if (m) { clearTimeout(timer); res(m[1]); }
  });
  server.stderr.on('data', (d) => { text += d; });
});
const get = async (path) => {
  const r = await fetch(base + path);
  return { status: r.status, type: r.headers.get('content-type'), body: await r.json() };
};
// The response schema of a path of the HSDS OpenAPI document, with its $refs as above.
const pointer = (path) => `${OPENAPI}#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/get/responses/200/content/application~1json/schema`;
const firstService = read(join(out, 'services', readdirSync(join(out, 'services'))[0]));
const firstTerm = read(join(out, 'taxonomy_terms', readdirSync(join(out, 'taxonomy_terms'))[0]));
const firstTaxonomy = read(join(out, 'taxonomies', readdirSync(join(out, 'taxonomies'))[0]));
const cases = [
  ['/', '/'],
  ['/services', '/services?per_page=1000'],
  ['/services', '/services?search=schulden'],
  ['/services', `/services?taxonomy_id=${firstTerm.taxonomy_id}&page=1&per_page=5`],
  ['/services/{id}', `/services/${firstService.id}`],
  ['/organizations', '/organizations?per_page=100'],
  ['/organizations/{id}', `/organizations/${firstService.organization_id}`],
  ['/service_at_locations', '/service_at_locations?per_page=1000'],
  ['/taxonomies', '/taxonomies'],
  ['/taxonomies/{id}', `/taxonomies/${firstTaxonomy.id}`],
  ['/taxonomy_terms', '/taxonomy_terms?per_page=1000'],
  ['/taxonomy_terms/{id}', `/taxonomy_terms/${firstTerm.id}`],
];
const errors = [];
for (const [path, url] of cases) {
  const validate = ajv.getSchema(pointer(path)) || ajv.compile({ $ref: pointer(path) });
  const r = await get('/api/hsds' + url);
  if (r.status !== 200 || !r.type.startsWith('application/json')) errors.push(`${url}: ${r.status} ${r.type}`);
  else if (!validate(r.body)) errors.push(...explain(validate, url));
  else if (url.includes('?') && !(r.body.contents || []).length) errors.push(`${url}: an empty page proves little`);
}
check(`the answers of /api/hsds/ (${cases.length} requests) validate against the HSDS OpenAPI response schemas, strictly`, errors);
{
  const validate = ajv.compile({ $ref: pointer('/services') });
  const r = await get('/api/hsds/services?per_page=1');
  r.body.contents[0].wijken = ['centrum'];
  check('... and an answer with a field HSDS does not have would be refused', validate(r.body) ? ['accepted'] : []);
}
console.log(`1..${n}`);
server.kill();
process.exitCode = failed ? 1 : 0;
