// What the benches read of a server process from /proc (Linux): its CPU so far and its resident memory.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** User + system CPU time of a process so far, in ms (clock ticks are 10 ms here). */
export function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory of a process, in MB. */
export function rssMb(pid: number): number {
  const kb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return kb / 1024;
}

/** The soft open-files limit children inherit: each side of a loopback socket is one descriptor per process. */
export function openFilesLimit(): number {
  const out = execFileSync('/bin/sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  return out === 'unlimited' ? Number.POSITIVE_INFINITY : Number(out);
}
