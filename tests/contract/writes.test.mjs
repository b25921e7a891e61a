// writes.test.mjs -- PUT and DELETE /api/v1/entries/{id} with partner and editor tokens: each
// status the write path answers, with its headers (ETag, WWW-Authenticate, Retry-After).
import assert from 'node:assert/strict';

const ENTRY = '/api/v1/entries/{id}';
const ID = 'contract-nieuw';
const YAML = `# Een aanbod dat de contracttests aanmaken.
id: ${ID}
soort: activiteit
titel: Schaakclub in de buurt
samenvatting: Elke week schaken we samen in het buurthuis.
organisatie: buurthuis-test
wijken: [zuid]
toegang: vrij
laatst_gecontroleerd: 2026-11-01
`;
const yaml = { 'Content-Type': 'application/yaml' };
const json = { 'Content-Type': 'application/json; charset=utf-8' };

// The ETag of the entry now, from a GET.
async function currentEtag(ctx, id = ID) {
  return (await ctx.api('GET', ENTRY, { id, status: 200 })).answer.headers.etag;
}

export default [
  {
    name: 'a write without a token, or with an unknown one, is 401',
    async run(ctx) {
      const { answer, body } = await ctx.api('PUT', ENTRY, { id: ID, headers: yaml, body: YAML, status: 401 });
      assert.equal(body.error.code, 'unauthorized');
      assert.match(answer.headers['www-authenticate'], /^Bearer /);
      await ctx.api('DELETE', ENTRY, { id: 'koffie-zuid', token: 'ww_0123456789abcdef_geheim', status: 401 });
    },
  },
  {
    name: 'a partner creates an entry from YAML: 201 with its Location, and the ETag a GET gives',
    async run(ctx) {
      const { answer, body } = await ctx.api('PUT', ENTRY, { id: ID, token: ctx.tokens.partner, headers: yaml, body: YAML, status: 201 });
      assert.equal(body.status, 'aangemaakt');
      assert.equal(body.etag, answer.headers.etag);
      assert.equal(answer.headers.location, `/api/v1/entries/${ID}`);
      assert.equal(await currentEtag(ctx), answer.headers.etag);
    },
  },
  {
    name: 'the same bytes again are 200 ongewijzigd',
    async run(ctx) {
      const etag = await currentEtag(ctx);
      const { body } = await ctx.api('PUT', ENTRY, { id: ID, token: ctx.tokens.partner, headers: { ...yaml, 'If-Match': etag }, body: YAML, status: 200 });
      assert.equal(body.status, 'ongewijzigd');
    },
  },
  {
    name: 'a change sent as JSON is 200 gewijzigd',
    async run(ctx) {
      const entry = {
        id: ID, soort: 'activiteit', titel: 'Schaakclub in de buurt', samenvatting: 'Elke week schaken we samen.',
        organisatie: 'buurthuis-test', wijken: ['zuid'], toegang: 'vrij', laatst_gecontroleerd: '2026-11-02',
        kosten: { soort: 'eigen-bijdrage', bedrag: 1.5 }, locaties: [{ naam: 'Buurthuis', postcode: '8022 AA' }],
      };
      assert.equal(ctx.contract.validate('#/components/schemas/EntryInput', entry), null, 'the body fits EntryInput');
      const { body } = await ctx.api('PUT', ENTRY, {
        id: ID, token: ctx.tokens.partner, headers: { ...json, 'If-Match': await currentEtag(ctx) }, body: JSON.stringify(entry), status: 200,
      });
      assert.equal(body.status, 'gewijzigd');
    },
  },
  {
    name: 'a change in Windows-1252 is stored, with a warning',
    async run(ctx) {
      const text = YAML.replace('Schaakclub', 'Schaakcafé');
      const { body } = await ctx.api('PUT', ENTRY, {
        id: ID, token: ctx.tokens.partner, headers: { ...yaml, 'If-Match': await currentEtag(ctx) }, body: Buffer.from(text, 'latin1'), status: 200,
      });
      assert.equal(body.status, 'gewijzigd');
      assert.equal(body.warnings.length, 1, JSON.stringify(body.warnings));
    },
  },
  {
    name: 'replacing without If-Match is 428, with a stale one 412 and the current ETag',
    async run(ctx) {
      const etag = await currentEtag(ctx);
      const put = { id: ID, token: ctx.tokens.partner, body: YAML };
      assert.equal((await ctx.api('PUT', ENTRY, { ...put, headers: yaml, status: 428 })).body.error.code, 'if_match_required');
      const { answer, body } = await ctx.api('PUT', ENTRY, { ...put, headers: { ...yaml, 'If-Match': '"0123abcd"' }, status: 412 });
      assert.equal(body.error.code, 'precondition_failed');
      assert.equal(answer.headers.etag, etag);
    },
  },
  {
    name: 'a body that is neither YAML nor JSON is 415, JSON that is no object 400',
    async run(ctx) {
      const put = { id: ID, token: ctx.tokens.partner };
      await ctx.api('PUT', ENTRY, { ...put, headers: { 'Content-Type': 'text/plain' }, body: YAML, status: 415 });
      const { body } = await ctx.api('PUT', ENTRY, { ...put, headers: json, body: '[1, 2', status: 400 });
      assert.equal(body.error.code, 'bad_body');
    },
  },
  {
    name: 'an invalid entry is 422, with every field and its position',
    async run(ctx) {
      const bad = { id: 'contract-fout', soort: 'feest', titel: '', organisatie: 'buurthuis-test', onbekend: 1 };
      const { body } = await ctx.api('PUT', ENTRY, { id: 'contract-fout', token: ctx.tokens.partner, headers: json, body: JSON.stringify(bad), status: 422 });
      const paths = body.error.fields.map((f) => f.path);
      for (const p of ['soort', 'titel', 'samenvatting', 'onbekend']) assert.ok(paths.includes(p), `${p} in ${paths}`);
    },
  },
  {
    name: "another organisation's entry is 403, for a change and for archiving",
    async run(ctx) {
      const theirs = YAML.replaceAll(ID, 'contract-van-ander').replace('buurthuis-test', 'wonen-test');
      await ctx.api('PUT', ENTRY, { id: 'contract-van-ander', token: ctx.tokens.partner, headers: yaml, body: theirs, status: 403 });
      await ctx.api('DELETE', ENTRY, { id: 'wonen-begeleid', token: ctx.tokens.partner, status: 403 });
    },
  },
  {
    name: 'a malformed id is 404, a body over 256 KiB 413',
    async run(ctx) {
      await ctx.api('PUT', ENTRY, { id: 'Geen_Id', token: ctx.tokens.partner, headers: yaml, body: YAML, status: 404 });
      const { body } = await ctx.api('PUT', ENTRY, { id: ID, token: ctx.tokens.partner, headers: yaml, body: Buffer.alloc(300 * 1024, 'a'), status: 413 });
      assert.equal(body.error.code, 'too_large');
    },
  },
  {
    name: 'the editor may change any entry',
    async run(ctx) {
      const etag = await currentEtag(ctx);
      const changed = YAML.replace('2026-11-01', '2026-11-03');
      const { body } = await ctx.api('PUT', ENTRY, { id: ID, token: ctx.tokens.editor, headers: { ...yaml, 'If-Match': etag }, body: changed, status: 200 });
      assert.equal(body.status, 'gewijzigd');
    },
  },
  {
    name: 'archiving: 412 when stale, 200 with where it went, then 404',
    async run(ctx) {
      await ctx.api('DELETE', ENTRY, { id: ID, token: ctx.tokens.partner, headers: { 'If-Match': '"0123abcd"' }, status: 412 });
      const { body } = await ctx.api('DELETE', ENTRY, { id: ID, token: ctx.tokens.partner, headers: { 'If-Match': await currentEtag(ctx) }, status: 200 });
      assert.equal(body.status, 'gearchiveerd');
      assert.match(body.archief, new RegExp(`^archief/${ID}\\.`));
      await ctx.api('GET', ENTRY, { id: ID, status: 404 });
      await ctx.api('DELETE', ENTRY, { id: ID, token: ctx.tokens.partner, status: 404 });
    },
  },
  {
    name: 'wrong secrets for one token: 429 with Retry-After',
    async run(ctx) {
      const wrong = ctx.tokens.blocked.replace(/_[^_]+$/, '_nietgoed');
      let last;
      for (let i = 0; i < 8 && (!last || last.answer.status !== 429); i++) {
        last = await ctx.api('DELETE', ENTRY, { id: 'koffie-zuid', token: wrong });
      }
      assert.equal(last.answer.status, 429);
      assert.equal(last.body.error.code, 'too_many_attempts');
    },
  },
];
