// The home page: its parts, searching from it and the three ambitions as ways in.
import {
  AMBITIONS, ENTRY, api, assert, heading1, navigates, open, results, searchForm, statusCount,
} from './lib/helpers.mjs';

export default [
  {
    name: 'home page has lang nl, a skip link first, its heading, the search form and three ambitions',
    async run({ base, newPage }) {
      const page = await newPage();
      await open(page, `${base}/`);
      assert.equal(await page.getAttribute('html', 'lang'), 'nl', '<html lang="nl">');
      assert.equal(await heading1(page), 'Wegwijzer Zwolle');

      const first = await page.evaluate(() => {
        const focusable = 'a[href], button, input:not([type="hidden"]), select, textarea, [tabindex]';
        const el = [...document.querySelectorAll(focusable)]
          .find((e) => !e.disabled && e.getAttribute('tabindex') !== '-1');
        return el && { text: el.textContent.trim(), href: el.getAttribute('href') };
      });
      assert.deepEqual(first, { text: 'Naar de inhoud', href: '#inhoud' }, 'the first focusable element is the skip link');
      assert.equal(await page.locator('#inhoud').count(), 1, 'the skip link has a target with id "inhoud"');
      assert.ok(await page.locator('main#inhoud, main #inhoud, [role="main"]#inhoud').count() === 1,
        'the skip link target is (inside) <main>');

      const { box } = await searchForm(page);
      assert.equal(await box.getAttribute('name'), 'q', 'the search box is called q');

      for (const { id, label } of AMBITIONS) {
        const link = page.getByRole('link', { name: label, exact: true });
        assert.equal(await link.count(), 1, `one link "${label}"`);
        const href = new URL(await link.getAttribute('href'), base);
        assert.equal(href.pathname, `/ambitie/${id}`, `link "${label}" points to /ambitie/${id}`);
      }
    },
  },
  {
    name: 'typing "koffie" in the search box and pressing Enter shows the coffee mornings',
    async run({ base, newPage }) {
      const page = await newPage();
      await open(page, `${base}/`);
      const { box } = await searchForm(page);
      await box.fill('koffie');
      await navigates(page, () => box.press('Enter'),
        (u) => u.pathname === '/zoeken' && u.searchParams.get('q') === 'koffie', 'Enter in the search box');
      assert.equal(await heading1(page), 'Resultaten voor ‘koffie’');

      const expected = await api(base, '/api/v1/search?q=koffie&per_page=10');
      assert.equal(await statusCount(page), expected.total, 'the status line counts what the search finds');
      const found = await results(page);
      assert.deepEqual(found.map((r) => r.id).sort(), expected.results.map((r) => r.id).sort(),
        'the results are the entries the search API finds');
      for (const r of found) {
        const want = expected.results.find((e) => e.id === r.id);
        assert.equal(r.title, want.titel, `the result links to /aanbod/${r.id} with its title`);
      }
      assert.ok(found.some((r) => r.title === ENTRY.koffieZuid.titel), `"${ENTRY.koffieZuid.titel}" is found`);
      assert.ok(found.some((r) => r.title.startsWith('Koffieochtend')), 'a Koffieochtend is found');

      const again = await searchForm(page);
      assert.equal(await again.box.inputValue(), 'koffie', 'the results page keeps the question in its search box');
    },
  },
  {
    name: 'an ambition link on the home page opens that ambition with its offer',
    async run({ base, newPage }) {
      const page = await newPage();
      await open(page, `${base}/`);
      const { id, label } = AMBITIONS[1];
      await navigates(page, () => page.getByRole('link', { name: label, exact: true }).click(),
        (u) => u.pathname === `/ambitie/${id}`, `link "${label}"`);
      assert.equal(await heading1(page), label);
      const expected = await api(base, `/api/v1/search?ambitie=${id}&per_page=10`);
      assert.equal(await statusCount(page), expected.total, 'the count matches the search API');
      const found = await results(page);
      assert.deepEqual(found.map((r) => r.id).sort(), expected.results.map((r) => r.id).sort(),
        `the entries of ambition ${id}`);
    },
  },
];
