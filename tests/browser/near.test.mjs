// Near me, and when: a postcode on the home page gives the nearest offers first with their
// distance; a postcode typed into the question is a place; a wrong postcode is said in plain
// Dutch; "Gebruik mijn locatie" rounds the position before it leaves the page; "Wanneer"
// filters on days, parts of the day and "nu open"; the shortlist says how far each offer is.
// With and without JavaScript, axe-clean, at 320 px.
import {
  assert, axeCheck, facetBox, filterForm, navigates, open, params, results, searchForm,
  statusCount, visible,
} from './lib/helpers.mjs';
import { withServerAt } from './lib/fixed-now.mjs';

// In the test catalog: spreekuur-senioren at 8022 AB (its area's centre), breicafe-partner at
// 8011 SK (the centre of 8011) and eettafel-proef at its own lat/lon in 8011.
const NEAR_8022 = 'spreekuur-senioren';

// The distances on the result cards, in metres, in page order ("1,2 km" -> 1200).
async function cardDistances(page) {
  const texts = await page.locator('.ww-result dt', { hasText: /^Afstand$/ })
    .locator('xpath=following-sibling::dd[1]').allInnerTexts();
  return texts.map((t) => {
    const m = /^([\d,]+) (k?m)$/.exec(t.trim());
    assert.ok(m, `a distance reads like "350 m" or "1,2 km": "${t}"`);
    return Number(m[1].replace(',', '.')) * (m[2] === 'km' ? 1000 : 1);
  });
}

async function postcodeBox(page) {
  const box = page.getByRole('search').getByRole('textbox', { name: /postcode/i });
  await visible(box, 'a postcode field in the search form');
  return box;
}

export default [
  {
    name: 'a postcode on the home page shows the nearest offers first, with their distance (with and without JavaScript)',
    async run({ base, newPage }) {
      for (const javaScriptEnabled of [true, false]) {
        const page = await newPage({ javaScriptEnabled });
        await open(page, base + '/');
        await (await postcodeBox(page)).fill('8022 ab');
        const { button } = await searchForm(page);
        await navigates(page, () => button.click(), (u) => u.pathname === '/zoeken', 'the search');
        assert.equal(params(page.url()).get('postcode'), '8022 ab', 'the postcode is in the address');
        const found = await results(page);
        assert.equal(found[0].id, NEAR_8022, `nearest first: ${found.map((r) => r.id)}`);
        const metres = await cardDistances(page);
        assert.ok(metres.length >= 3, `distances beside the located offers: ${metres}`);
        assert.deepEqual(metres, [...metres].sort((a, b) => a - b), `nearest first: ${metres}`);
        const sort = page.getByRole('radio', { name: 'Dichtbij eerst' });
        if (javaScriptEnabled) await (await filterForm(page)).isVisible();
        else await filterForm(page);
        assert.ok(await sort.isChecked(), '"Dichtbij eerst" is the chosen order');
        assert.equal(await (await postcodeBox(page)).inputValue(), '8022 AB', 'the field shows the postcode, tidied');
        await visible(page.getByRole('link', { name: /^Wijk Noord \(uw buurt\)$/ }),
          'the wijk of the postcode offered as a filter');
        await page.close();
      }
    },
  },
  {
    name: '"koffie 8011 SK" in the question box searches koffie from 8011 SK, by relevance',
    async run({ base, newPage }) {
      const page = await newPage();
      await open(page, base + '/');
      const { box, button } = await searchForm(page);
      await box.fill('koffie 8011 SK');
      await navigates(page, () => button.click(), (u) => u.pathname === '/zoeken', 'the search');
      assert.equal(await (await searchForm(page)).box.inputValue(), 'koffie', 'the question without the postcode');
      assert.equal(await (await postcodeBox(page)).inputValue(), '8011 SK', 'the postcode in its own field');
      assert.ok(page.url().includes('q=koffie+8011+SK') || page.url().includes('q=koffie%208011%20SK'), 'the address is as typed');
      const relevance = page.getByRole('radio', { name: 'Best passend eerst' });
      await filterForm(page);
      assert.ok(await relevance.isChecked(), 'with a question, relevance stays the order');
    },
  },
  {
    name: 'an Amsterdam postcode, letters or a place outside Zwolle get a plain Dutch answer, not results',
    async run({ base, newPage }) {
      const page = await newPage({ bypassCSP: true });
      for (const [query, words] of [['postcode=1012+AB', /ligt niet in de gemeente Zwolle/],
        ['postcode=ABCD', /is geen postcode/], ['lat=91&lon=6.09', /breedtegraad/],
        ['lat=52.37&lon=4.89', /buiten de gemeente Zwolle/]]) {
        await open(page, `${base}/zoeken?q=koffie&${query}`, { status: 400 });
        await visible(page.getByRole('alert').filter({ hasText: words }), `${query}: an alert that says ${words}`);
        assert.equal((await results(page)).length, 0, `${query}: no results`);
      }
      await axeCheck(page);
    },
  },
  {
    name: '"Gebruik mijn locatie" sends the position rounded to about 100 m, and can be undone',
    async run({ base, newPage }) {
      const page = await newPage({
        geolocation: { latitude: 52.527654, longitude: 6.095432 }, permissions: ['geolocation'],
      });
      await open(page, base + '/');
      const locate = page.getByRole('button', { name: 'Gebruik mijn locatie' });
      await visible(locate, 'a button "Gebruik mijn locatie" (with JavaScript)');
      await navigates(page, () => locate.click(), (u) => u.pathname === '/zoeken', 'the search from the location');
      const p = params(page.url());
      assert.equal(p.get('lat'), '52.528', 'latitude rounded to three decimals');
      assert.equal(p.get('lon'), '6.095', 'longitude rounded to three decimals');
      assert.equal(p.get('postcode') || '', '', 'no postcode beside the location');
      await visible(page.getByText(/U zoekt vanaf uw locatie \(wijk Noord\)/), 'a line saying the location is used, and its wijk');
      assert.equal((await results(page))[0].id, NEAR_8022, 'the nearest offer first');
      const off = page.getByRole('link', { name: 'Niet meer vanaf mijn locatie zoeken' });
      await navigates(page, () => off.click(), (u) => !u.searchParams.has('lat'), 'the search without the location');
      assert.equal((await cardDistances(page)).length, 0, 'no distances without a place');
    },
  },
  {
    name: 'without JavaScript there is no location button, and the postcode field works',
    async run({ base, newPage }) {
      const page = await newPage({ javaScriptEnabled: false });
      await open(page, base + '/');
      assert.equal(await page.getByRole('button', { name: 'Gebruik mijn locatie' }).count(), 0,
        'no button that cannot work');
      await postcodeBox(page);
    },
  },
  {
    name: 'when: "Wanneer" filters on days and parts of the day; "Nu open" on a Tuesday at 10.00 (with and without JavaScript)',
    async run({ catalog, newPage }) {
      await withServerAt('2026-12-01T10:00', catalog, async (base) => {
        for (const javaScriptEnabled of [true, false]) {
          const page = await newPage({ javaScriptEnabled });
          await open(page, base + '/zoeken?q=');
          let form = await filterForm(page);
          await visible(form.getByRole('group', { name: 'Wanneer', exact: true }), 'a fieldset "Wanneer"');
          const tuesday = facetBox(form, 'Dag', 'Dinsdag');
          await visible(tuesday, 'a checkbox "Dinsdag (n)" under Dag');
          const label = await form.locator('label', { hasText: /^Dinsdag \(\d+\)$/ }).innerText();
          const want = Number(/\((\d+)\)/.exec(label)[1]);
          await tuesday.check();
          if (!javaScriptEnabled) await navigates(page, () => form.getByRole('button', { name: 'Filters toepassen' }).click(), (u) => u.searchParams.get('dag') === 'di', 'the filter');
          else await page.waitForURL((u) => u.searchParams.get('dag') === 'di');
          assert.equal(await statusCount(page), want, 'the count beside Dinsdag is what choosing it gives');
          form = await filterForm(page);
          const now = form.getByRole('checkbox', { name: 'Nu open', exact: true });
          await now.check();
          if (!javaScriptEnabled) await navigates(page, () => form.getByRole('button', { name: 'Filters toepassen' }).click(), (u) => u.searchParams.get('nu_open') === '1', 'nu open');
          else await page.waitForURL((u) => u.searchParams.get('nu_open') === '1');
          const open10 = await results(page);
          assert.ok(open10.some((r) => r.id === 'spreekuur-senioren'), `the Tuesday 9.30-12.00 spreekuur is open: ${open10.map((r) => r.id)}`);
          await visible(page.getByRole('link', { name: 'Verwijder filter: Nu open' }), 'a chip to remove "Nu open"');
          await page.close();
        }
      });
    },
  },
  {
    name: 'the shortlist keeps the postcode and prints each offer\'s distance and walking time',
    async run({ base, newPage }) {
      const page = await newPage({ bypassCSP: true });
      await open(page, base + '/zoeken?q=spreekuur&postcode=8022AB');
      const add = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Spreekuur over post en formulieren', exact: true }) })
        .getByRole('link', { name: /^Zet op mijn lijst/ });
      await navigates(page, () => add.click(), (u) => u.searchParams.has('lijst'), 'putting it on the list');
      const list = page.getByRole('link', { name: /^Mijn lijst \(1\)/ });
      await navigates(page, () => list.click(), (u) => u.pathname === '/lijst', 'the list');
      assert.equal(params(page.url()).get('postcode'), '8022', 'the list keeps the postcode area');
      await visible(page.getByText(/^\d+ m van postcode 8022, ongeveer 5 minuten lopen$/), 'the distance and walking time of the offer');
      const field = page.getByRole('textbox', { name: 'Afstand tonen vanaf postcode' });
      await field.fill('8011 SK');
      await navigates(page, () => page.getByRole('button', { name: 'Toon afstand' }).click(), (u) => u.searchParams.get('postcode') === '8011 SK', 'another postcode');
      await visible(page.getByText(/^\d,\d km van postcode 8011, ongeveer \d+ minuten lopen$/), 'the distance from the other postcode');
      await axeCheck(page);
    },
  },
  {
    name: 'at 320 px the results page with a place has no horizontal scroll and is axe-clean',
    async run({ base, newPage }) {
      const page = await newPage({ viewport: { width: 320, height: 640 }, bypassCSP: true });
      await open(page, base + '/zoeken?q=koffie&postcode=8011SK');
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 320, `no horizontal scroll (scroll width ${wide})`);
      await axeCheck(page);
    },
  },
];
