import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifySchema } from 'fastify';
import { z } from 'zod';
import type { App } from '../server/app';
import { buildApp } from '../server/app';
import { holdToContract } from './contract';
import { testRuntime, type TestRuntime } from './harness';

// The checker that holds every integration test's answers to the API document must itself catch a breach.
describe('holding answers to the API document', () => {
  let rt: TestRuntime;
  let app: App;
  let contract: ReturnType<typeof holdToContract>;
  beforeAll(async () => {
    rt = await testRuntime('sqlite');
    app = await buildApp(rt.ctx);
    contract = holdToContract(app);
    // A route that says one thing in the document and does another, as a drifted route would.
    const Answer = z.object({ count: z.number().int() });
    const schema: FastifySchema = { summary: 'Drift', response: { 200: Answer } };
    app.get('/api/v1/test-drift/:kind', { config: { public: true }, schema }, async (req, reply) => {
      const { kind } = req.params as { kind: string };
      if (kind === 'teapot') return reply.status(418).send({ count: 1 });
      if (kind === 'shape')
        return reply
          .status(200)
          .type('application/json')
          .serializer((x: unknown) => String(x))
          .send('{"count":"many"}');
      return { count: 2 };
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await rt.dispose();
  });

  it('lets a declared answer through', async () => {
    const r = await app.inject({ url: '/api/v1/test-drift/fine' });
    expect(r.json()).toEqual({ count: 2 });
  });

  it('fails the request on a status the document does not declare', async () => {
    await expect(app.inject({ url: '/api/v1/test-drift/teapot' })).rejects.toThrow(/test-drift\/teapot → 418: status 418 is not declared/);
  });

  it('fails the request on a body outside its schema, naming the field', async () => {
    await expect(app.inject({ url: '/api/v1/test-drift/shape' })).rejects.toThrow(/body\/count must be integer/);
  });

  it('keeps every breach, also those answered over real HTTP, for the end of the test', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const r = await fetch(`${address}/api/v1/test-drift/teapot`);
    expect(r.status).toBe(418);
    expect(contract.breaches().map((b) => b.request)).toContain('GET /api/v1/test-drift/teapot → 418');
  });
});
