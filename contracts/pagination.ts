import { z } from 'zod';

// Every list of the HTTP API pages the same way (docs/api.md, "Pagination"): the client sends the
// previous page's `nextCursor` back as `cursor` until it is null. The descriptions are given here once,
// so each list says the same thing in the API document.

/** Longest `cursor` a list accepts; the server's own are far shorter. */
export const CURSOR_MAX_LENGTH = 200;

/** The query fields of a paged list, to spread into its query schema; `size`: that list's default and largest page. */
export function pageQuery(size: { default: number; max: number }) {
  return {
    cursor: z
      .string()
      .max(CURSOR_MAX_LENGTH)
      .optional()
      .describe("The previous page's `nextCursor`; omitted for the first page. Opaque: never build or change one by hand."),
    limit: z.coerce.number().int().min(1).max(size.max).default(size.default).describe(`Items per page: ${size.default} when omitted, at most ${size.max}.`),
  };
}

/** The answer's `nextCursor`, beside the page's items. */
export const NextCursor = z.string().nullable().describe('Pass it back as `cursor` for the next page; null on the last page.');
