// The entry page (everything a resident needs), the ambition page and the 404 page.
import {
  AMBITIONS, ENTRY, api, assert, heading1, navigates, open, results, searchForm, statusCount,
  visible, vocabularies,
} from './lib/helpers.mjs';

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
      const vocab = vocabularies();
      await visible(main.getByText(vocab.uitleg.toegang.aanmelden), 'toegang "aanmelden" explained');
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
];
