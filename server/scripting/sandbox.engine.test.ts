import { describe, expect, it } from 'vitest';
import { Engine } from './sandbox.engine';

describe('Engine', () => {
  it('shares one module between runs until it is poisoned, then gives new runs a fresh one', async () => {
    const engine = new Engine({ recycleBytes: 1 << 30, recycleRuns: 1000 });
    const a = await engine.acquire();
    const b = await engine.acquire();
    expect(b.module).toBe(a.module);
    engine.release(a, true);
    expect(a.retired).toBe(true);
    const c = await engine.acquire();
    expect(c.module).not.toBe(a.module);
    // The run still in flight on the retired module finishes there.
    const rt = b.module.newRuntime();
    const vm = rt.newContext();
    expect(vm.dump(vm.unwrapResult(vm.evalCode('6 * 7')))).toBe(42);
    vm.dispose();
    rt.dispose();
    engine.release(b, false);
    engine.release(c, false);
  });

  it('retires a module after its run budget or once its memory has grown', async () => {
    const byRuns = new Engine({ recycleBytes: 1 << 30, recycleRuns: 2 });
    const first = await byRuns.acquire();
    byRuns.release(first, false);
    expect((await byRuns.acquire()).module).toBe(first.module);
    byRuns.release(first, false);
    expect((await byRuns.acquire()).module).not.toBe(first.module);

    const byMemory = new Engine({ recycleBytes: 1024, recycleRuns: 1000 });
    const slot = await byMemory.acquire();
    byMemory.release(slot, false);
    expect((await byMemory.acquire()).module).not.toBe(slot.module);
  });
});
