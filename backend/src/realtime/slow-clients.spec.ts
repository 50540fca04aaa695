import { jest } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import type { AppConfig } from '../config/app-config';
import type { IncidentEventPayload } from '../outbox';
import type { LiveEventHub } from './live-event-hub';
import { LIVE_STREAM_MAX_BUFFERED_BYTES, LiveStreamQuota } from './live-stream-quota';
import { LiveUpdatesGateway } from './live-updates.gateway';
import { SseConnections } from './sse-connections';
import type { StreamAuthenticator, StreamIdentity } from './stream-authenticator';

const identity: StreamIdentity = { user: { id: 'u1', email: 'u1@example.test', role: 'VIEWER' }, tokenVersion: 0 };

// About the size of a real incident.opened payload (0.6-1 KB).
const event = (n: number): IncidentEventPayload =>
  ({ id: `e${n}`, event: 'incident.opened', occurred_at: '2026-11-27T10:00:00.000Z', incident: { title: 'x'.repeat(800) } }) as never;

/** The hub as the streams see it: subscribe, and (for the test) publish to every subscriber. */
class FakeHub {
  private readonly handlers = new Set<(event: IncidentEventPayload) => void>();
  replay: IncidentEventPayload[] = [];
  subscribe(handler: (event: IncidentEventPayload) => void) {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
  publish(e: IncidentEventPayload) {
    this.handlers.forEach((handler) => handler(e));
  }
  eventsAfter() {
    return Promise.resolve(this.replay);
  }
}

const setup = () => {
  const hub = new FakeHub();
  const quota = new LiveStreamQuota({ live: { maxStreamsPerUser: 10, maxStreams: 100 } } as AppConfig);
  const authenticator = { authenticate: () => Promise.resolve(identity), revoked: () => Promise.resolve([]) };
  return { hub, quota, authenticator: authenticator as unknown as StreamAuthenticator, eventHub: hub as unknown as LiveEventHub };
};

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent: string[] = [];
  closed?: { code: number; reason: string };
  terminated = false;
  send(data: string) {
    this.sent.push(data);
  }
  close(code: number, reason: string) {
    this.closed = { code, reason };
  }
  terminate() {
    this.terminated = true;
  }
}

/** A response whose client reads only when the test says (`read`), as a slow consumer would. */
class FakeResponse extends EventEmitter {
  writableLength = 0;
  written: string[] = [];
  ended = false;
  destroyed = false;
  /** A client that keeps up: what is written is read at once (after this turn of the event loop). */
  reading = false;
  writeHead() {
    return this;
  }
  write(chunk: string) {
    this.written.push(chunk);
    this.writableLength += chunk.length;
    if (this.reading && this.writableLength > LIVE_STREAM_MAX_BUFFERED_BYTES) setImmediate(() => this.read());
    return this.writableLength <= LIVE_STREAM_MAX_BUFFERED_BYTES;
  }
  read() {
    this.writableLength = 0;
    this.emit('drain');
  }
  end() {
    this.ended = true;
  }
  frames() {
    return this.written.filter((chunk) => chunk.startsWith('id: '));
  }
}

describe('a WebSocket client that does not keep up', () => {
  afterEach(() => jest.useRealTimers());

  it(`is closed with 1013 once more than ${LIVE_STREAM_MAX_BUFFERED_BYTES / 1024} KB wait unsent, sent nothing more, and cut off if it stays silent`, async () => {
    jest.useFakeTimers();
    const { hub, quota, authenticator, eventHub } = setup();
    const gateway = new LiveUpdatesGateway(authenticator, eventHub, quota);
    const socket = new FakeSocket();
    await gateway.handleConnection(socket as unknown as WebSocket, { url: '/ws?token=t', headers: {} } as IncomingMessage);
    expect(quota.size).toBe(1);

    hub.publish(event(1));
    expect(socket.sent).toHaveLength(2); // connected, e1
    // Well under the old 1 MB limit, over the new one.
    socket.bufferedAmount = LIVE_STREAM_MAX_BUFFERED_BYTES + 1;
    hub.publish(event(2));
    hub.publish(event(3));

    expect(socket.sent).toHaveLength(2);
    expect(socket.closed).toEqual({ code: 1013, reason: expect.stringMatching(/too slow/i) });
    expect(quota.size).toBe(0);
    expect(socket.terminated).toBe(false);
    jest.advanceTimersByTime(2000);
    expect(socket.terminated).toBe(true);
  });
});

describe('an SSE client that does not keep up', () => {
  const open = async (lastEventId?: string, prepare: (hub: FakeHub, response: FakeResponse) => void = () => undefined) => {
    const { hub, quota, authenticator, eventHub } = setup();
    const connections = new SseConnections(eventHub, authenticator);
    const response = new FakeResponse();
    prepare(hub, response);
    const slot = quota.acquire(identity.user.id);
    await connections.open(response as unknown as ServerResponse, {}, { identity, slot }, lastEventId);
    return { hub, quota, response, connections };
  };

  it(`is ended (EventSource then reconnects and replays) once more than ${LIVE_STREAM_MAX_BUFFERED_BYTES / 1024} KB wait unsent`, async () => {
    const { hub, quota, response, connections } = await open();
    hub.publish(event(1));
    response.writableLength = LIVE_STREAM_MAX_BUFFERED_BYTES + 1;
    hub.publish(event(2));

    expect(response.frames()).toHaveLength(1);
    expect(response.ended).toBe(true);
    expect(connections.size).toBe(0);
    expect(quota.size).toBe(0);
  });

  it('still gets a replay of 1000 events (about 0.9 MB) when it reads them, waiting for it instead of cutting it off', async () => {
    const { response, connections } = await open('e0', (hub, r) => {
      hub.replay = Array.from({ length: 1000 }, (_, i) => event(i + 1));
      r.reading = true;
    });
    expect(response.frames()).toHaveLength(1000);
    expect(response.ended).toBe(false);
    expect(connections.size).toBe(1);
    connections.onModuleDestroy();
  });
});
