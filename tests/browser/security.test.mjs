// Safety: catalog text is escaped everywhere, the security headers, the static files with
// cache headers (and nothing outside web/static), and pages without inline code or styles.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ENTRY, PAGE_TYPES, assert, heading1, open, rawGet, results, visible,
} from './lib/helpers.mjs';
import { ROOT } from './lib/stack.mjs';

const NLDS_CSS = path.join(ROOT, 'web', 'node_modules', '@utrecht', 'component-library-css', 'dist', 'index.css');

const STATIC = [
  { path: '/static/nl-design-system.css', type: /^text\/css/ },
  { path: '/static/css/zwolle.css', type: /^text\/css/ },
  { path: '/static/js/wegwijzer.js', type: /^(text|application)\/javascript/ },
];

// What a page must not contain for the CSP to hold: inline code, inline styles, handlers.
async function inlineCode(page) {
  return page.evaluate(() => {
    const found = [];
    for (const el of document.querySelectorAll('*')) {
      if (el.hasAttribute('style')) found.push(`style="${el.getAttribute('style')}" on <${el.tagName.toLowerCase()}>`);
      for (const a of el.getAttributeNames()) {
        if (/^on/i.test(a)) found.push(`${a}= on <${el.tagName.toLowerCase()}>`);
      }
    }
    for (const s of document.querySelectorAll('script:not([src])')) found.push(`inline <script>: ${s.textContent.slice(0, 60)}`);
    for (const s of document.querySelectorAll('style')) found.push(`<style>: ${s.textContent.slice(0, 60)}`);
    for (const a of document.querySelectorAll('a[href^="javascript:" i]')) found.push(`javascript: link ${a.textContent}`);
    return found;
  });
}

function tokensDefined(css) {
  return new Set([...css.matchAll(/(--utrecht-[a-z0-9-]+)\s*:/g)].map((m) => m[1]));
}

function tokensRead(css) {
  return new Set([...css.matchAll(/var\(\s*(--utrecht-[a-z0-9-]+)/g)].map((m) => m[1]));
}

export default [
  {
    name: 'hostile catalog text shows as text on results, entry and list pages; no script runs',
    async run({ base, newPage }) {
      const page = await newPage();
      const dialogs = [];
      page.on('dialog', (d) => dialogs.push(`${d.type()}: ${d.message()}`));
      const h = ENTRY.hostile;
      const pages = [
        `${base}/zoeken?q=koffie`,
        `${base}/aanbod/${h.id}`,
        `${base}/lijst?id=${h.id}&id=${ENTRY.koffieZuid.id}`,
      ];
      for (const url of pages) {
        await open(page, url);
        const text = await page.evaluate(() => document.body.innerText);
        assert.ok(text.includes('<script>alert(1)</script>'), `${url}: the title's "<script>alert(1)</script>" shows as text`);
        assert.ok(text.includes(h.titel), `${url}: the whole title shows literally: ${h.titel}`);
        const injected = await page.evaluate(() => ({
          img: document.querySelectorAll('img[src="x"], [onerror]').length,
          scripts: [...document.scripts].filter((s) => /alert/.test(s.textContent)).length,
        }));
        assert.deepEqual(injected, { img: 0, scripts: 0 }, `${url}: no element was injected`);
        assert.equal(await inlineCode(page).then((f) => f.length), 0, `${url}: no inline code`);
      }
      await open(page, `${base}/zoeken?q=koffie`);
      const found = await results(page);
      assert.ok(found.some((r) => r.id === h.id && r.title === h.titel), 'the result link text is the literal title');
      await open(page, `${base}/aanbod/${h.id}`);
      assert.equal(await heading1(page), h.titel, 'the entry heading is the literal title');
      await visible(page.getByText(h.samenvattingPart), `the summary shows "${h.samenvattingPart}" as text`);
      await page.waitForTimeout(300); // give a smuggled handler a moment to fire
      assert.deepEqual(dialogs, [], 'no alert() ran');
    },
  },
  {
    name: 'every page type sends a CSP without unsafe-inline, nosniff and the other security headers',
    async run({ base }) {
      for (const p of PAGE_TYPES) {
        const res = await fetch(base + p.url);
        await res.arrayBuffer();
        assert.equal(res.status, p.status || 200, `${p.url}: status`);
        const h = res.headers;
        assert.match(h.get('content-type') || '', /^text\/html;\s*charset=utf-8$/i, `${p.url}: Content-Type`);
        const csp = h.get('content-security-policy') || '';
        assert.ok(csp, `${p.url}: a Content-Security-Policy`);
        assert.ok(!/unsafe-inline/.test(csp), `${p.url}: the CSP has no 'unsafe-inline': ${csp}`);
        assert.ok(!/unsafe-eval/.test(csp), `${p.url}: the CSP has no 'unsafe-eval': ${csp}`);
        assert.match(csp, /(default-src|script-src)\s+'self'/, `${p.url}: scripts only from the site itself: ${csp}`);
        assert.ok(/frame-ancestors\s+'none'/.test(csp) || /deny/i.test(h.get('x-frame-options') || ''),
          `${p.url}: the page may not be framed`);
        assert.equal((h.get('x-content-type-options') || '').toLowerCase(), 'nosniff', `${p.url}: X-Content-Type-Options`);
        assert.ok(h.get('referrer-policy'), `${p.url}: a Referrer-Policy`);
      }
    },
  },
  {
    name: 'static files are served with Cache-Control max-age, the right type, and nothing outside web/static',
    async run({ base }) {
      for (const s of STATIC) {
        const res = await fetch(base + s.path);
        const body = Buffer.from(await res.arrayBuffer());
        assert.equal(res.status, 200, `${s.path}: status`);
        assert.match(res.headers.get('content-type') || '', s.type, `${s.path}: Content-Type`);
        const m = /max-age=(\d+)/.exec(res.headers.get('cache-control') || '');
        assert.ok(m && Number(m[1]) > 0, `${s.path}: Cache-Control with a max-age (${res.headers.get('cache-control')})`);
        assert.equal((res.headers.get('x-content-type-options') || '').toLowerCase(), 'nosniff', `${s.path}: nosniff`);
        if (s.path === '/static/nl-design-system.css') {
          assert.ok(body.equals(readFileSync(NLDS_CSS)), '/static/nl-design-system.css is the installed @utrecht/component-library-css dist/index.css');
        }
      }
      const missing = await fetch(`${base}/static/css/bestaat-niet.css`);
      await missing.arrayBuffer();
      assert.equal(missing.status, 404, 'a missing static file answers 404');
      for (const raw of ['/static/../Makefile', '/static/%2e%2e/Makefile', '/static/..%2fMakefile',
        '/static/css/../../../Makefile', '/static//etc/passwd', '/static/%2e%2e/%2e%2e/web/package.json']) {
        const r = await rawGet(base, raw);
        assert.ok(r.status >= 400 && r.status < 500, `GET ${raw} is refused (status ${r.status})`);
        assert.ok(!/wegwijzer-indexer|root:x:0|"dependencies"/.test(r.body), `GET ${raw} serves no file outside web/static`);
      }
    },
  },
  {
    name: 'every page type links both stylesheets and one deferred script, with no inline code or CSP violation',
    async run({ base, newPage }) {
      const page = await newPage();
      for (const p of PAGE_TYPES) {
        await open(page, base + p.url, { status: p.status || 200 });
        const found = await inlineCode(page);
        assert.deepEqual(found, [], `${p.url}: nothing inline`);
        const assets = await page.evaluate(() => ({
          css: [...document.querySelectorAll('link[rel~="stylesheet"]')].map((l) => new URL(l.href).pathname),
          js: [...document.scripts].map((s) => ({ src: s.src && new URL(s.src).pathname, defer: s.defer })),
        }));
        const nlds = assets.css.indexOf('/static/nl-design-system.css');
        const theme = assets.css.indexOf('/static/css/zwolle.css');
        assert.ok(nlds >= 0 && theme > nlds, `${p.url}: nl-design-system.css, then zwolle.css (${assets.css.join(', ')})`);
        assert.deepEqual(assets.js, [{ src: '/static/js/wegwijzer.js', defer: true }], `${p.url}: one deferred script`);
      }
      // Problems the page itself reported (CSP violations, failed files) fail this test too.
    },
  },
  {
    name: 'zwolle.css sets only --utrecht-* tokens that the NL Design System CSS (or the theme) reads',
    async run({ base }) {
      const theme = await (await fetch(`${base}/static/css/zwolle.css`)).text();
      const nlds = await (await fetch(`${base}/static/nl-design-system.css`)).text();
      const defined = tokensDefined(theme);
      assert.ok(defined.size > 50, `zwolle.css defines the theme's tokens (${defined.size})`);
      const read = new Set([...tokensRead(nlds), ...tokensRead(theme)]);
      const unused = [...defined].filter((t) => !read.has(t));
      assert.deepEqual(unused, [], 'tokens nobody reads (a typo or a token of another version)');
      assert.ok(!/!important/.test(theme), 'no !important in zwolle.css');
    },
  },
];
