import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { WsAdapter } from '@nestjs/platform-ws';
import { randomUUID } from 'node:crypto';
import type { DestinationStream, Logger as PinoLogger } from 'pino';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { limitConnections, maxConnectionsFor } from './common/http/connection-limits';
import { openFileLimit } from './common/http/open-file-limit';
import { applyBulkBodyLimit } from './common/http/route-body';
import { serverOptions } from './common/http/server-options';
import { createValidationPipe } from './common/validation';
import type { AppConfig } from './config/config.schema';
import { setupSwagger } from './common/swagger';
import { createAppLogger, NestLoggerBridge, registerRequestLog } from './logging';
import { AppMetrics, registerHttpRequestMetrics } from './metrics';
import { registerConsoleFiles, registerContentSecurityPolicy } from './web-console';

export interface CreateAppOptions {
  /** The process's logger, when main.ts made it before the app (to log the database start-up). */
  logger?: PinoLogger;
  /** Where the JSON log lines go instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

/** Builds the fully configured app (used by main.ts and by the e2e tests alike). */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const logger = options.logger ?? createAppLogger(config, options.logDestination);
  const adapter = new FastifyAdapter({
    ...serverOptions(config.http),
    // Keep the client's request id when it sends one, so its logs and ours line up.
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
    },
    // `{"__proto__": ...}` in a body is refused with a 400 rather than silently dropped.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    trustProxy: config.trustProxy,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), adapter, {
    logger: new NestLoggerBridge(logger),
    bufferLogs: false,
    // Bodies are read by the app's own parsers (JSON, and NDJSON/protobuf on the ingest routes);
    // Nest's defaults would also parse form-urlencoded bodies on every route.
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  applyBulkBodyLimit(fastify, config.ingest.maxBodyBytes);
  guardConnections(app, config);

  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('X-Request-Id', request.id);
  });
  // LOG_LEVEL=silent (and METRICS_ENABLED=false) leave these hooks out entirely: the bench
  // measures the service with and without them.
  if (config.logLevel !== 'silent') registerRequestLog(fastify, logger);
  if (config.metrics.enabled) registerHttpRequestMetrics(fastify, app.get(AppMetrics));

  await registerContentSecurityPolicy(app);
  await registerConsoleFiles(app, config.consoleDir);
  app.enableCors({ origin: config.corsOrigins.length ? config.corsOrigins : false, credentials: false });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  setupSwagger(app);
  // Plain `ws` WebSockets on the HTTP server's port (the live updates at /ws).
  app.useWebSocketAdapter(new WsAdapter(app));
  await app.init();
  await fastify.ready();
  return app;
}

function guardConnections(app: NestFastifyApplication, config: AppConfig): void {
  const logger = new Logger('Http');
  const fileLimit = openFileLimit();
  const { total, warning } = maxConnectionsFor(config.http.maxConnections, fileLimit);
  if (warning) logger.warn(warning);
  limitConnections(app.getHttpServer(), { perAddress: config.http.maxConnectionsPerAddress, total }, logger);
  logger.log(
    `At most ${total} connections, ${config.http.maxConnectionsPerAddress} per address (open-file limit: ${fileLimit ?? 'unknown'})`,
  );
}
