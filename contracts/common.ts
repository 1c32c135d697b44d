import { z } from 'zod';

/** A positive integer id taken from a URL path segment. */
export const IdParam = z.object({ id: z.coerce.number().int().positive() });
export const Id = z.number().int().positive();
/** Epoch milliseconds. */
export const Millis = z.number().int();
export const Ok = z.object({ ok: z.literal(true) });
