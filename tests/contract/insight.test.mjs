// insight.test.mjs -- the gemeente's views under /api/v1/inzicht: their parameters, who may see
// them (public, any token, the editor's token), and their answers.
import assert from 'node:assert/strict';
import { exampleOf } from './search.test.mjs';

const I = '/api/v1/inzicht';

export default [
  {
    name: 'coverage of the wijken, by default',
    async run(ctx) {
      const { body } = await ctx.api('GET', `${I}/dekking`, { status: 200 });
      assert.equal(body.dimensie, 'ambitie');
      assert.equal(body.rijen.length, 8);
      for (const row of body.rijen) assert.equal(row.beschikbaar_status.length, body.kolommen.length);
    },
  },
  {
    name: 'coverage with every parameter',
    async run(ctx) {
      const { body } = await ctx.api('GET', `${I}/dekking`, {
        status: 200,
        params: [['dimensie', 'leefgebied'], ['weergave', 'aangeboden'], ['drempel', '3'], ['ambitie', 'sociaal'],
          ['doelgroep', 'ouderen'], ['soort', 'activiteit'], ['gratis', '0'], ['voorliggend', '1'], ['formaat', 'json']],
      });
      assert.equal(body.drempel, 3);
      assert.deepEqual(body.filters, { soort: 'activiteit', ambitie: 'sociaal', doelgroep: 'ouderen', voorliggend: true, gratis: false });
      await ctx.api('GET', `${I}/dekking`, { status: 200, params: [['dimensie', 'doelgroep'], ['soort', ''], ['ambitie', '']] });
    },
  },
  {
    name: 'the API answers JSON even when asked for CSV',
    async run(ctx) {
      const { answer } = await ctx.api('GET', `${I}/ambities`, { status: 200, params: [['formaat', 'csv'], ['tabel', 'trend']] });
      assert.match(answer.headers['content-type'], /^application\/json/);
    },
  },
  {
    name: 'a wrong insight parameter is a 400',
    async run(ctx) {
      const bad = [['dekking', [['dimensie', 'wijk']]], ['dekking', [['drempel', '0']]], ['dekking', [['onbekend', '1']]],
        ['ambities', [['tabel', 'herinnering']]], ['beschermd-thuis', [['soort', 'feest']]], ['beschermd-thuis', [['gratis', '2']]],
        ['actualiteit', [['tabel', 'cijfers']]], ['overlap', [['drempel', '2']]], ['overlap', [['volgorde', 'naam']]]];
      for (const [view, params] of bad) {
        const { body } = await ctx.api('GET', `${I}/${view}`, { params, token: ctx.tokens.editor, status: 400, undescribed: true });
        assert.equal(body.error.code, 'bad_parameter', `${view} ${JSON.stringify(params)}`);
      }
    },
  },
  {
    name: 'the ambitions, with their trend',
    async run(ctx) {
      const { body } = await ctx.api('GET', `${I}/ambities`, { status: 200, params: [['gratis', '1']] });
      assert.equal(body.ambities.length, 3);
      assert.equal(body.trend.reeksen.length, 3);
    },
  },
  {
    name: 'sheltered housing per woonvorm and wijk',
    async run(ctx) {
      const { body } = await ctx.api('GET', `${I}/beschermd-thuis`, { status: 200 });
      const group = body.groepen.find((g) => g.woonvorm === 'community' && g.wijk === 'oost');
      assert.ok(group, 'the two community houses in oost');
      assert.equal(group.wachttijd_mediaan, 6.5);
      assert.equal(group.plaatsen_onbekend, 1);
      await ctx.api('GET', `${I}/beschermd-thuis`, { status: 200, params: [['soort', 'beschermd-thuis'], ['voorliggend', '1']] });
    },
  },
  {
    name: 'actualiteit for the editor: every organisation, with overdue, expired and rejected files',
    async run(ctx) {
      const { body } = await ctx.api('GET', `${I}/actualiteit`, { token: ctx.tokens.editor, status: 200, params: [['tabel', 'herinnering']] });
      const org = (id) => body.organisaties.find((o) => o.id === id);
      assert.equal(org('verdwenen-organisatie').afgekeurd, 1);
      assert.equal(org('stichting-contract').verlopen, 1);
      assert.ok(org('stichting-contract').achterstallig.some((e) => e.id === 'lang-niet-gecontroleerd'));
      assert.equal(org('stichting-contract').email, 'info@contract.example.org');
    },
  },
  {
    name: "actualiteit for a partner: its own row; without a token 401",
    async run(ctx) {
      const { body } = await ctx.api('GET', `${I}/actualiteit`, { token: ctx.tokens.other, status: 200 });
      assert.deepEqual(body.organisaties.map((o) => o.id), ['wonen-test']);
      await ctx.api('GET', `${I}/actualiteit`, { status: 401 });
    },
  },
  {
    name: "overlap for the editor, by score and per wijk; a partner 403, no token 401",
    async run(ctx) {
      const { body } = await ctx.api('GET', `${I}/overlap`, { token: ctx.tokens.editor, status: 200 });
      assert.ok(body.paren.length > 0, 'the test catalog has overlapping offers');
      await ctx.api('GET', `${I}/overlap`, { token: ctx.tokens.editor, status: 200, params: [['volgorde', 'wijk'], ['drempel', '0.05'], ['opgeslagen', '1']] });
      assert.equal((await ctx.api('GET', `${I}/overlap`, { token: ctx.tokens.partner, status: 403 })).body.error.code, 'forbidden');
      await ctx.api('GET', `${I}/overlap`, { status: 401 });
    },
  },
  {
    name: 'questions without an answer, for the editor only',
    async run(ctx) {
      for (let i = 0; i < 5; i++) {
        await ctx.api('GET', '/api/v1/search', { params: [['q', 'tandarts voor mijn hond']], status: 200 });
      }
      const { body } = await ctx.api('GET', `${I}/vragen`, { token: ctx.tokens.editor, status: 200 });
      assert.ok(body.weken.length > 0 && body.weken[0].vragen.some((q) => q.aantal >= 5), JSON.stringify(body));
      await ctx.api('GET', `${I}/vragen`, { token: ctx.tokens.partner, status: 403 });
      await ctx.api('GET', `${I}/vragen`, { status: 401 });
    },
  },
  {
    name: 'every insight parameter the document declares is one the server takes',
    async run(ctx) {
      for (const view of ['dekking', 'ambities', 'beschermd-thuis', 'actualiteit', 'overlap', 'vragen']) {
        const described = ctx.contract.queryParams('GET', `${I}/${view}`);
        for (const [name, { param }] of Object.entries(described)) {
          await ctx.api('GET', `${I}/${view}`, { token: ctx.tokens.editor, params: [[name, exampleOf(ctx.contract, param)]], status: 200 });
        }
      }
    },
  },
];
