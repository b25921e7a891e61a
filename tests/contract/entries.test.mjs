// entries.test.mjs -- GET /api/v1/entries/{id} for every entry of the test catalog, its ETag,
// unknown ids, and GET /api/v1/ambities.
import assert from 'node:assert/strict';

const ENTRY = '/api/v1/entries/{id}';

export default [
  {
    name: 'an entry with every field, and its ETag',
    async run(ctx) {
      const { answer, body } = await ctx.api('GET', ENTRY, { id: 'volledig-aanbod', status: 200 });
      assert.match(answer.headers.etag, /^"[0-9a-f]+"$/);
      assert.equal(body.organisatie.email, 'info@contract.example.org');
      assert.equal(body.kosten.bedrag, 2.5);
      assert.equal(body.locaties[0].postcode, '8011 RL', 'a postcode is kept tidied');
      assert.equal(body.ambities_afgeleid, false);
      // Every field of the document's Entry, so that the entry tests them all.
      const fields = Object.keys(ctx.contract.doc.components.schemas.Entry.properties);
      assert.deepEqual(fields.filter((f) => !(f in body) && f !== 'wonen'), []);
    },
  },
  {
    name: 'every entry that search finds',
    async run(ctx) {
      const { body } = await ctx.api('GET', '/api/v1/search', { params: [['per_page', '100']], status: 200 });
      assert.ok(body.results.length >= 15);
      let inferred = 0;
      for (const r of body.results) {
        const entry = (await ctx.api('GET', ENTRY, { id: r.id, status: 200 })).body;
        assert.equal(entry.id, r.id);
        inferred += entry.ambities_afgeleid;
      }
      assert.ok(inferred > 0, 'some entries have inferred ambitions');
    },
  },
  {
    name: 'an unknown and a malformed id are 404',
    async run(ctx) {
      for (const id of ['bestaat-niet', 'Geen_Id', 'a']) {
        const { body } = await ctx.api('GET', ENTRY, { id, status: 404 });
        assert.equal(body.error.code, 'not_found');
      }
    },
  },
  {
    name: 'the three ambitions with their counts',
    async run(ctx) {
      const { body } = await ctx.api('GET', '/api/v1/ambities', { status: 200 });
      assert.deepEqual(body.ambities.map((a) => a.id), ['sociaal', 'vitaal', 'kansen']);
      assert.ok(body.ambities.every((a) => a.count > 0));
    },
  },
];
