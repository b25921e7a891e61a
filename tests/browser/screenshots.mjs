#!/usr/bin/env node
// screenshots.mjs -- pictures of the main pages, for the README and for a look by eye.
//
//   node tests/browser/screenshots.mjs [OUTDIR]      (README: web/screenshots)
//
// Uses the sample catalog (catalog/) with the server and Chromium of run.mjs; writes desktop (1280 wide) and
// phone (375 wide, the first screen) pictures of the home, results, entry and list pages, of
// "hulp nu", of houses by waiting time and of the offers nearest a postcode, plus the list page as
// printed, and of the partners' overview and of their form with a mistake.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, start } from './lib/stack.mjs';

const out = path.resolve(process.argv[2] || path.join(ROOT, 'build', 'screenshots'));
// The sample catalog, as a newcomer sees it after `make run`.
const PAGES = [
  ['home', '/'],
  ['zoeken', '/zoeken?q=kofie&wijk=zuid&lijst=initiatief-koffieochtend-assendorp'],
  ['aanbod', '/aanbod/initiatief-koffieochtend-assendorp'],
  ['ambitie', '/ambitie/sociaal'],
  ['lijst', '/lijst?id=initiatief-koffieochtend-assendorp&id=kaartmiddag-assendorp'],
  ['404', '/bestaat-niet'],
  ['hulp-nu', '/zoeken?q=ik+wil+niet+meer+leven'],
  ['wonen', '/zoeken?soort=beschermd-thuis&sort=wachttijd'],
  ['wonen-aanbod', '/aanbod/wonen-de-linde-geclusterd'],
  ['dichtbij', '/zoeken?postcode=8014+VB'],
  ['lijst-afstand', '/lijst?id=initiatief-koffieochtend-assendorp&id=kaartmiddag-assendorp&postcode=8014'],
  ['inzicht-dekking', '/inzicht/dekking?dimensie=doelgroep&ambitie=vitaal'],
];
// A partner of the sample catalog, and one of its entries for the form.
const PARTNER = 'geldmaatjes-zwolle';
const PARTNER_ENTRY = 'administratie-op-orde-cursus';
const SIZES = [['desktop', { width: 1280, height: 900 }], ['telefoon', { width: 375, height: 667 }]];

let stack;
const timer = setTimeout(() => { console.error('screenshots: timed out'); stop(1); }, 180_000);
async function stop(code) {
  clearTimeout(timer);
  if (stack) await stack.stop();
  process.exit(code);
}

try {
  mkdirSync(out, { recursive: true });
  stack = await start({ catalog: path.join(ROOT, 'catalog'), partners: [PARTNER] });
  for (const [size, viewport] of SIZES) {
    const context = await stack.browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    for (const [name, url] of PAGES) {
      await page.goto(stack.base + url, { waitUntil: 'load' });
      const file = path.join(out, `${name}-${size}.png`);
      // A phone picture is the first screen, as a resident sees it before scrolling.
      await page.screenshot({ path: file, fullPage: size === 'desktop' });
      console.log(file);
    }
    if (size === 'desktop') {
      await page.goto(stack.base + PAGES.find(([name]) => name === 'lijst')[1], { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      const file = path.join(out, 'lijst-print.png');
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    // The partners' pages: signed in, the overview, and the form saved without a title.
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${stack.base}/partner`, { waitUntil: 'load' });
    await page.getByLabel('Uw toegangscode').fill(stack.tokens[PARTNER]);
    await Promise.all([page.waitForURL('**/partner'), page.getByRole('button', { name: 'Inloggen' }).click()]);
    await page.screenshot({ path: path.join(out, `partner-${size}.png`) });
    await page.goto(`${stack.base}/partner/aanbod/${PARTNER_ENTRY}`, { waitUntil: 'load' });
    await page.getByLabel(/^Titel/).fill('');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Opslaan' }).click()]);
    await page.waitForSelector('#fouten');
    await page.screenshot({ path: path.join(out, `partner-formulier-${size}.png`) });
    console.log(path.join(out, `partner-*-${size}.png`));
    await context.close();
  }
  await stop(0);
} catch (e) {
  console.error(`screenshots: ${e.message}`);
  await stop(1);
}
