// The results page: "bedoelde u", facet filters with counts, removable filters, paging, and
// finding a coffee morning in Zuid on a phone without typing a perfect word.
import {
  ENTRY, FACETS, api, assert, axeCheck, facetBox, facetValues, filterForm, heading1, navigates, open,
  params, results, searchForm, statusCount, visible, vocabularies,
} from './lib/helpers.mjs';

const APPLY = { name: 'Filters toepassen', exact: true };

function ids(list) {
  return list.map((r) => r.id).sort();
}

export default [
  {
    name: 'phone first: at 375 px the first result is on the first screen, the filters wait behind "Filters (n)" (with and without JavaScript); at 1280 px they stand open',
    async run({ base, newPage }) {
      for (const javaScriptEnabled of [true, false]) {
        const how = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
        const page = await newPage({ viewport: { width: 375, height: 667 }, javaScriptEnabled });
        await open(page, `${base}/zoeken?q=koffie&wijk=zuid`);
        const first = page.locator('#resultaten .ww-result').first();
        const top = await first.evaluate((el) => el.getBoundingClientRect().top);
        assert.ok(top >= 0 && top < 667, `${how}: the first result starts on the first screen (top ${top})`);
        for (const fact of ['Kosten', 'Meedoen', 'Waar']) {
          await visible(first.locator('dt', { hasText: fact }), `${how}: the first card says "${fact}"`);
        }
        const form = page.getByRole('form', { name: 'Filters', exact: true });
        assert.equal(await form.isVisible(), false, `${how}: the filters are folded away`);
        const toggle = await visible(page.locator('summary', { hasText: 'Filters (1)' }), `${how}: "Filters (1)" (one filter chosen)`);
        const box = await toggle.boundingBox();
        assert.ok(box.height >= 44, `${how}: "Filters (1)" is big enough to tap (${box.height} px)`);
        await toggle.click();
        await visible(facetBox(form, 'Wijk', 'Zuid'), `${how}: after a tap the filters show`);
        const wide = await newPage({ viewport: { width: 1280, height: 800 }, javaScriptEnabled });
        await open(wide, `${base}/zoeken?q=koffie`);
        await visible(facetBox(wide.getByRole('form', { name: 'Filters', exact: true }), 'Wijk', 'Zuid'),
          `${how}: at 1280 px the filters stand beside the results without a tap`);
      }
    },
  },
  {
    name: 'on a 375x667 phone, "kofie" leads via "Bedoelde u" and the filter Zuid to the coffee morning in Zuid',
    async run({ base, newPage }) {
      const page = await newPage({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      await open(page, `${base}/`);
      const { box } = await searchForm(page);
      await box.fill('kofie');
      await navigates(page, () => box.press('Enter'), (u) => u.searchParams.get('q') === 'kofie', 'searching "kofie"');

      const suggestion = await visible(page.getByRole('link', { name: /^Bedoelde u/ }), 'a link "Bedoelde u ..."');
      await navigates(page, () => suggestion.tap(),
        (u) => u.pathname === '/zoeken' && u.searchParams.get('q') === 'koffie', 'the "Bedoelde u" link');

      const form = await filterForm(page);
      const zuid = await visible(facetBox(form, 'Wijk', 'Zuid'), 'checkbox "Zuid (N)" in fieldset "Wijk"');
      // With JavaScript (on here) the filter applies itself.
      await navigates(page, () => zuid.tap(),
        (u) => u.searchParams.getAll('wijk').includes('zuid') && u.searchParams.get('q') === 'koffie',
        'tapping "Zuid" (the filter applies itself)');

      const expected = await api(base, '/api/v1/search?q=koffie&wijk=zuid&per_page=10');
      assert.equal(await statusCount(page), expected.total);
      const found = await results(page);
      assert.deepEqual(ids(found), ids(expected.results));
      assert.ok(found.some((r) => r.id === ENTRY.koffieZuid.id), `"${ENTRY.koffieZuid.titel}" is found`);
      assert.ok(!found.some((r) => r.id === ENTRY.koffieNoord.id), 'the coffee morning in Noord is filtered out');

      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 375, `no horizontal scrolling on a phone (page is ${width}px wide)`);
      const formBox = await (await filterForm(page)).boundingBox();
      const first = page.getByRole('link', { name: ENTRY.koffieZuid.titel, exact: true });
      const resultBox = await first.boundingBox();
      assert.ok(formBox && resultBox, 'filters and results are both shown');
      assert.ok(formBox.y + formBox.height <= resultBox.y + 1,
        `on a narrow screen the filters stand above the results (filters end at ${formBox.y + formBox.height}, first result at ${resultBox.y})`);
    },
  },
  {
    name: 'a misspelled question offers "Bedoelde u" with the corrected search; a good one does not',
    async run({ base, newPage }) {
      const page = await newPage();
      await open(page, `${base}/zoeken?q=eenzaamheit`);
      const link = await visible(page.getByRole('link', { name: /^Bedoelde u/ }), 'a link "Bedoelde u ..."');
      assert.match(await link.innerText(), /eenzaamheid/, 'the link names the corrected word');
      const href = new URL(await link.getAttribute('href'), base);
      assert.equal(href.pathname, '/zoeken');
      assert.equal(href.searchParams.get('q'), 'eenzaamheid');

      await open(page, `${base}/zoeken?q=koffie`);
      await statusCount(page);
      assert.equal(await page.getByRole('link', { name: /^Bedoelde u/ }).count(), 0, 'no "Bedoelde u" for "koffie"');
    },
  },
  {
    name: 'the filter form has every fieldset, each value with its label and the count the API gives',
    async run({ base, newPage }) {
      const page = await newPage({ javaScriptEnabled: false });
      const vocab = vocabularies();
      await open(page, `${base}/zoeken?q=samen`);
      const form = await filterForm(page);
      const expected = await api(base, '/api/v1/search?q=samen');
      for (const { group, facet, vocab: list } of FACETS) {
        const counts = expected.facets[facet] || {};
        if (Object.keys(counts).length === 0) { // woonvorm and begeleiding: only with houses
          assert.equal(await form.getByRole('group', { name: group, exact: true }).count(), 0, `no fieldset "${group}"`);
          continue;
        }
        const shown = await facetValues(form, group);
        for (const [code, count] of Object.entries(counts)) {
          if (count === 0) continue;
          const label = vocab[list][code];
          const item = shown.find((v) => v.label === label);
          assert.ok(item, `fieldset "${group}" offers "${label} (${count})"; it shows: ${shown.map((v) => `${v.label} (${v.count})`).join(', ')}`);
          assert.equal(item.count, count, `"${label}" in "${group}" counts ${count}`);
        }
        for (const v of shown) {
          const code = Object.keys(vocab[list]).find((c) => vocab[list][c] === v.label);
          assert.ok(code, `"${v.label}" in "${group}" is a label of ${list}`);
          assert.equal(v.count, counts[code] || 0, `"${v.label}" in "${group}" counts ${counts[code] || 0}`);
        }
      }
      for (const [label, name] of [['Alleen zonder verwijzing of indicatie (voorliggend)', 'voorliggend'], ['Alleen gratis', 'gratis']]) {
        const box = form.getByRole('checkbox', { name: label, exact: true });
        await visible(box, `checkbox "${label}"`);
        assert.equal(await box.getAttribute('name'), name);
        assert.equal(await box.getAttribute('value'), '1');
      }
      await visible(form.getByRole('button', APPLY), 'button "Filters toepassen" (without JavaScript)');
    },
  },
  {
    name: 'applying a filter, removing it with "Verwijder filter", and two wijken at once (OR)',
    async run({ base, newPage }) {
      const page = await newPage({ javaScriptEnabled: false });
      await open(page, `${base}/zoeken?q=koffie`);
      const all = await api(base, '/api/v1/search?q=koffie&per_page=10');
      assert.equal(await statusCount(page), all.total);

      let form = await filterForm(page);
      await facetBox(form, 'Wijk', 'Zuid').check();
      await navigates(page, () => form.getByRole('button', APPLY).click(),
        (u) => u.searchParams.getAll('wijk').join() === 'zuid', '"Filters toepassen" with Zuid');
      assert.equal(params(page.url()).get('q'), 'koffie', 'the question stays');
      const zuid = await api(base, '/api/v1/search?q=koffie&wijk=zuid&per_page=10');
      assert.equal(await statusCount(page), zuid.total);
      assert.deepEqual(ids(await results(page)), ids(zuid.results));
      form = await filterForm(page);
      assert.ok(await facetBox(form, 'Wijk', 'Zuid').isChecked(), 'Zuid stays checked');

      await navigates(page, () => page.getByRole('link', { name: /^Verwijder filter: Zuid\b/ }).click(),
        (u) => u.searchParams.getAll('wijk').length === 0, '"Verwijder filter: Zuid"');
      assert.equal(params(page.url()).get('q'), 'koffie', 'the question stays after removing the filter');
      assert.equal(await statusCount(page), all.total, 'all results again');
      form = await filterForm(page);
      assert.ok(!(await facetBox(form, 'Wijk', 'Zuid').isChecked()), 'Zuid is unchecked');
      assert.equal(await page.getByRole('link', { name: /^Verwijder filter:/ }).count(), 0, 'no active filters left');

      // Two values of one filter: entries of either wijk.
      await facetBox(form, 'Wijk', 'Zuid').check();
      await facetBox(form, 'Wijk', 'Noord').check();
      await navigates(page, () => form.getByRole('button', APPLY).click(),
        (u) => u.searchParams.getAll('wijk').sort().join() === 'noord,zuid', '"Filters toepassen" with Zuid and Noord');
      const both = await api(base, '/api/v1/search?q=koffie&wijk=zuid&wijk=noord&per_page=10');
      assert.ok(both.total > zuid.total, 'precondition: Noord adds entries');
      assert.equal(await statusCount(page), both.total, 'two wijken: entries of either');
      await visible(page.getByRole('link', { name: /^Verwijder filter: Zuid\b/ }), 'a link "Verwijder filter: Zuid"');
      await visible(page.getByRole('link', { name: /^Verwijder filter: Noord\b/ }), 'a link "Verwijder filter: Noord"');

      await navigates(page, () => page.getByRole('link', { name: /^Verwijder filter: Zuid\b/ }).click(),
        (u) => u.searchParams.getAll('wijk').join() === 'noord', '"Verwijder filter: Zuid" with Noord left');
      const noord = await api(base, '/api/v1/search?q=koffie&wijk=noord&per_page=10');
      assert.equal(await statusCount(page), noord.total, 'only Noord is left');
      assert.equal(await page.getByRole('link', { name: /^Verwijder filter: Zuid\b/ }).count(), 0);
      await visible(page.getByRole('link', { name: /^Verwijder filter: Noord\b/ }), 'Noord is still active');
    },
  },
  {
    name: '"Alleen zonder verwijzing of indicatie (voorliggend)" and "Alleen gratis" filter as the API does',
    async run({ base, newPage }) {
      const page = await newPage({ javaScriptEnabled: false });
      await open(page, `${base}/zoeken?q=samen`);
      let form = await filterForm(page);
      await form.getByRole('checkbox', { name: /^Alleen zonder verwijzing of indicatie/ }).check();
      await navigates(page, () => form.getByRole('button', APPLY).click(),
        (u) => u.searchParams.get('voorliggend') === '1', 'voorliggend');
      const voorliggend = await api(base, '/api/v1/search?q=samen&voorliggend=1&per_page=10');
      assert.equal(await statusCount(page), voorliggend.total);

      form = await filterForm(page);
      await form.getByRole('checkbox', { name: /^Alleen gratis/ }).check();
      await navigates(page, () => form.getByRole('button', APPLY).click(),
        (u) => u.searchParams.get('gratis') === '1' && u.searchParams.get('voorliggend') === '1', 'gratis');
      const gratis = await api(base, '/api/v1/search?q=samen&voorliggend=1&gratis=1&per_page=10');
      assert.equal(await statusCount(page), gratis.total);
      assert.deepEqual(ids(await results(page)), ids(gratis.results));
    },
  },
  {
    name: 'with JavaScript a filter applies itself, the apply button is hidden and focus stays on the checkbox',
    async run({ base, newPage }) {
      const page = await newPage();
      await open(page, `${base}/zoeken?q=koffie`);
      assert.ok(await page.evaluate(() => document.documentElement.classList.contains('js')), '<html> has class js');
      const form = await filterForm(page);
      assert.equal(await form.getByRole('button', APPLY).isVisible(), false, '"Filters toepassen" is hidden');
      await navigates(page, () => facetBox(form, 'Wijk', 'Zuid').click(),
        (u) => u.searchParams.getAll('wijk').includes('zuid'), 'clicking "Zuid"');
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        return el && { type: el.type, name: el.name, value: el.value };
      });
      assert.deepEqual(focused, { type: 'checkbox', name: 'wijk', value: 'zuid' }, 'focus is back on the Zuid checkbox');
      const expected = await api(base, '/api/v1/search?q=koffie&wijk=zuid&per_page=10');
      assert.equal(await statusCount(page), expected.total);
    },
  },
  {
    name: 'paging: 10 results a page with "Volgende" and "Vorige"',
    async run({ base, newPage }) {
      const q = 'activiteit';
      const all = await api(base, `/api/v1/search?q=${q}&per_page=100`);
      assert.ok(all.total > 10 && all.total <= 20, `precondition: "${q}" finds 11 to 20 entries (finds ${all.total})`);
      const page = await newPage();
      await open(page, `${base}/zoeken?q=${q}`);
      assert.equal(await statusCount(page), all.total, 'the status line counts all results, not one page');
      const one = await results(page);
      assert.equal(one.length, 10, 'page 1 shows 10 results');
      assert.equal(await page.getByRole('link', { name: /^Vorige/ }).count(), 0, 'no "Vorige" on page 1');

      await navigates(page, () => page.getByRole('link', { name: /^Volgende/ }).first().click(),
        (u) => u.searchParams.get('page') === '2' || /[?&]pagina=2\b/.test(u.search), '"Volgende"');
      assert.equal(params(page.url()).get('q'), q, 'the question stays');
      const two = await results(page);
      assert.equal(two.length, all.total - 10, `page 2 shows the other ${all.total - 10}`);
      assert.deepEqual([...one, ...two].map((r) => r.id).sort(), all.results.map((r) => r.id).sort(),
        'the two pages together show every result once');
      assert.equal(await page.getByRole('link', { name: /^Volgende/ }).count(), 0, 'no "Volgende" on the last page');

      await navigates(page, () => page.getByRole('link', { name: /^Vorige/ }).first().click(),
        (u) => u.pathname === '/zoeken', '"Vorige"');
      assert.deepEqual((await results(page)).map((r) => r.id), one.map((r) => r.id), '"Vorige" shows page 1 again');
    },
  },
  {
    name: 'a question that finds nothing says "0 resultaten" and still offers the search form',
    async run({ base, newPage }) {
      const page = await newPage();
      const q = 'qqxyzzyqq';
      const expected = await api(base, `/api/v1/search?q=${q}`);
      assert.equal(expected.total, 0, 'precondition: nothing found');
      await open(page, `${base}/zoeken?q=${q}`);
      assert.equal(await heading1(page), `Resultaten voor ‘${q}’`);
      assert.equal(await statusCount(page), 0);
      assert.equal((await results(page)).length, 0);
      await searchForm(page);
    },
  },
  {
    name: 'a question nothing fits well says so plainly above what comes closest, with the wijkteam\'s number (375 and 1280 px)',
    async run({ base, newPage }) {
      const q = 'hulp bij mijn paspoort';
      const answer = await api(base, `/api/v1/search?q=${encodeURIComponent(q)}`);
      assert.equal(answer.match, 'zwak', 'precondition: the API calls the match weak');
      for (const viewport of [{ width: 375, height: 667 }, { width: 1280, height: 800 }]) {
        // bypassCSP: only so that axe-core can be injected.
        const page = await newPage({ viewport, bypassCSP: true });
        await open(page, `${base}/zoeken?q=${encodeURIComponent(q)}`);
        const note = await visible(page.getByRole('note').filter({ hasText: 'We vonden niets dat goed past bij uw vraag.' }),
          `${viewport.width} px: the plain "nothing fits well"`);
        await visible(note.locator('a[href^="tel:"]'), `${viewport.width} px: with the wijkteam's number to call`);
        const [noteTop, firstTop] = await Promise.all([note.evaluate((el) => el.getBoundingClientRect().top),
          page.locator('#resultaten .ww-result').first().evaluate((el) => el.getBoundingClientRect().top)]);
        assert.ok(noteTop < firstTop, `${viewport.width} px: the line stands above the results`);
        await axeCheck(page);
      }
      const good = await newPage();
      await open(good, `${base}/zoeken?q=koffie`);
      assert.equal(await good.getByText('We vonden niets dat goed past').count(), 0, 'a good match says nothing of the kind');
    },
  },
  {
    name: 'what a question is about comes back as one-click filters: "mijn vader is eenzaam" offers "Mantelzorgers", which filters (375 and 1280 px)',
    async run({ base, newPage }) {
      const q = 'mijn vader is eenzaam';
      for (const viewport of [{ width: 375, height: 667 }, { width: 1280, height: 800 }]) {
        // bypassCSP: only so that axe-core can be injected.
        const page = await newPage({ viewport, bypassCSP: true });
        await open(page, `${base}/zoeken?q=${encodeURIComponent(q)}`);
        const offers = page.getByRole('list', { name: /Past een van deze bij uw vraag/ });
        const chip = await visible(offers.getByRole('link', { name: 'Mantelzorgers', exact: true }),
          `${viewport.width} px: a one-click filter "Mantelzorgers"`);
        await axeCheck(page);
        await navigates(page, () => chip.click(),
          (u) => u.searchParams.get('q') === q && u.searchParams.getAll('doelgroep').includes('mantelzorgers'),
          `${viewport.width} px: clicking "Mantelzorgers"`);
        const expected = await api(base, `/api/v1/search?q=${encodeURIComponent(q)}&doelgroep=mantelzorgers`);
        assert.equal(await statusCount(page), expected.total, `${viewport.width} px: the filter is applied`);
        await visible(page.getByRole('link', { name: /^Verwijder filter: Mantelzorgers/ }), 'and shown as a chosen filter');
        assert.equal(await page.getByRole('list', { name: /Past een van deze/ }).getByRole('link', { name: 'Mantelzorgers', exact: true }).count(), 0,
          'and no longer offered');
      }
    },
  },
  {
    name: 'a wijk named in the question: "koffie in zuid" shows coffee in Zuid first and offers "Wijk Zuid" as a one-click filter (375 px)',
    async run({ base, newPage }) {
      const q = 'koffie in zuid';
      const page = await newPage({ viewport: { width: 375, height: 667 }, bypassCSP: true });
      await open(page, `${base}/zoeken?q=${encodeURIComponent(q)}`);
      const first = page.locator('#resultaten .ww-result').first();
      assert.match(await first.innerText(), /Koffieochtend in de buurtkamer/, 'the coffee in Zuid comes first');
      const chip = await visible(page.getByRole('list', { name: /Past een van deze bij uw vraag/ })
        .getByRole('link', { name: 'Wijk Zuid', exact: true }), 'a one-click filter "Wijk Zuid"');
      await axeCheck(page);
      await navigates(page, () => chip.click(),
        (u) => u.searchParams.get('q') === q && u.searchParams.getAll('wijk').includes('zuid'), 'clicking "Wijk Zuid"');
      const expected = await api(base, `/api/v1/search?q=${encodeURIComponent(q)}&wijk=zuid`);
      assert.equal(await statusCount(page), expected.total, 'the filter is applied');
    },
  },
];
