import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { PROJECT_ROOT } from '../paths';
import type { App } from './app-type';
import { OPERATIONS } from './operations';

// The API document is for developers who generate a client from it (issue #16): Redocly's recommended
// rules pass with no error and no warning, and every operation says who may call it and how it fails.

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, unknown>;
}
interface MediaType {
  schema?: { examples?: unknown[] };
  example?: unknown;
  examples?: Record<string, unknown>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}
interface LintResult {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
}

/** Redocly CLI's bundle has no Node API, so the test runs its `lint` on the document, rules from redocly.yaml if any. */
async function redoclyLint(doc: unknown): Promise<LintResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadesk-openapi-'));
  const file = path.join(dir, 'openapi.json');
  fs.writeFileSync(file, JSON.stringify(doc));
  const cli = path.join(PROJECT_ROOT, 'node_modules/@redocly/cli/bin/cli.js');
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  try {
    // Exit code 1 when there are errors: the JSON report is what the test reads either way.
    const out = await promisify(execFile)(process.execPath, [cli, 'lint', '--extends=recommended', '--format=json', '--max-problems=1000', file], {
      cwd: PROJECT_ROOT,
      env,
      maxBuffer: 64 * 1024 * 1024,
    }).catch((err: { stdout?: string; stderr?: string }) => {
      if (!err.stdout) throw new Error(`redocly lint failed: ${err.stderr ?? String(err)}`);
      return { stdout: err.stdout };
    });
    return JSON.parse(out.stdout) as LintResult;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// One dialect is enough: the document does not depend on the database.
describe('the API document', () => {
  let app: App;
  useTestApp('sqlite', (r) => ({ app } = r));

  const document = async () => {
    const r = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    return r.json<Document>();
  };
  const operations = (doc: Document) =>
    Object.entries(doc.paths).flatMap(([url, ops]) => Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${url}`, op })));

  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const result = await redoclyLint(await document());
    const problems = result.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
    expect(problems).toEqual([]);
    expect(result.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('gives every operation a unique operationId, a summary, tags and its 4xx answers; 401 and 403 wherever credentials are needed', async () => {
    const ops = operations(await document());
    expect(ops.length).toBeGreaterThan(90);
    const failures: string[] = [];
    const ids = new Map<string, string>();
    for (const { key, op } of ops) {
      if (!op.operationId) failures.push(`${key}: no operationId (add it to server/http/operations.ts)`);
      else if (ids.has(op.operationId)) failures.push(`${key}: operationId ${op.operationId} also names ${ids.get(op.operationId)}`);
      else ids.set(op.operationId, key);
      if (!op.summary) failures.push(`${key}: no summary`);
      if (!op.tags?.length) failures.push(`${key}: no tags`);
      const statuses = Object.keys(op.responses);
      if (!statuses.some((s) => s.startsWith('4'))) failures.push(`${key}: no 4xx response`);
      if (op.security === undefined) failures.push(`${key}: no security`);
      else if (op.security.length > 0 && !(statuses.includes('401') && statuses.includes('403')))
        failures.push(`${key}: needs credentials but declares no 401 or 403`);
    }
    expect(failures).toEqual([]);
  });

  it('has a row in the operations table for every documented route and none for a route that is not documented', async () => {
    const documented = new Set(operations(await document()).map(({ key }) => key.replace(/\{(\w+)\}/g, ':$1')));
    expect(Object.keys(OPERATIONS).filter((k) => !documented.has(k))).toEqual([]);
  });

  it('shows an example of every JSON request body (server/http/operations.ts `example`); multipart uploads have none', async () => {
    const bodies = operations(await document()).flatMap(({ key, op }) =>
      Object.entries(op.requestBody?.content ?? {})
        .filter(([type]) => /^application\/(.+\+)?json$/.test(type))
        .map(([type, media]) => ({ key: `${key} ${type}`, media })),
    );
    expect(bodies.length).toBeGreaterThan(40);
    const bare = bodies.filter(
      ({ media }) => media.example === undefined && Object.keys(media.examples ?? {}).length === 0 && (media.schema?.examples?.length ?? 0) === 0,
    );
    expect(bare.map(({ key }) => key)).toEqual([]);
  });

  it('keeps hidden routes out: the realtime socket, the metrics, the document itself', async () => {
    const doc = await document();
    for (const url of ['/api/v1/realtime', '/metrics', '/api/openapi.json', '/api/widget/v1/socket']) expect(doc.paths[url], url).toBeUndefined();
  });

  it('documents the webhook an API channel receives: its body and its signed headers', async () => {
    const doc = (await document()) as Document & { webhooks?: Record<string, { post: { parameters: { name: string }[]; requestBody: unknown } }> };
    const hook = doc.webhooks?.['message.created']?.post;
    expect(hook?.parameters.map((p) => p.name)).toEqual(['x-metadesk-event', 'x-metadesk-delivery', 'x-metadesk-timestamp', 'x-metadesk-signature']);
    expect(JSON.stringify(hook?.requestBody)).toContain('messengerId');
  });
});
