// The native argon2 binding is loaded with the first password to check, not at every start.
let argon2: Promise<typeof import('@node-rs/argon2')> | undefined;
const lib = () => (argon2 ??= import('@node-rs/argon2'));

/** argon2id with the library's defaults (the `hash` default algorithm is argon2id). */
export async function hashPassword(password: string): Promise<string> {
  return (await lib()).hash(password);
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. With no hash (unknown e-mail) it still spends the time of
 * one verification, so response times do not reveal which e-mails exist; the answer is then false.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  const { hash, verify } = await lib();
  const against = storedHash ?? (await (dummyHash ??= hash('metadesk-no-such-user')));
  try {
    const ok = await verify(against, password);
    return storedHash !== null && ok;
  } catch {
    return false; // a malformed stored hash never signs anyone in
  }
}
