// Starts Metadesk as a real process on a free port, for browser tests and benches: from its sources
// through tsx (no build needed), or from its build as `npm start` does.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
  /** Sends the signal (SIGKILL: a crash, nothing runs on the way out) and waits for the process to exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  /** Run the build (dist/server/main.js, as `npm start` does) instead of the sources through tsx. */
  built?: boolean;
  /** How often /healthz is polled while starting (ms; default 100): benches timing a start poll finer. */
  pollMs?: number;
  /** CPUs the server may run on (`taskset -c`, e.g. '0'): benches keep their load generator off the server's core. */
  cpus?: string;
}

/** Spawns the server with the given environment and waits until /healthz answers. */
export async function startServer(
  env: Record<string, string>,
  args: string[] = [],
  nodeArgs: string[] = [],
  options: StartOptions = {},
): Promise<ServerProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const root = path.resolve(import.meta.dirname, '..');
  // The build runs as package.json's `start` runs it.
  const entry = options.built ? ['--enable-source-maps', '--max-semi-space-size=32', 'dist/server/main.js'] : ['--import', 'tsx', 'server/main.ts'];
  const command = [process.execPath, ...nodeArgs, ...entry, ...args];
  // taskset executes node in its own place: the child's pid stays the server's.
  const [file, ...argv] = options.cpus ? ['taskset', '-c', options.cpus, ...command] : command;
  const child = spawn(file!, argv, {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start in 30 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
  }
  return {
    url,
    port,
    child,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
    kill: (signal) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
