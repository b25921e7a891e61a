// Accessibility: axe-core (WCAG 2.0/2.1 A and AA) on every page type, keyboard use with a
// visible focus, headings and landmarks, readable text, and no horizontal scrolling at 320 px
// wide or at 200% zoom.
import {
  PAGE_TYPES, SEARCH_LABEL, assert, axeCheck, describeFocus, focusInfo, focusVisible, open,
} from './lib/helpers.mjs';

const axeTests = PAGE_TYPES.map((p) => ({
  name: `axe finds no WCAG 2.1 A/AA violation on the ${p.name} page (${p.url})`,
  async run({ base, newPage }) {
    // axe is injected as a script tag, which the site's CSP rightly forbids: bypass it here.
    const page = await newPage({ bypassCSP: true });
    await open(page, base + p.url, { status: p.status || 200 });
    await axeCheck(page);
  },
}));

export default [
  ...axeTests,
  {
    name: 'keyboard: Tab focuses the skip link first, then reaches the search box; every stop has a visible focus',
    async run({ base, newPage }) {
      const page = await newPage();
      await open(page, `${base}/`);
      await page.keyboard.press('Tab');
      let f = await focusInfo(page);
      assert.ok(f && f.tag === 'a' && f.text === 'Naar de inhoud' && f.href === '#inhoud',
        `the first Tab focuses the skip link "Naar de inhoud", not ${describeFocus(f)}`);
      assert.ok(f.inViewport, 'the focused skip link is on screen');
      assert.ok(focusVisible(f), `the skip link shows its focus: ${describeFocus(f)}`);

      let reached = false;
      for (let i = 0; i < 25 && !reached; i++) {
        await page.keyboard.press('Tab');
        f = await focusInfo(page);
        assert.ok(f, `Tab ${i + 2} left the page before the search box`);
        assert.ok(focusVisible(f), `Tab ${i + 2}: the focus is not visible on ${describeFocus(f)}`);
        reached = await page.evaluate((label) => {
          const el = document.activeElement;
          return el.name === 'q' && [...(el.labels || [])].some((l) => l.textContent.trim() === label);
        }, SEARCH_LABEL);
      }
      assert.ok(reached, 'the search box is reachable with Tab');

      // The skip link takes keyboard users past the header into the content.
      await open(page, `${base}/`);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => location.hash === '#inhoud');
      await page.keyboard.press('Tab');
      const inside = await page.evaluate(() => !!document.activeElement.closest('#inhoud'));
      assert.ok(inside, `after the skip link, Tab goes on inside #inhoud (focus: ${describeFocus(await focusInfo(page))})`);
    },
  },
  {
    name: 'keyboard: every link, checkbox and button on a results page shows a visible focus',
    async run({ base, newPage }) {
      const page = await newPage();
      await open(page, `${base}/zoeken?q=koffie&wijk=zuid`);
      const expected = await page.evaluate(() =>
        [...document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea')]
          .filter((e) => !e.disabled && e.getClientRects().length > 0).length);
      const seen = new Set();
      for (let i = 0; i < expected + 5; i++) {
        await page.keyboard.press('Tab');
        const f = await focusInfo(page);
        if (!f) break; // past the last element
        // Each element is marked when first focused: two links alike (the wijkteam's number in
        // the results and in the footer) are still two stops.
        const key = await page.evaluate((n) => {
          const el = document.activeElement;
          if (!el.dataset.wwTabStop) el.dataset.wwTabStop = String(n);
          return el.dataset.wwTabStop;
        }, i);
        if (seen.has(key)) break; // wrapped around
        seen.add(key);
        assert.ok(focusVisible(f), `Tab ${i + 1}: the focus is not visible on ${describeFocus(f)}`);
        assert.ok(f.inViewport, `Tab ${i + 1}: the focused element is scrolled into view: ${describeFocus(f)}`);
      }
      assert.ok(seen.size >= expected, `Tab reaches every visible control (${seen.size} of ${expected})`);
    },
  },
  {
    name: 'every page type has lang nl, a title, one main landmark, one h1 and no skipped heading level',
    async run({ base, newPage }) {
      const page = await newPage();
      for (const p of PAGE_TYPES) {
        await open(page, base + p.url, { status: p.status || 200 });
        const s = await page.evaluate(() => ({
          lang: document.documentElement.lang,
          title: document.title.trim(),
          mains: document.querySelectorAll('main, [role="main"]').length,
          banners: document.querySelectorAll('body > header, [role="banner"]').length,
          levels: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
            .filter((h) => h.getClientRects().length > 0).map((h) => Number(h.tagName[1])),
        }));
        assert.equal(s.lang, 'nl', `${p.url}: lang`);
        assert.ok(s.title.length > 0, `${p.url}: a <title>`);
        assert.equal(s.mains, 1, `${p.url}: one <main>`);
        assert.ok(s.banners <= 1, `${p.url}: at most one banner`);
        assert.equal(s.levels.filter((l) => l === 1).length, 1, `${p.url}: one h1`);
        assert.equal(s.levels[0], 1, `${p.url}: the first heading is the h1 (levels ${s.levels.join(',')})`);
        for (let i = 1; i < s.levels.length; i++) {
          assert.ok(s.levels[i] <= s.levels[i - 1] + 1, `${p.url}: heading levels do not skip (${s.levels.join(',')})`);
        }
      }
    },
  },
  {
    name: 'text is readable: at least 1.125rem (18px) with line-height 1.5, the Zwolle theme applied',
    async run({ base, newPage }) {
      const page = await newPage();
      await open(page, `${base}/aanbod/eettafel-proef`);
      const s = await page.evaluate(() => {
        const p = document.querySelector('main p') || document.querySelector('main');
        const cs = getComputedStyle(p);
        return {
          size: parseFloat(cs.fontSize),
          lineHeight: parseFloat(cs.lineHeight) / parseFloat(cs.fontSize),
          theme: getComputedStyle(document.body).getPropertyValue('--zwolle-blauw').trim(),
        };
      });
      assert.ok(s.theme, 'the Zwolle theme (class zwolle-theme and /static/css/zwolle.css) applies to the page');
      assert.ok(s.size >= 18, `body text is at least 18px (is ${s.size}px)`);
      assert.ok(s.lineHeight >= 1.45, `line-height is about 1.5 or more (is ${s.lineHeight.toFixed(2)})`);
    },
  },
  {
    name: 'no horizontal scrolling at 320 px wide and at 200% zoom (640 px) on every page type',
    async run({ base, newPage }) {
      for (const width of [320, 640]) {
        const page = await newPage({ viewport: { width, height: 640 }, deviceScaleFactor: width === 640 ? 2 : 1 });
        for (const p of PAGE_TYPES) {
          await open(page, base + p.url, { status: p.status || 200 });
          const wide = await page.evaluate(() => ({
            scroll: document.documentElement.scrollWidth,
            culprits: [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .slice(0, 5).map((e) => `<${e.tagName.toLowerCase()} class="${e.className}">`),
          }));
          assert.ok(wide.scroll <= width,
            `${p.url} at ${width}px: the page is ${wide.scroll}px wide; too wide: ${wide.culprits.join(' ')}`);
        }
      }
    },
  },
];
