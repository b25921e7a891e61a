// The same main flow with JavaScript switched off: every function works without scripts.
import {
  ENTRY, api, assert, facetBox, filterForm, heading1, navigates, open, params, results, searchForm,
  statusCount, visible,
} from './lib/helpers.mjs';

export default [
  {
    name: 'without JavaScript: search, filter, open an entry, make a shortlist and open it',
    async run({ base, newPage }) {
      const page = await newPage({ javaScriptEnabled: false });
      await open(page, `${base}/`);
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains('js')), false,
        'no class js without JavaScript');
      const { box, button } = await searchForm(page);
      await box.fill('koffie');
      await navigates(page, () => button.click(),
        (u) => u.pathname === '/zoeken' && u.searchParams.get('q') === 'koffie', 'button "Zoeken"');
      const all = await api(base, '/api/v1/search?q=koffie&per_page=10');
      assert.equal(await statusCount(page), all.total);

      const form = await filterForm(page);
      const apply = await visible(form.getByRole('button', { name: 'Filters toepassen', exact: true }),
        'button "Filters toepassen" (visible without JavaScript)');
      await facetBox(form, 'Wijk', 'Zuid').check();
      assert.equal(page.url().includes('wijk='), false, 'checking a filter alone does not reload without JavaScript');
      await navigates(page, () => apply.click(), (u) => u.searchParams.getAll('wijk').includes('zuid'), '"Filters toepassen"');
      const zuid = await api(base, '/api/v1/search?q=koffie&wijk=zuid&per_page=10');
      assert.deepEqual((await results(page)).map((r) => r.id).sort(), zuid.results.map((r) => r.id).sort());

      const item = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: ENTRY.koffieZuid.titel, exact: true }) });
      await navigates(page, () => item.getByRole('link', { name: /^Zet op mijn lijst/ }).first().click(),
        (u) => u.searchParams.toString().includes(ENTRY.koffieZuid.id), '"Zet op mijn lijst"');
      assert.equal(params(page.url()).get('q'), 'koffie', 'the search stays');
      assert.deepEqual(params(page.url()).getAll('wijk'), ['zuid'], 'the filter stays');
      const mine = await visible(page.getByRole('link', { name: /^Mijn lijst \(1\)/ }), 'a link "Mijn lijst (1)"');
      const listHref = new URL(await mine.getAttribute('href'), base).href;

      await navigates(page, () => page.getByRole('link', { name: ENTRY.koffieZuid.titel, exact: true }).click(),
        (u) => u.pathname === `/aanbod/${ENTRY.koffieZuid.id}`, 'the result title');
      assert.equal(await heading1(page), ENTRY.koffieZuid.titel);
      await visible(page.getByRole('heading', { level: 2, name: 'Hoe doet u mee' }), 'section "Hoe doet u mee"');

      await open(page, listHref);
      assert.equal(await heading1(page), 'Mijn lijst');
      await visible(page.getByRole('heading', { name: ENTRY.koffieZuid.titel, exact: true }), 'the chosen entry');
      await visible(page.getByRole('link', { name: `${base}${new URL(listHref).pathname}${new URL(listHref).search}`, exact: true }),
        'the list\'s address as a link, to copy without JavaScript');
      assert.equal(await page.getByRole('button', { name: 'Afdrukken', exact: true }).isVisible(), false,
        'the print button (it needs JavaScript) is hidden without JavaScript');
    },
  },
];
