// Beschermd thuis for the wijkteam worker: from the results, filter on soort and woonvorm, order
// by waiting time, see each house's waiting time on its card, put the first on the list and
// print it. At 375 px without JavaScript (the "Filters toepassen" button) and at 1280 px with it
// (the filters apply themselves).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  api, assert, axeCheck, facetBox, filterForm, navigates, open, statusCount, visible,
} from './lib/helpers.mjs';

// tests/browser/fixtures/aanbod/wonen-wachttijd.yaml (12 weeks) and
// tests/fixtures/search/aanbod/wonen-begeleid.yaml (no waiting time given).
const WAITING = { id: 'wonen-wachttijd', titel: 'Samen wonen aan de Proeflaan' };
const UNKNOWN = { id: 'wonen-begeleid', titel: 'Wonen met begeleiding' };

// Submits the filter form as the page allows: by itself with JavaScript, else with the button.
async function apply(page, javaScriptEnabled, change, predicate, what) {
  const form = await filterForm(page);
  if (javaScriptEnabled) {
    await navigates(page, () => change(form), predicate, what);
  } else {
    await change(form);
    await navigates(page, () => form.getByRole('button', { name: 'Filters toepassen', exact: true }).click(), predicate, what);
  }
}

// The titles and the "Wachttijd" of each card, in order.
function cards(page) {
  return page.locator('#resultaten .ww-result').evaluateAll((items) => items.map((li) => {
    const facts = {};
    for (const row of li.querySelectorAll('.ww-facts > div')) {
      facts[row.querySelector('dt').textContent.trim()] = row.querySelector('dd').textContent.trim();
    }
    return { titel: li.querySelector('h2').textContent.trim(), facts };
  }));
}

export default [
  {
    name: 'the wijkteam worker filters beschermd thuis, orders by waiting time, and prints the first house on a list',
    timeout: 90,
    async run({ base, newPage }) {
      for (const [viewport, javaScriptEnabled] of [[{ width: 375, height: 740 }, false], [{ width: 1280, height: 800 }, true]]) {
        const how = `${viewport.width} px, ${javaScriptEnabled ? 'with' : 'without'} JavaScript`;
        // bypassCSP: only so that axe-core can be injected.
        const page = await newPage({ viewport, javaScriptEnabled, bypassCSP: true });
        await open(page, `${base}/zoeken?q=`);
        await apply(page, javaScriptEnabled, (form) => facetBox(form, 'Soort aanbod', 'Beschermd thuis').check(),
          (u) => u.searchParams.getAll('soort').includes('beschermd-thuis'), `${how}: ticking "Beschermd thuis"`);
        const houses = await api(base, '/api/v1/search?soort=beschermd-thuis');
        assert.equal(await statusCount(page), houses.total, `${how}: the count is the API's`);

        // The count beside a woonvorm is what ticking it gives.
        const form = await filterForm(page);
        const label = await facetBox(form, 'Woonvorm', 'Wonen in een kleine groep').evaluate((box) => box.labels[0].textContent);
        const promised = Number(/\((\d+)\)/.exec(label)[1]);
        await apply(page, javaScriptEnabled, (f) => facetBox(f, 'Woonvorm', 'Wonen in een kleine groep').check(),
          (u) => u.searchParams.get('woonvorm') === 'geclusterd', `${how}: ticking a woonvorm`);
        assert.equal(await statusCount(page), promised, `${how}: "${label.trim()}" gives ${promised} results`);
        await navigates(page, () => page.getByRole('link', { name: /^Verwijder filter: Wonen in een kleine groep/ }).click(),
          (u) => !u.searchParams.has('woonvorm'), `${how}: removing the woonvorm`);

        await apply(page, javaScriptEnabled, (f) => f.getByRole('radio', { name: 'Kortste wachttijd eerst' }).check(),
          (u) => u.searchParams.get('sort') === 'wachttijd', `${how}: ordering by waiting time`);
        const shown = await cards(page);
        assert.equal(shown[0].titel, WAITING.titel, `${how}: the house with a known waiting time comes first`);
        assert.equal(shown[0].facts.Wachttijd, 'ongeveer 12 weken', `${how}: its card says the waiting time`);
        assert.equal(shown[shown.length - 1].titel, UNKNOWN.titel, `${how}: the house without one comes last`);
        assert.ok(!shown.some((c) => 'Wanneer' in c.facts), `${how}: no house card says "Wanneer"`);
        if (javaScriptEnabled) await axeCheck(page); // axe is a script itself

        const first = page.locator(`#aanbod-${WAITING.id}`);
        await navigates(page, () => first.getByRole('link', { name: /^Zet op mijn lijst/ }).click(),
          (u) => u.searchParams.getAll('lijst').includes(WAITING.id) && u.searchParams.get('sort') === 'wachttijd',
          `${how}: "Zet op mijn lijst"`);
        assert.equal(new URL(page.url()).hash, `#aanbod-${WAITING.id}`, `${how}: the page comes back to the same card`);
        const top = await page.locator(`#aanbod-${WAITING.id}`).evaluate((el) => el.getBoundingClientRect().top);
        assert.ok(top > -2 && top < viewport.height, `${how}: and that card is in view (top ${top})`);
        await navigates(page, () => page.getByRole('link', { name: /^Mijn lijst \(1\)/ }).click(),
          (u) => u.pathname === '/lijst', `${how}: "Mijn lijst (1)"`);
        await visible(page.locator('svg.ww-qr'), `${how}: the list has its QR code`);
        if (javaScriptEnabled) {
          await axeCheck(page);
          const dir = mkdtempSync(path.join(tmpdir(), 'wegwijzer-wonen-'));
          try {
            const pdf = path.join(dir, 'lijst.pdf');
            writeFileSync(pdf, await page.pdf({ format: 'A4' }));
            const r = spawnSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
            assert.equal(r.status, 0, `pdftotext: ${r.stderr}`);
            const text = r.stdout.replace(/\s+/g, ' ');
            for (const part of [WAITING.titel, '12 weken', 'Wegwijzer Zwolle']) {
              assert.ok(text.includes(part), `the printed list holds "${part}": ${text}`);
            }
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        }
      }
    },
  },
];
