// operations.test.mjs -- the document served at /api/v1/openapi.json, /healthz and /metrics,
// and the errors every path shares (405 with Allow, 404 for an unknown API path).
import assert from 'node:assert/strict';

export default [
  {
    name: "GET /api/v1/openapi.json answers the file's bytes as application/json",
    async run(ctx) {
      const { answer } = await ctx.api('GET', '/api/v1/openapi.json', { status: 200 });
      assert.match(answer.headers['content-type'], /^application\/json(;|$)/);
      assert.equal(answer.text, ctx.contract.text);
    },
  },
  {
    name: 'HEAD answers as GET, without the body',
    async run(ctx) {
      const answer = await ctx.raw('HEAD', '/api/v1/openapi.json');
      assert.equal(answer.status, 200);
      assert.equal(answer.text, '');
      assert.match(answer.headers['content-type'], /^application\/json/);
    },
  },
  {
    name: '/healthz while an index is loaded',
    async run(ctx) {
      const { body } = await ctx.api('GET', '/healthz', { status: 200 });
      assert.ok(body.entries > 15);
    },
  },
  {
    name: '/metrics as Prometheus text, counting the description as its own route',
    async run(ctx) {
      const { body } = await ctx.api('GET', '/metrics', { status: 200 });
      assert.match(body, /wegwijzer_requests_total\{route="openapi",status="2xx"\}/);
    },
  },
  {
    name: 'another method is 405 with Allow, an unknown API path 404, both as the Error schema',
    async run(ctx) {
      const error = '#/components/schemas/Error';
      const wrong = await ctx.raw('POST', '/api/v1/search');
      assert.equal(wrong.status, 405);
      assert.equal(wrong.headers.allow, 'GET, HEAD');
      assert.equal(ctx.contract.validate(error, JSON.parse(wrong.text)), null);
      const entry = await ctx.raw('PATCH', '/api/v1/entries/koffie-zuid');
      assert.equal(entry.headers.allow, 'GET, PUT, DELETE, HEAD');
      const unknown = await ctx.raw('GET', '/api/v1/bestaat-niet');
      assert.equal(unknown.status, 404);
      assert.match(unknown.headers['content-type'], /^application\/json/);
      assert.equal(ctx.contract.validate(error, JSON.parse(unknown.text)), null);
    },
  },
];
