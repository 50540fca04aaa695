import type { LogRow } from './log-validation';

/** One request's logs waiting for their group commit. */
export interface PendingWrite {
  rows: LogRow[];
  enqueuedAt: number;
  settled: boolean;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * FIFO of pending writes with O(1) removal at the head (Array#shift is linear once the
 * queue is long, which is exactly when it must be cheap).
 */
export class WriteQueue {
  private items: (PendingWrite | undefined)[] = [];
  private head = 0;
  /** Rows in the queue (not yet taken by a writer). */
  rows = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(write: PendingWrite): void {
    this.items.push(write);
    this.rows += write.rows.length;
  }

  peek(): PendingWrite | undefined {
    return this.items[this.head];
  }

  shift(): PendingWrite | undefined {
    const write = this.items[this.head];
    if (!write) return undefined;
    this.items[this.head] = undefined;
    this.head++;
    this.rows -= write.rows.length;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return write;
  }

  /** Whole requests from the head, up to `maxRows` rows (at least one request, however large). */
  takeBatch(maxRows: number): PendingWrite[] {
    const batch: PendingWrite[] = [];
    let rows = 0;
    for (let next = this.peek(); next; next = this.peek()) {
      if (batch.length > 0 && rows + next.rows.length > maxRows) break;
      batch.push(this.shift()!);
      rows += next.rows.length;
    }
    return batch;
  }
}
