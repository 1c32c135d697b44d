import { parseArgs } from 'node:util';
import { SetupOwnerBody } from '../../contracts/accounts';
import { AppError } from '../errors';
import type { Db } from '../storage/db';
import { createOwner, OWNER_ROLES } from './create-owner';
import { newSecret } from './secrets';

export const OWNER_CREATE_USAGE =
  'owner:create --business "Name" --email owner@example.com --name "Owner" [--password secret]\n' +
  '  without --password: METADESK_OWNER_PASSWORD, else a generated password printed once';

/**
 * `owner:create`: creates a business and its owner (admin + operator) from command-line flags. The
 * password comes from --password, else METADESK_OWNER_PASSWORD, else is generated and printed once.
 * Unlike first-run setup over HTTP it also works when users exist (to add another business).
 */
export async function runOwnerCreate(
  deps: { db: Db; clock: () => number },
  args: string[],
  env: Record<string, string | undefined>,
  print: (line: string) => void,
): Promise<{ businessId: number; userId: number }> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { business: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
  });
  const fromEnv = env.METADESK_OWNER_PASSWORD;
  const generated = values.password === undefined && !fromEnv ? newSecret(12) : undefined;
  const parsed = SetupOwnerBody.safeParse({
    businessName: values.business,
    name: values.name,
    email: values.email,
    password: values.password ?? fromEnv ?? generated,
  });
  if (!parsed.success) {
    const flag = (p: PropertyKey | undefined) => (p === 'businessName' ? '--business' : `--${String(p)}`);
    throw new Error(`${parsed.error.issues.map((i) => `${flag(i.path[0])}: ${i.message}`).join('\n')}\nusage: ${OWNER_CREATE_USAGE}`);
  }
  try {
    const owner = await createOwner(deps, parsed.data, { onlyIfFirst: false });
    print(`Created business #${owner.businessId} "${parsed.data.businessName.trim()}"`);
    print(`Created owner #${owner.id} ${owner.email} (${owner.name}) with roles ${OWNER_ROLES.join(', ')}`);
    if (generated) print(`Generated password (shown only now, store it safely): ${generated}`);
    else print(`Password taken from ${values.password !== undefined ? '--password' : 'METADESK_OWNER_PASSWORD'}`);
    return { businessId: owner.businessId, userId: owner.id };
  } catch (err) {
    if (err instanceof AppError) throw new Error(err.message, { cause: err });
    throw err;
  }
}
