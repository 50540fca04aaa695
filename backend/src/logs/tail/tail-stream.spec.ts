import { TailStream, type TailOutput } from './tail-stream';

/** A socket whose buffer holds `capacity` writes; `drain()` empties it, as the peer reading would. */
class FakeSocket implements TailOutput {
  readonly delivered: string[] = [];
  private buffered = 0;
  private drainListeners: (() => void)[] = [];
  constructor(private readonly capacity: number) {}

  write(chunk: string): boolean {
    this.delivered.push(chunk);
    this.buffered++;
    return this.buffered < this.capacity;
  }

  once(_event: 'drain', listener: () => void): void {
    this.drainListeners.push(listener);
  }

  drain(): void {
    this.buffered = 0;
    const listeners = this.drainListeners;
    this.drainListeners = [];
    listeners.forEach((listener) => listener());
  }
}

const line = (n: number) => `event: log\ndata: {"n":${n}}\n\n`;
const skipped = (n: number) => `event: skipped\ndata: {"skipped":${n}}\n\n`;

describe('TailStream', () => {
  it('writes lines at once while the client keeps up', () => {
    const socket = new FakeSocket(100);
    const stream = new TailStream(socket, { lines: 2, bytes: 1000 });
    for (let n = 1; n <= 5; n++) stream.offer(line(n));
    expect(socket.delivered).toEqual([1, 2, 3, 4, 5].map(line));
  });

  it('sends the lines offered while corked in one write, the queue and skipped count working as before after it', () => {
    const socket = new FakeSocket(1);
    const stream = new TailStream(socket, { lines: 2, bytes: 1000 });
    stream.cork();
    for (let n = 1; n <= 3; n++) stream.offer(line(n));
    expect(socket.delivered).toEqual([]);
    stream.uncork();
    expect(socket.delivered).toEqual([line(1) + line(2) + line(3)]);
    stream.cork();
    for (let n = 4; n <= 7; n++) stream.offer(line(n));
    stream.uncork();
    socket.drain();
    socket.drain();
    socket.drain();
    expect(socket.delivered).toEqual([line(1) + line(2) + line(3), line(4), line(5), skipped(2)]);
  });

  it('holds up to the line limit while the socket is full, drops the rest, and says how many once caught up, where the gap was', () => {
    const socket = new FakeSocket(1);
    const stream = new TailStream(socket, { lines: 2, bytes: 1000 });
    for (let n = 1; n <= 6; n++) stream.offer(line(n));
    // 1 filled the socket; 2 and 3 wait; 4, 5, 6 are dropped.
    expect(socket.delivered).toEqual([line(1)]);
    expect(stream.pendingSkipped).toBe(3);
    socket.drain();
    // The socket takes one write at a time: 2, then 3, then the notice.
    socket.drain();
    socket.drain();
    expect(socket.delivered).toEqual([line(1), line(2), line(3), skipped(3)]);
    socket.drain();
    stream.offer(line(7));
    expect(socket.delivered.at(-1)).toBe(line(7));
    expect(stream.pendingSkipped).toBe(0);
  });

  it('drops every line after the first dropped one until the notice is out, so the count sits exactly in the gap', () => {
    const socket = new FakeSocket(1);
    const stream = new TailStream(socket, { lines: 1, bytes: 1000 });
    stream.offer(line(1));
    stream.offer(line(2)); // held
    stream.offer(line(3)); // dropped
    socket.drain(); // 2 goes out and fills the socket: the queue has room again
    stream.offer(line(4)); // still dropped: the notice for 3 has not been sent
    socket.drain();
    expect(socket.delivered).toEqual([line(1), line(2), skipped(2)]);
  });

  it('bounds the bytes held as well as the lines', () => {
    const socket = new FakeSocket(1);
    const stream = new TailStream(socket, { lines: 1000, bytes: line(2).length * 2 });
    for (let n = 1; n <= 10; n++) stream.offer(line(n));
    expect(stream.pendingSkipped).toBe(7);
  });

  it('reports logs skipped upstream at once when caught up, after the queue when not', () => {
    const socket = new FakeSocket(100);
    const stream = new TailStream(socket, { lines: 10, bytes: 1000 });
    stream.skip(40);
    expect(socket.delivered).toEqual([skipped(40)]);

    const slow = new FakeSocket(1);
    const lagging = new TailStream(slow, { lines: 10, bytes: 1000 });
    lagging.offer(line(1));
    lagging.offer(line(2));
    lagging.skip(40);
    lagging.offer(line(3));
    slow.drain();
    slow.drain();
    expect(slow.delivered).toEqual([line(1), line(2), skipped(41)]);
  });

  it('sends heartbeats only while caught up, and nothing once closed', () => {
    const socket = new FakeSocket(1);
    const stream = new TailStream(socket, { lines: 10, bytes: 1000 });
    stream.heartbeat();
    stream.heartbeat();
    expect(socket.delivered).toEqual([': heartbeat\n\n']);
    stream.close();
    socket.drain();
    stream.offer(line(1));
    stream.skip(3);
    stream.heartbeat();
    expect(socket.delivered).toEqual([': heartbeat\n\n']);
  });
});
