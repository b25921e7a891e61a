// The partners' pages (/partner): a volunteer of an organisation signs in with the token the
// municipality gave, sees the organisation's entries and how long ago each was checked,
// confirms one in a click, edits one (mistakes are shown beside the fields and nothing is
// saved until they are fixed), adds one, and cannot touch another organisation's entries. Every
// change is in the public search within a second. A POST from another site, or without the
// session's CSRF token, changes nothing.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  api, assert, axeCheck, escapeRe, heading1, navigates, open, visible,
} from './lib/helpers.mjs';

const OWN = { id: 'breicafe-partner', titel: 'Breicafé in het buurthuis' };
const OTHERS = { id: 'wonen-begeleid' }; // organisation wonen-test

function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function catalogFile(catalog, id) {
  return readFileSync(path.join(catalog, 'aanbod', `${id}.yaml`), 'utf8');
}

// Signs in through the form; returns the page on the overview.
async function signIn(newPage, base, token) {
  const page = await newPage({ bypassCSP: true }); // for axe-core's script
  await open(page, `${base}/partner`);
  await page.getByLabel('Uw token').fill(token);
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

export default [
  {
    name: 'sign in: a wrong token is explained beside the field; the right one opens a session cookie that scripts cannot read',
    async run({ base, newPage, tokens }) {
      const page = await newPage({ bypassCSP: true });
      await open(page, `${base}/partner`);
      assert.equal(await heading1(page), 'Inloggen voor partners');
      await axeCheck(page);
      await page.getByLabel('Uw token').fill(`${tokens['buurthuis-test'].slice(0, -3)}xyz`);
      const res = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/partner/inloggen')),
        page.getByRole('button', { name: 'Inloggen' }).click(),
      ]).then(([r]) => r);
      assert.equal(res.status(), 403, 'a wrong token is refused');
      const field = page.getByLabel('Uw token');
      assert.equal(await field.getAttribute('aria-invalid'), 'true', 'the field is marked invalid');
      const described = (await field.getAttribute('aria-describedby')).split(' ');
      const error = await page.locator(`#${described[0]}`).innerText();
      assert.match(error, /token klopt niet/, 'the error is tied to the field');
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
    name: 'the overview shows only the organisation\'s entries, oldest check first with its age; "Klopt nog" makes it today and keeps the file as written',
    async run({ base, newPage, tokens, catalog }) {
      const page = await signIn(newPage, base, tokens['buurthuis-test']);
      await axeCheck(page);
      assert.equal(await page.locator(`a[href="/partner/aanbod/${OTHERS.id}"]`).count(), 0,
        'another organisation\'s entry is not listed');
      const mine = item(page, OWN.titel);
      const line = await mine.getByText(/^Laatst gecontroleerd:/).innerText();
      assert.match(line, /10 maart 2025 \(\d+ (maanden|jaar) geleden\)/, `the age of the last check: ${line}`);
      assert.match(line, /Controleer dit aanbod/, 'an old check is marked');
      const first = await page.getByRole('listitem').first().getByRole('heading').innerText();
      assert.equal(first, OWN.titel, 'the entry checked longest ago comes first');

      await navigates(page, () => mine.getByRole('button', { name: new RegExp(`^Klopt nog\\s*:\\s*${escapeRe(OWN.titel)}$`) }).click(),
        (u) => u.searchParams.get('klopt') === OWN.id, '"Klopt nog"');
      await visible(page.getByRole('status').filter({ hasText: 'staat nu op gecontroleerd' }), 'the confirmation');
      assert.match(await item(page, OWN.titel).getByText(/^Laatst gecontroleerd:/).innerText(), /\(vandaag\)/);
      const file = catalogFile(catalog, OWN.id);
      assert.match(file, new RegExp(`^laatst_gecontroleerd: ${today()}$`, 'm'), 'the file has today');
      assert.match(file, /^# The partners' pages change this entry/m, 'the partner\'s comment stays');
      const entry = await api(base, `/api/v1/entries/${OWN.id}`);
      assert.equal(entry.laatst_gecontroleerd, today(), 'the index has it');
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
      for (const [label, re] of [[/^Titel/, /ontbreekt/], [/^Postcode/, /postcode/i]]) {
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
      await page.getByLabel('Uw token').fill(tokens['buurthuis-test']);
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
        await page.getByLabel('Uw token').fill(tokens['wonen-test']);
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
];
