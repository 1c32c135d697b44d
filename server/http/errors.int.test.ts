// Every error the server answers has the documented shape and its code's status, also the ones that
// Fastify, its plugins or Node's HTTP parser produce before any route runs. Over a real socket (the
// parser's errors never reach app.inject); none touches the database, so SQLite only.
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../contracts/errors';
import { testApp } from '../../test/app';
import { testRuntime, type TestRuntime } from '../../test/harness';
import type { App } from './app-type';
import { STATUS } from './errors';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('error answers', () => {
  let rt: TestRuntime;
  let app: App;
  let port: number;
  beforeAll(async () => {
    rt = await testRuntime('sqlite');
    app = await testApp(rt);
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await app?.close();
    await rt?.dispose();
  });

  /** A GET with the path sent byte for byte as given (no client-side normalisation). */
  function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += String(c)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** Raw bytes on a fresh connection; resolves with everything the server wrote before closing. */
  function raw(bytes: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => s.write(bytes));
      let text = '';
      s.on('data', (c: Buffer) => (text += String(c)));
      s.on('error', reject);
      s.on('close', () => {
        const [head = '', body = ''] = text.split('\r\n\r\n');
        const [statusLine = '', ...lines] = head.split('\r\n');
        const headers: http.IncomingHttpHeaders = {};
        for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
        resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
      });
    });
  }

  /** The answer is JSON in the documented shape, with the code's own status. */
  function expectError(a: Answer, code: string): void {
    expect(a.headers['content-type']).toMatch(/^application\/json/);
    const parsed = ErrorBody.safeParse(JSON.parse(a.body));
    expect(parsed.success, a.body).toBe(true);
    expect(parsed.data?.error.code, a.body).toBe(code);
    expect(a.status, a.body).toBe(STATUS[code as keyof typeof STATUS]);
    expect(a.headers['x-content-type-options']).toBe('nosniff');
  }

  it('answers a bad URL encoding with 400 validation_failed', async () => {
    const a = await get('/api/v1/leads/%E0%A4%A');
    expectError(a, 'validation_failed');
    expect(JSON.parse(a.body).error.message).toMatch(/url/i);
  });

  it('answers a path parameter longer than the router takes with 400 validation_failed', async () => {
    expectError(await get(`/api/v1/leads/${'7'.repeat(500)}`), 'validation_failed');
  });

  it('answers headers over the parser limit with 431 headers_too_large and closes the connection', async () => {
    const a = await get('/healthz', { 'x-big': 'a'.repeat(20 * 1024) });
    expectError(a, 'headers_too_large');
    expect(a.status).toBe(431);
    expect(a.headers.connection).toBe('close');
  });

  it('answers a request the HTTP parser cannot read with 400 validation_failed', async () => {
    expectError(await raw('NOT HTTP AT ALL\r\n\r\n'), 'validation_failed');
  });

  it("keeps a plugin's 403 a 403 forbidden (the docs' static files refuse a path escape)", async () => {
    expectError(await get('/api/docs/static/..%5c..%5cpackage.json'), 'forbidden');
  });

  it('keeps the route errors in the same shape (unknown route, unauthenticated)', async () => {
    expectError(await get('/api/v1/no-such-route'), 'not_found');
    expectError(await get('/api/v1/me'), 'unauthenticated');
  });
});
