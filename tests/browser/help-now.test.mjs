// "Hulp nu": a resident who types that she does not want to live any more sees 113 first, right
// under the search box and above "bedoelde u" and every result, as a number she can tap on her
// phone; the results stay below. A harmless question shows no such block.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  api, assert, axeCheck, navigates, open, results, searchForm, visible,
} from './lib/helpers.mjs';
import { ROOT } from './lib/stack.mjs';

const PHONE = { width: 375, height: 667 };
const WIDE = { width: 1280, height: 800 };
const HEADING = { name: 'Hulp nu', exact: true };

// The block: the region labelled by its heading "Hulp nu".
function block(page) {
  return page.getByRole('region', HEADING);
}

// What follows the search form in the page, element by element, up to the block.
async function afterSearchBox(page) {
  return page.evaluate(() => {
    const form = document.querySelector('form[role="search"]');
    const next = form && form.nextElementSibling;
    return next ? { tag: next.tagName.toLowerCase(), labelledBy: next.getAttribute('aria-labelledby') } : null;
  });
}

// The call links of the block in order: [{ name, href, width, height }].
async function callLinks(page) {
  return block(page).locator('a[href^="tel:"]').evaluateAll((links) => links.map((a) => {
    const r = a.getBoundingClientRect();
    return { text: a.textContent.replace(/\s+/g, ' ').trim(), href: a.getAttribute('href'), width: r.width, height: r.height };
  }));
}

// The sociaal wijkteam's tel: link as the site configuration (web/site.yaml) gives it, or null
// when the site has none.
function wijkteamTel() {
  const file = path.join(ROOT, 'web', 'site.yaml');
  if (!existsSync(file)) return null;
  const m = /^wijkteam:[^\n]*\n(?:[ \t]+[^\n]*\n)*?[ \t]+telefoon:[ \t]*([^#\n]+)/m.exec(readFileSync(file, 'utf8'));
  return m ? `tel:${m[1].replace(/[^0-9+]/g, '')}` : null;
}

export default [
  {
    name: 'on a 375 px phone "ik wil niet meer leven" shows 113 first, under the search box, above the results',
    async run({ base, newPage }) {
      // bypassCSP: only so that axe-core can be injected at the end.
      const page = await newPage({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, bypassCSP: true });
      await open(page, `${base}/`);
      const { box } = await searchForm(page);
      await box.fill('ik wil niet meer leven');
      await navigates(page, () => box.press('Enter'), (u) => u.searchParams.get('q') === 'ik wil niet meer leven',
        'searching "ik wil niet meer leven"');

      const help = await visible(block(page), 'a region with the heading "Hulp nu"');
      assert.deepEqual(await afterSearchBox(page), { tag: 'section', labelledBy: 'hulp-nu-kop' },
        'the block is the first thing after the search box');
      assert.match(await help.innerText(), /U hoeft dit niet alleen te dragen\. Praat er nu over:/);

      const links = await callLinks(page);
      assert.ok(links.length >= 2, `the block has call links (${JSON.stringify(links)})`);
      assert.equal(links[0].href, 'tel:08000113', '113 is the first number, as a tel: link');
      assert.match(links[0].text, /^Bel 0800-0113/);
      assert.ok(links.some((l) => l.href === 'tel:112'), '112 is there too');
      for (const l of links) {
        assert.ok(l.width >= 44 && l.height >= 44, `"${l.text}" is big enough to tap (${l.width}x${l.height} px)`);
      }
      // Always the sociaal wijkteam, last, with the site's number.
      await visible(help.getByRole('heading', { name: 'Sociaal wijkteam', exact: true }), 'the sociaal wijkteam in the block');
      const tel = wijkteamTel();
      if (tel) assert.equal(links[links.length - 1].href, tel, "the wijkteam's number from web/site.yaml is the last call link");
      const chat = help.getByRole('link', { name: /Chat met 113/ });
      assert.equal(await chat.getAttribute('href'), 'https://www.113.nl');

      const top = await help.evaluate((el) => el.getBoundingClientRect().top);
      assert.ok(top >= 0 && top < PHONE.height, `the block starts on the first screen (top ${top} px)`);
      const callTop = await block(page).locator('a[href="tel:08000113"]').evaluate((el) => el.getBoundingClientRect().bottom);
      assert.ok(callTop <= PHONE.height, `the button to call 113 is on the first screen (bottom ${callTop} px)`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `no horizontal scrolling (page is ${width} px wide)`);

      // The results stay, below the block.
      const found = await results(page);
      const expected = await api(base, `/api/v1/search?q=${encodeURIComponent('ik wil niet meer leven')}&per_page=10`);
      assert.equal(found.length, expected.results.length, 'the normal results are still shown');
      if (found.length) {
        const first = page.locator('#resultaten .ww-result').first();
        const resultTop = await first.evaluate((el) => el.getBoundingClientRect().top);
        const helpBottom = await help.evaluate((el) => el.getBoundingClientRect().bottom);
        assert.ok(helpBottom <= resultTop, 'the block is above the first result');
      }
      await axeCheck(page);
    },
  },
  {
    name: 'the block stands above "Bedoelde u" and above the results, at 1280 px as well',
    async run({ base, newPage }) {
      const question = 'eenzaamheit zelfmoord';
      const answer = await api(base, `/api/v1/search?q=${encodeURIComponent(question)}`);
      assert.ok(answer.hulp_nu && answer.suggestion, 'the API gives hulp_nu and a suggestion for this question');
      const page = await newPage({ viewport: WIDE, bypassCSP: true });
      await open(page, `${base}/zoeken?q=${encodeURIComponent(question)}`);
      const help = await visible(block(page), 'a region with the heading "Hulp nu"');
      const suggestion = await visible(page.getByRole('link', { name: /^Bedoelde u/ }), 'a link "Bedoelde u ..."');
      const before = await help.evaluate((el, other) =>
        Boolean(el.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_FOLLOWING), await suggestion.elementHandle());
      assert.ok(before, 'the block comes before "Bedoelde u" in the page');
      const helpBox = await help.boundingBox();
      const suggestionBox = await suggestion.boundingBox();
      assert.ok(helpBox.y + helpBox.height <= suggestionBox.y, 'and is shown above it');
      assert.equal((await callLinks(page))[0].href, 'tel:08000113');
      await axeCheck(page);
    },
  },
  {
    name: 'without JavaScript, violence at home shows Veilig Thuis first, and a filter or another page keeps the block',
    async run({ base, newPage }) {
      const page = await newPage({ viewport: PHONE, javaScriptEnabled: false });
      await open(page, `${base}/zoeken?q=${encodeURIComponent('mijn man slaat mij')}`);
      await visible(block(page), 'a region with the heading "Hulp nu"');
      const links = await callLinks(page);
      assert.deepEqual(links.slice(0, 2).map((l) => l.href), ['tel:08002000', 'tel:112'],
        'Veilig Thuis first, then 112');
      await open(page, `${base}/zoeken?q=${encodeURIComponent('ik wil dood')}&wijk=zuid&page=2`);
      await visible(block(page), 'the block on a filtered later page');
      assert.equal((await callLinks(page))[0].href, 'tel:08000113');
    },
  },
  {
    name: 'harmless questions that share words with danger show no block',
    async run({ base, newPage }) {
      const page = await newPage({ viewport: PHONE });
      for (const q of ['doodmoe', 'ik ga dood van het lachen', 'leven in de brouwerij', 'koffie']) {
        await open(page, `${base}/zoeken?q=${encodeURIComponent(q)}`);
        await searchForm(page);
        assert.equal(await block(page).count(), 0, `no "Hulp nu" block for "${q}"`);
        assert.equal(await page.locator('a[href^="tel:08000113"]').count(), 0, `no 113 for "${q}"`);
      }
    },
  },
];
