import type { CommittedSpan } from './committed-logs-read';

/** A span of committed logs waiting to be read, with how many logs it holds (as announced). */
export interface PendingSpan extends CommittedSpan {
  count: number;
}

/**
 * The commits an instance has been told about and not read yet, oldest first. They are read
 * together (one span from the lowest to the highest id), and when more wait than the
 * instance may fall behind by, the oldest are given up and counted as skipped.
 */
export class PendingSpans {
  private spans: PendingSpan[] = [];

  get rows(): number {
    return this.spans.reduce((sum, span) => sum + span.count, 0);
  }

  get isEmpty(): boolean {
    return this.spans.length === 0;
  }

  add(span: PendingSpan): void {
    this.spans.push(span);
  }

  /** Back at the front: the part of a read that did not fit in its limit. */
  putBack(span: PendingSpan): void {
    this.spans.unshift(span);
  }

  /** Gives up the oldest spans until at most `maxRows` wait (the newest span is always kept); returns the rows given up. */
  trim(maxRows: number): number {
    let dropped = 0;
    let waiting = this.rows;
    while (this.spans.length > 1 && waiting > maxRows) {
      const oldest = this.spans.shift()!;
      dropped += oldest.count;
      waiting -= oldest.count;
    }
    return dropped;
  }

  /** Everything waiting, as one span (ids of other commits between them are read too, and that is fine: they are committed or not yet visible). */
  takeAll(): PendingSpan | undefined {
    if (this.spans.length === 0) return undefined;
    const [first, ...rest] = this.spans;
    this.spans = [];
    const merged: PendingSpan = { ...first! };
    for (const span of rest) {
      if (span.firstId < merged.firstId) merged.firstId = span.firstId;
      if (span.lastId > merged.lastId) merged.lastId = span.lastId;
      // A span without a time bound (a catch-up) makes the whole read unbounded in time.
      merged.fromMs = merged.fromMs === undefined || span.fromMs === undefined ? undefined : Math.min(merged.fromMs, span.fromMs);
      merged.toMs = merged.toMs === undefined || span.toMs === undefined ? undefined : Math.max(merged.toMs, span.toMs);
      merged.count += span.count;
    }
    return merged;
  }

  clear(): void {
    this.spans = [];
  }
}
