// The logging feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { createAppLogger, type AppLoggerSettings } from './app-logger';
export { NestLoggerBridge } from './nest-logger-bridge';
export { registerRequestLog } from './request-log';
