#!/usr/bin/env node
// run.mjs -- the browser tests of the Wegwijzer website, as TAP.
//
//   node tests/browser/run.mjs [--only TEXT]
//
// Builds a test index from tests/fixtures/search (plus the entries in tests/browser/fixtures,
// one of them with hostile text) with $WW_BUILD/wegwijzer-indexer, starts
// $WW_BUILD/wegwijzer-server on a free port, launches Debian's Chromium (/usr/bin/chromium,
// or $WW_CHROMIUM) through playwright-core and runs every tests/browser/*.test.mjs. Each of
// those exports (as default or as `tests`) an array of { name, run(ctx), timeout? } with
//   ctx = { browser, base, newPage(contextOptions), tokens, catalog }
// (tokens: a partner token per organisation of the test catalog; catalog: its folder, a copy).
// Pages from ctx.newPage are watched: a JavaScript dialog, an uncaught script error, a
// Content-Security-Policy violation or a stylesheet/script/image that fails to load fails the
// test as well.
//
// Environment: WW_BUILD (default build), WW_SCHEMA (default schema), WW_CHROMIUM,
// WW_BROWSER_TIMEOUT (seconds for the whole run, default 480), WW_TEST_TIMEOUT (seconds per
// test, default 60). Exit status 0 when every test passed, 1 otherwise.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BROWSER_DIR, SetupError, start } from './lib/stack.mjs';

const overallSeconds = Number(process.env.WW_BROWSER_TIMEOUT || 480);
const testSeconds = Number(process.env.WW_TEST_TIMEOUT || 60);
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? process.argv[onlyAt + 1] || '' : '';

let stack = null;
let finished = false;

function comment(text) {
  for (const line of String(text).split('\n')) console.log(`# ${line}`);
}

async function shutdown(code) {
  if (finished) return;
  finished = true;
  if (stack) await stack.stop();
  process.exit(code);
}

// Guards: the whole run has a deadline, and Ctrl-C or SIGTERM still stop server and browser.
const deadline = setTimeout(() => {
  console.log(`not ok - the browser tests did not finish within ${overallSeconds} s`);
  shutdown(1);
}, overallSeconds * 1000);
deadline.unref();
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => { comment(`stopped by ${sig}`); shutdown(1); });
}

async function loadTests() {
  const files = readdirSync(BROWSER_DIR).filter((f) => f.endsWith('.test.mjs')).sort();
  const tests = [];
  for (const file of files) {
    const mod = await import(pathToFileURL(path.join(BROWSER_DIR, file)).href);
    const list = mod.default || mod.tests;
    if (!Array.isArray(list)) throw new SetupError(`${file} exports no array of tests`);
    for (const t of list) {
      if (!t || typeof t.name !== 'string' || typeof t.run !== 'function') {
        throw new SetupError(`${file}: every test needs a name and a run(ctx) function`);
      }
      tests.push({ ...t, name: `${path.basename(file, '.test.mjs')}: ${t.name}` });
    }
  }
  return only ? tests.filter((t) => t.name.includes(only)) : tests;
}

// A page in a context of its own, with watchers for what must never happen.
async function makePage(browser, contexts, opts = {}) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL', ...opts });
  contexts.push(context);
  context.setDefaultTimeout(5_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = await context.newPage();
  const problems = [];
  page.on('dialog', (d) => {
    problems.push(`a JavaScript dialog opened (${d.type()}: ${d.message()}) on ${page.url()}`);
    d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => problems.push(`script error on ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) {
      problems.push(`CSP violation on ${page.url()}: ${m.text()}`);
    }
  });
  page.on('response', (r) => {
    const type = r.request().resourceType();
    if (r.status() >= 400 && ['stylesheet', 'script', 'image', 'font'].includes(type) &&
        !r.url().endsWith('/favicon.ico')) {
      problems.push(`${type} ${r.url()} answered ${r.status()}`);
    }
  });
  page.on('requestfailed', (r) => {
    const type = r.resourceType();
    if (['stylesheet', 'script', 'image', 'font'].includes(type)) {
      problems.push(`${type} ${r.url()} failed: ${r.failure()?.errorText}`);
    }
  });
  page.wwProblems = problems;
  return page;
}

async function runOne(test, n) {
  const contexts = [];
  const pages = [];
  const ctx = {
    browser: stack.browser,
    base: stack.base,
    tokens: stack.tokens,
    catalog: stack.catalog,
    newPage: async (opts) => {
      const p = await makePage(stack.browser, contexts, opts);
      pages.push(p);
      return p;
    },
  };
  const limit = (test.timeout || testSeconds) * 1000;
  let timer;
  try {
    const running = Promise.resolve().then(() => test.run(ctx));
    running.catch(() => {}); // after a time-out its late failure is of no interest
    await Promise.race([
      running,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${limit / 1000} s`)), limit);
      }),
    ]);
    const problems = pages.flatMap((p) => p.wwProblems);
    if (problems.length) throw new Error(problems.join('\n'));
    console.log(`ok ${n} - ${test.name}`);
    return true;
  } catch (e) {
    console.log(`not ok ${n} - ${test.name}`);
    comment(e && e.message ? e.message : String(e));
    const extra = pages.flatMap((p) => p.wwProblems);
    if (extra.length && !(e && e.message && e.message.includes(extra[0]))) comment(`also: ${extra.join('\n')}`);
    return false;
  } finally {
    clearTimeout(timer);
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  }
}

async function main() {
  let tests;
  try {
    tests = await loadTests();
    if (tests.length === 0) throw new SetupError(only ? `no test matches --only ${only}` : 'no *.test.mjs tests found');
    stack = await start();
  } catch (e) {
    console.log('1..1');
    console.log('not ok 1 - browser tests could not start');
    comment(e.message);
    console.error(`tests/browser/run.mjs: ${e.message}`);
    return shutdown(1);
  }
  console.log(`1..${tests.length}`);
  comment(`server ${stack.base}, Chromium ${stack.browser.version()}`);
  let failed = 0;
  for (let i = 0; i < tests.length; i++) {
    if (!(await runOne(tests[i], i + 1))) failed++;
    if (stack.server.exitCode !== null || stack.server.signalCode !== null) {
      comment(`the server stopped (${stack.server.signalCode || stack.server.exitCode}) during the tests:`);
      comment(stack.serverLog.stderr.slice(-3000));
      for (let j = i + 1; j < tests.length; j++) console.log(`not ok ${j + 1} - ${tests[j].name} # server gone`);
      failed += tests.length - i - 1;
      break;
    }
  }
  comment(`${tests.length - failed} passed, ${failed} failed`);
  return shutdown(failed ? 1 : 0);
}

main().catch((e) => {
  console.log(`not ok - the browser test runner failed: ${e && e.stack ? e.stack : e}`);
  shutdown(1);
});
