// drift.test.mjs -- the suite would notice: real answers, changed the way the server or the
// document could drift apart, must be rejected by the same checks that pass the real ones.
import assert from 'node:assert/strict';

// A copy of a real answer with its body changed by `change` (given a deep copy).
function altered(answer, change) {
  const body = JSON.parse(answer.text);
  change(body);
  return { ...answer, headers: { ...answer.headers }, text: JSON.stringify(body) };
}

function caught(ctx, answer, method, template, pattern) {
  assert.throws(() => ctx.contract.checkAnswer(answer, method, template), pattern);
}

async function realSearch(ctx, params = [['q', 'koffie']]) {
  const { answer } = await ctx.api('GET', '/api/v1/search', { params, status: 200 });
  return answer;
}

export default [
  {
    name: 'a result with a field the document lacks is caught',
    async run(ctx) {
      const answer = await realSearch(ctx);
      caught(ctx, altered(answer, (b) => { b.results[0].nieuw_veld = 1; }), 'GET', '/api/v1/search', /additional properties/);
      caught(ctx, altered(answer, (b) => { b.nieuw = true; }), 'GET', '/api/v1/search', /additional properties/);
    },
  },
  {
    name: 'an answer without a required field is caught',
    async run(ctx) {
      const answer = await realSearch(ctx);
      caught(ctx, altered(answer, (b) => { delete b.total; }), 'GET', '/api/v1/search', /required property 'total'/);
      caught(ctx, altered(answer, (b) => { delete b.results[0].url; }), 'GET', '/api/v1/search', /required property 'url'/);
    },
  },
  {
    name: 'a value outside its vocabulary, or of another type, is caught',
    async run(ctx) {
      const answer = await realSearch(ctx);
      caught(ctx, altered(answer, (b) => { b.results[0].wijken = ['atlantis']; }), 'GET', '/api/v1/search', /allowed values/);
      caught(ctx, altered(answer, (b) => { b.facets.wijk.atlantis = 1; }), 'GET', '/api/v1/search', /property name/);
      caught(ctx, altered(answer, (b) => { b.total = '12'; }), 'GET', '/api/v1/search', /must be integer/);
      caught(ctx, altered(answer, (b) => { b.match = 'prima'; }), 'GET', '/api/v1/search', /allowed values/);
    },
  },
  {
    name: 'distances without a place, or a place without them, are caught',
    async run(ctx) {
      const plain = await realSearch(ctx);
      caught(ctx, altered(plain, (b) => { b.results[0].afstand_m = 100; }), 'GET', '/api/v1/search', /must NOT be valid|must match/);
      const near = await realSearch(ctx, [['postcode', '8017JZ'], ['per_page', '100']]);
      caught(ctx, altered(near, (b) => { delete b.results[0].afstand_m; }), 'GET', '/api/v1/search', /afstand_m/);
      const nulled = JSON.parse(near.text).results.findIndex((r) => r.afstand_m === null);
      assert.ok(nulled >= 0);
      caught(ctx, altered(near, (b) => { delete b.results[nulled].overal; }), 'GET', '/api/v1/search', /overal/);
    },
  },
  {
    name: 'an entry with an unknown field is caught, and so is a missing ETag',
    async run(ctx) {
      const { answer } = await ctx.api('GET', '/api/v1/entries/{id}', { id: 'volledig-aanbod', status: 200 });
      caught(ctx, altered(answer, (b) => { b.opmerking = 'x'; }), 'GET', '/api/v1/entries/{id}', /additional properties/);
      caught(ctx, altered(answer, (b) => { b.organisatie.kvk = '123'; }), 'GET', '/api/v1/entries/{id}', /additional properties/);
      const headers = { ...answer.headers };
      delete headers.etag;
      caught(ctx, { ...answer, headers }, 'GET', '/api/v1/entries/{id}', /without the header ETag/);
    },
  },
  {
    name: 'an error of another shape, an unknown code or an undescribed status is caught',
    async run(ctx) {
      const { answer } = await ctx.api('GET', '/api/v1/entries/{id}', { id: 'bestaat-niet', status: 404 });
      caught(ctx, altered(answer, (b) => { b.error = 'niet gevonden'; }), 'GET', '/api/v1/entries/{id}', /must be object/);
      caught(ctx, altered(answer, (b) => { b.error.code = 'gone'; }), 'GET', '/api/v1/entries/{id}', /allowed values/);
      caught(ctx, { ...answer, status: 410 }, 'GET', '/api/v1/entries/{id}', /does not describe/);
      caught(ctx, { ...answer, headers: { 'content-type': 'text/html' } }, 'GET', '/api/v1/entries/{id}', /as text\/html/);
    },
  },
  {
    name: 'a parameter the document does not describe is caught',
    async run(ctx) {
      assert.throws(() => ctx.contract.checkParams('GET', '/api/v1/search', [['limit', '5']]), /not in the document/);
      assert.throws(() => ctx.contract.checkParams('GET', '/api/v1/search', [['per_page', '500']]), /does not fit/);
      assert.throws(() => ctx.contract.checkParams('GET', '/api/v1/search', [['wijk', 'atlantis']]), /does not fit/);
    },
  },
];
