import { ServiceUnavailableException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { Pool } from 'pg';
import type { AppConfig } from '../config/app-config';
import { LogsRepository } from '../logs';
import { AppMetrics } from '../metrics';
import { CommittedLogsNotifier } from './committed-logs-notifier';
import { GroupCommitWriter } from './group-commit-writer';
import type { LogRow } from './log-validation';
import { LOGS_COMMITTED, type LogsCommittedEvent } from './logs-committed.event';

const row = (message: string, level: LogRow['level'] = 'INFO', serviceId = 'svc'): LogRow => ({
  timestampMs: Date.now(),
  serviceId,
  level,
  message,
  metadata: null,
});

/** A pool whose INSERTs take as long as the test says, and fail as it says. */
class FakePool {
  readonly statements: { messages: string[] }[] = [];
  readonly notifications: unknown[][] = [];
  behaviour: (messages: string[]) => Promise<void> = async () => undefined;
  private nextId = 1;

  async query(query: string | { text: string; values: unknown[] }, values?: unknown[]) {
    if (typeof query === 'string') {
      if (query.includes('pg_notify')) this.notifications.push(values ?? []);
      return { rows: [], rowCount: 0, values };
    }
    const messages = query.values[3] as string[];
    this.statements.push({ messages });
    await this.behaviour(messages);
    // What the batch statement returns: the id range it inserted.
    const first = this.nextId;
    this.nextId += messages.length;
    return { rows: [{ first_id: String(first), last_id: String(this.nextId - 1) }], rowCount: 1 };
  }
}

function setup(overrides: Partial<AppConfig['ingest']> = {}) {
  const pool = new FakePool();
  const events = new EventEmitter2();
  const config = { ingest: { queueMaxLogs: 1000, batchMaxRows: 100, writers: 1, writeTimeoutMs: 2000, ...overrides } } as AppConfig;
  const notifier = new CommittedLogsNotifier(pool as unknown as Pool);
  const writer = new GroupCommitWriter(new LogsRepository(pool as unknown as Pool), config, events, notifier, new AppMetrics());
  writer.onModuleInit();
  return { pool, events, writer };
}

const settled = <T>(promise: Promise<T>) =>
  promise.then(
    () => 'committed',
    (error: unknown) => (error instanceof ServiceUnavailableException ? '503' : `error: ${String(error)}`),
  );

describe('GroupCommitWriter', () => {
  let writer: GroupCommitWriter;
  afterEach(() => writer.beforeApplicationShutdown());

  it('writes requests that arrive together in one statement', async () => {
    const s = setup();
    writer = s.writer;
    const results = await Promise.all(['a', 'b', 'c'].map((m) => writer.write([row(m)])));
    expect(results).toHaveLength(3);
    expect(s.pool.statements).toEqual([{ messages: ['a', 'b', 'c'] }]);
  });

  it('answers a request only once its statement has committed', async () => {
    const s = setup();
    writer = s.writer;
    let commit!: () => void;
    s.pool.behaviour = () => new Promise<void>((resolve) => (commit = resolve));
    let done = false;
    const pending = writer.write([row('a')]).then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(done).toBe(false);
    commit();
    await pending;
    expect(done).toBe(true);
  });

  it('never splits a request and respects the row budget of a statement', async () => {
    const s = setup({ batchMaxRows: 3 });
    writer = s.writer;
    await Promise.all([writer.write([row('a1'), row('a2')]), writer.write([row('b1'), row('b2')]), writer.write([row('c1')])]);
    expect(s.pool.statements.map((st) => st.messages)).toEqual([
      ['a1', 'a2'],
      ['b1', 'b2', 'c1'],
    ]);
  });

  it('fails only the request whose data the database refuses, writing the others again alone', async () => {
    const s = setup();
    writer = s.writer;
    s.pool.behaviour = async (messages) => {
      if (messages.includes('poison')) throw Object.assign(new Error('invalid input syntax'), { code: '22P02' });
    };
    const results = await Promise.all([
      settled(writer.write([row('a')])),
      settled(writer.write([row('poison')])),
      settled(writer.write([row('c')])),
    ]);
    expect(results[0]).toBe('committed');
    expect(results[1]).toMatch(/^error/);
    expect(results[2]).toBe('committed');
  });

  it('answers 503 to every request of a statement when the database is unreachable', async () => {
    const s = setup();
    writer = s.writer;
    s.pool.behaviour = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    };
    expect(await Promise.all([settled(writer.write([row('a')])), settled(writer.write([row('b')]))])).toEqual(['503', '503']);
    expect(s.pool.statements).toHaveLength(1);
  });

  it('answers 503 within the write timeout when the database hangs, queued requests included', async () => {
    const s = setup({ writeTimeoutMs: 150 });
    writer = s.writer;
    s.pool.behaviour = () => new Promise<void>(() => undefined);
    const started = Date.now();
    const inFlight = settled(writer.write([row('a')]));
    await new Promise((resolve) => setImmediate(resolve));
    const queued = settled(writer.write([row('b')]));
    expect(await Promise.all([inFlight, queued])).toEqual(['503', '503']);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses at once with 503 when the queue is full', async () => {
    const s = setup({ queueMaxLogs: 2 });
    writer = s.writer;
    let commit!: () => void;
    s.pool.behaviour = () => new Promise<void>((resolve) => (commit = resolve));
    const first = writer.write([row('in flight')]);
    await new Promise((resolve) => setImmediate(resolve));
    const queued = writer.write([row('q1'), row('q2')]);
    expect(() => writer.write([row('one too many')])).toThrow(ServiceUnavailableException);
    commit();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    commit();
    await queued;
  });

  it('announces each commit with its count, services and highest level', async () => {
    const s = setup();
    writer = s.writer;
    const announced = new Promise<LogsCommittedEvent>((resolve) => s.events.once(LOGS_COMMITTED, resolve));
    await Promise.all([writer.write([row('a', 'INFO', 'x')]), writer.write([row('b', 'ERROR', 'y'), row('c', 'WARN', 'x')])]);
    expect(await announced).toEqual({ count: 3, serviceIds: ['x', 'y'], maxLevel: 'ERROR' });
  });

  it('tells other instances where the committed logs are (ids and times), after answering, and before the pool closes', async () => {
    const s = setup();
    writer = s.writer;
    const at = (ms: number): LogRow => ({ ...row('a'), timestampMs: ms });
    await Promise.all([writer.write([at(2000), at(1000)]), writer.write([at(3000)])]);
    await writer.beforeApplicationShutdown();
    expect(s.pool.notifications).toEqual([
      ['logs_committed', JSON.stringify({ first_id: '1', last_id: '3', from: 1000, to: 3000, count: 3 })],
    ]);
  });

  it('refuses new logs during shutdown but commits those already queued', async () => {
    const s = setup();
    writer = s.writer;
    let commit!: () => void;
    s.pool.behaviour = () => new Promise<void>((resolve) => (commit = resolve));
    const queued = writer.write([row('a')]);
    await new Promise((resolve) => setImmediate(resolve));
    writer.onModuleDestroy();
    expect(() => writer.write([row('late')])).toThrow(/shutting down/);
    const shutdown = writer.beforeApplicationShutdown();
    commit();
    await queued;
    await shutdown;
  });
});
