import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { HostLink } from './sandbox.bridge';
import { threadCpuClock } from './sandbox.clock';
import { Engine } from './sandbox.engine';
import type { Reply } from './sandbox.host-calls';
import { runOnModule, type Outcome, type RunSettings } from './sandbox.run';

// A sandbox worker thread: the QuickJS WASM modules live here, and user code runs here, one run at a
// time, never on the thread that serves requests. The main thread (sandbox.pool.ts) sends a run,
// answers its host calls and receives the outcome; it ends this thread when a run overruns its hard
// deadline (a loop QuickJS cannot interrupt) or its heap.
//
// Host calls are synchronous for user code: the call goes out on `calls`, then this thread sleeps in
// Atomics.wait on `signal` until the main thread has posted the answer and bumped the counter, and
// reads it with receiveMessageOnPort (no turn of this thread's event loop is needed).

export interface WorkerInit {
  calls: MessagePort;
  /** Int32Array(1) over a SharedArrayBuffer: bumped by the main thread after each answer it posts. */
  signal: SharedArrayBuffer;
  recycleBytes: number;
  recycleRuns: number;
}

export type ToWorker = { type: 'run'; id: number; settings: RunSettings; spec: Record<string, string[]> };
export type FromWorker =
  { type: 'ready'; clock: string } | { type: 'done'; id: number; outcome: Outcome } | { type: 'escaped'; id: number; overflow: boolean; message: string };
export type HostCall = { run: number; call: number; ns: string; fn: string; args: string };
export type HostAnswer = { call: number; reply: Reply };

const init = workerData as WorkerInit;
const port = parentPort!;
const signal = new Int32Array(init.signal);
const cpu = threadCpuClock();
const engine = new Engine({ recycleBytes: init.recycleBytes, recycleRuns: init.recycleRuns });
let nextCall = 1;

function link(run: number, spec: Record<string, string[]>): HostLink {
  return {
    spec,
    call(ns, fn, args, timeoutMs) {
      const call = nextCall++;
      const until = performance.now() + timeoutMs;
      init.calls.postMessage({ run, call, ns, fn, args } satisfies HostCall);
      for (;;) {
        // Read the counter before looking for the answer: an answer posted after the look bumps it, so the wait returns at once.
        const seen = Atomics.load(signal, 0);
        const m = receiveMessageOnPort(init.calls) as { message: HostAnswer } | undefined;
        if (m) {
          if (m.message.call === call) return m.message.reply;
          continue; // a late answer to a call of an earlier run that gave up waiting
        }
        const left = until - performance.now();
        if (left <= 0) return undefined;
        Atomics.wait(signal, 0, seen, left);
      }
    },
  };
}

async function run(m: Extract<ToWorker, { type: 'run' }>): Promise<FromWorker> {
  const slot = await engine.acquire();
  let poisoned = true; // an exception out of QuickJS: retire the module
  try {
    const outcome = runOnModule(slot.module, m.settings, link(m.id, m.spec), cpu?.clock);
    poisoned = false;
    return { type: 'done', id: m.id, outcome };
  } catch (err) {
    return {
      type: 'escaped',
      id: m.id,
      overflow: err instanceof RangeError && /call stack/i.test(err.message),
      message: err instanceof Error ? err.message : String(err),
    };
  } finally {
    engine.release(slot, poisoned);
  }
}

// One run at a time: the pool sends the next only after this one's answer.
port.on('message', (m: ToWorker) => {
  if (m.type === 'run') void run(m).then((answer) => port.postMessage(answer));
});

// Instantiate the module (and its spare) before saying ready, so the first run pays no start-up.
const slot = await engine.acquire();
engine.release(slot, false);
port.postMessage({ type: 'ready', clock: cpu?.source ?? 'wall' } satisfies FromWorker);
