interface Entry<T> {
  at: number;
  seq: number;
  item: T;
}

/**
 * The simulator's agenda: a binary min-heap of items by time, then by the order they were pushed, so
 * two events at the same moment happen in the order they were scheduled (runs are reproducible).
 */
export class ClockQueue<T> {
  private readonly heap: Entry<T>[] = [];
  private pushed = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, item: T): void {
    const h = this.heap;
    const e = { at, seq: this.pushed++, item };
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(e, h[parent]!)) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = e;
  }

  /** The earliest item with its time, or undefined when none is left. */
  pop(): { at: number; item: T } | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined) return undefined;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const child = r < h.length && before(h[r]!, h[l]!) ? r : l;
        if (!before(h[child]!, last)) break;
        h[i] = h[child]!;
        i = child;
      }
      h[i] = last;
    }
    return { at: top.at, item: top.item };
  }
}

const before = <T>(a: Entry<T>, b: Entry<T>) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
