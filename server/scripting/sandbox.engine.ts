import fs from 'node:fs';
import { createRequire } from 'node:module';
import { RELEASE_SYNC, newQuickJSWASMModule, newVariant, type QuickJSWASMModule } from 'quickjs-emscripten';

// The WASM module that runs user code (the sync build of QuickJS). Every run gets its own QuickJS
// runtime inside it, so runs share no JS state; the module itself (one WASM instance: its memory,
// its C stack) is shared, and used as an arena: runtimes are never freed (see sandbox.run.ts).
// A module is retired once its memory has grown past `recycleBytes` or it has served `recycleRuns`
// runs, and also at once when a run throws out of QuickJS (for example a native stack overflow in
// deeply nested JSON.parse), which leaves it suspect. Runs still in flight on a retired module finish
// there; new runs get a fresh module; the old one is garbage once the last of them ends.

export interface EngineOptions {
  /** Retire a module whose WASM memory grew past this (it starts at 16 MB). */
  recycleBytes: number;
  /** Retire a module after this many runs, a guard against slow leaks in the library. */
  recycleRuns: number;
}

export interface Slot {
  readonly module: QuickJSWASMModule;
  runs: number;
  retired: boolean;
}

let compiled: Promise<WebAssembly.Module> | undefined;

/** The WASM binary, compiled once per process, so that a new instance costs a few ms and no recompilation. */
function compiledWasm(): Promise<WebAssembly.Module> {
  compiled ??= (async () => {
    const require = createRequire(createRequire(import.meta.url).resolve('quickjs-emscripten'));
    const bytes = await fs.promises.readFile(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm'));
    // The lib settings declare WebAssembly's types but not its value; Node has it.
    const wasm = (globalThis as unknown as { WebAssembly: { compile(b: Uint8Array): Promise<WebAssembly.Module> } }).WebAssembly;
    return wasm.compile(bytes);
  })().catch((err: unknown) => {
    compiled = undefined; // let a later call try again
    throw err;
  });
  return compiled;
}

/** A new, independent QuickJS WASM instance. */
export async function newModule(): Promise<QuickJSWASMModule> {
  return newQuickJSWASMModule(newVariant(RELEASE_SYNC, { wasmModule: await compiledWasm() }));
}

export class Engine {
  private current: Slot | undefined;
  /** The next module, instantiated ahead so that replacing a retired one never makes a run wait. */
  private spare: Promise<QuickJSWASMModule> | undefined;

  constructor(private readonly opts: EngineOptions) {}

  /** The module for a new run. */
  async acquire(): Promise<Slot> {
    let slot = this.current;
    while (!slot || slot.retired) {
      const next = this.spare ?? newModule();
      this.spare = undefined;
      const module = await next;
      // Another caller may have installed a module while this one waited.
      if (!this.current || this.current.retired) this.current = { module, runs: 0, retired: false };
      else this.spare ??= Promise.resolve(module);
      slot = this.current;
    }
    this.spare ??= newModule();
    // An instantiation failure surfaces when the spare is used; keep it from being an unhandled rejection here.
    this.spare.catch(() => undefined);
    return slot;
  }

  /** Ends a run on `slot`; a poisoned slot (an exception escaped QuickJS) takes no new runs. */
  release(slot: Slot, poisoned: boolean): void {
    slot.runs++;
    if (poisoned || slot.runs >= this.opts.recycleRuns || slot.module.getWasmMemory().buffer.byteLength > this.opts.recycleBytes) {
      // Never disposed: disposing a corrupt module may abort again. Dropped once unreferenced.
      slot.retired = true;
    }
  }
}
