// The shortlist for wijkteam staff: pick entries from the results, open the printable list,
// print it, and share a link that reproduces it. Nothing is stored on the server.
import {
  ENTRY, assert, heading1, navigates, open, params, results, searchForm, statusCount, visible,
} from './lib/helpers.mjs';

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

      const share = await visible(page.getByRole('link', { name: 'Link naar deze lijst', exact: true }), 'a link "Link naar deze lijst"');
      const shareHref = new URL(await share.getAttribute('href'), base).href;
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
];
