// Holds the server to its API document in every integration test (issue #16): each answer of a documented
// route must have a status the document declares for it, and a JSON body that matches the declared schema.
// A mismatch fails the request that caused it (app.inject throws) and the test file's app at its close
// (answers sent over real HTTP), so the contract and the server cannot drift apart.
import { createHash } from 'node:crypto';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { InjectOptions } from 'fastify';
import type { App } from '../server/app';

interface Response {
  content?: Record<string, { schema?: unknown }>;
}
interface Document {
  paths: Record<string, Record<string, { responses?: Record<string, Response> }>>;
}

/** One validator per document (apps of one test process usually serve the same one), compiled as needed. */
class Contract {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly doc: Document) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, logger: false });
    addFormats.default(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema(doc as object, 'openapi');
  }

  /** What is wrong with this answer, or null when the document allows it (or does not describe the route). */
  check(method: string, route: string, status: number, contentType: string | undefined, body: string | null): string | null {
    const path = route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const operation = this.doc.paths[path]?.[method.toLowerCase()];
    if (!operation) return null; // hidden routes (the web app, the socket, /metrics)
    const responses = operation.responses ?? {};
    const key = String(status) in responses ? String(status) : `${String(status)[0]}XX` in responses ? `${String(status)[0]}XX` : 'default';
    const declared = responses[key];
    if (!declared) return `status ${status} is not declared (declared: ${Object.keys(responses).join(', ')})`;
    const json = declared.content?.['application/json'];
    if (!json?.schema || !contentType?.startsWith('application/json') || !body) return null;
    const pointer = ['paths', path, method.toLowerCase(), 'responses', key, 'content', 'application/json', 'schema']
      .map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/');
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi#/${pointer}` });
      this.validators.set(pointer, validate);
    }
    if (validate(JSON.parse(body))) return null;
    return `body does not match the ${key} schema: ${this.ajv.errorsText(validate.errors, { separator: '; ', dataVar: 'body' })}`;
  }
}

const contracts = new Map<string, Contract>();

function contractOf(app: App): Contract {
  const doc = app.swagger() as unknown as Document;
  const key = createHash('sha1').update(JSON.stringify(doc)).digest('hex');
  let c = contracts.get(key);
  if (!c) {
    c = new Contract(doc);
    contracts.set(key, c);
  }
  return c;
}

export interface ContractBreach {
  request: string;
  problem: string;
  body: string;
}

/**
 * Checks every answer of the app against its document; call before `app.ready()`. `app.inject` then throws on
 * a breach; `breaches()` lists them all (answers over real HTTP too) for the test's end.
 */
export function holdToContract(app: App): { breaches(): ContractBreach[] } {
  const found: ContractBreach[] = [];
  const byReply = new WeakMap<object, ContractBreach>();
  app.addHook('onSend', async (req, reply, payload) => {
    const route = req.routeOptions.url;
    if (route === undefined || req.method === 'HEAD' || req.method === 'OPTIONS') return payload;
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
    const contentType = reply.getHeader('content-type');
    const problem = contractOf(app).check(req.method, route, reply.statusCode, typeof contentType === 'string' ? contentType : undefined, body);
    if (problem) {
      const breach = { request: `${req.method} ${req.url} → ${reply.statusCode}`, problem, body: (body ?? '').slice(0, 2000) };
      found.push(breach);
      byReply.set(reply.raw, breach);
    }
    return payload;
  });
  const inject = app.inject.bind(app);
  // Only the promise form (every test uses it); the chained form is passed through unchecked.
  (app as { inject: unknown }).inject = (opts?: string | InjectOptions) => {
    if (opts === undefined) return inject();
    return inject(opts).then((res) => {
      const breach = byReply.get(res.raw.res);
      if (breach) throw new Error(`The answer breaks the API document: ${breach.request}: ${breach.problem}\n${breach.body}`);
      return res;
    });
  };
  return { breaches: () => [...found] };
}
