// helpers.mjs -- what the browser tests share: loading a page and checking it is HTML, reading
// results, facets and the status line by role and label, asking the JSON API what a page
// should show, and checking that focus is visible.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { BROWSER_DIR, ROOT } from './stack.mjs';

export { assert };

export const AXE_PATH = path.join(BROWSER_DIR, 'node_modules', 'axe-core', 'axe.min.js');

// The entries the tests rely on (tests/fixtures/search plus tests/browser/fixtures).
export const ENTRY = {
  koffieZuid: { id: 'koffie-zuid', titel: 'Koffieochtend in de buurtkamer' },
  koffieNoord: { id: 'koffie-noord', titel: 'Koffieochtend in Holtenbroek' },
  rich: { id: 'eettafel-proef', titel: 'Samen eten aan de buurttafel' },
  hostile: {
    id: 'gevaarlijke-tekst',
    titel: '<script>alert(1)</script> Koffie & "thee"',
    samenvattingPart: '<img src=x onerror=alert(2)>',
  },
};

export const AMBITIONS = [
  { id: 'sociaal', label: 'Sociale contacten en zinvolle daginvulling' },
  { id: 'vitaal', label: 'Vitaal en gezond' },
  { id: 'kansen', label: 'Gelijke kansen op een zelfredzaam leven' },
];


export const SEARCH_LABEL = 'Waar zoekt u hulp bij?';

// GET a JSON API path of the server under test.
export async function api(base, pathAndQuery) {
  const res = await fetch(base + pathAndQuery);
  const text = await res.text();
  assert.equal(res.status, 200, `GET ${pathAndQuery}: status ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

// A raw GET whose path is sent exactly as given (fetch would normalise "..").
export function rawGet(base, rawPath) {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${rawPath}: no answer in 10 s`)));
    req.on('error', reject);
    req.end();
  });
}

// Loads a page and checks that it is an HTML page with the expected status, so that a missing
// page fails at once with what the server said instead of after a locator's time-out.
export async function open(page, url, { status = 200 } = {}) {
  const res = await page.goto(url, { waitUntil: 'load' });
  assert.ok(res, `GET ${url}: no response`);
  const type = res.headers()['content-type'] || '';
  if (res.status() !== status || !type.startsWith('text/html')) {
    let body = '';
    try { body = (await res.text()).slice(0, 300); } catch { /* no body */ }
    assert.fail(`GET ${url}: expected an HTML page with status ${status}, got ${res.status()} ${type}: ${body}`);
  }
  return res;
}

// Waits for a locator to be visible, with a message that says what was looked for.
export async function visible(locator, what, timeout = 5_000) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch {
    const url = locator.page().url();
    assert.fail(`not found on ${url}: ${what}`);
  }
  return locator.first();
}

export async function heading1(page) {
  const h1 = page.getByRole('heading', { level: 1 });
  await visible(h1, 'a level-1 heading');
  assert.equal(await h1.count(), 1, `${page.url()}: expected exactly one h1`);
  return (await h1.innerText()).trim();
}

// The search form: role search, a textbox "Waar zoekt u hulp bij?", a button "Zoeken".
export async function searchForm(page) {
  const form = page.getByRole('search');
  await visible(form, 'a search form (role search)');
  const box = form.getByRole('textbox', { name: SEARCH_LABEL, exact: true })
    .or(form.getByRole('searchbox', { name: SEARCH_LABEL, exact: true }));
  await visible(box, `a textbox labelled "${SEARCH_LABEL}" in the search form`);
  const button = form.getByRole('button', { name: 'Zoeken', exact: true });
  await visible(button, 'a button "Zoeken" in the search form');
  return { form, box: box.first(), button };
}

// Results: the links in <main> whose address is /aanbod/<id>, each inside a list item.
// Returns [{ id, title, href }] in page order, one per entry. { inList: false } drops the
// list-item check (the /lijst page may show entries as articles).
export async function results(page, { inList = true } = {}) {
  const found = await page.evaluate(() => {
    const scope = document.querySelector('main, [role="main"]') || document.body;
    const seen = new Set();
    const out = [];
    for (const a of scope.querySelectorAll('a[href]')) {
      const url = new URL(a.href, location.href);
      const m = /^\/aanbod\/([a-z][a-z0-9-]{2,79})$/.exec(url.pathname);
      if (!m || url.origin !== location.origin || seen.has(m[1])) continue;
      seen.add(m[1]);
      out.push({
        id: m[1],
        title: a.textContent.replace(/\s+/g, ' ').trim(),
        href: url.pathname + url.search,
        inListItem: !!a.closest('li, [role="listitem"]'),
      });
    }
    return out;
  });
  for (const r of inList ? found : []) {
    assert.ok(r.inListItem, `result "${r.title}" (${r.href}) is not inside a list item`);
  }
  return found;
}

// The number in the status line "N resultaten" (role status).
export async function statusCount(page) {
  const status = page.getByRole('status').filter({ hasText: /resulta(at|ten)/ });
  await visible(status, 'a status line "N resultaten" (role status)');
  const text = (await status.first().innerText()).replace(/\s+/g, ' ');
  const m = /(\d+|geen)\s+resulta(at|ten)\b/i.exec(text);
  assert.ok(m, `status line "${text}" does not say "N resultaten"`);
  return /geen/i.test(m[1]) ? 0 : Number(m[1]);
}

// The filter form (a form labelled "Filters"). On a phone it waits behind "Filters (n)", which
// is tapped open first, as a user would.
export async function filterForm(page) {
  const form = page.getByRole('form', { name: 'Filters', exact: true });
  const toggle = page.locator('summary', { hasText: /^Filters \(\d+\)$/ });
  if (!(await form.isVisible()) && (await toggle.count()) === 1 && (await toggle.isVisible())) await toggle.click();
  await visible(form, 'a form labelled "Filters"');
  return form;
}

// The checkbox for one facet value: label "Zuid (3)" inside the fieldset "Wijk".
export function facetBox(form, group, label) {
  const re = new RegExp(`^${escapeRe(label)} \\(\\d+\\)$`);
  return form.getByRole('group', { name: group, exact: true }).getByRole('checkbox', { name: re });
}

// All checkboxes of a fieldset as [{ label, count, checked }].
export async function facetValues(form, group) {
  const fieldset = form.getByRole('group', { name: group, exact: true });
  await visible(fieldset, `a fieldset "${group}" in the filter form`);
  const boxes = fieldset.getByRole('checkbox');
  const out = [];
  for (let i = 0; i < await boxes.count(); i++) {
    const box = boxes.nth(i);
    const name = await accessibleName(box);
    const m = /^(.*\S) \((\d+)\)$/.exec(name);
    assert.ok(m, `checkbox in "${group}" is labelled "${name}", expected "Label (N)"`);
    out.push({ label: m[1], count: Number(m[2]), checked: await box.isChecked() });
  }
  return out;
}

export async function accessibleName(locator) {
  // The label text as the accessibility tree computes it.
  const snap = await locator.ariaSnapshot();
  const m = /^- \w+ "((?:[^"\\]|\\.)*)"/.exec(snap.trim());
  return m ? JSON.parse(`"${m[1]}"`) : '';
}

export function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function params(url) {
  return new URL(url).searchParams;
}

// Runs an action that navigates and waits until the new URL matches.
export async function navigates(page, action, predicate, what) {
  try {
    await Promise.all([
      page.waitForURL((u) => predicate(u), { timeout: 10_000 }),
      action(),
    ]);
  } catch (e) {
    assert.fail(`${what}: page did not navigate as expected (now ${page.url()}): ${e.message.split('\n')[0]}`);
  }
  await page.waitForLoadState('load');
}

// How the focused element looks: its focus ring must be visible.
export async function focusInfo(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute('type') || '',
      name: el.getAttribute('name') || '',
      text: (el.textContent || el.getAttribute('aria-label') || el.value || '').replace(/\s+/g, ' ').trim().slice(0, 60),
      href: el.getAttribute('href'),
      outlineStyle: cs.outlineStyle,
      outlineWidth: parseFloat(cs.outlineWidth) || 0,
      boxShadow: cs.boxShadow,
      inViewport: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 &&
        r.top < window.innerHeight && r.left < window.innerWidth,
    };
  });
}

export function focusVisible(f) {
  if (!f) return false;
  const outline = f.outlineStyle !== 'none' && f.outlineWidth >= 2;
  const shadow = f.boxShadow && f.boxShadow !== 'none';
  return outline || shadow;
}

export function describeFocus(f) {
  if (!f) return 'nothing (body)';
  return `<${f.tag}${f.type ? ` type=${f.type}` : ''}${f.name ? ` name=${f.name}` : ''}> "${f.text}"` +
    ` (outline ${f.outlineStyle} ${f.outlineWidth}px, box-shadow ${f.boxShadow})`;
}

// Runs axe-core on the page (WCAG 2.0/2.1 A and AA) and fails with every violation.
export async function axeCheck(page) {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 200), summary: n.failureSummary })),
      more: Math.max(0, v.nodes.length - 5),
    }));
  });
  if (violations.length) {
    const lines = [`axe found ${violations.length} violation(s) on ${page.url()}:`];
    for (const v of violations) {
      lines.push(`${v.id} (${v.impact}): ${v.help}`);
      for (const n of v.nodes) lines.push(`  at ${n.target}: ${n.html}`, `    ${String(n.summary).replace(/\n/g, ' ')}`);
      if (v.more) lines.push(`  and ${v.more} more`);
    }
    assert.fail(lines.join('\n'));
  }
}

// The page types, for tests that check every one of them.
export const PAGE_TYPES = [
  { name: 'home', url: '/' },
  { name: 'results', url: '/zoeken?q=koffie&wijk=zuid' },
  { name: 'entry', url: `/aanbod/${ENTRY.rich.id}` },
  { name: 'ambition', url: '/ambitie/sociaal' },
  { name: '404', url: '/deze-pagina-bestaat-niet', status: 404 },
  { name: 'list', url: `/lijst?id=${ENTRY.koffieZuid.id}&id=${ENTRY.rich.id}` },
];

// The Dutch labels of schema/vocabulaires.yaml: { wijken: { zuid: 'Zuid', ... }, ... }.
// Reads only the shapes that file uses: "  code: Label" and "  code:\n    label: Label"
// (with "    uitleg: ..." kept in out.uitleg[list][code]).
export function vocabularies() {
  const file = path.resolve(ROOT, process.env.WW_SCHEMA || 'schema', 'vocabulaires.yaml');
  const out = { uitleg: {} };
  let list = null;
  let listName = null;
  let code = null;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    let m;
    if ((m = /^([a-z][\w-]*):\s*$/.exec(line))) { listName = m[1]; list = out[m[1]] = {}; code = null; continue; }
    if (!list) continue;
    if ((m = /^ {2}([\w-]+):\s*(.*?)\s*$/.exec(line))) {
      code = m[1];
      if (m[2]) list[code] = unquote(m[2]);
      continue;
    }
    if (code && (m = /^ {4}label:\s*(.*?)\s*$/.exec(line))) list[code] = unquote(m[1]);
    if (code && (m = /^ {4}uitleg:\s*(.*?)\s*$/.exec(line))) (out.uitleg[listName] ||= {})[code] = unquote(m[1]);
  }
  return out;
}

function unquote(s) {
  return /^(['"]).*\1$/.test(s) ? s.slice(1, -1) : s;
}

// The filter fieldsets: legend, the API's facet name and the vocabulary that labels it.
export const FACETS = [
  { group: 'Wijk', facet: 'wijk', vocab: 'wijken' },
  { group: 'Voor wie', facet: 'doelgroep', vocab: 'doelgroepen' },
  { group: 'Waar wilt u aan werken?', facet: 'ambitie', vocab: 'ambities' },
  { group: 'Onderwerp', facet: 'leefgebied', vocab: 'leefgebieden' },
  { group: 'Soort aanbod', facet: 'soort', vocab: 'soorten' },
  { group: 'Hoe doet u mee?', facet: 'toegang', vocab: 'toegang' },
  { group: 'Woonvorm', facet: 'woonvorm', vocab: 'woonvormen' },
  { group: 'Begeleiding', facet: 'begeleiding', vocab: 'begeleiding' },
];
