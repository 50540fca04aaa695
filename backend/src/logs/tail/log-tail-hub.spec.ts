import { formatPointer } from '../committed-logs-pointer';
import type { IncidentEventListener } from '../../outbox';
import type { LogMatchFilters } from '../log-search';
import type { CommittedSpan } from './committed-logs-read';
import { LogTailHub, MAX_PENDING_ROWS, READ_INTERVAL_MS, READ_LIMIT, type TailSink } from './log-tail-hub';
import type { LogTailRepository, MatchedLog } from './log-tail.repository';

class FakeListener {
  handler?: (payload: string) => void;
  reconnect?: () => void;
  listens = 0;
  unlistens = 0;

  async listen(_channel: string, handler: (payload: string) => void) {
    this.listens++;
    this.handler = handler;
    return async () => {
      this.unlistens++;
      this.handler = undefined;
    };
  }

  onReconnect(handler: () => void) {
    this.reconnect = handler;
    return () => undefined;
  }

  notify(first: number, last: number) {
    this.handler?.(formatPointer({ firstId: String(first), lastId: String(last), fromMs: 0, toMs: 1, count: last - first + 1 }));
  }
}

/** Rows of the span whose id is in `stored`; a row matches a filter when its level is at least the filter's minLevel. */
class FakeRepository {
  readonly reads: { span: CommittedSpan; filters: readonly LogMatchFilters[] }[] = [];
  stored = new Map<number, 'INFO' | 'ERROR'>();
  latest: bigint | null = null;
  gate?: Promise<void>;

  async readCommitted(span: CommittedSpan, filters: readonly LogMatchFilters[], limit: number): Promise<MatchedLog[]> {
    this.reads.push({ span, filters });
    await this.gate;
    const rows: MatchedLog[] = [];
    for (let id = Number(span.firstId); id <= Number(span.lastId) && rows.length < limit; id++) {
      const level = this.stored.get(id);
      if (!level) continue;
      const matches = filters.map((f) => f.minLevel === undefined || (f.minLevel === 'ERROR' ? level === 'ERROR' : true));
      if (matches.some(Boolean))
        rows.push({ id: String(id), json: JSON.stringify({ id: String(id), level }), matches: matches.map(Number).join('') });
    }
    return rows;
  }

  async latestId() {
    return this.latest;
  }
}

class Sink implements TailSink {
  readonly ids: string[] = [];
  skipped = 0;
  offer(frame: string) {
    this.ids.push(JSON.parse(frame.split('data: ')[1]!).id);
  }
  skip(count: number) {
    this.skipped += count;
  }
}

// Longer than READ_INTERVAL_MS: the reads due by then have happened.
const settle = () => new Promise((resolve) => setTimeout(resolve, READ_INTERVAL_MS * 3));
const all: LogMatchFilters = { metadata: [] };
const errors: LogMatchFilters = { minLevel: 'ERROR', metadata: [] };

function setup() {
  const listener = new FakeListener();
  const repository = new FakeRepository();
  const hub = new LogTailHub(listener as unknown as IncidentEventListener, repository as unknown as LogTailRepository);
  hub.onModuleInit();
  return { listener, repository, hub };
}

describe('LogTailHub', () => {
  it('listens only while it has clients', async () => {
    const { listener, hub } = setup();
    expect(listener.listens).toBe(0);
    const stopA = await hub.subscribe(all, new Sink());
    const stopB = await hub.subscribe(errors, new Sink());
    expect(listener.listens).toBe(1);
    stopA();
    expect(listener.unlistens).toBe(0);
    stopB();
    await settle();
    expect(listener.unlistens).toBe(1);
  });

  it('reads each commit once for all its clients, one column per distinct filter, and gives each client what it matched', async () => {
    const { listener, repository, hub } = setup();
    const sinks = Array.from({ length: 5 }, () => new Sink());
    for (const [i, sink] of sinks.entries()) await hub.subscribe(i < 3 ? errors : all, sink);
    repository.stored = new Map([
      [10, 'INFO'],
      [11, 'ERROR'],
    ]);
    listener.notify(10, 11);
    await settle();
    expect(repository.reads).toHaveLength(1);
    expect(repository.reads[0]!.filters).toEqual([errors, all]);
    expect(sinks.map((sink) => sink.ids)).toEqual([['11'], ['11'], ['11'], ['10', '11'], ['10', '11']]);
  });

  it('sends a row once when interleaved commits make it part of two spans', async () => {
    const { listener, repository, hub } = setup();
    const sink = new Sink();
    await hub.subscribe(all, sink);
    repository.stored = new Map([
      [1, 'INFO'],
      [2, 'INFO'],
      [3, 'INFO'],
    ]);
    listener.notify(1, 3);
    await settle();
    listener.notify(2, 2);
    await settle();
    expect(repository.reads).toHaveLength(2);
    expect(sink.ids).toEqual(['1', '2', '3']);
  });

  it('reads the first commit at once and those announced meanwhile together, next, at most one read per interval', async () => {
    const { listener, repository, hub } = setup();
    await hub.subscribe(all, new Sink());
    let open!: () => void;
    repository.gate = new Promise((resolve) => (open = resolve));
    listener.notify(1, 1);
    listener.notify(2, 2);
    listener.notify(3, 3);
    open();
    await settle();
    expect(repository.reads.map((read) => [read.span.firstId, read.span.lastId])).toEqual([
      [1n, 1n],
      [2n, 3n],
    ]);
  });

  it('gives up the oldest commits when it falls too far behind and tells every client how many logs it missed', async () => {
    const { listener, repository, hub } = setup();
    const sink = new Sink();
    await hub.subscribe(all, sink);
    let open!: () => void;
    repository.gate = new Promise((resolve) => (open = resolve));
    listener.notify(1, 1);
    listener.notify(2, 1001);
    listener.notify(1002, 1001 + MAX_PENDING_ROWS);
    open();
    await settle();
    expect(sink.skipped).toBe(1000);
    expect(repository.reads[1]!.span).toMatchObject({ firstId: 1002n, lastId: BigInt(1001 + MAX_PENDING_ROWS) });
  });

  it('reads a large backlog in several reads of at most READ_LIMIT rows', async () => {
    const { listener, repository, hub } = setup();
    const sink = new Sink();
    await hub.subscribe(all, sink);
    repository.stored = new Map(Array.from({ length: READ_LIMIT + 10 }, (_, i) => [i + 1, 'INFO' as const]));
    listener.notify(1, READ_LIMIT + 10);
    await settle();
    expect(repository.reads.map((read) => read.span.firstId)).toEqual([1n, BigInt(READ_LIMIT + 1)]);
    expect(sink.ids).toHaveLength(READ_LIMIT + 10);
  });

  it('after the LISTEN connection came back, reads what was committed since the last NOTIFY it saw', async () => {
    const { listener, repository, hub } = setup();
    await hub.subscribe(all, new Sink());
    listener.notify(1, 5);
    await settle();
    repository.latest = 42n;
    listener.reconnect!();
    await settle();
    expect(repository.reads[1]!.span).toMatchObject({ firstId: 6n, lastId: 42n });
    expect(repository.reads[1]!.span.fromMs).toBeUndefined();
  });
});
