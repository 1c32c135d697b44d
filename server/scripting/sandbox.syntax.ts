import type { QuickJSWASMModule } from 'quickjs-emscripten';
import { newModule } from './sandbox.engine';
import { position } from './sandbox.errors';
import { INTRINSICS, wrap } from './sandbox.run';
import { LIMITS, type SyntaxCheck } from './sandbox.types';

// Compiles user code without running it, for the script editor's save. It has modules of its own,
// so editor traffic and run traffic never share a WASM instance. Parsing is C recursion that can
// overflow the host's native stack on absurd nesting (`((((…` 100,000 deep); that throws out of
// QuickJS and leaves the module suspect, so a spare module is kept to take over synchronously.

export class SyntaxChecker {
  private refilling: Promise<void> | undefined;

  private constructor(
    private module: QuickJSWASMModule | undefined,
    private spare: QuickJSWASMModule | undefined,
  ) {}

  static async create(): Promise<SyntaxChecker> {
    const [module, spare] = await Promise.all([newModule(), newModule()]);
    return new SyntaxChecker(module, spare);
  }

  /** Ok, or the first parse error with its line and column in the user's code. Runs nothing. */
  check(code: string, kind: 'expression' | 'script', filename: string): SyntaxCheck {
    if (code.length > LIMITS.codeChars) return { ok: false, line: 1, message: `the code is longer than ${LIMITS.codeChars} characters` };
    const module = this.module;
    if (!module) {
      this.refill();
      return { ok: false, line: 1, message: 'the syntax checker is restarting; try again' };
    }
    const { source, prefix } = wrap(code, kind);
    try {
      return compile(module, source, prefix, filename);
    } catch (err) {
      // Never reused, never disposed (that could abort again): the spare takes over.
      this.module = this.spare;
      this.spare = undefined;
      this.refill();
      const overflow = err instanceof RangeError && /call stack/i.test(err.message);
      return { ok: false, line: 1, message: overflow ? 'the code is nested too deeply to parse' : 'the syntax check failed' };
    }
  }

  private refill(): void {
    if (this.refilling || (this.module && this.spare)) return;
    this.refilling = newModule().then(
      (m) => {
        this.refilling = undefined;
        if (!this.module) this.module = m;
        else this.spare = m;
        this.refill();
      },
      () => {
        this.refilling = undefined;
      },
    );
  }
}

/** Throws only if QuickJS itself fails; the caller then drops the module without touching it again. */
function compile(module: QuickJSWASMModule, source: string, prefix: number, filename: string): SyntaxCheck {
  const rt = module.newRuntime();
  rt.setMemoryLimit(LIMITS.memoryBytes);
  rt.setMaxStackSize(LIMITS.stackBytes);
  const vm = rt.newContext({ intrinsics: INTRINSICS });
  const r = vm.evalCode(source, filename, { compileOnly: true });
  let result: SyntaxCheck = { ok: true };
  if (r.error) {
    const err = vm.dump(r.error) as { name?: unknown; message?: unknown; lineNumber?: unknown };
    const columnH = vm.getProp(r.error, 'columnNumber');
    const column = vm.typeof(columnH) === 'number' ? vm.getNumber(columnH) : 1;
    columnH.dispose();
    r.error.dispose();
    const at = position(typeof err.lineNumber === 'number' ? err.lineNumber : 1, column, prefix);
    // Deep nesting QuickJS does catch fails with "InternalError: stack overflow"; keep the name then.
    const message = err.name === 'SyntaxError' ? String(err.message) : `${String(err.name)}: ${String(err.message)}`;
    result = { ok: false, line: at.line, column: at.column, message };
  } else {
    r.value.dispose();
  }
  vm.dispose();
  rt.dispose();
  return result;
}
