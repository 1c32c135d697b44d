import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/app';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { httpWorld, leadSays, type Headers } from '../../test/world';
import type { App } from '../http/app-type';
import { FILES } from './attachments.testkit';

/**
 * Streams a multipart upload of about `size` bytes over a real connection, as a browser would,
 * and reports the answer and how much of the body the client got to send before the server closed.
 */
function streamUpload(port: number, path: string, headers: Headers, size: number) {
  return new Promise<{ status: number; body: string; sent: number }>((resolve) => {
    let answer: { status: number; body: string } | undefined;
    let sent = 0;
    let closed = false;
    // Settled once the answer is complete and the request is over (either may come first), not after a
    // pause: a server that went on reading would let the client send everything before the request ends.
    const settle = () => {
      if (closed && answer) resolve({ ...answer, sent });
    };
    const req = http.request({ port, path, method: 'POST', headers: { ...headers, 'content-type': 'multipart/form-data; boundary=b0undary' } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        answer = { status: res.statusCode ?? 0, body };
        settle();
      });
    });
    req.on('error', () => undefined); // EPIPE / ECONNRESET once the server has answered and closed; 'close' follows
    req.on('close', () => {
      closed = true;
      settle();
    });
    req.write('--b0undary\r\nContent-Disposition: form-data; name="file"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n');
    req.write(FILES.pdf);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (sent < size && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!req.destroyed) req.end('\r\n--b0undary--\r\n');
    };
    pump();
  });
}

// Over a real socket (app.inject holds the whole body in memory anyway): an oversize upload is
// refused at the limit while it streams, and the connection is closed instead of reading the rest.
describe.each(await dialects())('streaming uploads over a real connection on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let port: number;
  beforeAll(async () => {
    rt = await testRuntime(dialect);
    app = await testApp(rt);
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app?.close();
    await rt?.dispose();
  });

  it('stores a 5 MiB file, refuses a 100 MiB one at the limit without reading it all, and closes the connection', async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'streamer', 'hi');
    const url = `/api/v1/leads/${leadId}/attachments`;

    const ok = await streamUpload(port, url, w.as.olga, 5 * 1024 * 1024);
    expect(ok.status).toBe(201);

    const big = await streamUpload(port, url, w.as.olga, 100 * 1024 * 1024);
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).error.code).toBe('payload_too_large');
    expect(big.sent).toBeLessThan(40 * 1024 * 1024); // the server stopped reading: the rest never went out

    const foreign = await streamUpload(port, '/api/v1/leads/999999/attachments', w.as.olga, 100 * 1024 * 1024);
    expect(foreign.status).toBe(404);
    expect(foreign.sent).toBeLessThan(40 * 1024 * 1024);

    const stored = await rt.ctx.db.selectFrom('attachments').select('size').where('lead_id', '=', leadId).execute();
    expect(stored.map((a) => a.size)).toEqual([FILES.pdf.length + 5 * 1024 * 1024]);
  });
});
