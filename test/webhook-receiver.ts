// A real HTTP receiver on 127.0.0.1 for webhook tests: records every request, answers as told.
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Receipt {
  headers: IncomingHttpHeaders;
  body: string;
  /** The x-metadesk-delivery header. */
  deliveryId: string;
}

/** The status to answer with, or 'hang' to hold the request until `release()` or close. */
export type Respond = (r: Receipt, n: number) => number | 'hang' | Promise<number | 'hang'>;

export interface Receiver {
  url: string;
  receipts: Receipt[];
  respond: Respond;
  /** Answers every held request with this status. */
  release(status?: number): void;
  close(): Promise<void>;
}

export async function startReceiver(respond: Respond = () => 200): Promise<Receiver> {
  const held: http.ServerResponse[] = [];
  const receiver: Receiver = {
    url: '',
    receipts: [],
    respond,
    release(status = 200) {
      for (const res of held.splice(0)) res.writeHead(status).end('released');
    },
    async close() {
      receiver.release(503);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const receipt = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), deliveryId: String(req.headers['x-metadesk-delivery']) };
      receiver.receipts.push(receipt);
      void Promise.resolve(receiver.respond(receipt, receiver.receipts.length)).then((status) => {
        if (status === 'hang') held.push(res);
        else res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 300 ? `receiver says ${status}` : 'ok');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}

/** Polls until the check passes (or fails the test after `ms`): for effects of background work. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
