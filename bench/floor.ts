// ../shared/bench/floor.mjs run as a child process: the bare minimum of the hot path on this machine,
// for benches that report their numbers as a ratio to it in the same run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** floor.mjs --db with these arguments: its JSON line, or null when it is not there or failed. */
export function runFloor(o: { rate: number; seconds: number; clients: number }): Promise<Record<string, number> | null> {
  const floor = path.resolve(ROOT, '../shared/bench/floor.mjs');
  if (!fs.existsSync(floor)) return Promise.resolve(null);
  return new Promise((resolve) => {
    const args = [floor, '--db', '--clients', String(o.clients), '--rate', String(o.rate), '--seconds', String(o.seconds)];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', () => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as Record<string, number>);
      } catch {
        resolve(null);
      }
    });
  });
}
