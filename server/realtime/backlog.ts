import type { Executor } from '../storage/db';
import { listEventsSince } from './event-log.repo';
import { encodeEvent, type Frame } from './subscriber';

export interface BacklogOptions {
  /** Events per page: pages are aligned to multiples of it, so sockets at nearby seqs share them. */
  pageSize: number;
  /** Pages nobody read for this long are dropped (their memory is the cost of a reconnect wave). */
  idleMs: number;
  /** Most pages kept per business; the oldest go first. */
  maxPages: number;
  now: () => number;
}

/** Seqs (from, through] of one aligned page, read so far; `frames` ascending, contiguous but for pruned ones. */
interface Page {
  frames: Frame[];
  through: number;
  filling: Promise<void> | null;
  usedAt: number;
}

/**
 * One business's recent events, read from the log and encoded once for every socket that catches
 * up. After a restart thousands of sockets ask for nearly the same seqs: without this each would
 * query, validate and serialize the same events again. Live events extend the pages a catch-up
 * opened, so a socket that reconnects a moment later reads memory, not the database. Steady state
 * (nobody catching up) holds nothing.
 */
export class Backlog {
  private readonly pages = new Map<number, Page>();

  constructor(
    private readonly db: Executor,
    private readonly businessId: number,
    private readonly options: BacklogOptions,
  ) {}

  /**
   * Frames with seq in (after, upTo], at most one page of them, starting with the first after
   * `after` still kept in the log (a caller checks it is `after + 1`: older ones may be pruned).
   */
  async read(after: number, upTo: number): Promise<Frame[]> {
    const size = this.options.pageSize;
    const index = Math.floor(after / size);
    const end = Math.min((index + 1) * size, upTo);
    const page = this.pages.get(index) ?? this.open(index);
    page.usedAt = this.options.now();
    while (page.through < end) {
      page.filling ??= this.fill(page, end).finally(() => {
        page.filling = null;
      });
      await page.filling;
    }
    return page.frames.filter((f) => f.event.seq > after && f.event.seq <= upTo);
  }

  /** A live event, in seq order: kept if it continues a page already open. */
  append(f: Frame): void {
    if (this.pages.size === 0) return;
    const seq = f.event.seq;
    const index = Math.floor((seq - 1) / this.options.pageSize);
    const page = this.pages.get(index);
    if (page && !page.filling && page.through === seq - 1) {
      page.frames.push(f);
      page.through = seq;
      return;
    }
    const before = this.pages.get(index - 1);
    if (!page && before && !before.filling && before.through === seq - 1) {
      const next = this.open(index);
      next.frames.push(f);
      next.through = seq;
    }
  }

  /** Drops pages nobody read lately. */
  sweep(): void {
    const oldest = this.options.now() - this.options.idleMs;
    for (const [index, page] of this.pages) if (page.usedAt < oldest && !page.filling) this.pages.delete(index);
  }

  /** Pages kept (for tests and metrics). */
  get size(): number {
    return this.pages.size;
  }

  private open(index: number): Page {
    const page: Page = { frames: [], through: index * this.options.pageSize, filling: null, usedAt: this.options.now() };
    this.pages.set(index, page);
    while (this.pages.size > this.options.maxPages) this.pages.delete(Math.min(...this.pages.keys()));
    return page;
  }

  private async fill(page: Page, end: number): Promise<void> {
    const events = await listEventsSince(this.db, this.businessId, page.through, end - page.through);
    for (const e of events) if (e.seq <= end) page.frames.push(encodeEvent(e));
    // Everything up to `end` was committed before anyone asked for it: missing ones were pruned.
    page.through = end;
  }
}
