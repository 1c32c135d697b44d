// The CRM side of a Metadesk API channel: receives the channel's `message.created` webhook, checks its
// signature, and when an operator's reply to a lead names an order, files it (an internal note in the
// dialog) and closes the dialog through the typed client.
import http from 'node:http';
import { verifyWebhook, type MessageCreatedWebhook, type MetadeskClient, type MetadeskError } from '../../client/index';

/** Where Metadesk POSTs: set the API channel's `webhookUrl` to `<this server>/metadesk/webhook`. */
export const WEBHOOK_PATH = '/metadesk/webhook';
// Metadesk's payloads are at most 1 MiB; anything bigger is not from it.
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** The order number an operator's message names: "order 1042", "order #1042", "order no. 1042", "#1042"; null: none. */
export function orderNumberIn(text: string): string | null {
  const m = /(?:\border\s*(?:no\.?|number)?\s*#?\s*|#)(\d{3,12})\b/i.exec(text);
  return m?.[1] ?? null;
}

/** A refused API call; `retry`: worth another try later (a 5xx or 429), so the webhook is answered 503 and Metadesk redelivers. */
export class MetadeskCallError extends Error {
  readonly retry: boolean;
  constructor(what: string, status: number, body: MetadeskError | undefined) {
    // Metadesk answers errors in its one shape; a proxy in between may answer text (openapi-fetch then gives the string).
    const error = typeof body === 'object' ? body.error : undefined;
    super(`${what}: ${status} ${error ? `${error.code}: ${error.message}` : String(body ?? '')}`.trim());
    this.retry = status >= 500 || status === 429;
  }
}

export type Outcome = 'ignored' | 'closed';

/**
 * What the CRM does with one message: an operator's reply naming an order gets an internal note in its
 * dialog and the dialog is closed; anything else is ignored. Safe to repeat (deliveries are at least
 * once): the note has an idempotency key, and a dialog already closed is left alone.
 */
export async function handleMessageCreated(metadesk: MetadeskClient, event: MessageCreatedWebhook): Promise<Outcome> {
  if (event.message.author !== 'operator') return 'ignored';
  const order = orderNumberIn(event.message.text);
  if (!order) return 'ignored';
  const id = event.lead.id;
  const lead = await metadesk.GET('/api/v1/leads/{id}', { params: { path: { id } } });
  if (lead.error) throw new MetadeskCallError('reading the lead', lead.response.status, lead.error);
  // The webhook names the lead, not the dialog: the lead's current one is the message's own while it is
  // still open and began before the message (a delivery retried late may find it closed or a newer one).
  const dialog = lead.data.row.dialog;
  if (!dialog || dialog.state === 'closed' || dialog.createdAt > event.message.createdAt) return 'ignored';
  const note = await metadesk.POST('/api/v1/leads/{id}/notes', {
    params: { path: { id } },
    body: {
      text: `CRM: ${event.message.authorName ?? 'The operator'} answered about order #${order}; filed with the order, dialog closed.`,
      clientMessageId: `crm-order-${event.message.id}`,
    },
  });
  if (note.error) throw new MetadeskCallError('writing the note', note.response.status, note.error);
  const closed = await metadesk.POST('/api/v1/dialogs/{id}/close', { params: { path: { id: dialog.id } } });
  // invalid_state: someone closed it meanwhile, which is what we wanted.
  if (closed.error && closed.error.error?.code !== 'invalid_state') throw new MetadeskCallError('closing the dialog', closed.response.status, closed.error);
  return 'closed';
}

export interface WebhookServerOptions {
  metadesk: MetadeskClient;
  /** The API channel's webhook secret (shown once when the channel is created or its secret rotated). */
  webhookSecret: string;
  log?: (line: string) => void;
}

/** The HTTP server receiving the webhook: 401 for a bad signature; 2xx acknowledges; 503 asks Metadesk to deliver again. */
export function createWebhookServer(o: WebhookServerOptions): http.Server {
  const log = o.log ?? ((line: string) => console.log(line));
  return http.createServer((req, res) => {
    receive(o.metadesk, o.webhookSecret, log, req).then(
      (a) => res.writeHead(a.status, { 'content-type': 'text/plain' }).end(a.text),
      (err: unknown) => {
        log(`unexpected: ${String(err)}`);
        res.writeHead(500, { 'content-type': 'text/plain' }).end('error');
      },
    );
  });
}

async function receive(metadesk: MetadeskClient, secret: string, log: (line: string) => void, req: http.IncomingMessage) {
  if (req.method !== 'POST' || req.url !== WEBHOOK_PATH) return { status: 404, text: 'not found' };
  const raw = await readBody(req);
  if (!raw) return { status: 413, text: 'too large' };
  if (!verifyWebhook(secret, req.headers, raw)) return { status: 401, text: 'bad signature' };
  if (req.headers['x-metadesk-event'] !== 'message.created') return { status: 200, text: 'ignored' };
  const event = JSON.parse(raw.toString('utf8')) as MessageCreatedWebhook;
  const what = `delivery ${String(req.headers['x-metadesk-delivery'])}: message ${event.message.id} of lead ${event.lead.id}`;
  try {
    const outcome = await handleMessageCreated(metadesk, event);
    log(`${what}: ${outcome}`);
    return { status: 200, text: outcome };
  } catch (err) {
    // A permanent refusal is acknowledged (and logged): Metadesk delivers a lead's messages in order,
    // so a webhook refused for good would hold back the lead's later messages for days.
    const retry = !(err instanceof MetadeskCallError) || err.retry;
    log(`${what}: ${retry ? 'will be retried' : 'given up'}: ${String(err)}`);
    return retry ? { status: 503, text: 'try again' } : { status: 200, text: 'given up' };
  }
}

/** The body's bytes as received (the signature covers them exactly); null when over the limit. */
function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : null));
    req.on('error', reject);
  });
}
