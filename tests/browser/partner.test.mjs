// The partners' pages (/partner): a volunteer of an organisation signs in with the token the
// municipality gave, sees the organisation's entries and how long ago each was checked,
// confirms one in a click, edits one (mistakes are shown beside the fields and nothing is
// saved until they are fixed), adds one, and cannot touch another organisation's entries. Every
// change is in the public search within a second. A POST from another site, or without the
// session's CSRF token, changes nothing.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  api, assert, axeCheck, escapeRe, heading1, navigates, open, visible,
} from './lib/helpers.mjs';
import { ROOT } from './lib/stack.mjs';

const OWN = { id: 'breicafe-partner', titel: 'Breicafé in het buurthuis' };
const OTHERS = { id: 'wonen-begeleid' }; // organisation wonen-test

// Today as the server has it: the date in Zwolle (it runs with TZ=Europe/Amsterdam), which
// differs from this machine's between 23.00 and 0.00 UTC in winter.
function today() {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(new Date());
  const part = (type) => parts.find((x) => x.type === type).value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

function catalogFile(catalog, id) {
  return readFileSync(path.join(catalog, 'aanbod', `${id}.yaml`), 'utf8');
}

// Signs in through the form; returns the page on the overview.
async function signIn(newPage, base, token) {
  const page = await newPage({ bypassCSP: true }); // for axe-core's script
  await open(page, `${base}/partner`);
  await page.getByLabel('Uw toegangscode').fill(token);
  await navigates(page, () => page.getByRole('button', { name: 'Inloggen' }).click(),
    (u) => u.pathname === '/partner', 'signing in');
  await visible(page.getByRole('heading', { level: 1, name: 'Uw aanbod' }), 'the overview after signing in');
  return page;
}

// The overview's item for an entry title.
function item(page, title) {
  return page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
}

// Searches the public API until `predicate(results)` holds, up to `ms`; returns the wait.
async function searchUntil(base, query, predicate, ms) {
  const start = Date.now();
  for (;;) {
    const r = await api(base, `/api/v1/search?q=${encodeURIComponent(query)}`);
    if (predicate(r.results)) return Date.now() - start;
    if (Date.now() - start > ms) return -1;
    await new Promise((res) => setTimeout(res, 50));
  }
}

const WIDTHS = [375, 1280];
const SERVER = path.resolve(ROOT, process.env.WW_BUILD || 'build', 'wegwijzer-server');

// Signs in on an existing page (of any size); ends on the overview.
async function signInOn(page, base, token) {
  await open(page, `${base}/partner`);
  await page.getByLabel('Uw toegangscode').fill(token);
  await navigates(page, () => page.getByRole('button', { name: 'Inloggen' }).click(),
    (u) => u.pathname === '/partner', 'signing in');
}

// A page of `width` px, signed in with `token`.
async function signedInAt(newPage, base, token, width, opts = {}) {
  const page = await newPage({ bypassCSP: true, viewport: { width, height: 800 }, ...opts });
  await signInOn(page, base, token);
  return page;
}

async function noHorizontalScroll(page, width, what) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= width, `${what} at ${width} px is ${scroll} px wide`);
}

// Opens every section of the entry form (a volunteer clicks their headings).
async function openSections(page) {
  const closed = page.locator('details.ww-form-section:not([open]):visible > summary');
  while (await closed.count()) await closed.first().click();
}

// The stack's catalog sits beside its index and partners file (tests/browser/lib/stack.mjs).
function stackFile(catalog, name) {
  return path.join(catalog, '..', name);
}

// A second server on the same catalog, index and partners file, with `env` added: for what the
// shared server cannot show, such as an undo window of a few seconds (WW_UNDO_SECONDS).
async function secondServer(catalog, env) {
  const args = ['--index', stackFile(catalog, 'index'), '--catalog', catalog, '--web', path.join(ROOT, 'web'),
    '--schema', path.resolve(ROOT, process.env.WW_SCHEMA || 'schema'), '--port', '0', '--quiet',
    '--partners', stackFile(catalog, 'partners')];
  const child = spawn(SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`second server did not start: ${out}`)), 10_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /luistert op (http:\/\/[^\s)]+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`second server exited (${code}): ${out}`)); });
  });
  child.removeAllListeners('exit');
  return { base, stop: () => new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); }) };
}

// A token for the gemeente's editors, made in the stack's partners file (read again by the server).
function editorToken(catalog) {
  const r = spawnSync(SERVER, ['token', 'gemeente', '--partners', stackFile(catalog, 'partners')], { encoding: 'utf8' });
  assert.equal(r.status, 0, `token gemeente: ${r.stderr}`);
  return r.stdout.trim();
}

function setCheckDate(catalog, id, date) {
  const file = path.join(catalog, 'aanbod', `${id}.yaml`);
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^laatst_gecontroleerd: .*$/m, `laatst_gecontroleerd: ${date}`));
}

export default [
  {
    name: 'sign in: a wrong token is explained beside the field; the right one opens a session cookie that scripts cannot read',
    async run({ base, newPage, tokens }) {
      const page = await newPage({ bypassCSP: true });
      await open(page, `${base}/partner`);
      assert.equal(await heading1(page), 'Inloggen voor partners');
      await axeCheck(page);
      await page.getByLabel('Uw toegangscode').fill(`${tokens['buurthuis-test'].slice(0, -3)}xyz`);
      const res = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/partner/inloggen')),
        page.getByRole('button', { name: 'Inloggen' }).click(),
      ]).then(([r]) => r);
      assert.equal(res.status(), 403, 'a wrong token is refused');
      const field = page.getByLabel('Uw toegangscode');
      assert.equal(await field.getAttribute('aria-invalid'), 'true', 'the field is marked invalid');
      const described = (await field.getAttribute('aria-describedby')).split(' ');
      const error = await page.locator(`#${described[0]}`).innerText();
      assert.match(error, /toegangscode klopt niet/, 'the error is tied to the field');
      await axeCheck(page);

      await field.fill(tokens['buurthuis-test']);
      await navigates(page, () => page.getByRole('button', { name: 'Inloggen' }).click(),
        (u) => u.pathname === '/partner', 'signing in');
      await visible(page.getByText('Ingelogd als'), 'who is signed in');
      const cookies = await page.context().cookies();
      const session = cookies.find((c) => c.name === 'ww_sessie');
      assert.ok(session, 'a session cookie is set');
      assert.equal(session.httpOnly, true, 'HttpOnly');
      assert.equal(session.sameSite, 'Strict', 'SameSite=Strict');
      assert.equal(session.path, '/partner', 'only for the partner pages');
      assert.equal(await page.evaluate(() => document.cookie.includes('ww_sessie')), false, 'not readable by scripts');

      await navigates(page, () => page.getByRole('button', { name: 'Uitloggen' }).click(),
        (u) => u.pathname === '/partner', 'signing out');
      await visible(page.getByText('U bent uitgelogd.'), 'the signed-out notice');
      await open(page, `${base}/partner/aanbod/${OWN.id}`); // redirected to sign in again
      assert.equal(await heading1(page), 'Inloggen voor partners');
    },
  },
  {
    name: 'the overview shows only the organisation\'s entries, oldest check first with its age; "Klopt nog" shows the entry, makes it today and keeps the file as written; undo restores the old date',
    async run({ base, newPage, tokens, catalog }) {
      const page = await signIn(newPage, base, tokens['buurthuis-test']);
      await axeCheck(page);
      assert.equal(await page.locator(`a[href="/partner/aanbod/${OTHERS.id}"]`).count(), 0,
        'another organisation\'s entry is not listed');
      const mine = item(page, OWN.titel);
      const line = await mine.getByText(/^Laatst gecontroleerd:/).innerText();
      assert.match(line, /10 maart 2025 \(\d+ (maanden|jaar) geleden\)/, `the age of the last check: ${line}`);
      assert.match(line, /Controleer dit aanbod/, 'an old check is marked');
      // The organisation's file with the oldest date of its last check comes first.
      const own = readdirSync(path.join(catalog, 'aanbod')).filter((f) => f.endsWith('.yaml'))
        .map((f) => readFileSync(path.join(catalog, 'aanbod', f), 'utf8'))
        .filter((t) => /^organisatie: buurthuis-test$/m.test(t))
        .map((t) => ({ date: /^laatst_gecontroleerd: (\S+)$/m.exec(t)[1], title: /^titel: (.*)$/m.exec(t)[1] }))
        .sort((a, b) => a.date.localeCompare(b.date));
      const first = await page.getByRole('listitem').first().getByRole('heading').innerText();
      assert.equal(first, own[0].title, 'the entry checked longest ago comes first');

      const before = catalogFile(catalog, OWN.id);
      await navigates(page, () => mine.getByRole('link', { name: new RegExp(`^Klopt nog\\?\\s*${escapeRe(OWN.titel)}$`) }).click(),
        (u) => u.pathname === `/partner/aanbod/${OWN.id}/klopt`, '"Klopt nog?"');
      assert.equal(await heading1(page), 'Klopt dit nog?');
      // What a partner must check, before confirming: title, summary, when, where, contact.
      const shown = await page.locator('dl').innerText();
      for (const [what, re] of [['title', new RegExp(escapeRe(OWN.titel))], ['summary', /breien en haken we samen/],
        ['when', /woensdag, 14:00 tot 16:00/], ['where', /Bagijnenhof 9, 8011 SK Zwolle/], ['contact', /Contact/]]) {
        assert.match(shown, re, `the summary shows ${what}: ${shown}`);
      }
      assert.equal(catalogFile(catalog, OWN.id), before, 'nothing is changed by looking');
      await axeCheck(page);
      await navigates(page, () => page.getByRole('button', { name: 'Ja, dit klopt nog' }).click(),
        (u) => u.searchParams.get('klopt') === OWN.id, '"Ja, dit klopt nog"');
      await visible(page.getByRole('status').filter({ hasText: 'staat nu op gecontroleerd' }), 'the confirmation');
      assert.match(await item(page, OWN.titel).getByText(/^Laatst gecontroleerd:/).innerText(), /\(vandaag\)/);
      const file = catalogFile(catalog, OWN.id);
      assert.match(file, new RegExp(`^laatst_gecontroleerd: ${today()}$`, 'm'), 'the file has today');
      assert.match(file, /^# The partners' pages change this entry/m, 'the partner\'s comment stays');
      assert.equal(file, before.replace(/^laatst_gecontroleerd: .*$/m, `laatst_gecontroleerd: ${today()}`),
        'only that one line changed');
      const entry = await api(base, `/api/v1/entries/${OWN.id}`);
      assert.equal(entry.laatst_gecontroleerd, today(), 'the index has it');
      // Undo, within the minute: the old date is back, through the same write path.
      await visible(item(page, OWN.titel).getByText('Gecontroleerd.', { exact: true }), '"Gecontroleerd." beside the entry');
      await axeCheck(page);
      await navigates(page, () => item(page, OWN.titel).getByRole('button', { name: /^Ongedaan maken/ }).click(),
        (u) => u.searchParams.get('teruggezet') === OWN.id, '"Ongedaan maken"');
      await visible(page.getByRole('status').filter({ hasText: 'weer op de datum van de vorige controle' }), 'the undo notice');
      assert.equal(catalogFile(catalog, OWN.id), before, 'the file is as before, old date and all');
      assert.match(await item(page, OWN.titel).getByText(/^Laatst gecontroleerd:/).innerText(), /10 maart 2025/);
      assert.equal((await api(base, `/api/v1/entries/${OWN.id}`)).laatst_gecontroleerd, '2025-03-10', 'and so is the index');
    },
  },
  {
    name: 'editing: mistakes are shown beside their fields and in a summary, what was typed stays, nothing is saved; fixed, the change is in the public search within a second',
    timeout: 90,
    async run({ base, newPage, tokens, catalog }) {
      const page = await signIn(newPage, base, tokens['buurthuis-test']);
      const before = catalogFile(catalog, OWN.id);
      await navigates(page, () => item(page, OWN.titel).getByRole('link', { name: new RegExp(`^Wijzigen`) }).click(),
        (u) => u.pathname === `/partner/aanbod/${OWN.id}`, 'opening the form');
      assert.equal(await heading1(page), `Wijzig: ${OWN.titel}`);
      await axeCheck(page);
      assert.equal(await page.getByLabel(/^Titel/).inputValue(), OWN.titel, 'the form shows the entry');
      await page.getByText('Voor wie en waar?').click(); // the form's second section opens
      assert.equal(await page.getByRole('group', { name: /^Voor wie is het/ }).getByLabel('Ouderen').isChecked(), true);

      // Two mistakes: no title, and a postcode that is not one. And one good change.
      await page.getByLabel(/^Titel/).fill('');
      await page.getByRole('group', { name: 'Locatie 1' }).getByLabel(/^Postcode/).fill('8011');
      const summary = 'Wolkriebel: samen breien met wol uit de buurt, elke woensdag.';
      await page.getByLabel(/^Samenvatting/).fill(summary);
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Opslaan' }).click(),
      ]);
      assert.equal(res.status(), 422, 'nothing is saved');
      await page.waitForLoadState('load');
      assert.equal(catalogFile(catalog, OWN.id), before, 'the file is unchanged');
      const alert = page.getByRole('alert').filter({ hasText: 'nog niet opgeslagen' });
      await visible(alert, 'the error summary');
      const links = alert.getByRole('link');
      assert.equal(await links.count(), 2, `two mistakes listed: ${await alert.innerText()}`);
      for (const [label, re] of [[/^Titel/, /Vul dit in/], [/^Postcode/, /Vul een postcode in/]]) {
        const field = label.source.includes('Postcode')
          ? page.getByRole('group', { name: 'Locatie 1' }).getByLabel(label) : page.getByLabel(label);
        assert.equal(await field.getAttribute('aria-invalid'), 'true', `${label} is marked invalid`);
        const errorId = (await field.getAttribute('aria-describedby')).split(' ')[0];
        assert.match(await page.locator(`#${errorId}`).innerText(), re, `${label}: the error beside it`);
      }
      assert.equal(await page.getByLabel(/^Samenvatting/).inputValue(), summary, 'what was typed stays');
      await axeCheck(page);
      // The summary's link takes the keyboard to the field.
      await links.first().focus();
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'veld-titel');

      await page.getByLabel(/^Titel/).fill('Breicafé Wolkriebel');
      await page.getByRole('group', { name: 'Locatie 1' }).getByLabel(/^Postcode/).fill('8011 SK');
      await page.getByRole('group', { name: /^In welke wijken/ }).getByLabel('Zuid').check();
      await navigates(page, () => page.getByRole('button', { name: 'Opslaan' }).click(),
        (u) => u.searchParams.get('opgeslagen') === OWN.id, 'saving');
      const saved = Date.now();
      await visible(page.getByRole('status').filter({ hasText: 'is opgeslagen' }), 'the saved notice');
      const waited = await searchUntil(base, 'wolkriebel', (r) => r.some((e) => e.id === OWN.id), 5_000);
      assert.ok(waited >= 0 && Date.now() - saved < 1_000 + 500,
        `the change is searchable within a second (${waited} ms after the overview showed)`);
      const entry = await api(base, `/api/v1/entries/${OWN.id}`);
      assert.equal(entry.titel, 'Breicafé Wolkriebel');
      assert.deepEqual([...entry.wijken].sort(), ['centrum', 'zuid']);
      assert.equal(entry.laatst_gecontroleerd, today(), 'saving counts as a check');
      assert.deepEqual(entry.tijden.map((t) => [t.dagen, t.van, t.tot]), [[['wo'], '14:00', '16:00']], 'untouched fields stay');
      await open(page, `${base}/zoeken?q=wolkriebel`);
      await visible(page.getByRole('link', { name: 'Breicafé Wolkriebel', exact: true }), 'the entry in the public search');
    },
  },
  {
    name: 'a new entry through the form: required fields explained, then saved under an id from its title and found in the search',
    timeout: 90,
    async run({ base, newPage, tokens, catalog }) {
      const page = await signIn(newPage, base, tokens['buurthuis-test']);
      await navigates(page, () => page.getByRole('link', { name: 'Nieuw aanbod toevoegen' }).click(),
        (u) => u.pathname === '/partner/nieuw', 'the new-entry form');
      await axeCheck(page);
      await page.getByLabel(/^Titel/).fill('Repaircafé Knutselkwartier');
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Opslaan' }).click(),
      ]);
      assert.equal(res.status(), 422);
      await page.waitForLoadState('load');
      const listed = await page.getByRole('alert').innerText();
      for (const field of ['Soort aanbod', 'Samenvatting', 'In welke wijken?', 'Hoe komt iemand erbij?']) {
        assert.ok(listed.includes(field), `the summary names "${field}": ${listed}`);
      }
      await page.getByRole('group', { name: /^Soort aanbod/ }).getByLabel('Activiteit', { exact: true }).check();
      await page.getByLabel(/^Samenvatting/).fill('Samen kapotte spullen maken in het Knutselkwartier.');
      await page.getByRole('group', { name: /^In welke wijken/ }).getByLabel('Oost').check();
      await page.getByRole('group', { name: /^Hoe komt iemand erbij/ }).getByLabel(/^Vrij binnenlopen/).check();
      await page.getByLabel(/^Talen/).fill('Nederlands, Engels');
      await navigates(page, () => page.getByRole('button', { name: 'Opslaan' }).click(),
        (u) => u.searchParams.get('opgeslagen') === 'repaircafe-knutselkwartier', 'saving the new entry');
      await visible(item(page, 'Repaircafé Knutselkwartier'), 'the new entry in the overview');
      const file = catalogFile(catalog, 'repaircafe-knutselkwartier');
      assert.match(file, /^organisatie: buurthuis-test$/m, 'the organisation is the partner\'s own');
      const waited = await searchUntil(base, 'knutselkwartier', (r) => r.some((e) => e.id === 'repaircafe-knutselkwartier'), 1_000);
      assert.ok(waited >= 0, 'found in the public search within a second');
      const entry = await api(base, '/api/v1/entries/repaircafe-knutselkwartier');
      assert.deepEqual(entry.talen, ['nl', 'en'], 'languages typed by name are stored as codes');
    },
  },
  {
    name: 'another organisation\'s entry cannot be opened or changed, not even with a hand-made POST',
    async run({ base, newPage, tokens, catalog }) {
      const page = await signIn(newPage, base, tokens['buurthuis-test']);
      await open(page, `${base}/partner/aanbod/${OTHERS.id}`, { status: 403 });
      assert.equal(await heading1(page), 'Niet van uw organisatie');
      const before = catalogFile(catalog, OTHERS.id);
      await open(page, `${base}/partner`);
      const csrf = await page.locator('input[name="csrf"]').first().inputValue();
      const status = await page.evaluate(async ({ id, token }) => {
        const body = new URLSearchParams({ csrf: token, titel: 'Overgenomen', samenvatting: 'x', soort: 'activiteit', wijken: 'zuid', toegang: 'vrij' });
        const r = await fetch(`/partner/aanbod/${id}`, { method: 'POST', body });
        return r.status;
      }, { id: OTHERS.id, token: csrf });
      assert.equal(status, 403, 'the POST is refused');
      const klopt = await page.evaluate(async ({ id, token }) => {
        const r = await fetch(`/partner/aanbod/${id}/klopt`, { method: 'POST', body: new URLSearchParams({ csrf: token }) });
        return r.status;
      }, { id: OTHERS.id, token: csrf });
      assert.equal(klopt, 403, '"Klopt nog" is refused');
      assert.equal(catalogFile(catalog, OTHERS.id), before, 'the file is unchanged');
    },
  },
  {
    name: 'CSRF: a POST without the session\'s token, with a wrong one, or from a form on another site changes nothing',
    async run({ base, newPage, tokens, catalog }) {
      const page = await signIn(newPage, base, tokens['buurthuis-test']);
      const before = catalogFile(catalog, OWN.id);
      const csrf = await page.locator('input[name="csrf"]').first().inputValue();
      const post = (body) => page.evaluate(async (b) => (await fetch(`/partner/aanbod/${b.id}/klopt`, {
        method: 'POST', body: new URLSearchParams(b.fields),
      })).status, { id: OWN.id, fields: body });
      assert.equal(await post({}), 403, 'no CSRF token');
      assert.equal(await post({ csrf: `${csrf.slice(0, -2)}xx` }), 403, 'a wrong CSRF token');
      // A page on another site that posts a form here at once, as an attack would.
      await page.route('http://aanvaller.example/**', (route) => route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><title>x</title><form method="post" action="${base}/partner/aanbod/${OWN.id}/klopt">
          <input name="csrf" value="${csrf}"></form><script>document.forms[0].submit()</script>`,
      }));
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/klopt')),
        page.goto('http://aanvaller.example/'),
      ]);
      assert.equal(res.status(), 403, 'the cross-site form is refused');
      assert.equal(catalogFile(catalog, OWN.id), before, 'the file is unchanged');
    },
  },
  {
    name: 'a session that ends while the partner types loses nothing: the form comes back with the text and a token field, and saves after signing in there',
    timeout: 90,
    async run({ base, newPage, tokens, catalog }) {
      const page = await signIn(newPage, base, tokens['buurthuis-test']);
      await open(page, `${base}/partner/aanbod/${OWN.id}`);
      const text = 'Ook op vrijdag: breien voor beginners met de Sokkenslinger.';
      await page.getByLabel(/^Samenvatting/).fill(text);
      await page.context().clearCookies(); // as after hours away, or a restart of the server
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Opslaan' }).click(),
      ]);
      assert.equal(res.status(), 403, 'not saved without a session');
      await page.waitForLoadState('load');
      await visible(page.getByRole('alert').filter({ hasText: 'uitgelogd' }), 'the explanation');
      assert.equal(await page.getByLabel(/^Samenvatting/).inputValue(), text, 'what was typed is still there');
      assert.doesNotMatch(catalogFile(catalog, OWN.id), /Sokkenslinger/, 'nothing was written');
      await axeCheck(page);
      await page.getByLabel('Uw toegangscode').fill(tokens['buurthuis-test']);
      await navigates(page, () => page.getByRole('button', { name: 'Opslaan' }).click(),
        (u) => u.searchParams.get('opgeslagen') === OWN.id, 'saving after signing in on the form');
      assert.match(catalogFile(catalog, OWN.id), /Sokkenslinger/, 'the text is saved');
      await visible(page.getByText('Ingelogd als'), 'signed in again');
    },
  },
  {
    name: 'archiving asks first, then moves the file to the archive and takes the entry out of the search',
    async run({ base, newPage, tokens, catalog }) {
      const id = 'zomerbingo-archieftest';
      const yaml = `id: ${id}\nsoort: activiteit\ntitel: Zomerbingo Bolderkar\nsamenvatting: Bingo in de zomer.\n`
        + 'organisatie: buurthuis-test\nwijken: [noord]\ntoegang: vrij\nlaatst_gecontroleerd: 2026-11-01\n';
      const put = await fetch(`${base}/api/v1/entries/${id}`, {
        method: 'PUT', body: yaml,
        headers: { Authorization: `Bearer ${tokens['buurthuis-test']}`, 'Content-Type': 'application/yaml' },
      });
      assert.equal(put.status, 201, 'the entry is made through the API');
      const page = await signIn(newPage, base, tokens['buurthuis-test']);
      await open(page, `${base}/partner/aanbod/${id}`);
      await navigates(page, () => page.getByRole('link', { name: 'Archiveer het' }).click(),
        (u) => u.pathname.endsWith('/archiveren'), 'the question first');
      await axeCheck(page);
      assert.ok(catalogFile(catalog, id), 'nothing happened yet');
      await navigates(page, () => page.getByRole('button', { name: /^Ja, archiveer/ }).click(),
        (u) => u.searchParams.get('gearchiveerd') === id, 'archiving');
      await visible(page.getByRole('status').filter({ hasText: 'gearchiveerd' }), 'the notice');
      assert.equal(await item(page, 'Zomerbingo Bolderkar').count(), 0, 'gone from the overview');
      assert.ok(readdirSync(path.join(catalog, 'archief')).some((f) => f.startsWith(`${id}.`)), 'the file is in archief/');
      const r = await api(base, '/api/v1/search?q=bolderkar');
      assert.equal(r.total, 0, 'not in the search any more');
    },
  },
  {
    name: 'the partners\' pages on a phone (320 px) and at 200% zoom: no horizontal scrolling, visible focus on the form',
    async run({ base, newPage, tokens }) {
      for (const width of [320, 640]) {
        const page = await newPage({ viewport: { width, height: 640 }, deviceScaleFactor: width === 640 ? 2 : 1 });
        await open(page, `${base}/partner`);
        await page.getByLabel('Uw toegangscode').fill(tokens['wonen-test']);
        await navigates(page, () => page.getByRole('button', { name: 'Inloggen' }).click(),
          (u) => u.pathname === '/partner', 'signing in');
        for (const url of ['/partner', `/partner/aanbod/${OTHERS.id}`, '/partner/nieuw']) {
          await open(page, base + url);
          const wide = await page.evaluate(() => ({
            scroll: document.documentElement.scrollWidth,
            culprits: [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .slice(0, 5).map((e) => `<${e.tagName.toLowerCase()} class="${e.className}">`),
          }));
          assert.ok(wide.scroll <= width, `${url} at ${width}px: ${wide.scroll}px wide; too wide: ${wide.culprits.join(' ')}`);
        }
        await page.getByLabel(/^Titel/).focus();
        const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
        assert.notEqual(outline, 'none', 'the focused field shows its focus');
      }
    },
  },
  {
    name: 'sign-in at 375 px and 1280 px says "toegangscode", never "token", and whom to ask for one',
    async run({ base, newPage }) {
      for (const width of WIDTHS) {
        const page = await newPage({ bypassCSP: true, viewport: { width, height: 800 } });
        await open(page, `${base}/partner`);
        await visible(page.getByLabel('Uw toegangscode'), 'the field "Uw toegangscode"');
        const text = await page.locator('main').innerText();
        assert.doesNotMatch(text, /token/i, `no "token" on the sign-in page: ${text}`);
        assert.match(text, /U krijgt de toegangscode van de redactie van de gemeente/);
        // The site configuration (web/site.yaml) names the redactie's address: a mail link to it.
        const mail = page.locator('.ww-access-help a[href^="mailto:"]');
        assert.equal(await mail.count(), 1, 'the redactie\'s e-mail address as a link');
        assert.match(await mail.innerText(), /@/);
        await noHorizontalScroll(page, width, 'the sign-in page');
        await axeCheck(page);
      }
    },
  },
  {
    name: 'the form at 375 px and 1280 px: in sections, no coordinates unless asked, housing fields only for beschermd thuis',
    timeout: 120,
    async run({ base, newPage, tokens }) {
      for (const width of WIDTHS) {
        const page = await signedInAt(newPage, base, tokens['buurthuis-test'], width);
        await open(page, `${base}/partner/aanbod/${OWN.id}`);
        await noHorizontalScroll(page, width, 'the form');
        const sections = page.locator('details.ww-form-section');
        assert.ok(await sections.count() >= 4, 'the form comes in sections');
        assert.equal(await sections.first().getAttribute('open'), '', 'the first section is open');
        assert.equal(await page.getByLabel(/^Postcode/).first().isVisible(), false, 'the other sections are folded');
        // An activity: no housing section (the script hides it), so no "Woonvorm (verplicht)".
        assert.equal(await page.getByText('Wonen (alleen bij beschermd thuis)').first().isVisible(), false,
          'no housing section for an activity');
        await openSections(page);
        assert.equal(await page.getByRole('group', { name: /^Woonvorm/ }).isVisible(), false, 'no Woonvorm for an activity');
        // No coordinates as ordinary fields; they wait under "Meer over de locatie".
        const lat = page.getByLabel(/^Breedtegraad/).first();
        assert.equal(await lat.isVisible(), false, 'no latitude on sight');
        assert.equal(await page.getByLabel(/^Lengtegraad/).first().isVisible(), false, 'no longitude on sight');
        await page.getByText('Meer over de locatie').first().click();
        await visible(lat, 'the latitude after "Meer over de locatie"');
        await noHorizontalScroll(page, width, 'the form, every section open');
        await axeCheck(page);
        // Choosing beschermd thuis brings the housing fields, open; another soort hides them again.
        await page.getByRole('group', { name: /^Soort aanbod/ }).getByLabel('Beschermd thuis', { exact: true }).check();
        const woonvorm = page.getByRole('group', { name: /^Woonvorm/ });
        await visible(woonvorm, 'the Woonvorm choice for beschermd thuis');
        assert.match(await woonvorm.locator('legend').innerText(), /verplicht bij beschermd thuis/);
        await axeCheck(page);
        await page.getByRole('group', { name: /^Soort aanbod/ }).getByLabel('Activiteit', { exact: true }).check();
        assert.equal(await woonvorm.isVisible(), false, 'hidden again for an activity');
      }
      // An entry that is beschermd thuis shows its housing section open from the start.
      const page = await signedInAt(newPage, base, tokens['wonen-test'], 375);
      await open(page, `${base}/partner/aanbod/${OTHERS.id}`);
      await visible(page.getByRole('group', { name: /^Woonvorm/ }), 'Woonvorm on a beschermd-thuis entry');
    },
  },
  {
    name: 'the form without JavaScript: the housing section is folded with a heading that says for which soort, coordinates are folded too',
    async run({ base, newPage, tokens }) {
      for (const width of WIDTHS) {
        const page = await signedInAt(newPage, base, tokens['buurthuis-test'], width, { javaScriptEnabled: false });
        await open(page, `${base}/partner/nieuw`);
        const wonen = page.locator('details.ww-form-section', { hasText: 'alleen bij beschermd thuis' });
        await visible(wonen.locator('summary'), 'the folded housing section\'s heading');
        assert.equal(await wonen.getAttribute('open'), null, 'folded on a new entry');
        assert.equal(await page.getByRole('group', { name: /^Woonvorm/ }).isVisible(), false, 'no Woonvorm on sight');
        assert.equal(await page.getByLabel(/^Breedtegraad/).first().isVisible(), false, 'no latitude on sight');
        await visible(page.getByLabel(/^Titel/), 'the title field of the first section');
        await noHorizontalScroll(page, width, 'the form without JavaScript');
        // axe needs a script: the same page with scripts, its housing section shown (folded)
        // as it is without them.
        const withJs = await signedInAt(newPage, base, tokens['buurthuis-test'], width);
        await open(withJs, `${base}/partner/nieuw`);
        await withJs.evaluate(() => document.querySelectorAll('details[hidden]').forEach((d) => { d.hidden = false; d.open = false; }));
        await axeCheck(withJs);
      }
    },
  },
  {
    name: 'website: www.… and example.nl/pad are saved with https://; a non-address gets a message that says what to type, and focus goes to the error summary',
    timeout: 120,
    async run({ base, newPage, tokens, catalog }) {
      const typed = { 375: ['www.breicafe-proef.nl', 'https://www.breicafe-proef.nl'], 1280: ['breicafe-proef.nl/agenda', 'https://breicafe-proef.nl/agenda'] };
      for (const width of WIDTHS) {
        const page = await signedInAt(newPage, base, tokens['buurthuis-test'], width);
        await open(page, `${base}/partner/aanbod/${OWN.id}`);
        await openSections(page);
        const website = page.getByLabel(/^Website/);
        // First something that is no web address: refused, said plainly, the summary gets focus.
        await website.fill('bel ons maar');
        const [res] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST'),
          page.getByRole('button', { name: 'Opslaan' }).click(),
        ]);
        assert.equal(res.status(), 422, 'not saved');
        await page.waitForLoadState('load');
        await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'fouten', null, { timeout: 3_000 })
          .catch(() => {});
        assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'fouten',
          'focus is on the error summary');
        const summary = page.locator('#fouten');
        assert.equal(await summary.getAttribute('tabindex'), '-1');
        await visible(summary.getByRole('heading'), 'the summary\'s heading');
        await visible(summary.getByRole('link', { name: /Vul een webadres in, bijvoorbeeld www\.buurthuis\.nl/ }), 'what to type, in the summary');
        const field = page.getByLabel(/^Website/);
        await visible(field, 'the website field: its section opened because of the error');
        const errorId = (await field.getAttribute('aria-describedby')).split(' ')[0];
        assert.match(await page.locator(`#${errorId}`).innerText(), /Vul een webadres in, bijvoorbeeld www\.buurthuis\.nl/);
        await noHorizontalScroll(page, width, 'the form with errors');
        await axeCheck(page);
        // Then as volunteers type it.
        await field.fill(typed[width][0]);
        await navigates(page, () => page.getByRole('button', { name: 'Opslaan' }).click(),
          (u) => u.searchParams.get('opgeslagen') === OWN.id, 'saving');
        assert.match(catalogFile(catalog, OWN.id), new RegExp(`^  website: ${escapeRe(typed[width][1])}$`, 'm'),
          `${typed[width][0]} is stored as ${typed[width][1]}`);
      }
    },
  },
  {
    name: '"Klopt nog" at 375 px and 1280 px on a server whose undo window is three seconds: the summary, then an undo after the window is refused plainly',
    timeout: 90,
    async run({ newPage, tokens, catalog }) {
      const second = await secondServer(catalog, { WW_UNDO_SECONDS: '3' });
      try {
        for (const width of WIDTHS) {
          setCheckDate(catalog, OWN.id, '2025-03-10');
          const page = await signedInAt(newPage, second.base, tokens['buurthuis-test'], width);
          await open(page, `${second.base}/partner/aanbod/${OWN.id}/klopt`);
          await visible(page.getByRole('heading', { level: 1, name: 'Klopt dit nog?' }), 'the summary page');
          await noHorizontalScroll(page, width, 'the "Klopt nog" summary');
          await axeCheck(page);
          await navigates(page, () => page.getByRole('button', { name: 'Ja, dit klopt nog' }).click(),
            (u) => u.searchParams.get('klopt') === OWN.id, 'confirming');
          // By link, not by title: an earlier test renamed the entry.
          const undo = page.locator('li.ww-partner-item', { has: page.locator(`a[href="/partner/aanbod/${OWN.id}"]`) })
            .getByRole('button', { name: /^Ongedaan maken/ });
          await visible(undo, 'the undo button');
          await noHorizontalScroll(page, width, 'the overview with its undo');
          await new Promise((r) => setTimeout(r, 4_200));
          const [res] = await Promise.all([
            page.waitForResponse((r) => r.request().method() === 'POST'),
            undo.click(),
          ]);
          assert.equal(res.status(), 409, 'refused after the window');
          await page.waitForLoadState('load');
          await visible(page.getByRole('alert').filter({ hasText: 'Ongedaan maken kan alleen in de eerste minuut' }), 'the plain refusal');
          assert.match(catalogFile(catalog, OWN.id), new RegExp(`^laatst_gecontroleerd: ${today()}$`, 'm'), 'the date stays today');
          await axeCheck(page);
        }
      } finally {
        await second.stop();
      }
    },
  },
  {
    name: 'the editor at 375 px and 1280 px sees entries under their organisation\'s name and finds one organisation\'s entries with one search',
    timeout: 90,
    async run({ base, newPage, catalog }) {
      const token = editorToken(catalog);
      const theirs = readdirSync(path.join(catalog, 'aanbod')).filter((f) => f.endsWith('.yaml')
        && /^organisatie: wonen-test$/m.test(readFileSync(path.join(catalog, 'aanbod', f), 'utf8'))).map((f) => f.replace(/\.yaml$/, ''));
      for (const width of WIDTHS) {
        const page = await signedInAt(newPage, base, token, width);
        const groups = await page.getByRole('heading', { level: 2 }).allInnerTexts();
        assert.ok(groups.includes('Buurthuis De Proef') && groups.includes('Woonbegeleiding Proefstad'),
          `organisations by name: ${groups.join(', ')}`);
        await noHorizontalScroll(page, width, 'the editor\'s overview');
        await axeCheck(page);
        const search = page.getByRole('search', { name: 'Aanbod zoeken' });
        await search.getByLabel('Organisatie', { exact: true }).selectOption({ label: 'Woonbegeleiding Proefstad' });
        await navigates(page, () => search.getByRole('button', { name: 'Zoeken' }).click(),
          (u) => u.searchParams.get('organisatie') === 'wonen-test', 'one search');
        const shown = await page.locator('.ww-partner-item h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href').split('/').pop()));
        assert.deepEqual(shown.sort(), theirs.sort(), 'exactly that organisation\'s entries');
        await visible(page.getByText(`${theirs.length} gevonden`), 'how many were found');
        await axeCheck(page);
        await search.getByLabel('Organisatie', { exact: true }).selectOption('');
        await search.getByLabel('Zoek in titel of organisatie').fill('breicafé');
        await navigates(page, () => search.getByRole('button', { name: 'Zoeken' }).click(),
          (u) => u.searchParams.get('q') === 'breicafé', 'a text search');
        assert.equal(await page.locator('.ww-partner-item').count(), 1, 'a title search finds the one entry');
      }
    },
  },
];
