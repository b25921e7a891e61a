// search.test.mjs -- GET /api/v1/search with every parameter, alone and together, and its
// errors. ctx.api checks each answer against the document; the assertions here say that the
// case did what it is there for (a place gives distances, a typo a suggestion, ...).
import assert from 'node:assert/strict';

const SEARCH = '/api/v1/search';

function search(ctx, params, status = 200) {
  return ctx.api('GET', SEARCH, { params, status });
}

// A parameter the document declares, with a value from it: its example, default or first enum
// value. `lat` and `lon` come together, and `straal_km` needs a place.
export function exampleOf(contract, param) {
  const { object: schema } = contract.resolve(param.schema, '');
  const items = schema.items ? contract.resolve(schema.items, '').object : null;
  const first = (s) => s && (s.enum ? s.enum[0] : s.anyOf ? first(contract.resolve(s.anyOf[0], '').object) : undefined);
  const value = param.example ?? schema.default ?? first(schema) ?? first(items);
  assert.notEqual(value, undefined, `parameter ${param.name} has no example, default or enum`);
  return String(value);
}

const COMPANIONS = { lat: ['lon'], lon: ['lat'], straal_km: ['postcode'] };

export default [
  {
    name: 'a question',
    async run(ctx) {
      const { body } = await search(ctx, [['q', 'eenzaam']]);
      assert.ok(body.total > 0 && body.results.length > 0);
      assert.equal(body.plaats, null);
      assert.equal(body.match, 'goed');
      assert.ok(body.query_ambities.length > 0);
    },
  },
  {
    name: 'browsing without a question, one page after another',
    async run(ctx) {
      const first = (await search(ctx, [['per_page', '5']])).body;
      const second = (await search(ctx, [['page', '2'], ['per_page', '5']])).body;
      assert.equal(first.results.length, 5);
      assert.equal(second.page, 2);
      assert.ok(second.results.length > 0);
      assert.notDeepEqual(first.results.map((r) => r.id), second.results.map((r) => r.id));
      const last = (await search(ctx, [['page', '500'], ['per_page', '100']])).body;
      assert.deepEqual(last.results, []);
    },
  },
  {
    name: 'every filter, some repeated',
    async run(ctx) {
      const { body } = await search(ctx, [['wijk', 'centrum'], ['wijk', 'oost'], ['ambitie', 'kansen'],
        ['ambitie', 'sociaal'], ['doelgroep', 'nieuwkomers'], ['leefgebied', 'taal-digitaal'], ['soort', 'activiteit'],
        ['toegang', 'vrij'], ['dag', 'di'], ['dagdeel', 'ochtend']]);
      assert.ok(body.results.some((r) => r.id === 'volledig-aanbod'), 'the entry with every field fits every filter');
      const housing = (await search(ctx, [['woonvorm', 'community'], ['begeleiding', 'ambulant'], ['begeleiding', '24-uur-aanwezig']])).body;
      assert.equal(housing.total, 2);
    },
  },
  {
    name: 'gratis, voorliggend and nu_open',
    async run(ctx) {
      const { body } = await search(ctx, [['gratis', '1'], ['voorliggend', '1']]);
      assert.ok(body.total > 0);
      await search(ctx, [['nu_open', '1'], ['gratis', '0'], ['voorliggend', '0']]);
    },
  },
  {
    name: 'nearest first from a postcode: afstand_m, and overal where there is none',
    async run(ctx) {
      const { body } = await search(ctx, [['postcode', '8017JZ'], ['sort', 'afstand'], ['per_page', '100']]);
      assert.equal(body.plaats.postcode, '8017 JZ');
      assert.ok(body.results.every((r) => 'afstand_m' in r));
      assert.ok(body.results.some((r) => Number.isInteger(r.afstand_m)));
      assert.ok(body.results.some((r) => r.afstand_m === null && r.overal === true), 'a city-wide offer without a location');
      assert.ok(body.results.some((r) => r.afstand_m === null && r.overal === false));
    },
  },
  {
    name: 'within a radius of a postcode, with a question',
    async run(ctx) {
      const { body } = await search(ctx, [['postcode', '8011'], ['straal_km', '2,5'], ['q', 'koffie']]);
      assert.equal(body.plaats.straal_km, 2.5);
      assert.equal(body.plaats.postcodegebied, '8011');
    },
  },
  {
    name: 'from lat and lon',
    async run(ctx) {
      const { body } = await search(ctx, [['lat', '52.51'], ['lon', '6,09'], ['sort', 'relevantie']]);
      assert.equal(body.plaats.postcode, null);
      assert.ok(body.plaats.wijken.length > 0);
    },
  },
  {
    name: 'sheltered housing by waiting time',
    async run(ctx) {
      const { body } = await search(ctx, [['soort', 'beschermd-thuis'], ['sort', 'wachttijd']]);
      assert.ok(body.results.length >= 3);
      assert.ok(body.results.every((r) => r.wonen !== null));
    },
  },
  {
    name: 'a typo gets a suggestion',
    async run(ctx) {
      const { body } = await search(ctx, [['q', 'eenzaamhied']]);
      assert.equal(body.suggestion, 'eenzaamheid');
      assert.equal(body.suggestion_used, true);
    },
  },
  {
    name: 'a question that finds nothing',
    async run(ctx) {
      const { body } = await search(ctx, [['q', 'xylofoonreparatie']]);
      assert.equal(body.total, 0);
      assert.equal(body.match, 'geen');
      assert.deepEqual(body.facets.wijk, {});
    },
  },
  {
    name: 'a question that signals danger gets the help lines',
    async run(ctx) {
      const { body } = await search(ctx, [['q', 'ik wil niet meer leven']]);
      assert.ok(body.hulp_nu, 'hulp_nu');
      assert.ok(body.hulp_nu.lijnen.length > 1);
    },
  },
  {
    name: 'every search parameter the document declares is one the server takes',
    async run(ctx) {
      const described = ctx.contract.queryParams('GET', SEARCH);
      for (const [name, { param }] of Object.entries(described)) {
        if (param['x-wegwijzer-regio']) continue; // a region's server only (tests/cli/region.sh)
        const params = [[name, exampleOf(ctx.contract, param)]];
        for (const other of COMPANIONS[name] || []) params.push([other, exampleOf(ctx.contract, described[other].param)]);
        await search(ctx, params);
      }
    },
  },
  {
    name: 'a wrong parameter is a 400 that says so',
    async run(ctx) {
      const bad = [
        [['onbekend', '1']], [['wijk', 'atlantis']], [['per_page', '0']], [['per_page', '101']], [['page', 'twee']],
        [['q', 'a'], ['q', 'b']], [['sort', 'afstand']], [['straal_km', '5']], [['sort', 'prijs']],
        [['postcode', '1012AB']], [['postcode', 'ABCD']], [['lat', '91'], ['lon', '6']], [['lat', '52.5']],
        [['postcode', '8017'], ['lat', '52.5'], ['lon', '6.1']], [['gratis', 'ja']], [['q', 'x'.repeat(501)]],
      ];
      for (const params of bad) {
        const { body } = await ctx.api('GET', SEARCH, { params, status: 400, undescribed: true });
        assert.equal(body.error.code, 'bad_parameter', JSON.stringify(params));
      }
    },
  },
];
