// The realtime feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { RealtimeModule } from './realtime.module';
// For other live streams: the same authentication, and a slot of the same per-user and per-instance caps.
export { LiveStreamQuota, type LiveStreamSlot } from './live-stream-quota';
export { STREAM_RECHECK_MS, StreamAuthenticator, type StreamIdentity } from './stream-authenticator';
export { OpenStreams, type OpenStream } from './open-streams';
