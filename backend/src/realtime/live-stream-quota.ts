import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/**
 * The most a live stream may have written but not yet delivered to its client. An incident
 * event is about 0.7-1 KB, so this is over a hundred events of backlog, far more than a burst
 * of detection produces; at LIVE_STREAMS_MAX streams it bounds the memory that stuck clients
 * can pin to 128 MB per 1,000 streams. A stream further behind is disconnected.
 */
export const LIVE_STREAM_MAX_BUFFERED_BYTES = 128 * 1024;

/** WebSocket close codes (RFC 6455 7.4.1) of a refusal: 1008 do not retry as is, 1013 retry later. */
export const CLOSE_POLICY_VIOLATION = 1008;
export const CLOSE_TRY_AGAIN_LATER = 1013;

// Streams end all the time (tabs close, tokens expire): a full instance has room again soon.
const FULL_RETRY_AFTER_SECONDS = 10;

export type StreamLimit = 'user' | 'instance';

/**
 * A stream refused by the quota. HTTP streams let it propagate (the error filter answers 429 in
 * the one error shape); WebSockets close with `closeCode` and the message as reason (under the
 * 123 bytes a close frame allows).
 */
export class LiveStreamLimitReached extends HttpException {
  constructor(
    readonly limit: StreamLimit,
    max: number,
  ) {
    super(
      limit === 'user'
        ? { message: `Too many live streams open for this user (limit ${max}): close one first` }
        : {
            message: `This server holds its maximum of live streams (limit ${max}): try again later`,
            retryAfterSeconds: FULL_RETRY_AFTER_SECONDS,
          },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  /** The user holds too many streams: retrying changes nothing until one closes. The instance is full: retry later. */
  get closeCode(): number {
    return this.limit === 'user' ? CLOSE_POLICY_VIOLATION : CLOSE_TRY_AGAIN_LATER;
  }
}

/** One open stream's place in the quota. `release` is idempotent: call it on every way a stream ends. */
export interface LiveStreamSlot {
  release(): void;
}

/**
 * Counts this instance's open live streams (WebSocket, SSE, any later stream) per user and in
 * total. Every stream takes a slot after authentication and before it is set up, and gives it
 * back when it ends. In memory: the limits protect this process's sockets and buffers, so
 * they are per instance (N instances accept N times as many).
 */
@Injectable()
export class LiveStreamQuota {
  private readonly perUser = new Map<string, number>();
  private readonly limits: AppConfig['live'];
  private total = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limits = config.live;
  }

  /** Streams open on this instance. */
  get size(): number {
    return this.total;
  }

  /** Throws LiveStreamLimitReached when the user or the instance is at its limit. */
  acquire(userId: string): LiveStreamSlot {
    const held = this.perUser.get(userId) ?? 0;
    if (held >= this.limits.maxStreamsPerUser) throw new LiveStreamLimitReached('user', this.limits.maxStreamsPerUser);
    if (this.total >= this.limits.maxStreams) throw new LiveStreamLimitReached('instance', this.limits.maxStreams);
    this.perUser.set(userId, held + 1);
    this.total += 1;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total -= 1;
        const left = (this.perUser.get(userId) ?? 1) - 1;
        if (left > 0) this.perUser.set(userId, left);
        else this.perUser.delete(userId);
      },
    };
  }
}
