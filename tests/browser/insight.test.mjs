// Insight for the gemeente: the views reached from every page's footer, each with a chart whose
// figures a table repeats and links that give the same counts as the search, usable by keyboard,
// at 320 px and at 200% zoom, without JavaScript, axe-clean; actualiteit for the signed-in editor.
import {
  api, assert, axeCheck, navigates, open, statusCount, visible,
} from './lib/helpers.mjs';

const VIEWS = ['/inzicht', '/inzicht/dekking', '/inzicht/dekking?dimensie=doelgroep&weergave=aangeboden',
  '/inzicht/ambities', '/inzicht/beschermd-thuis'];

async function noHorizontalScroll(page, width, what) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= width, `${what} at ${width} px is ${scroll} px wide`);
}

// The number in a table cell (the link text) of row `wijk` and column number `col` (from 0).
async function cell(page, wijk, col) {
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: wijk, exact: true }) });
  const link = row.getByRole('cell').nth(col).getByRole('link');
  return { link, count: Number((await link.innerText()).trim()) };
}

export default [
  {
    name: 'the footer of the home page leads to /inzicht, which leads to every view',
    async run({ base, newPage }) {
      const page = await newPage();
      await open(page, base + '/');
      const link = page.getByRole('contentinfo').getByRole('link', { name: /Inzicht in het aanbod/ });
      await navigates(page, () => link.click(), (u) => u.pathname === '/inzicht', 'the insight page');
      for (const name of ['Dekking per wijk', 'De drie ambities', 'Beschermd thuis', 'Actualiteit (redactie)'])
        await visible(page.getByRole('navigation', { name: 'Inzicht' }).getByRole('link', { name }), `a link "${name}"`);
    },
  },
  {
    name: 'dekking: the heat map and the table agree with the API, and a cell\'s link lists that many entries',
    async run({ base, newPage }) {
      const page = await newPage({ javaScriptEnabled: false });
      await open(page, base + '/inzicht/dekking?dimensie=ambitie');
      await visible(page.getByRole('img', { name: 'Aantal aanbod per wijk' }), 'the heat map, named');
      const d = await api(base, '/api/v1/inzicht/dekking?dimensie=ambitie');
      const zuid = d.rijen.find((r) => r.id === 'zuid');
      for (let c = 0; c < d.kolommen.length; c++) {
        const { count } = await cell(page, 'Zuid', c);
        assert.equal(count, zuid.beschikbaar[c], `Zuid, ${d.kolommen[c].id}: the table says what the API says`);
      }
      const svgTexts = (await page.locator('svg.ww-grafiek-warmte text').allTextContents()).map((t) => t.trim());
      assert.ok(svgTexts.includes(String(zuid.beschikbaar[0])), 'the chart writes the values in its cells');
      const { link, count } = await cell(page, 'Zuid', 0);
      await navigates(page, () => link.click(), (u) => u.pathname === '/zoeken', 'the search of the cell');
      assert.equal(await statusCount(page), count, 'the search lists as many entries as the cell says');
    },
  },
  {
    name: 'dekking by keyboard: the dimension links and the form, without a mouse',
    async run({ base, newPage }) {
      const page = await newPage();
      await open(page, base + '/inzicht/dekking');
      const target = page.getByRole('link', { name: 'Leefgebieden', exact: true });
      let reached = false;
      for (let i = 0; i < 40 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await target.evaluate((el) => el === document.activeElement);
      }
      assert.ok(reached, 'Tab reaches "Leefgebieden"');
      await navigates(page, () => page.keyboard.press('Enter'), (u) => u.searchParams.get('dimensie') === 'leefgebied', 'Enter follows it');
      await page.getByLabel('Alleen gratis').focus();
      await page.keyboard.press('Space');
      await navigates(page, () => page.getByRole('button', { name: 'Toon' }).press('Enter'), (u) => u.searchParams.get('gratis') === '1', 'the form sent by keyboard');
      assert.equal(new URL(page.url()).searchParams.get('dimensie'), 'leefgebied', 'the dimension is kept');
    },
  },
  {
    name: 'every public view is axe-clean at 1280 px, and has no page-wide scroll at 320 px and at 200% zoom',
    async run({ base, newPage }) {
      for (const [width, scale] of [[1280, 1], [320, 1], [640, 2]]) {
        const page = await newPage({ bypassCSP: true, viewport: { width, height: 800 }, deviceScaleFactor: scale });
        for (const view of VIEWS) {
          await open(page, base + view);
          await noHorizontalScroll(page, width, view);
          if (width === 1280) await axeCheck(page);
        }
        await page.close();
      }
    },
  },
  {
    name: 'ambities and beschermd thuis: bars, a trend line from the history, and tables with the same figures',
    async run({ base, newPage }) {
      const page = await newPage();
      await open(page, base + '/inzicht/ambities');
      const a = await api(base, '/api/v1/inzicht/ambities');
      await visible(page.getByRole('img', { name: 'Aantal aanbod per ambitie' }), 'the bars');
      for (const amb of a.ambities) {
        const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: amb.label, exact: true }) });
        assert.equal((await row.getByRole('cell').first().innerText()).trim(), String(amb.aanbod), `${amb.id}: the table's count`);
      }
      assert.ok(a.trend.maanden.length >= 1, 'the index keeps a month of history');
      await visible(page.getByRole('img', { name: 'Aanbod per ambitie per maand' }), 'the trend line');
      await open(page, base + '/inzicht/beschermd-thuis');
      const h = await api(base, '/api/v1/inzicht/beschermd-thuis');
      const zuid = h.wijken.find((w) => w.id === 'zuid');
      const row = page.getByRole('table', { name: 'Per wijk, alle woonvormen samen' }).getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: 'Zuid', exact: true }) });
      const cells = await row.getByRole('cell').allInnerTexts();
      assert.equal(cells[0].trim(), String(zuid.opties), 'Zuid: options');
      assert.ok(cells[1].startsWith(String(zuid.plaatsen)), `Zuid: places (${cells[1]})`);
    },
  },
  {
    name: 'actualiteit: a sign-in first; the editor sees every organisation, axe-clean',
    async run({ base, newPage, tokens }) {
      const page = await newPage({ bypassCSP: true });
      await open(page, base + '/inzicht/actualiteit', { status: 403 });
      assert.equal(new URL(page.url()).pathname, '/partner/actualiteit', 'led to the partners\' pages');
      await visible(page.getByRole('link', { name: 'Log in met uw toegangscode' }), 'how to sign in');
      await open(page, base + '/partner');
      await page.getByLabel('Uw toegangscode').fill(tokens.gemeente);
      await navigates(page, () => page.getByRole('button', { name: 'Inloggen' }).click(), (u) => u.pathname === '/partner', 'signing in');
      await navigates(page, () => page.getByRole('link', { name: /Hoe actueel is/ }).click(), (u) => u.pathname === '/partner/actualiteit', 'the link on the overview');
      await visible(page.getByRole('table', { name: 'Per organisatie' }), 'the table per organisation');
      await visible(page.getByRole('link', { name: 'Lijst voor een herinneringsmail (CSV)' }), 'the reminder list');
      await axeCheck(page);
    },
  },
  {
    name: 'dubbelingen and vragen zonder antwoord: for the signed-in editor only, axe-clean, a question asked five times listed with its search',
    async run({ base, newPage, tokens }) {
      const page = await newPage({ bypassCSP: true });
      await open(page, base + '/inzicht/overlap', { status: 403 });
      assert.equal(new URL(page.url()).pathname, '/partner/overlap', 'led to the partners\' pages');
      await open(page, base + '/partner');
      await page.getByLabel('Uw toegangscode').fill(tokens.gemeente);
      await navigates(page, () => page.getByRole('button', { name: 'Inloggen' }).click(), (u) => u.pathname === '/partner', 'signing in');
      await open(page, base + '/partner/overlap');
      await visible(page.getByRole('heading', { level: 1, name: 'Overlappend aanbod' }), 'the overlap page');
      await visible(page.getByRole('status').filter({ hasText: /paren vanaf/ }), 'how many pairs, from which likeness');
      await axeCheck(page);
      const first = page.locator('article.ww-overlap-paar').first();
      // The test catalog has one such pair: the maatjesproject and the praatgroep over eenzaamheid.
      assert.ok(await first.count(), 'a pair to judge');
      {
        const title = (await first.getByRole('heading').innerText()).trim();
        await first.getByLabel('Geen dubbeling').check();
        await first.getByLabel('Toelichting (kort)').fill('Andere aanpak, besproken met beide.');
        await navigates(page, () => first.getByRole('button', { name: 'Oordeel opslaan' }).click(),
          (u) => u.searchParams.get('opgeslagen') === '1', 'saving the verdict');
        await visible(page.getByText(/Uw oordeel is opgeslagen/), 'a notice that it is saved');
        assert.equal(await page.getByRole('heading', { name: title, exact: true }).count(), 0,
          'the judged pair is gone from the overview');
      }
      for (let i = 0; i < 5; i++) await api(base, '/api/v1/search?q=' + encodeURIComponent('zeppelinvaart boven Zwolle'));
      await open(page, base + '/partner/vragen');
      const row = page.getByRole('row').filter({ hasText: /zeppelinvaart/ });
      await visible(row, 'the question asked five times, by its simplified words');
      assert.equal((await row.getByRole('cell').first().innerText()).trim(), '5', 'its count');
      await visible(row.getByRole('link', { name: 'Zoek' }), 'a link to its search');
      await visible(row.getByRole('button', { name: 'Stel synoniem voor' }), 'a way to propose a synonym');
      await axeCheck(page);
    },
  },
];
