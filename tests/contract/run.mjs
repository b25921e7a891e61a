#!/usr/bin/env node
// run.mjs -- the contract suite: holds wegwijzer-server's JSON API to schema/openapi.json, as TAP.
//
//   node tests/contract/run.mjs --build DIR [--only TEXT]
//
// Validates the document itself (@seriousme/openapi-schema-validator), indexes a test catalog
// with DIR/wegwijzer-indexer, starts DIR/wegwijzer-server on a free port with partner and
// editor tokens, and runs every test of the *.test.mjs files below in their order (the writes
// change the catalog; the questions count needs the searches before it). A test calls real
// endpoints and holds each answer's status, content type, headers and body to the schema the
// document gives that path, method and status (lib/contract.mjs). Each test file exports an
// array of { name, run(ctx) } with
//   ctx = { base, tokens, contract, api(method, template, options), raw(method, target, options),
//           build, stack }
// Exit status 0 when every test passed, 1 otherwise.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadContract } from './lib/contract.mjs';
import { query, request } from './lib/http.mjs';
import { CONTRACT_DIR, ROOT, SCHEMA_DIR, SetupError, start } from './lib/stack.mjs';

const FILES = ['document', 'search', 'entries', 'writes', 'insight', 'operations', 'drift', 'region'];
const overallSeconds = Number(process.env.WW_CONTRACT_TIMEOUT || 300);

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}
const build = path.resolve(ROOT, option('--build', process.env.WW_BUILD || 'build'));
const only = option('--only', '');

let stack = null;
let finished = false;
let requests = 0;

function comment(text) {
  for (const line of String(text).split('\n')) console.log(`# ${line}`);
}

async function shutdown(code) {
  if (finished) return;
  finished = true;
  if (stack) await stack.stop();
  process.exit(code);
}

const deadline = setTimeout(() => {
  console.log(`not ok - the contract tests did not finish within ${overallSeconds} s`);
  shutdown(1);
}, overallSeconds * 1000);
deadline.unref();
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { comment(`stopped by ${sig}`); shutdown(1); });

async function loadTests() {
  const tests = [];
  for (const file of FILES) {
    const mod = await import(pathToFileURL(path.join(CONTRACT_DIR, `${file}.test.mjs`)).href);
    for (const t of mod.default) tests.push({ ...t, name: `${file}: ${t.name}` });
  }
  return only ? tests.filter((t) => t.name.includes(only)) : tests;
}

// ctx.api: calls `method template` (path parameters from options.id), checks that the document
// describes every query parameter sent (unless options.undescribed), that the status is
// options.status when given, and that the answer fits the document. Returns { answer, body }.
function makeContext(contract) {
  const ctx = { base: stack.base, tokens: stack.tokens, contract, build, stack };
  ctx.raw = (method, target, { headers = {}, body, token } = {}) => {
    const h = { ...headers };
    if (token) h.Authorization = `Bearer ${token}`;
    requests++;
    return request(stack.base, method, target, { headers: h, body });
  };
  ctx.api = async (method, template, options = {}) => {
    const params = options.params || [];
    if (!options.undescribed) contract.checkParams(method, template, params);
    const target = template.replace('{id}', encodeURIComponent(options.id ?? '')) + query(params);
    const answer = await ctx.raw(method, target, options);
    if (options.status !== undefined && answer.status !== options.status) {
      throw new Error(`${method} ${target} answered ${answer.status}, expected ${options.status}:\n${answer.text.slice(0, 600)}`);
    }
    return { answer, body: contract.checkAnswer(answer, method, template) };
  };
  return ctx;
}

async function main() {
  let tests;
  let contract;
  try {
    tests = await loadTests();
    if (tests.length === 0) throw new SetupError(`no test matches --only ${only}`);
    contract = loadContract(path.join(SCHEMA_DIR, 'openapi.json'));
    stack = await start(build);
  } catch (e) {
    console.log('1..1');
    console.log('not ok 1 - the contract tests could not start');
    comment(e.message);
    console.error(`tests/contract/run.mjs: ${e.message}`);
    return shutdown(1);
  }
  console.log(`1..${tests.length}`);
  comment(`server ${stack.base}, document ${path.relative(ROOT, path.join(SCHEMA_DIR, 'openapi.json'))}`);
  const ctx = makeContext(contract);
  let failed = 0;
  for (let i = 0; i < tests.length; i++) {
    try {
      await tests[i].run(ctx);
      console.log(`ok ${i + 1} - ${tests[i].name}`);
    } catch (e) {
      failed++;
      console.log(`not ok ${i + 1} - ${tests[i].name}`);
      comment(e && e.message ? e.message : String(e));
    }
    if (stack.server.exitCode !== null || stack.server.signalCode !== null) {
      comment(`the server stopped (${stack.server.signalCode || stack.server.exitCode}):`);
      comment(stack.log.stderr.slice(-3000));
      for (let j = i + 1; j < tests.length; j++) console.log(`not ok ${j + 1} - ${tests[j].name} # server gone`);
      failed += tests.length - i - 1;
      break;
    }
  }
  comment(`${tests.length - failed} passed, ${failed} failed (${requests} requests)`);
  return shutdown(failed ? 1 : 0);
}

main().catch((e) => {
  console.log(`not ok - the contract test runner failed: ${e && e.stack ? e.stack : e}`);
  shutdown(1);
});
