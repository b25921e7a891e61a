// The gemeente's site (web/site.yaml): the header and footer offer the sociaal wijkteam's phone
// on a phone and on a desktop, /privacy, /toegankelijkheid and /open-data are reached from every kind of page
// (also without JavaScript) and are axe-clean, and axe finds nothing on any page at phone width
// either (a11y.test.mjs checks them at 1024 px), as the toegankelijkheidsverklaring says.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ENTRY, PAGE_TYPES, assert, axeCheck, describeFocus, focusInfo, focusVisible, heading1, navigates,
  open, visible,
} from './lib/helpers.mjs';
import { ROOT } from './lib/stack.mjs';

// The values the pages must show, read from the file itself (only the shapes it uses).
function siteValue(name) {
  const text = readFileSync(path.join(ROOT, 'web', 'site.yaml'), 'utf8');
  const m = new RegExp(`^\\s*${name}:\\s*(.*?)\\s*(#.*)?$`, 'm').exec(text);
  assert.ok(m, `web/site.yaml has ${name}`);
  return m[1];
}
const PHONE = siteValue('telefoon');
const TEL = `tel:${PHONE.replace(/[^0-9+]/g, '')}`;
const SITE_NAME = siteValue('naam');
const WIDTHS = [375, 1280];

// The pages a visitor starts from: home, results, an entry, the shortlist, the partners' sign-in.
const START_PAGES = [
  { name: 'home', url: '/' },
  { name: 'results', url: '/zoeken?q=koffie' },
  { name: 'entry', url: `/aanbod/${ENTRY.rich.id}` },
  { name: 'list', url: `/lijst?id=${ENTRY.koffieZuid.id}` },
  { name: 'partner sign-in', url: '/partner' },
];
const INFO_PAGES = [
  { link: 'Privacy', path: '/privacy', h1: 'Privacy' },
  { link: 'Toegankelijkheid', path: '/toegankelijkheid', h1: 'Toegankelijkheidsverklaring' },
  { link: 'Open data', path: '/open-data', h1: 'Open data' },
];

// The wijkteam's tel: link in `region` (banner or contentinfo): visible, inside the screen's
// width, and a target of at least 44 px high in the header.
async function phoneLink(page, region, width) {
  const link = page.getByRole(region).locator(`a[href="${TEL}"]`);
  await visible(link, `the wijkteam's phone (${TEL}) in the ${region} at ${width} px`);
  assert.equal(await link.count(), 1, `one tel: link to the wijkteam in the ${region}`);
  assert.ok((await link.innerText()).includes(PHONE), `the ${region}'s link shows the number ${PHONE}`);
  const box = await link.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= width, `the ${region}'s phone link fits in ${width} px: ${JSON.stringify(box)}`);
  return { link, box };
}

const phoneTests = WIDTHS.map((width) => ({
  name: `at ${width} px the header and the footer of every kind of page offer the wijkteam's phone as a tel: link`,
  async run({ base, newPage }) {
    const page = await newPage({ viewport: { width, height: 800 } });
    for (const p of [...START_PAGES, ...INFO_PAGES.map((i) => ({ name: i.link, url: i.path }))]) {
      await open(page, base + p.url);
      const { box } = await phoneLink(page, 'banner', width);
      assert.ok(box.y < 120, `${p.name}: the phone is at the top of the page (y ${box.y})`);
      assert.ok(box.height >= 44, `${p.name}: the phone link is at least 44 px high (${box.height})`);
      await phoneLink(page, 'contentinfo', width);
      assert.ok((await page.title()).endsWith(` - ${SITE_NAME}`), `${p.name}: the title ends in "${SITE_NAME}": ${await page.title()}`);
    }
    // Without crowding: logo and phone side by side, apart, the number on one line, and the header
    // low enough that a phone still shows the page's own content on its first screen.
    const layout = await page.evaluate((tel) => {
      const logo = document.querySelector('header img').getBoundingClientRect();
      const link = document.querySelector(`header a[href="${tel}"]`);
      const number = link.lastElementChild.getBoundingClientRect();
      return {
        logo: { right: logo.right, top: logo.top, bottom: logo.bottom, alt: document.querySelector('header img').alt },
        link: link.getBoundingClientRect().left,
        numberLines: Math.round(number.height / parseFloat(getComputedStyle(link.lastElementChild).lineHeight)),
        header: document.querySelector('header').getBoundingClientRect().height,
      };
    }, TEL);
    assert.equal(layout.logo.alt, siteValue('gemeente'), 'the logo says which gemeente it is');
    assert.ok(layout.link >= layout.logo.right + 8, `the phone link starts right of the logo: ${JSON.stringify(layout)}`);
    assert.equal(layout.numberLines, 1, 'the phone number is not broken over lines');
    assert.ok(layout.header <= 150, `the header is at most 150 px high (${layout.header})`);

    // Reachable by keyboard, with a visible focus, right after the skip link.
    await open(page, `${base}/`);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const f = await focusInfo(page);
    assert.equal(f && f.href, TEL, `the second Tab reaches the wijkteam's phone, not ${describeFocus(f)}`);
    assert.ok(focusVisible(f), `the phone link shows its focus: ${describeFocus(f)}`);
  },
}));

const linkTest = {
  name: 'without JavaScript, the footer of home, results, entry, list and partner sign-in leads to /privacy, /toegankelijkheid and /open-data',
  async run({ base, newPage }) {
    const page = await newPage({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
    for (const start of START_PAGES) {
      for (const info of INFO_PAGES) {
        await open(page, base + start.url);
        const link = page.getByRole('contentinfo').getByRole('link', { name: info.link, exact: true });
        await visible(link, `a link "${info.link}" in the footer of the ${start.name} page`);
        await navigates(page, () => link.click(), (u) => u.pathname === info.path, `"${info.link}" on the ${start.name} page`);
        assert.equal(await heading1(page), info.h1, `${info.path} has its heading`);
      }
    }
    // The pages say what they must: who is responsible, and the status of the statement.
    await open(page, `${base}/privacy`);
    await visible(page.getByRole('main').getByText(/verwerkingsverantwoordelijke/), '"verwerkingsverantwoordelijke" on /privacy');
    await visible(page.getByRole('main').getByText(/krijgt u geen cookies/), 'no cookies for residents, on /privacy');
    await open(page, `${base}/toegankelijkheid`);
    await visible(page.getByRole('heading', { level: 2, name: 'Status: voldoet gedeeltelijk' }), 'the status as a heading');
    await visible(page.getByRole('main').getByText(/WCAG 2\.1 niveau AA/).first(), 'WCAG 2.1 niveau AA');
    assert.ok(await page.getByRole('main').locator('a[href^="mailto:"]').count() >= 1, 'an e-mail link to report a problem');
    await visible(page.getByRole('main').getByText(/binnen \d+ werkdagen antwoord/), 'the reply term');
    // Open data: the licence as a link, and a download that is the catalog as HSDS.
    await open(page, `${base}/open-data`);
    await visible(page.getByRole('link', { name: /Creative Commons Zero/ }), 'the licence, as a link');
    const download = page.getByRole('link', { name: /Al het aanbod \(services\)/ });
    const services = await (await fetch(base + await download.getAttribute('href'))).json();
    const shown = await page.evaluate(() => [...document.querySelectorAll('dt')]
      .find((dt) => dt.textContent === 'Aantal aanbod').nextElementSibling.textContent);
    assert.ok(Array.isArray(services) && services.length === Number(shown) && services[0].id && services[0].status,
      `the download is a list of the ${shown} entries the page names, as HSDS services (${services.length})`);
  },
};

// axe on both pages at both widths, and on every other page type at phone width.
const axeTests = [
  ...WIDTHS.flatMap((width) => INFO_PAGES.map((info) => ({ name: info.path, url: info.path, width }))),
  ...[...PAGE_TYPES, { name: 'partner sign-in', url: '/partner' }, { name: 'no results', url: '/zoeken?q=xqzwvbnm' }]
    .map((p) => ({ ...p, width: 375 })),
].map((p) => ({
  name: `axe finds no WCAG 2.1 A/AA violation on ${p.url} at ${p.width} px`,
  async run({ base, newPage }) {
    const page = await newPage({ bypassCSP: true, viewport: { width: p.width, height: 800 } });
    await open(page, base + p.url, { status: p.status || 200 });
    await axeCheck(page);
  },
}));

export default [...phoneTests, linkTest, ...axeTests];
