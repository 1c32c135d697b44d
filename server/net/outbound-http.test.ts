import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lookup } from './address-guard';
import { sendOutbound, type OutboundOptions } from './outbound-http';

// A real server on 127.0.0.1; host names are steered to it (or away) by the injected lookup.
let server: http.Server;
let port: number;
const seen: { url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url === '/echo') return res.writeHead(201, { 'content-type': 'text/plain', 'set-cookie': ['a=1', 'b=2'] }).end(Buffer.concat(chunks));
      if (req.url === '/redirect') return res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
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
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const opts = (o: Partial<OutboundOptions> = {}): OutboundOptions => ({
  allowPrivate: true,
  timeoutMs: 2_000,
  maxRequestBytes: 1024,
  maxResponseBytes: 1024 * 1024,
  ...o,
});
const local = (path: string) => new URL(`http://127.0.0.1:${port}${path}`);
/** A lookup that records the names asked and answers from a list, one answer per call (the last repeats). */
const scripted = (...answers: string[][]) => {
  const asked: string[] = [];
  const lookup: Lookup = async (host) => {
    asked.push(host);
    return answers[Math.min(asked.length, answers.length) - 1] ?? [];
  };
  return { lookup, asked };
};

describe('sendOutbound', () => {
  it('sends the method, headers and body, and returns status, headers and body', async () => {
    const res = await sendOutbound(
      { method: 'POST', url: local('/echo'), headers: { 'X-Token': 't1', Host: 'evil.example', 'Content-Length': '1' }, body: 'hello' },
      opts(),
    );
    expect(res).toMatchObject({ status: 201, truncated: false, headers: { 'content-type': 'text/plain', 'set-cookie': 'a=1, b=2' } });
    expect(res.body.toString()).toBe('hello');
    const last = seen.at(-1)!;
    expect(last.headers['x-token']).toBe('t1');
    expect(last.headers.host).toBe(`127.0.0.1:${port}`); // Host and framing headers are Node's, not the caller's
    expect(last.headers['content-length']).toBe('5');
  });

  it('connects to the address the lookup answered', async () => {
    const { lookup, asked } = scripted(['127.0.0.1']);
    const res = await sendOutbound({ method: 'GET', url: new URL(`http://crm.example.test:${port}/echo`) }, opts({ lookup }));
    expect(res.status).toBe(201);
    expect(asked).toEqual(['crm.example.test']);
    expect(seen.at(-1)!.headers.host).toBe(`crm.example.test:${port}`);
  });

  it('returns a redirect instead of following it', async () => {
    const res = await sendOutbound({ method: 'GET', url: local('/redirect') }, opts());
    expect(res).toMatchObject({ status: 302, headers: { location: 'http://169.254.169.254/' } });
  });

  it('refuses private targets, literal or resolved, without connecting', async () => {
    const before = seen.length;
    await expect(sendOutbound({ method: 'GET', url: local('/echo') }, opts({ allowPrivate: false }))).rejects.toMatchObject({
      code: 'refused',
      detail: { refusal: { reason: 'private', host: '127.0.0.1', address: '127.0.0.1' } },
    });
    for (const url of ['http://169.254.169.254/latest', 'http://[::1]:1/', 'http://[::ffff:127.0.0.1]:1/', 'http://10.0.0.1/', 'http://0.0.0.0:80/']) {
      await expect(sendOutbound({ method: 'GET', url: new URL(url) }, opts({ allowPrivate: false })), url).rejects.toMatchObject({ code: 'refused' });
    }
    const { lookup } = scripted(['93.184.216.34', '127.0.0.1']);
    await expect(
      sendOutbound({ method: 'GET', url: new URL(`http://mixed.example.test:${port}/echo`) }, opts({ allowPrivate: false, lookup })),
    ).rejects.toMatchObject({
      code: 'refused',
      message: expect.stringMatching(/mixed\.example\.test resolves to 127\.0\.0\.1/),
    });
    expect(seen.length).toBe(before);
  });

  it('checks the address it connects to: one resolution, so a rebinding answer never gets a say', async () => {
    // First answer public, every later one the local server: a client that checked with one lookup
    // and connected with another would reach 127.0.0.1 here.
    const before = seen.length;
    const { lookup, asked } = scripted(['203.0.113.7'], ['127.0.0.1']);
    const outcome = await sendOutbound(
      { method: 'GET', url: new URL(`http://rebind.example.test:${port}/echo`) },
      opts({ allowPrivate: false, timeoutMs: 300, lookup }),
    ).then(
      () => 'answered',
      (e: { code: string }) => e.code,
    );
    expect(['timeout', 'failed']).toContain(outcome); // 203.0.113.7 (TEST-NET-3) is not reachable
    expect(asked).toEqual(['rebind.example.test']);
    expect(seen.length).toBe(before);
  });

  it('reports a name that does not resolve', async () => {
    const lookup: Lookup = async () => {
      throw Object.assign(new Error('x'), { code: 'ENOTFOUND' });
    };
    await expect(sendOutbound({ method: 'GET', url: new URL('http://nowhere.invalid/') }, opts({ allowPrivate: false, lookup }))).rejects.toMatchObject({
      code: 'unresolved',
      message: 'cannot resolve nowhere.invalid: ENOTFOUND',
    });
    await expect(sendOutbound({ method: 'GET', url: new URL('http://nowhere.invalid/') }, opts({ lookup }))).rejects.toMatchObject({ code: 'unresolved' });
  });

  it('refuses other protocols', async () => {
    await expect(sendOutbound({ method: 'GET', url: new URL('file:///etc/passwd') }, opts())).rejects.toMatchObject({ code: 'bad_url' });
  });

  it('caps the request body before sending', async () => {
    const before = seen.length;
    await expect(sendOutbound({ method: 'POST', url: local('/echo'), body: 'x'.repeat(1025) }, opts())).rejects.toMatchObject({ code: 'request_too_large' });
    expect(seen.length).toBe(before);
  });

  it('cuts a response off past the cap: a failure, or the first bytes when asked to truncate', async () => {
    await expect(sendOutbound({ method: 'GET', url: local('/big') }, opts({ maxResponseBytes: 256 * 1024 }))).rejects.toMatchObject({
      code: 'response_too_large',
    });
    const res = await sendOutbound({ method: 'GET', url: local('/big') }, opts({ maxResponseBytes: 1000, overflow: 'truncate' }));
    expect(res).toMatchObject({ status: 200, truncated: true });
    expect(res.body.toString()).toBe('x'.repeat(1000));
  });

  it('gives up on a server that does not answer', async () => {
    await expect(sendOutbound({ method: 'GET', url: local('/hang') }, opts({ timeoutMs: 150 }))).rejects.toMatchObject({ code: 'timeout' });
  });

  it('reports a refused connection with its code', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const p = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(sendOutbound({ method: 'GET', url: new URL(`http://127.0.0.1:${p}/`) }, opts())).rejects.toMatchObject({
      code: 'failed',
      detail: { cause: 'ECONNREFUSED' },
    });
  });
});
