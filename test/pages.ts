import { expect } from 'vitest';
import type { Answer } from './world';

// Every list of the API pages the same way (contracts/pagination.ts): these read one to its end the
// way a client does, so each list's test checks the cursor contract as well as its own order.

/** `url` with `cursor` added to its query, when there is one (cursors are URL-safe as they come). */
export const withCursor = (url: string, cursor: string | undefined): string =>
  cursor === undefined ? url : `${url}${url.includes('?') ? '&' : '?'}cursor=${cursor}`;

/**
 * The bodies of a list's pages, from the first until `nextCursor` is null, each a 200; `get` asks for
 * the page at `cursor` (undefined: the first).
 */
export async function readPages(get: (cursor: string | undefined) => Promise<{ status: number; body: Answer }>): Promise<Answer[]> {
  const pages: Answer[] = [];
  let cursor: string | undefined;
  do {
    const r = await get(cursor);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    pages.push(r.body);
    expect(r.body.nextCursor === null || typeof r.body.nextCursor === 'string').toBe(true);
    cursor = r.body.nextCursor ?? undefined;
    if (pages.length > 100) throw new Error('the list never ends: nextCursor is never null');
  } while (cursor !== undefined);
  return pages;
}

/** A cursor the list did not issue is refused: 400, naming querystring.cursor. */
export function expectCursorRefused(r: { status: number; body: Answer }): void {
  expect(r.status).toBe(400);
  expect(r.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('querystring.cursor') });
}
