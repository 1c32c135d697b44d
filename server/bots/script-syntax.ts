import type { Command } from '../../contracts/scripts';
import type { Sandbox, SyntaxCheck } from '../scripting/index';
import type { Problem } from './problems';

/** What parses user code on save: the sandbox's compile-only check (runs nothing). */
export type SyntaxChecker = Pick<Sandbox, 'checkSyntax'>;

function describe(r: Extract<SyntaxCheck, { ok: false }>, code: string): string {
  // An expression cut short is reported just past the user's last line (the sandbox's wrapper closes
  // it there): point at the end of what the author wrote instead.
  const lines = code.split('\n').length;
  if (r.line > lines) return `line ${lines}: ${r.message}`;
  return `line ${r.line}${r.column !== undefined ? `, column ${r.column}` : ''}: ${r.message}`;
}

/** Every condition (an expression) and run_js body (a script) that does not parse, at its command's path. */
export function syntaxProblems(checker: SyntaxChecker, commands: readonly Command[]): Problem[] {
  const problems: Problem[] = [];
  const check = (path: string, code: string, kind: 'expression' | 'script') => {
    const r = checker.checkSyntax(code, kind);
    if (!r.ok) problems.push({ path, message: describe(r, code) });
  };
  commands.forEach((c, i) => {
    if (c.condition !== undefined) check(`commands[${i}].condition`, c.condition, 'expression');
    if (c.type === 'run_js') check(`commands[${i}].code`, c.code, 'script');
  });
  return problems;
}
