import fs from 'node:fs';

// How much time a run has used. The CPU budget is the worker thread's *own* running time, read from
// Linux (/proc/thread-self/schedstat: nanoseconds on the CPU; /proc/thread-self/stat: clock ticks),
// so a run that waits for a core on a busy machine is not charged for the wait. Where neither
// exists, the wall clock minus host-call waits stands in. A wall cap (10 × the budget of time not
// spent in host calls) still ends a run that is starved of CPU, and the run's wall deadline ends
// everything. See docs/scripting-sandbox.md.

/** The thread's own CPU time in milliseconds, or undefined when the platform does not tell. */
export type ThreadClock = () => number;

/** USER_HZ: what /proc reports times in. 100 on every Linux architecture Node runs on (`getconf CLK_TCK`). */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * A clock of the calling thread's CPU time. Must be created on the thread it measures (the fd is
 * opened through /proc/thread-self, which names the opening thread); each reading is one pread.
 */
export function threadCpuClock(): { clock: ThreadClock; source: 'schedstat' | 'stat' } | undefined {
  const buf = Buffer.alloc(512);
  const open = (file: string): number | undefined => {
    try {
      return fs.openSync(file, 'r');
    } catch {
      return undefined;
    }
  };
  const read = (fd: number): string => buf.toString('latin1', 0, fs.readSync(fd, buf, 0, buf.length, 0));
  const schedstat = open('/proc/thread-self/schedstat');
  if (schedstat !== undefined) {
    const clock = () => Number(read(schedstat).split(' ', 1)[0]) / 1e6;
    if (Number.isFinite(clock())) return { clock, source: 'schedstat' };
    fs.closeSync(schedstat);
  }
  const stat = open('/proc/thread-self/stat');
  if (stat !== undefined) {
    const clock = () => {
      // "pid (comm) state ..." — comm may contain spaces: count fields after the last ')'. utime, stime are fields 14, 15.
      const text = read(stat);
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
    };
    if (Number.isFinite(clock())) return { clock, source: 'stat' };
    fs.closeSync(stat);
  }
  return undefined;
}

/** How often (wall ms) the interrupt handler reads the CPU clock; between readings it reads only performance.now(). */
const READ_EVERY_MS = 1;
/** A run starved of CPU still ends after this many times its budget of wall time outside host calls. */
export const WALL_CAP_FACTOR = 10;

export type Overrun = 'cpu' | 'wall' | undefined;

/** The clocks of one run: its own CPU time against the budget, plus the wall caps. */
export class Meter {
  private readonly start = performance.now();
  private readonly cpuStart: number;
  private lastRead = this.start;
  private cpuUsed = 0;
  private hostWait = 0;
  private cpuLimit: number;
  private activeLimit: number;
  wallDeadline: number;

  constructor(
    private readonly cpu: ThreadClock | undefined,
    budgetMs: number,
    wallTimeoutMs: number,
  ) {
    this.cpuStart = cpu ? cpu() : 0;
    this.cpuLimit = budgetMs;
    this.activeLimit = budgetMs * WALL_CAP_FACTOR;
    this.wallDeadline = this.start + wallTimeoutMs;
  }

  /** Wall time outside host calls. */
  private active(now: number): number {
    return now - this.start - this.hostWait;
  }

  /** Whether the run is over its CPU budget (or its starvation cap: 'cpu' too) or its wall deadline. Cheap enough for every interrupt poll. */
  check(): Overrun {
    const now = performance.now();
    if (now > this.wallDeadline) return 'wall';
    const active = this.active(now);
    if (active > this.activeLimit) return 'cpu';
    if (!this.cpu) return active > this.cpuLimit ? 'cpu' : undefined;
    if (now - this.lastRead >= READ_EVERY_MS) {
      this.lastRead = now;
      this.cpuUsed = this.cpu() - this.cpuStart;
    }
    return this.cpuUsed > this.cpuLimit ? 'cpu' : undefined;
  }

  /** Time spent blocked in a host call: not the script's (the thread is asleep meanwhile, so its CPU clock stands still too). */
  waited(ms: number): void {
    this.hostWait += ms;
  }

  /** Gives `ms` more from now (to describe an error after a timeout), on every clock. */
  grant(ms: number): void {
    const now = performance.now();
    this.cpuUsed = this.cpu ? this.cpu() - this.cpuStart : this.active(now);
    this.lastRead = now;
    this.cpuLimit = this.cpuUsed + ms;
    this.activeLimit = this.active(now) + ms * WALL_CAP_FACTOR;
    this.wallDeadline = Math.max(this.wallDeadline, now + ms * WALL_CAP_FACTOR);
  }

  /** Milliseconds left before the wall deadline. */
  wallLeft(): number {
    return this.wallDeadline - performance.now();
  }
}
