// contract.mjs -- schema/openapi.json as the judge of real answers. Every check looks its
// schema up in the document by path, method, status and media type: the suite holds no schema
// of its own, so whatever the document says is what the server is held to.
//
//   const c = await loadContract(file)
//   c.checkAnswer(answer, 'GET', '/api/v1/search')   the answer fits the document (throws)
//   c.checkParams('GET', '/api/v1/search', params)   every parameter sent is described
//   c.validate(pointer, data)                        errors of data against a schema, or null
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const DOC_ID = 'https://wegwijzer.invalid/openapi.json';

// A JSON pointer segment, escaped for a $ref fragment.
export function segment(name) {
  return encodeURIComponent(String(name).replace(/~/g, '~0').replace(/\//g, '~1'));
}

export function pointer(...names) {
  return `#/${names.map(segment).join('/')}`;
}

function mediaType(contentType) {
  return (contentType || '').split(';')[0].trim().toLowerCase();
}

export function describeErrors(errors) {
  return (errors || []).slice(0, 8)
    .map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`)
    .join('\n');
}

function newAjv(options, warnings) {
  const logger = { log() {}, warn: (...m) => warnings.push(m.join(' ')), error: (...m) => warnings.push(m.join(' ')) };
  const ajv = new Ajv2020({ allErrors: true, strict: true, logger, ...options });
  addFormats(ajv);
  // The document's own extension: which vocabulary of schema/vocabulaires.yaml an enum holds.
  ajv.addKeyword('x-vocabulary');
  // The document is added whole, so that its "#/components/..." references resolve; Ajv then
  // sees its top level as a schema. Its members are known words with nothing to check, and
  // strict mode stays on for every schema inside.
  ajv.addVocabulary(['openapi', 'info', 'jsonSchemaDialect', 'servers', 'tags', 'paths', 'components',
    'webhooks', 'security', 'externalDocs']);
  return ajv;
}

export class Contract {
  constructor(text) {
    this.text = text;
    this.doc = JSON.parse(text);
    this.warnings = [];
    this.ajv = newAjv({}, this.warnings);
    this.ajv.addSchema(this.doc, DOC_ID);
    // Query parameters arrive as text: numbers and single values are coerced as a server would.
    this.paramAjv = newAjv({ coerceTypes: 'array' }, this.warnings);
    this.paramAjv.addSchema(this.doc, DOC_ID);
    this.compiled = new Map();
  }

  // The object a local $ref ("#/components/...") or a pointer names, and its pointer.
  resolve(object, at) {
    let p = at;
    let o = object;
    for (let hops = 0; o && typeof o.$ref === 'string' && hops < 10; hops++) {
      p = o.$ref;
      o = this.at(p);
    }
    return { object: o, pointer: p };
  }

  at(ptr) {
    if (!ptr.startsWith('#/')) throw new Error(`not a local pointer: ${ptr}`);
    return ptr.slice(2).split('/').map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((o, k) => (o == null ? undefined : o[k]), this.doc);
  }

  validator(ptr, ajv = this.ajv) {
    const key = `${ajv === this.ajv ? 'a' : 'p'}${ptr}`;
    if (!this.compiled.has(key)) {
      const schema = ajv === this.ajv ? { $ref: DOC_ID + ptr }
        : { type: 'object', properties: { v: { $ref: DOC_ID + ptr } } };
      this.compiled.set(key, ajv.compile(schema));
    }
    return this.compiled.get(key);
  }

  // The errors of `data` against the schema at `ptr`, as text; null when it fits.
  validate(ptr, data) {
    const v = this.validator(ptr);
    return v(data) ? null : describeErrors(v.errors);
  }

  operation(method, template) {
    const item = this.doc.paths[template];
    const op = item && item[method.toLowerCase()];
    if (!op) throw new Error(`the document has no ${method} ${template}`);
    return { item, op, pointer: pointer('paths', template, method.toLowerCase()) };
  }

  // Every schema the document gives a response, a header or a parameter, by pointer.
  schemaPointers() {
    const out = [];
    for (const [template, item] of Object.entries(this.doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (method === 'parameters') continue;
        for (const [status, r] of Object.entries(op.responses || {})) {
          const { object: resp, pointer: rp } = this.resolve(r, pointer('paths', template, method, 'responses', status));
          for (const type of Object.keys(resp.content || {})) out.push(`${rp}/content/${segment(type)}/schema`);
          for (const [name, h] of Object.entries(resp.headers || {})) {
            const { pointer: hp } = this.resolve(h, `${rp}/headers/${segment(name)}`);
            out.push(`${hp}/schema`);
          }
        }
      }
    }
    for (const name of Object.keys(this.doc.components.parameters || {})) {
      out.push(pointer('components', 'parameters', name, 'schema'));
    }
    return [...new Set(out)];
  }

  // The query parameters an operation takes: {name: {param, pointer}}.
  queryParams(method, template) {
    const { item, op, pointer: opPtr } = this.operation(method, template);
    const out = {};
    const lists = [[item.parameters, pointer('paths', template, 'parameters')], [op.parameters, `${opPtr}/parameters`]];
    for (const [list, listPtr] of lists) {
      (list || []).forEach((p, i) => {
        const { object, pointer: pp } = this.resolve(p, `${listPtr}/${i}`);
        if (object.in === 'query') out[object.name] = { param: object, pointer: pp };
      });
    }
    return out;
  }

  // Throws when a parameter sent is not described for the operation, or its value does not fit.
  checkParams(method, template, params) {
    const described = this.queryParams(method, template);
    const values = {};
    for (const [name, value] of params) (values[name] ||= []).push(value);
    for (const [name, list] of Object.entries(values)) {
      const d = described[name];
      if (!d) throw new Error(`${method} ${template}: parameter '${name}' is not in the document`);
      const v = this.validator(`${d.pointer}/schema`, this.paramAjv);
      const data = { v: list.length === 1 ? list[0] : list };
      if (!v(data)) throw new Error(`${method} ${template}: ${name}=${list.join(',')} does not fit the document:\n${describeErrors(v.errors)}`);
    }
  }

  // Throws unless the answer's status is described for the operation, its media type is one the
  // response has, its body fits that schema and its headers those of the response. Returns the
  // parsed body (JSON) or the text.
  checkAnswer(answer, method, template) {
    const { op, pointer: opPtr } = this.operation(method, template);
    const status = String(answer.status);
    const head = `${method} ${template} answered ${status}`;
    if (!op.responses[status]) {
      throw new Error(`${head}, which the document does not describe:\n${answer.text.slice(0, 400)}`);
    }
    const { object: resp, pointer: rp } = this.resolve(op.responses[status], `${opPtr}/responses/${status}`);
    let body = answer.text;
    if (resp.content) {
      const type = mediaType(answer.headers['content-type']);
      if (!resp.content[type]) {
        throw new Error(`${head} as ${type || 'no type'}; the document says ${Object.keys(resp.content).join(', ')}`);
      }
      if (type === 'application/json') {
        try {
          body = JSON.parse(answer.text);
        } catch (e) {
          throw new Error(`${head} with a body that is no JSON: ${e.message}`);
        }
      }
      const problems = this.validate(`${rp}/content/${segment(type)}/schema`, body);
      if (problems) throw new Error(`${head} with a body that does not fit the document:\n${problems}\n${answer.text.slice(0, 600)}`);
    } else if (answer.text.length) {
      throw new Error(`${head} with a body, where the document describes none`);
    }
    for (const [name, h] of Object.entries(resp.headers || {})) {
      const { object: header, pointer: hp } = this.resolve(h, `${rp}/headers/${segment(name)}`);
      const value = answer.headers[name.toLowerCase()];
      if (value === undefined) {
        if (header.required) throw new Error(`${head} without the header ${name}`);
        continue;
      }
      const problems = this.validate(`${hp}/schema`, value);
      if (problems) throw new Error(`${head} with header ${name}: ${value}: ${problems}`);
    }
    return body;
  }
}

export function loadContract(file) {
  return new Contract(readFileSync(file, 'utf8'));
}
