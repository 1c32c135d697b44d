// The widget's calls to /api/widget/v1 (contracts/widget.ts). Answers are trusted as typed: the
// widget carries no validator, to stay small.
import type { z } from 'zod';
import type { ErrorBody } from '@contracts/errors';
import type { WidgetMessageList, WidgetSent, WidgetSession, WidgetSessionBody, WidgetUploaded } from '@contracts/widget';

export const API_PREFIX = '/api/widget/v1';
/** A call (but an upload) that has not answered by then is given up, as if the network had failed. */
export const CALL_TIMEOUT_MS = 30_000;

/** A call that failed: `status` 0 when the server was not reached; `code` from the error body when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** A 4xx that sending again will not cure (401 is not one: a new session cures it). */
export const isPermanent = (e: unknown) =>
  e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 408 && e.status !== 429;
export const isUnauthorized = (e: unknown) => e instanceof ApiError && e.status === 401;

export type SessionBody = z.input<typeof WidgetSessionBody>;
export type SendBody = { clientMessageId: string; text: string; attachmentIds: number[] };

export interface Api {
  session(body: SessionBody): Promise<WidgetSession>;
  messages(token: string, after: number, limit: number): Promise<WidgetMessageList>;
  send(token: string, body: SendBody): Promise<WidgetSent>;
  upload(token: string, file: Blob, name: string): Promise<z.infer<typeof WidgetUploaded>>;
}

export function createApi(base: string, fetchFn: typeof fetch): Api {
  async function call<T>(method: string, path: string, token: string | null, body?: unknown, timeoutMs = CALL_TIMEOUT_MS): Promise<T> {
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const abort = new AbortController();
    const timer = timeoutMs ? setTimeout(() => abort.abort(), timeoutMs) : undefined;
    let res: Response;
    let data: unknown;
    try {
      res = await fetchFn(base + API_PREFIX + path, { method, headers, body: payload, credentials: 'omit', cache: 'no-store', signal: abort.signal });
      data = await res.json().catch(() => null);
    } catch (e) {
      throw new ApiError(0, null, e instanceof Error ? e.message : String(e));
    } finally {
      clearTimeout(timer);
    }
    if (!res.ok) {
      const error = (data as Partial<ErrorBody> | null)?.error;
      throw new ApiError(res.status, error?.code ?? null, error?.message ?? `HTTP ${res.status}`);
    }
    return data as T;
  }

  return {
    session: (body) => call('POST', '/sessions', null, body),
    messages: (token, after, limit) => call('GET', `/messages?after=${after}&limit=${limit}`, token),
    send: (token, body) => call('POST', '/messages', token, body),
    upload(token, file, name) {
      const form = new FormData();
      form.append('file', file, name);
      // A large file on a slow link may take long: no time limit.
      return call('POST', '/attachments', token, form, 0);
    },
  };
}
