import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApi, type HttpClientOptions, type HttpResponse } from './http-client';
import { Sandbox } from './sandbox';

let server: http.Server;
let base: string;
const seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url === '/json') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ hello: 'world', n: 1 }));
      if (req.url === '/echo') return res.writeHead(201, { 'content-type': 'text/plain', 'x-seen': req.headers['x-token'] ?? '' }).end(body);
      if (req.url === '/redirect') return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = 'x'.repeat(64 * 1024);
        let sent = 0;
        const pump = () => {
          while (sent < 4 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        return pump();
      }
      if (req.url === '/hang') return; // never answers
      res.writeHead(404).end('not found');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const client = (o: Partial<HttpClientOptions> = {}) => createHttpApi({ allowPrivate: true, ...o });
const call = async (p: unknown) => (await p) as HttpResponse;

describe('http host namespace', () => {
  it('GETs and parses a JSON answer', async () => {
    const r = await call(client().get(`${base}/json`));
    expect(r).toMatchObject({ status: 200, json: { hello: 'world', n: 1 } });
    expect(r.headers['content-type']).toBe('application/json');
  });

  it('POSTs a JSON body or a string, with headers', async () => {
    const r = await call(client().post(`${base}/echo`, { a: 1 }, { headers: { 'X-Token': 't1', Host: 'evil.example' } }));
    expect(r).toMatchObject({ status: 201, body: '{"a":1}', headers: { 'x-seen': 't1' } });
    const last = seen.at(-1)!;
    expect(last.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(last.headers.host).toBe(base.slice('http://'.length)); // a Host header from user code is dropped
    expect(await call(client().request({ method: 'put', url: `${base}/echo`, body: 'plain' }))).toMatchObject({ status: 201, body: 'plain' });
  });

  it('returns redirects instead of following them', async () => {
    const r = await call(client().get(`${base}/redirect`));
    expect(r).toMatchObject({ status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data' } });
  });

  it('refuses loopback, private and link-local targets unless the business allows them', async () => {
    const strict = client({ allowPrivate: false });
    for (const url of [`${base}/json`, 'http://169.254.169.254/latest', 'http://[::1]:1/', 'http://10.0.0.1/', 'http://0.0.0.0:80/']) {
      await expect(strict.get(url), url).rejects.toMatchObject({ code: 'http_refused' });
    }
    expect(seen.filter((s) => s.url === '/json')).toHaveLength(1); // only the allowed request above reached the server
  });

  it('checks every address a name resolves to, at connection time', async () => {
    const rebinding = client({ allowPrivate: false, lookup: async () => ['93.184.216.34', '127.0.0.1'] });
    await expect(rebinding.get('http://shop.example.test/')).rejects.toMatchObject({
      code: 'http_refused',
      message: expect.stringMatching(/resolves to 127\.0\.0\.1/),
    });
    const loopback = client({ allowPrivate: false, lookup: async () => ['::ffff:127.0.0.1'] });
    await expect(loopback.get(`http://crm.example.test:${new URL(base).port}/json`)).rejects.toMatchObject({ code: 'http_refused' });
    // A public address passes the guard and is connected to: whatever happens next (an answer, a
    // timeout, no route), it is not a refusal.
    const pub = client({ allowPrivate: false, timeoutMs: 300, lookup: async () => ['203.0.113.7'] });
    const outcome = await call(pub.get('http://public.example.test/')).catch((e: { code: string }) => e);
    expect((outcome as { code?: string }).code).not.toBe('http_refused');
    // One resolution per request: a name that turns private on a second lookup never gets one.
    let n = 0;
    const flipping = client({ allowPrivate: false, timeoutMs: 300, lookup: async () => (++n === 1 ? ['203.0.113.7'] : ['127.0.0.1']) });
    const before = seen.length;
    await call(flipping.get(`http://rebind.example.test:${new URL(base).port}/json`)).catch(() => undefined);
    expect([n, seen.length - before]).toEqual([1, 0]);
  });

  it('names the failure: an unresolvable host, a refused connection', async () => {
    const nowhere = client({
      lookup: async () => {
        throw Object.assign(new Error('x'), { code: 'ENOTFOUND' });
      },
    });
    await expect(nowhere.get('http://nowhere.invalid/')).rejects.toMatchObject({ code: 'http_failed', message: 'cannot resolve nowhere.invalid: ENOTFOUND' });
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(client().get(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ code: 'http_failed', message: 'request failed: ECONNREFUSED' });
  });

  it('words refusals for the script author', async () => {
    await expect(client({ allowPrivate: false }).get('http://10.0.0.1/')).rejects.toMatchObject({
      message: expect.stringMatching(/^refused: 10\.0\.0\.1 is a private/),
    });
    const named = client({ allowPrivate: false, lookup: async () => ['10.0.0.2'] });
    await expect(named.get('http://lan.example.test/')).rejects.toMatchObject({
      message: expect.stringMatching(/^refused: lan\.example\.test resolves to 10\.0\.0\.2, a private.*business's settings/),
    });
  });

  it('refuses other protocols and malformed requests', async () => {
    await expect(client().get('file:///etc/passwd')).rejects.toMatchObject({ code: 'http_refused' });
    await expect(client().get('ftp://example.com/')).rejects.toMatchObject({ code: 'http_refused' });
    await expect(client().get('not a url')).rejects.toMatchObject({ code: 'http_bad_request' });
    await expect(client().request({ method: 'CONNECT', url: base })).rejects.toMatchObject({ code: 'http_bad_request' });
    await expect(client().get(base, { headers: { a: { nested: 1 } } })).rejects.toMatchObject({ code: 'http_bad_request' });
  });

  it('cuts a response off past the size cap', async () => {
    await expect(client({ maxResponseBytes: 256 * 1024 }).get(`${base}/big`)).rejects.toMatchObject({ code: 'http_too_large' });
  });

  it('caps the request body', async () => {
    await expect(client({ maxRequestBytes: 10 }).post(`${base}/echo`, 'x'.repeat(11))).rejects.toMatchObject({ code: 'http_too_large' });
  });

  it('gives up on a server that does not answer', async () => {
    await expect(client({ timeoutMs: 150 }).get(`${base}/hang`)).rejects.toMatchObject({ code: 'http_timeout' });
  });

  it('allows a limited number of requests per run', async () => {
    const c = client({ maxRequests: 2 });
    await c.get(`${base}/json`);
    await c.get(`${base}/json`);
    await expect(c.get(`${base}/json`)).rejects.toMatchObject({ code: 'http_refused' });
  });

  it('works from user code, where refusals are catchable errors with a code', async () => {
    const sandbox = await Sandbox.create();
    try {
      const ok = await sandbox.run({
        code: `const r = await http.get(${JSON.stringify(`${base}/json`)});\nreturn r.json.hello`,
        kind: 'script',
        api: { http: client() },
        businessId: 1,
      });
      expect(ok).toMatchObject({ ok: true, value: 'world' });
      const refused = await sandbox.run({
        code: `try { await http.get('http://169.254.169.254/') } catch (e) { return e.code }`,
        kind: 'script',
        api: { http: client({ allowPrivate: false }) },
        businessId: 1,
      });
      expect(refused).toMatchObject({ ok: true, value: 'http_refused' });
    } finally {
      sandbox.dispose();
    }
  });
});
