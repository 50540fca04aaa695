import type { StreamIdentity } from '../../realtime/stream-authenticator';

/** A live stream's place under the caps on concurrent streams; released when the stream ends. */
export interface StreamSlot {
  release(): void;
}

/**
 * The seam for caps on concurrent live streams (per user, per instance): `take` is called
 * once per `GET /logs/tail`, after authentication and before the stream starts, and may
 * throw an HTTP exception (e.g. 429) to refuse it. Bind this token to the live-stream quota
 * to enforce caps; the default takes no slot and refuses nothing.
 */
export const LOG_TAIL_STREAM_SLOTS = Symbol('LOG_TAIL_STREAM_SLOTS');

export interface StreamSlots {
  take(identity: StreamIdentity): StreamSlot;
}

export const UNLIMITED_STREAM_SLOTS: StreamSlots = { take: () => ({ release: () => undefined }) };
