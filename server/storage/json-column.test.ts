import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RoleList } from '../../contracts/roles';
import { parseColumn } from './json-column';

describe('parseColumn', () => {
  it('parses a stored value that fits its schema', () => {
    expect(parseColumn(RoleList, '["admin","operator"]', 'users.roles of user 1')).toEqual(['admin', 'operator']);
  });

  it("gives the schema's output: defaults applied", () => {
    const Params = z.object({ match: z.string().optional(), enabled: z.boolean().default(true) });
    expect(parseColumn(Params, '{"match":"vip"}', 'triggers.params')).toEqual({ match: 'vip', enabled: true });
  });

  it('throws naming the column and where the value does not fit', () => {
    expect(() => parseColumn(RoleList, '["admin","owner"]', 'users.roles of user 7')).toThrow(/^stored users\.roles of user 7 does not fit its schema at 1: /);
  });

  it('throws naming the column when the text is not JSON', () => {
    expect(() => parseColumn(RoleList, '["admin"', 'api_tokens.roles of token 3')).toThrow('stored api_tokens.roles of token 3 is not valid JSON');
  });

  it('keeps the stored value out of the message', () => {
    const secret = 'a lead wrote this';
    let message = '';
    try {
      parseColumn(z.object({ n: z.number() }), JSON.stringify({ n: secret }), 'x.y');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^stored x\.y does not fit its schema at n: /);
    expect(message).not.toContain(secret);
  });
});
