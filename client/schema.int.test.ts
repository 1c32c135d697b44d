import fs from 'node:fs';
import path from 'node:path';
import type { OpenAPI3 } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import { apiTypesSource, SCHEMA_FILE } from '../scripts/api-types';
import type { App } from '../server/app';
import { useTestApp } from '../test/app';

/** Where two texts first differ, as a line of each: a short failure instead of a diff of the whole file. */
function firstDifference(committed: string, generated: string): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? a.length : i;
  return `line ${at + 1}:\n  committed: ${a[at] ?? '(end of file)'}\n  generated: ${b[at] ?? '(end of file)'}`;
}

// The typed client (client/) is built on types generated from the API document; they are committed, so
// a change to a route's schema that was not regenerated fails here rather than in someone's integration.
// One dialect is enough: the document does not depend on the database.
describe('the typed client', () => {
  let app: App;
  useTestApp('sqlite', (r) => ({ app } = r));

  it('has types that match the API document (client/schema.d.ts is what `npm run api:types` makes of it)', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    const generated = await apiTypesSource(r.json<OpenAPI3>());
    const file = path.relative(process.cwd(), SCHEMA_FILE);
    const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
    if (committed !== generated) expect.fail(`${file} does not match the API document: run npm run api:types\n${firstDifference(committed, generated)}`);
  });
});
