// The entry page (everything a resident needs), the ambition page and the 404 page.
import {
  AMBITIONS, ENTRY, api, assert, axeCheck, heading1, navigates, open, params, results, searchForm,
  statusCount, visible, vocabularies,
} from './lib/helpers.mjs';
import { withServerAt } from './lib/fixed-now.mjs';

// tests/browser/fixtures: Tuesday and Thursday 9.30-12.00, [ouderen, iedereen], register by
// phone, checked in March 2025; and a beschermd-thuis house with places and a waiting time.
const SPREEKUUR = { id: 'spreekuur-senioren', titel: 'Spreekuur over post en formulieren' };
const HOUSE = { id: 'wonen-wachttijd', titel: 'Samen wonen aan de Proeflaan' };
const WIDTHS = [{ width: 375, height: 740 }, { width: 1280, height: 800 }];

const SECTIONS = ['Voor wie', 'Wanneer', 'Waar', 'Kosten', 'Hoe doet u mee', 'Contact', 'Over de organisatie'];

async function h2s(page) {
  return (await page.getByRole('heading', { level: 2 }).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

// Hour and minute in Zwolle now: the server decides "Nu open" in Europe/Amsterdam.
function zwolleMinutes() {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date());
  const get = (t) => Number(parts.find((p) => p.type === t).value);
  return get('hour') * 60 + get('minute');
}

export default [
  {
    name: 'opening a result shows the entry: title, sections, access explained, organisation, last checked',
    async run({ base, newPage }) {
      const page = await newPage();
      await open(page, `${base}/zoeken?q=koffie`);
      await navigates(page, () => page.getByRole('link', { name: ENTRY.koffieZuid.titel, exact: true }).click(),
        (u) => u.pathname === `/aanbod/${ENTRY.koffieZuid.id}`, `result "${ENTRY.koffieZuid.titel}"`);
      assert.equal(await heading1(page), ENTRY.koffieZuid.titel);
      const headings = await h2s(page);
      for (const h of ['Voor wie', 'Kosten', 'Hoe doet u mee', 'Over de organisatie']) {
        assert.ok(headings.includes(h), `section "${h}" (h2); the page has: ${headings.join(' | ')}`);
      }
      const main = page.getByRole('main');
      const vocab = vocabularies();
      await visible(main.getByText(vocab.uitleg.toegang.vrij), `toegang "vrij" explained: "${vocab.uitleg.toegang.vrij}"`);
      await visible(main.getByText(vocab.kosten.gratis, { exact: false }), 'the cost: Gratis');
      await visible(main.getByText('Buurthuis De Proef'), 'the organisation\'s name');
      await visible(main.getByText(/Laatst gecontroleerd:/), '"Laatst gecontroleerd:"');
      assert.equal(await main.getByText(/Nu (open|gesloten)/).count(), 0, 'no "Nu open" for an entry without times');
    },
  },
  {
    name: 'an entry with a location, times and contact shows every section, a map link, tel: and mailto:',
    async run({ base, newPage }) {
      const page = await newPage();
      await open(page, `${base}/aanbod/${ENTRY.rich.id}`);
      assert.equal(await heading1(page), ENTRY.rich.titel);
      const headings = await h2s(page);
      for (const h of SECTIONS) {
        assert.ok(headings.includes(h), `section "${h}" (h2); the page has: ${headings.join(' | ')}`);
      }
      const main = page.getByRole('main');
      const hrefs = await main.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      const osm = hrefs.find((h) => h.includes('openstreetmap.org'));
      assert.ok(osm, `an OpenStreetMap link; links: ${hrefs.join(' ')}`);
      assert.ok(osm.includes('52.51') && osm.includes('6.09'), `the map link shows the location 52.5127, 6.0915: ${osm}`);
      const tel = hrefs.find((h) => h.startsWith('tel:'));
      assert.ok(tel, 'a tel: link');
      assert.match(tel.replace(/[^0-9+]/g, ''), /(0|\+31)381234567$/, `the tel: link dials 038 123 45 67: ${tel}`);
      assert.ok(hrefs.includes('mailto:buurttafel@proef.example.org'), 'a mailto: link to buurttafel@proef.example.org');
      assert.ok(hrefs.includes('https://proef.example.org/buurttafel'), 'a link to the website');

      await visible(main.getByText('Bagijnenhof 9'), 'the address');
      await visible(main.getByText(/8011 SK/), 'the postcode');
      await visible(main.getByText(/4,50/), 'the amount 4,50');
      // "Hoe doet u mee" says how: with the entry's own phone, e-mail and website.
      const join = main.locator('section', { has: page.getByRole('heading', { name: 'Hoe doet u mee' }) });
      assert.match((await join.innerText()).replace(/\s+/g, ' '),
        /Eerst aanmelden\. Meld u aan: bel 038 123 45 67, mail buurttafel@proef\.example\.org of kijk op proef\.example\.org\/buurttafel\./,
        '"Hoe doet u mee" names the phone, e-mail and website');
      assert.equal(await join.getByRole('link', { name: '038 123 45 67' }).getAttribute('href'), 'tel:0381234567');
      await visible(main.getByText(/Laatst gecontroleerd:/), '"Laatst gecontroleerd:"');

      const openNow = await visible(main.getByText(/Nu (open|gesloten)/), '"Nu open" or "Nu gesloten"');
      const minutes = zwolleMinutes();
      if (minutes >= 2 && minutes <= 23 * 60 + 57) {
        assert.match(await openNow.innerText(), /Nu open/, 'open every day from 00:00 to 23:59, so "Nu open"');
      }
    },
  },
  {
    name: 'an ambition page has the ambition as heading and its offer as results',
    async run({ base, newPage }) {
      const page = await newPage();
      for (const { id, label } of AMBITIONS) {
        await open(page, `${base}/ambitie/${id}`);
        assert.equal(await heading1(page), label);
        const expected = await api(base, `/api/v1/search?ambitie=${id}&per_page=10`);
        assert.equal(await statusCount(page), expected.total, `count of ${id}`);
        assert.deepEqual((await results(page)).map((r) => r.id).sort(), expected.results.map((r) => r.id).sort(), `entries of ${id}`);
      }
    },
  },
  {
    name: 'an unknown page answers 404 with a helpful heading and a search form that works',
    async run({ base, newPage }) {
      const page = await newPage();
      await open(page, `${base}/deze-pagina-bestaat-niet`, { status: 404 });
      assert.equal(await page.getAttribute('html', 'lang'), 'nl');
      assert.equal(await heading1(page), 'Deze pagina bestaat niet');
      const { box } = await searchForm(page);
      await box.fill('koffie');
      await navigates(page, () => box.press('Enter'),
        (u) => u.pathname === '/zoeken' && u.searchParams.get('q') === 'koffie', 'searching from the 404 page');
      assert.ok((await results(page)).length > 0, 'the search from the 404 page finds results');
    },
  },
  {
    name: 'an unknown entry or ambition answers 404 as an HTML page with the search form',
    async run({ base, newPage }) {
      const page = await newPage();
      for (const path of ['/aanbod/bestaat-niet', '/ambitie/bestaat-niet']) {
        await open(page, base + path, { status: 404 });
        await searchForm(page);
      }
    },
  },
  {
    name: 'next steps at 375 and 1280 px: how to join with a tel: link, when it opens next (fixed clock), "Iedereen, vooral ouderen", the warning on old data; axe clean',
    timeout: 90,
    async run({ catalog, newPage }) {
      // Thursday 3 December 2026, 13.00: closed since noon, next open on Tuesday.
      await withServerAt('2026-12-03T13:00', catalog, async (base) => {
        for (const viewport of WIDTHS) {
          const page = await newPage({ viewport, bypassCSP: true });
          await open(page, `${base}/aanbod/${SPREEKUUR.id}`);
          const main = page.getByRole('main');
          await visible(main.getByText('Nu gesloten — weer open op dinsdag om 9.30 uur', { exact: true }),
            `${viewport.width} px: "Nu gesloten — weer open op dinsdag om 9.30 uur"`);
          await visible(main.getByText('Dinsdag en donderdag van 9.30 tot 12.00 uur'), 'the weekly hours');
          const join = main.locator('section', { has: page.getByRole('heading', { name: 'Hoe doet u mee' }) });
          assert.equal((await join.innerText()).replace(/\s+/g, ' ').trim(),
            'Hoe doet u mee Eerst aanmelden. Meld u aan: bel 038 765 43 21.');
          const tel = join.getByRole('link', { name: '038 765 43 21' });
          assert.equal(await tel.getAttribute('href'), 'tel:0387654321', 'the phone number is a tel: link');
          const forWhom = main.locator('section', { has: page.getByRole('heading', { name: 'Voor wie' }) });
          await visible(forWhom.getByText('Iedereen, vooral ouderen', { exact: true }), '"Iedereen, vooral ouderen"');
          const warning = await visible(main.getByText('Deze gegevens zijn lang niet gecontroleerd. Bel even voordat u gaat.'),
            'the warning on an entry checked in March 2025');
          const box = await warning.boundingBox();
          assert.ok(box.y < viewport.height, `the warning is near the top (y ${box.y} at ${viewport.width} px)`);
          await axeCheck(page);
        }
        // An entry checked recently carries no warning.
        const page = await newPage();
        await open(page, `${base}/aanbod/${ENTRY.rich.id}`);
        assert.equal(await page.getByText(/lang niet gecontroleerd/).count(), 0, 'no warning on an entry checked in October 2026');
      });
      // Tuesday 1 December 2026, 10.00: open until noon.
      await withServerAt('2026-12-01T10:00', catalog, async (base) => {
        const page = await newPage();
        await open(page, `${base}/aanbod/${SPREEKUUR.id}`);
        await visible(page.getByRole('main').getByText('Nu open tot 12.00 uur', { exact: true }), '"Nu open tot 12.00 uur" on Tuesday at 10.00');
      });
    },
  },
  {
    name: 'a beschermd-thuis entry shows woonvorm, begeleiding, plaatsen and wachttijd with its date, and no "Wanneer"',
    async run({ base, newPage }) {
      for (const viewport of WIDTHS) {
        const page = await newPage({ viewport, bypassCSP: true });
        await open(page, `${base}/aanbod/${HOUSE.id}`);
        const headings = await h2s(page);
        assert.ok(!headings.includes('Wanneer'), `no "Wanneer" for a house; headings: ${headings.join(' | ')}`);
        const home = page.getByRole('main').locator('section', { has: page.getByRole('heading', { name: 'Wonen en begeleiding' }) });
        const vocab = vocabularies();
        for (const text of [vocab.woonvormen.geclusterd, vocab.begeleiding['24-uur-aanwezig'], '6 plaatsen',
          'Ongeveer 12 weken wachttijd', '(gecontroleerd op 15 oktober 2026)']) {
          await visible(home.getByText(text, { exact: false }), `"${text}" under "Wonen en begeleiding"`);
        }
        await axeCheck(page);
      }
    },
  },
  {
    name: '"Zet op mijn lijst" on the entry page adds and removes without JavaScript, keeps the reader at the entry, and every link keeps the list',
    timeout: 90,
    async run({ base, newPage }) {
      for (const [viewport, javaScriptEnabled] of [[WIDTHS[0], false], [WIDTHS[1], true]]) {
        const page = await newPage({ viewport, javaScriptEnabled });
        const what = `${viewport.width} px, ${javaScriptEnabled ? 'with' : 'without'} JavaScript`;
        await open(page, `${base}/aanbod/${SPREEKUUR.id}?lijst=${ENTRY.koffieZuid.id}`);
        const add = page.getByRole('link', { name: new RegExp(`^Zet op mijn lijst\\s*:\\s*${SPREEKUUR.titel}$`) });
        await add.scrollIntoViewIfNeeded();
        await navigates(page, () => add.click(), (u) => u.searchParams.getAll('lijst').includes(SPREEKUUR.id),
          `${what}: "Zet op mijn lijst"`);
        const url = new URL(page.url());
        assert.equal(url.pathname, `/aanbod/${SPREEKUUR.id}`, 'the same entry');
        assert.deepEqual(url.searchParams.getAll('lijst'), [ENTRY.koffieZuid.id, SPREEKUUR.id], 'added to the list it carried');
        assert.equal(url.hash, '#mijn-lijst', 'back at the list block');
        assert.equal(await heading1(page), SPREEKUUR.titel);
        const on = await visible(page.getByText(/^Staat op uw lijst/), `${what}: "Staat op uw lijst"`);
        const top = (await on.boundingBox()).y;
        assert.ok(top >= 0 && top < viewport.height, `${what}: the reader sees the list block (y ${top})`);
        const mine = page.getByRole('link', { name: 'Bekijk mijn lijst (2)', exact: true });
        assert.deepEqual(new URL(await mine.getAttribute('href'), base).searchParams.getAll('id'),
          [ENTRY.koffieZuid.id, SPREEKUUR.id], '"Bekijk mijn lijst (2)" names both');

        // Every other link inside the page keeps the list.
        const hrefs = await page.getByRole('main').locator('a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.ok(hrefs.length >= 3, `internal links: ${hrefs.join(' ')}`);
        for (const href of hrefs) {
          const u = new URL(href, base);
          const kept = u.pathname === '/lijst' ? u.searchParams.getAll('id') : u.searchParams.getAll('lijst');
          if (u.searchParams.getAll('lijst').length === 1 && u.pathname === `/aanbod/${SPREEKUUR.id}`) continue; // "Haal van mijn lijst"
          assert.deepEqual(kept, [ENTRY.koffieZuid.id, SPREEKUUR.id], `${href} keeps the list`);
        }

        const off = page.getByRole('link', { name: new RegExp(`^Haal van mijn lijst\\s*:\\s*${SPREEKUUR.titel}$`) });
        await navigates(page, () => off.click(), (u) => !u.searchParams.getAll('lijst').includes(SPREEKUUR.id),
          `${what}: "Haal van mijn lijst"`);
        assert.deepEqual(params(page.url()).getAll('lijst'), [ENTRY.koffieZuid.id], 'only the entry that was on it before stays');
        assert.equal(new URL(page.url()).hash, '#mijn-lijst', 'back at the list block');
        await visible(add, `${what}: "Zet op mijn lijst" again`);
      }
    },
  },
  {
    name: '"Terug naar uw resultaten" goes back to the search with its filters and the list; without terug, "Zoek ander aanbod" keeps the list',
    async run({ base, newPage }) {
      const page = await newPage();
      const terug = encodeURIComponent('/zoeken?q=koffie&wijk=zuid');
      await open(page, `${base}/aanbod/${ENTRY.koffieZuid.id}?terug=${terug}&lijst=${ENTRY.koffieNoord.id}`);
      await navigates(page, () => page.getByRole('link', { name: 'Terug naar uw resultaten', exact: true }).click(),
        (u) => u.pathname === '/zoeken', '"Terug naar uw resultaten"');
      const p = params(page.url());
      assert.deepEqual([p.get('q'), p.getAll('wijk'), p.getAll('lijst')], ['koffie', ['zuid'], [ENTRY.koffieNoord.id]],
        `the search, its filter and the list come back: ${page.url()}`);
      await visible(page.getByRole('link', { name: /^Mijn lijst \(1\)/ }), 'the results show the list');

      await open(page, `${base}/aanbod/${ENTRY.koffieZuid.id}?lijst=${ENTRY.koffieNoord.id}`);
      assert.equal(await page.getByRole('link', { name: 'Terug naar uw resultaten' }).count(), 0, 'no "Terug" without a search');
      await navigates(page, () => page.getByRole('link', { name: 'Zoek ander aanbod', exact: true }).click(),
        (u) => u.pathname === '/zoeken', '"Zoek ander aanbod"');
      assert.deepEqual(params(page.url()).getAll('lijst'), [ENTRY.koffieNoord.id], '"Zoek ander aanbod" keeps the list');
    },
  },
];
