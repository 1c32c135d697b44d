import type { EventEnvelope } from '../../contracts/events';
import { createOwner, type OwnerInput } from './create-owner';
import { signIn, type SignedIn, type SignInDeps } from './sign-in';

/**
 * First-run setup: creates the business and its owner, only while there are no users at all
 * (otherwise `setup_done`), and signs the owner in.
 */
export async function setupOwner(deps: SignInDeps, input: OwnerInput): Promise<{ result: SignedIn; events: EventEnvelope[] }> {
  const owner = await createOwner(deps, input, { onlyIfFirst: true });
  return signIn(deps, owner);
}
