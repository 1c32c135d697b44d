import { AppError } from '../errors';

/** One thing wrong with what an author sent, at a path such as `commands[3].condition`. */
export interface Problem {
  path: string;
  message: string;
}

/** Prefixes every problem's path (`body.`, `body.scripts[2].`). */
export function under(prefix: string, problems: Problem[]): Problem[] {
  return problems.map((p) => ({ path: `${prefix}${p.path}`, message: p.message }));
}

/** The message lists the first few; `details` carries them all (a broken import can have hundreds). */
const SHOWN = 20;
const describe = (problems: Problem[]) =>
  problems
    .slice(0, SHOWN)
    .map((p) => `${p.path}: ${p.message}`)
    .join('; ') + (problems.length > SHOWN ? `; and ${problems.length - SHOWN} more` : '');

/** A 400 naming every problem, as the request validator names fields. */
export function invalid(problems: Problem[]): AppError {
  return new AppError('validation_failed', describe(problems), problems);
}

/** A 409: the request is well formed but collides with what is stored. */
export function collision(problems: Problem[], lead = ''): AppError {
  return new AppError('conflict', `${lead}${describe(problems)}`, problems);
}
