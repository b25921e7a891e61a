// The shortlist for wijkteam staff: pick entries from the results, open the printable list,
// print it, and share a link that reproduces it. Nothing is stored on the server.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ENTRY, assert, axeCheck, escapeRe, heading1, navigates, open, params, results, searchForm,
  statusCount, visible,
} from './lib/helpers.mjs';
import { withServerAt } from './lib/fixed-now.mjs';

// tests/browser/fixtures/aanbod/spreekuur-senioren.yaml: Tuesday and Thursday 9.30-12.00,
// € 2,50, Proefstraat 12, 038 765 43 21, register by phone.
const SPREEKUUR = { id: 'spreekuur-senioren', titel: 'Spreekuur over post en formulieren' };
const WIDTHS = [{ width: 375, height: 740 }, { width: 1280, height: 800 }];
const TWO = [SPREEKUUR, ENTRY.rich];
const twoPath = () => `/lijst?${TWO.map((e) => `id=${e.id}`).join('&')}`;

// Runs a program of poppler-utils or zbar-tools on a file; its stdout.
function tool(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
  if (r.error) assert.fail(`${cmd} could not run (make browser-deps installs it): ${r.error.message}`);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function withTmp(fn) {
  const dir = mkdtempSync(path.join(tmpdir(), 'wegwijzer-list-'));
  return Promise.resolve(fn(dir)).finally(() => rmSync(dir, { recursive: true, force: true }));
}

// The "Zet op mijn lijst" link of the result whose title links to /aanbod/<id>.
function addLink(page, entry) {
  return page.getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: entry.titel, exact: true }) })
    .getByRole('link', { name: /^Zet op mijn lijst/ });
}

async function myListLink(page, n) {
  return visible(page.getByRole('link', { name: new RegExp(`^Mijn lijst \\(${n}\\)`) }), `a link "Mijn lijst (${n})"`);
}

// "<action>: <title>", the title visually hidden (Chromium may name it "<action> : <title>").
function labelled(action, entry) {
  return new RegExp(`^${action}\\s*:\\s*${entry.titel}$`);
}

function listIds(href, base) {
  const u = new URL(href, base);
  assert.equal(u.pathname, '/lijst', `${href} points to /lijst`);
  return u.searchParams.getAll('id').sort();
}

export default [
  {
    name: 'a shortlist of two entries: kept search, "Mijn lijst (2)", the list page, its print and its link',
    async run({ base, newPage }) {
      const page = await newPage();
      await page.addInitScript(() => {
        window.__printed = 0;
        window.print = () => { window.__printed += 1; };
      });
      await open(page, `${base}/zoeken?q=koffie`);
      const total = await statusCount(page);

      await navigates(page, () => addLink(page, ENTRY.koffieZuid).first().click(),
        (u) => u.searchParams.toString().includes(ENTRY.koffieZuid.id), `"Zet op mijn lijst" for ${ENTRY.koffieZuid.id}`);
      assert.equal(params(page.url()).get('q'), 'koffie', 'the search stays');
      assert.equal(await statusCount(page), total, 'the same results are shown');
      await myListLink(page, 1);
      assert.equal(await addLink(page, ENTRY.koffieZuid).count(), 0, 'an entry on the list offers no "Zet op mijn lijst"');

      await navigates(page, () => addLink(page, ENTRY.koffieNoord).first().click(),
        (u) => u.searchParams.toString().includes(ENTRY.koffieNoord.id), `"Zet op mijn lijst" for ${ENTRY.koffieNoord.id}`);
      assert.equal(params(page.url()).get('q'), 'koffie', 'the search stays');
      const mine = await myListLink(page, 2);
      const chosen = [ENTRY.koffieZuid.id, ENTRY.koffieNoord.id].sort();
      assert.deepEqual(listIds(await mine.getAttribute('href'), base), chosen, '"Mijn lijst (2)" links to both');

      await navigates(page, () => mine.click(), (u) => u.pathname === '/lijst', '"Mijn lijst (2)"');
      assert.equal(await heading1(page), 'Mijn lijst');
      for (const e of [ENTRY.koffieZuid, ENTRY.koffieNoord]) {
        await visible(page.getByRole('heading', { name: e.titel, exact: true }), `heading "${e.titel}"`);
      }

      // The list's address is a link whose text is the address itself (for paper and copying).
      const share = await visible(page.getByRole('link', { name: new RegExp(`^${escapeRe(base)}/lijst\\?`) }), 'a link showing the list\'s address');
      const shareHref = new URL(await share.getAttribute('href'), base).href;
      assert.equal(await share.innerText(), shareHref, 'the link shows the address it goes to');
      assert.deepEqual(listIds(shareHref, base), chosen, 'the link names both entries');

      // The print button needs JavaScript and calls window.print().
      const print = await visible(page.getByRole('button', { name: 'Afdrukken', exact: true }), 'button "Afdrukken"');
      assert.ok(await print.evaluate((b) => b.hasAttribute('data-print')), 'the button has data-print');
      await print.click();
      assert.equal(await page.evaluate(() => window.__printed), 1, '"Afdrukken" calls window.print()');

      // The print stylesheet: no search form, no print button; the entries stay, black on white.
      await searchForm(page);
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.getByRole('search').isVisible(), false, 'the search form is hidden in print');
      assert.equal(await print.isVisible(), false, 'the print button is hidden in print');
      for (const e of [ENTRY.koffieZuid, ENTRY.koffieNoord]) {
        await visible(page.getByRole('heading', { name: e.titel, exact: true }), `heading "${e.titel}" in print`);
      }
      const colours = await page.getByRole('heading', { level: 1 }).evaluate((h) => ({
        text: getComputedStyle(h).color,
        body: getComputedStyle(document.body).backgroundColor,
      }));
      assert.equal(colours.text, 'rgb(0, 0, 0)', 'headings are black in print');
      assert.ok(['rgb(255, 255, 255)', 'rgba(0, 0, 0, 0)'].includes(colours.body), `white paper in print (${colours.body})`);
      await page.emulateMedia({ media: 'screen' });

      // Someone else opens the shared link: the same list.
      const other = await newPage();
      await open(other, shareHref);
      assert.equal(await heading1(other), 'Mijn lijst');
      for (const e of [ENTRY.koffieZuid, ENTRY.koffieNoord]) {
        await visible(other.getByRole('heading', { name: e.titel, exact: true }), `heading "${e.titel}" via the shared link`);
      }
    },
  },
  {
    name: 'the list page shows every chosen entry, in the order of the link',
    async run({ base, newPage }) {
      const page = await newPage();
      const chosen = [ENTRY.rich, ENTRY.koffieZuid, ENTRY.koffieNoord];
      await open(page, `${base}/lijst?${chosen.map((e) => `id=${e.id}`).join('&')}`);
      assert.equal(await heading1(page), 'Mijn lijst');
      const titles = (await page.getByRole('heading').allInnerTexts()).map((t) => t.trim());
      const order = chosen.map((e) => titles.indexOf(e.titel));
      assert.ok(order.every((i) => i >= 0), `every entry has a heading; headings: ${titles.join(' | ')}`);
      assert.deepEqual([...order].sort((a, b) => a - b), order, 'in the order of the link');
      const links = (await results(page, { inList: false })).map((r) => r.id);
      for (const e of chosen) assert.ok(links.includes(e.id), `a link to /aanbod/${e.id}`);
    },
  },
  {
    name: 'an entry comes off the list, and searching on from the list keeps it',
    async run({ base, newPage }) {
      const page = await newPage();
      await open(page, `${base}/lijst?id=${ENTRY.koffieZuid.id}&id=${ENTRY.koffieNoord.id}`);
      const remove = page.getByRole('link', { name: labelled('Haal van de lijst', ENTRY.koffieZuid) });
      await navigates(page, () => remove.click(), (u) => u.pathname === '/lijst', '"Haal van de lijst"');
      assert.deepEqual(params(page.url()).getAll('id'), [ENTRY.koffieNoord.id], 'only the other entry stays');
      assert.equal(await page.getByRole('heading', { name: ENTRY.koffieZuid.titel, exact: true }).count(), 0,
        'the removed entry is gone');

      const { box, button } = await searchForm(page);
      await box.fill('koffie');
      await navigates(page, () => button.click(),
        (u) => u.pathname === '/zoeken', 'searching from the list');
      assert.deepEqual(params(page.url()).getAll('lijst'), [ENTRY.koffieNoord.id], 'the search keeps the list');
      await visible(page.getByRole('link', { name: /^Mijn lijst \(1\)/ }), 'a link "Mijn lijst (1)"');

      const off = page.getByRole('link', { name: labelled('Haal van mijn lijst', ENTRY.koffieNoord) });
      await navigates(page, () => off.click(), (u) => u.pathname === '/zoeken', '"Haal van mijn lijst"');
      assert.deepEqual(params(page.url()).getAll('lijst'), [], 'the list is empty again');
      assert.equal(params(page.url()).get('q'), 'koffie', 'the search stays');
    },
  },
  {
    name: 'each offer on the list shows times, cost, address, phone and how to join; its links keep the list; axe clean at 375 and 1280 px',
    async run({ base, newPage }) {
      for (const viewport of WIDTHS) {
        const page = await newPage({ viewport, bypassCSP: true });
        await open(page, base + twoPath());
        const item = page.locator('section.ww-list-item', { has: page.getByRole('heading', { name: SPREEKUUR.titel, exact: true }) });
        const text = (await item.innerText()).replace(/\s+/g, ' ');
        for (const part of ['Dinsdag en donderdag van 9.30 tot 12.00 uur', 'Betaald: € 2,50', 'Proefstraat 12, 8022 AB Zwolle',
          '038 765 43 21', 'Eerst aanmelden. Meld u aan: bel 038 765 43 21.']) {
          assert.ok(text.includes(part), `${viewport.width} px: "${part}" in the offer on the list: ${text}`);
        }
        assert.match(text, /Nu (open tot|gesloten — weer open)/, 'open now, or when it opens again');
        const more = item.getByRole('link', { name: `Meer over ${SPREEKUUR.titel}` });
        const u = new URL(await more.getAttribute('href'), base);
        assert.equal(u.pathname, `/aanbod/${SPREEKUUR.id}`);
        assert.deepEqual(u.searchParams.getAll('lijst'), TWO.map((e) => e.id), '"Meer over" keeps the list');
        await axeCheck(page);
      }
    },
  },
  {
    name: 'the printed list (Chromium PDF, pdftotext): titles, times, costs, date, site name and the list\'s address',
    timeout: 90,
    async run({ catalog, newPage }) {
      await withServerAt('2026-12-01T10:00', catalog, async (base) => {
        const page = await newPage({ viewport: WIDTHS[1] });
        await open(page, base + twoPath());
        await withTmp(async (dir) => {
          const pdf = path.join(dir, 'lijst.pdf');
          writeFileSync(pdf, await page.pdf({ format: 'A4', printBackground: true }));
          const text = tool('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
          const flat = text.replace(/\s+/g, ' ');
          for (const part of [SPREEKUUR.titel, ENTRY.rich.titel, 'Nu open tot 12.00 uur',
            'Dinsdag en donderdag van 9.30 tot 12.00 uur', '€ 2,50', '€ 4,50', 'Proefstraat 12', '038 765 43 21',
            'Meld u aan', '1 december 2026', 'Wegwijzer Zwolle']) {
            assert.ok(flat.includes(part), `the PDF holds "${part}":\n${text}`);
          }
          const address = `${base}${twoPath()}`;
          assert.ok(text.replace(/\s+/g, '').includes(address), `the PDF holds the list's address ${address}:\n${text}`);
          for (const absent of ['Zoeken', 'Afdrukken', 'Haal van de lijst', 'Mail deze lijst']) {
            assert.ok(!flat.includes(absent), `no "${absent}" on paper`);
          }
        });
      });
    },
  },
  {
    name: 'the QR code on the list decodes (zbarimg) to the list\'s address shown beside it; it is hidden from screen readers',
    async run({ base, newPage }) {
      const page = await newPage({ viewport: WIDTHS[1] });
      await open(page, base + twoPath());
      const qr = page.locator('svg.ww-qr');
      await visible(qr, 'a QR code');
      assert.equal(await qr.getAttribute('aria-hidden'), 'true', 'the code is decorative: the address is there as text');
      const address = `${base}${twoPath()}`;
      await visible(page.getByRole('link', { name: address, exact: true }), `the address as text: ${address}`);
      await withTmp(async (dir) => {
        const png = path.join(dir, 'qr.png');
        await qr.screenshot({ path: png });
        const decoded = tool('zbarimg', ['--quiet', '--raw', png]).trim();
        assert.equal(decoded, address, 'the QR code holds the list\'s address');
      });
    },
  },
  {
    name: '"Kopieer link" copies the list\'s address with JavaScript and is absent without; "Mail deze lijst" is a mailto: with the titles and the address',
    async run({ base, newPage }) {
      const address = `${base}${twoPath()}`;
      const page = await newPage({ viewport: WIDTHS[0], permissions: ['clipboard-read', 'clipboard-write'] });
      await open(page, base + twoPath());
      const copy = await visible(page.getByRole('button', { name: 'Kopieer link', exact: true }), 'a button "Kopieer link"');
      await copy.click();
      await visible(page.getByRole('status').filter({ hasText: 'De link is gekopieerd' }), 'a status "De link is gekopieerd"');
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), address, 'the clipboard holds the address');

      const mail = page.getByRole('link', { name: 'Mail deze lijst', exact: true });
      const href = await mail.getAttribute('href');
      assert.ok(href.startsWith('mailto:?'), `a mailto: link without an address: ${href}`);
      const q = new URLSearchParams(href.slice('mailto:?'.length).replace(/\+/g, '%2B'));
      assert.ok(q.get('subject').length > 0, 'a subject');
      const body = q.get('body');
      for (const part of [SPREEKUUR.titel, ENTRY.rich.titel, address]) {
        assert.ok(body.includes(part), `the mail's body holds "${part}": ${body}`);
      }

      const plain = await newPage({ viewport: WIDTHS[0], javaScriptEnabled: false });
      await open(plain, base + twoPath());
      assert.equal(await plain.getByRole('button', { name: 'Kopieer link' }).count(), 0, 'no dead button without JavaScript');
      await visible(plain.getByRole('link', { name: address, exact: true }), 'the address to copy by hand');
      await visible(plain.getByRole('link', { name: 'Mail deze lijst', exact: true }), '"Mail deze lijst" without JavaScript');
    },
  },
];
