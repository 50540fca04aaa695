import { sseComment, sseEvent } from '../../common/sse-frame';

/** What a tail stream writes to: a Node writable (the HTTP response), seen through what it needs. */
export interface TailOutput {
  /** False when the socket's buffer is full: wait for 'drain' before writing more. */
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

/**
 * While corked, lines for a client that keeps up leave in writes of about this size: one
 * write per line costs more than the line itself at thousands of lines a second, and one
 * write per read could hand the socket megabytes at once.
 */
const CHUNK_CHARS = 64 * 1024;

export interface TailBufferLimits {
  /** Lines waiting for a slow client, at most. */
  lines: number;
  /** Bytes of those lines, at most. */
  bytes: number;
}

/**
 * One live-tail connection's output: writes at once while the client keeps up, queues a
 * bounded number of lines while the socket is full, and drops lines beyond that. The
 * stream never blocks whoever feeds it and never holds more than `limits` for a client.
 *
 * Once a line was dropped, every further line is dropped too until the queue has drained;
 * then one `skipped` event says how many were left out, exactly where they were. A client
 * thus sees: the lines before the gap, `event: skipped` with `{skipped: N}`, the lines after it.
 */
export class TailStream {
  private readonly queue: string[] = [];
  private queuedBytes = 0;
  private skipped = 0;
  private waitingForDrain = false;
  private closed = false;
  private corked = false;
  private chunk = '';

  constructor(
    private readonly output: TailOutput,
    private readonly limits: TailBufferLimits,
  ) {}

  /** Lines dropped and not reported yet (for tests and metrics). */
  get pendingSkipped(): number {
    return this.skipped;
  }

  /** One SSE frame (a log). */
  offer(frame: string): void {
    if (this.closed) return;
    if (this.caughtUp) {
      if (!this.corked) return this.write(frame);
      this.chunk += frame;
      if (this.chunk.length >= CHUNK_CHARS) this.write('');
      return;
    }
    const bytes = Buffer.byteLength(frame);
    if (this.skipped === 0 && this.queue.length < this.limits.lines && this.queuedBytes + bytes <= this.limits.bytes) {
      this.queue.push(frame);
      this.queuedBytes += bytes;
      return;
    }
    this.skipped++;
  }

  /** Lines left out before they reached this stream (the instance fell behind). */
  skip(count: number): void {
    if (count <= 0 || this.closed) return;
    const caughtUp = this.caughtUp;
    this.skipped += count;
    if (caughtUp) this.reportSkipped();
  }

  /** Lines offered between cork() and uncork() leave together, in writes of up to CHUNK_CHARS. */
  cork(): void {
    this.corked = true;
  }

  uncork(): void {
    this.corked = false;
    if (this.chunk) this.write('');
  }

  /** A comment that keeps proxies from closing an idle stream; pointless (and not sent) while the client lags. */
  heartbeat(): void {
    if (this.caughtUp && !this.closed) this.write(sseComment('heartbeat'));
  }

  /** The connection ended: whatever still comes is dropped. */
  close(): void {
    this.closed = true;
    this.chunk = '';
    this.queue.length = 0;
    this.queuedBytes = 0;
  }

  private get caughtUp(): boolean {
    return !this.waitingForDrain && this.queue.length === 0 && this.skipped === 0;
  }

  /** Writes what the current chunk holds, then `text`. */
  private write(text: string): void {
    const chunk = this.chunk + text;
    this.chunk = '';
    // An empty write could read as the end of a chunked response: never send one.
    if (chunk === '' || this.output.write(chunk)) return;
    this.waitingForDrain = true;
    this.output.once('drain', () => this.drain());
  }

  private drain(): void {
    this.waitingForDrain = false;
    if (this.closed) return;
    while (this.queue.length > 0) {
      const frame = this.queue.shift()!;
      this.queuedBytes -= Buffer.byteLength(frame);
      this.write(frame);
      if (this.waitingForDrain) return;
    }
    if (this.skipped > 0) this.reportSkipped();
  }

  private reportSkipped(): void {
    const skipped = this.skipped;
    this.skipped = 0;
    this.write(sseEvent({ event: 'skipped', data: { skipped } }));
  }
}
