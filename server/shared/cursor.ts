import { badInput } from '../errors';

// Lists page by keyset: a cursor holds the sort values of the last row a page showed, behind the
// list's name, so a cursor of another list (or of another order) is refused rather than misread. It is
// base64url to keep clients from building one: the position may change shape without an API change.

/** How one list writes its positions (named integers) into cursors and reads them back. */
export interface CursorCodec<K extends string> {
  /** The cursor of the page after `last` (the page's last row); null when nothing follows (the last page). */
  next(last: Readonly<Record<K, number>> | undefined, more: boolean): string | null;
  /** The position in `cursor`, or undefined for none (the first page); a cursor this list did not issue is a 400 naming querystring.cursor. */
  read(cursor: string | undefined): Record<K, number> | undefined;
}

const INTEGER = /^-?(?:0|[1-9]\d*)$/;

/** The codec of the list named `list`, whose positions are the integers `keys`. */
export function cursorCodec<K extends string>(list: string, keys: readonly K[]): CursorCodec<K> {
  const encode = (p: Readonly<Record<K, number>>) => Buffer.from([list, ...keys.map((k) => p[k])].join(':')).toString('base64url');
  const refuse = () => badInput('querystring.cursor', 'not a cursor returned by this list: pass back its nextCursor as it is');
  return {
    next: (last, more) => (more && last ? encode(last) : null),
    read(cursor) {
      if (!cursor) return undefined;
      const [name, ...values] = Buffer.from(cursor, 'base64url').toString().split(':');
      if (name !== list || values.length !== keys.length || !values.every((v) => INTEGER.test(v))) throw refuse();
      const position = Object.fromEntries(keys.map((k, i) => [k, Number(values[i])])) as Record<K, number>;
      // Only the exact text this list wrote: no padding, no characters base64 would skip, no unsafe integers.
      if (!keys.every((k) => Number.isSafeInteger(position[k])) || encode(position) !== cursor) throw refuse();
      return position;
    },
  };
}
