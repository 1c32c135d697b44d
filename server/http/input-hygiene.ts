import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LIMITS, NUL_REFUSED } from '../../contracts/limits';
import { AppError } from '../errors';

/** The first problem in a parsed input: a NUL in a string or key, or nesting past LIMITS.jsonDepth. */
export function inputProblem(where: string, value: unknown): { path: string; message: string } | null {
  // Iterative on purpose: a body 100,000 levels deep must not overflow the stack while being checked.
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: where, depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { path, message: NUL_REFUSED };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= LIMITS.jsonDepth) return { path, message: `nested deeper than ${LIMITS.jsonDepth} levels` };
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ v: item, path: `${path}.${i}`, depth: depth + 1 }));
      continue;
    }
    for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
      if (k.includes('\u0000')) return { path: `${path}.${k.replaceAll('\u0000', '\\u0000')}`, message: NUL_REFUSED };
      stack.push({ v: item, path: `${path}.${k}`, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * Refuses, before any route's own validation, inputs no route may take: NUL characters anywhere and
 * JSON nested too deep (both would fail later, in PostgreSQL or in JSON.stringify, as a 500).
 */
export function registerInputHygiene(app: FastifyInstance): void {
  app.addHook('preValidation', async (req: FastifyRequest) => {
    for (const [where, value] of [
      ['params', req.params],
      ['query', req.query],
      ['body', req.body],
    ] as const) {
      const problem = inputProblem(where, value);
      if (problem) throw new AppError('validation_failed', `${problem.path}: ${problem.message}`, [problem]);
    }
  });
}
