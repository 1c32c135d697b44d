/** What the queue needs of a dialog: its place (since when it waits, then its id) and which stretch of waiting this is. */
export interface Queued {
  readonly id: number;
  readonly waitingSince: number;
  /** Bumped each time the dialog starts waiting; an entry of an earlier stretch is stale. */
  readonly waitSeq: number;
  readonly waiting: boolean;
}

interface Entry<D> {
  d: D;
  seq: number;
  /** The dialog's waitingSince when added: the entry keeps its place whatever the dialog does next. */
  since: number;
}

/** The server's drain order: longest waiting first (a dialog given back waits anew, at the end), then by id. */
export const waitsLonger = (a: Queued, b: Queued): boolean => a.waitingSince < b.waitingSince || (a.waitingSince === b.waitingSince && a.id < b.id);

/**
 * One department's waiting dialogs in the server's drain order. A dialog that stops waiting leaves a
 * stale entry, skipped and swept later, so leaving is O(1); one that starts waiting now goes at the
 * end (or just before dialogs with a higher id that started waiting at the same millisecond).
 */
export class WaitQueue<D extends Queued> {
  private items: Entry<D>[] = [];
  private head = 0;
  private stale = 0;

  add(d: D): void {
    let at = this.items.length;
    while (at > this.head && goesBefore(d, this.items[at - 1]!)) at--;
    const e = { d, seq: d.waitSeq, since: d.waitingSince };
    if (at === this.items.length) this.items.push(e);
    else this.items.splice(at, 0, e);
  }

  /** Tells the queue that one of its dialogs stopped waiting (its entry is now stale). */
  left(): void {
    if (++this.stale > 64 && this.stale * 2 > this.items.length - this.head) {
      this.items = this.items.slice(this.head).filter(live);
      this.head = 0;
      this.stale = 0;
    }
  }

  /** The first waiting dialog, in drain order, for which `pick` answers something; stops there. */
  find<R>(pick: (d: D) => R | null): { d: D; r: R } | null {
    while (this.head < this.items.length && !live(this.items[this.head]!)) {
      this.head++;
      this.stale--;
    }
    for (let i = this.head; i < this.items.length; i++) {
      const e = this.items[i]!;
      if (!live(e)) continue;
      const r = pick(e.d);
      if (r !== null) return { d: e.d, r };
    }
    return null;
  }

  /** The waiting dialogs, in drain order. */
  list(): D[] {
    const out: D[] = [];
    for (let i = this.head; i < this.items.length; i++) if (live(this.items[i]!)) out.push(this.items[i]!.d);
    return out;
  }
}

const live = <D extends Queued>(e: Entry<D>) => e.d.waiting && e.d.waitSeq === e.seq;
const goesBefore = <D extends Queued>(d: D, e: Entry<D>) => d.waitingSince < e.since || (d.waitingSince === e.since && d.id < e.d.id);
