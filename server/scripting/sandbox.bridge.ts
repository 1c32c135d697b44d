import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';
import type { Meter } from './sandbox.clock';
import type { Reply } from './sandbox.host-calls';
import { CONSOLE_SOURCE, DESCRIBE_SOURCE, PRELUDE_FILE } from './sandbox.prelude';
import { LIMITS, type LogLine } from './sandbox.types';

// Installs the host API in a fresh context. Built through the FFI rather than by a JavaScript
// prelude, which would be recompiled on every run: `lead`, `bot` … are frozen objects of host
// functions. Values cross only as JSON text, made and read inside the VM by its own JSON.stringify
// and JSON.parse (captured before user code runs), so host functions never see a VM object and user
// code never sees a host object. A host call is synchronous for user code: the worker thread blocks
// until the main thread has answered (sandbox.worker.ts), so `lead.*`, `bot.*`, `http.*` return values.

/** The host side as a run sees it from the worker: the API's names and a blocking call. */
export interface HostLink {
  spec: Record<string, string[]>;
  /** Calls ns.fn with its arguments as JSON text; blocks until the answer, or undefined when the wall deadline passed first. */
  call(ns: string, fn: string, argsJson: string, timeoutMs: number): Reply | undefined;
}

/** What a run and its host calls share. */
export interface RunState {
  meter: Meter;
  /** The run's CPU budget (ms), as asked. */
  budgetMs: number;
  /** The interrupt handler stopped the VM (or the loop saw the budget spent between jobs). */
  interrupted: boolean;
  /** The wall deadline passed. */
  wallExpired: boolean;
  /** After the run: host functions are no longer called. */
  ended: boolean;
}

export interface Bridge {
  /** JSON.stringify(value) in the VM, under its limits. */
  toJson(valueH: QuickJSHandle): VmResult;
  /** A thrown value described as JSON text (see DESCRIBE_SOURCE), or undefined if that failed too. */
  describe(errorH: QuickJSHandle): string | undefined;
  readonly logs: LogLine[];
  /**
   * After the run: lets go of the host link. The runtime stays in the module
   * until the module is dropped (see sandbox.run.ts), and so do the host functions inside it; they
   * must not keep the caller's objects (a lead, a run) alive that long.
   */
  detach(): void;
}

/** A value or a thrown value, as a host function returns it to QuickJS. */
type VmResult = { value: QuickJSHandle; error?: undefined } | { error: QuickJSHandle };
/** The library's result types (DisposableResult) as a plain VmResult. */
const vmResult = (r: { value?: QuickJSHandle; error?: QuickJSHandle } | object): VmResult => {
  const { value, error } = r as { value?: QuickJSHandle; error?: QuickJSHandle };
  return error ? { error } : { value: value! };
};

const LEVELS = new Set<LogLine['level']>(['log', 'info', 'warn', 'error']);

export function installBridge(vm: QuickJSContext, state: RunState, link: HostLink): Bridge {
  let host: HostLink | undefined = link;
  const jsonH = vm.getProp(vm.global, 'JSON');
  const stringifyH = vm.getProp(jsonH, 'stringify');
  const parseH = vm.getProp(jsonH, 'parse');
  jsonH.dispose();
  // Taken now, before user code can replace them (or hide them behind a getter that never returns).
  const stringH = vm.getProp(vm.global, 'String');
  const lazy = new Map<string, QuickJSHandle>();
  /** A helper from sandbox.prelude.ts, compiled on first use in this run. */
  const helper = (source: string): VmResult => {
    const have = lazy.get(source);
    if (have) return { value: have };
    const r = vmResult(vm.evalCode(source, PRELUDE_FILE));
    if (!r.error) lazy.set(source, r.value);
    return r;
  };

  const logs: LogLine[] = [];
  let dropped = 0;

  const str = (h: QuickJSHandle | undefined): string | undefined => (h && vm.typeof(h) === 'string' ? vm.getString(h) : undefined);

  const toVm = (reply: Reply): VmResult => {
    if (reply.kind === 'undefined') return { value: vm.undefined };
    if (reply.kind === 'value') {
      const textH = vm.newString(reply.json);
      const r = vm.callFunction(parseH, vm.undefined, textH);
      textH.dispose();
      return vmResult(r);
    }
    const errorH = vm.newError({ name: 'HostError', message: reply.message });
    if (reply.code !== undefined) vm.newString(reply.code).consume((codeH) => vm.setProp(errorH, 'code', codeH));
    return { error: errorH };
  };

  // JSON.stringify of each argument inside the VM, joined here: no VM array whose prototype user code could have rigged.
  const argsJson = (args: QuickJSHandle[]): { json: string; error?: undefined } | { error: QuickJSHandle } => {
    const parts: string[] = [];
    for (const a of args) {
      const r = vm.callFunction(stringifyH, vm.undefined, a);
      if (r.error) return { error: r.error };
      parts.push(str(r.value) ?? 'null');
      r.value.dispose();
    }
    return { json: `[${parts.join(',')}]` };
  };

  const hostFunction = (ns: string, fn: string) =>
    vm.newFunction(fn, (...args): VmResult => {
      const json = argsJson(args);
      if (json.error) return { error: json.error };
      if (!host || state.ended) return toVm({ kind: 'error', message: 'the run has ended' });
      if (json.json.length > LIMITS.resultChars) return toVm({ kind: 'error', message: 'the arguments are too large' });
      const t0 = performance.now();
      const reply = host.call(ns, fn, json.json, Math.max(0, state.meter.wallLeft()));
      state.meter.waited(performance.now() - t0);
      if (reply) return toVm(reply);
      // The wall deadline passed while the host was still working: the run ends as a timeout (the
      // interrupt handler stops the VM at its next poll; this error stops the code at once).
      state.wallExpired = true;
      return toVm({ kind: 'error', message: `${ns}.${fn}() did not answer before the run's deadline` });
    });

  const objectH = vm.getProp(vm.global, 'Object');
  const freezeH = vm.getProp(objectH, 'freeze');
  objectH.dispose();
  for (const [ns, names] of Object.entries(link.spec)) {
    const nsH = vm.newObject();
    for (const fn of names) hostFunction(ns, fn).consume((fH) => vm.setProp(nsH, fn, fH));
    vm.callFunction(freezeH, vm.undefined, nsH).dispose();
    vm.defineProp(vm.global, ns, { value: nsH, configurable: false, enumerable: false });
    nsH.dispose();
  }
  freezeH.dispose();

  // `console` is compiled on first use: most conditions and scripts never log.
  let consoleH: QuickJSHandle | undefined;
  const logH = vm.newFunction('log', (levelH, messageH) => {
    const level = str(levelH) as LogLine['level'] | undefined;
    const message = str(messageH);
    if (!level || !LEVELS.has(level) || message === undefined || state.ended) return;
    if (logs.length >= LIMITS.logLines) return void dropped++;
    logs.push({ level, message: message.length > LIMITS.logLineChars ? `${message.slice(0, LIMITS.logLineChars)}…` : message, at: Date.now() });
  });
  vm.defineProp(vm.global, 'console', {
    configurable: true,
    enumerable: false,
    get: () => {
      if (!consoleH) {
        const factory = helper(CONSOLE_SOURCE);
        if (factory.error) return (void factory.error.dispose(), vm.undefined);
        const max = vm.newNumber(LIMITS.logLineChars);
        const made = vm.callFunction(factory.value, vm.undefined, logH, max, stringifyH);
        max.dispose();
        if (made.error) return (void made.error.dispose(), vm.undefined);
        consoleH = made.value;
      }
      return consoleH.dup();
    },
    set: (v) => {
      consoleH = v.dup();
    },
  });

  return {
    toJson: (valueH) => vmResult(vm.callFunction(stringifyH, vm.undefined, valueH)),
    describe(errorH) {
      const factory = helper(DESCRIBE_SOURCE);
      if (factory.error) return void factory.error.dispose();
      const made = vm.callFunction(factory.value, vm.undefined, stringifyH, stringH);
      if (made.error) return void made.error.dispose();
      const r = vm.callFunction(made.value, vm.undefined, errorH);
      made.value.dispose();
      if (r.error) return void r.error.dispose();
      const text = str(r.value);
      r.value.dispose();
      return text;
    },
    get logs() {
      return dropped > 0
        ? [...logs, { level: 'warn' as const, message: `… ${dropped} more log lines dropped (limit ${LIMITS.logLines})`, at: Date.now() }]
        : logs;
    },
    detach() {
      host = undefined;
    },
  };
}
