import { HttpException, HttpStatus } from '@nestjs/common';

/** The one JSON shape of every error the API returns. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}

export interface MappedError {
  body: ErrorBody;
  headers: Record<string, string>;
  /** True for errors we did not foresee: logged with their stack and the request id. */
  unexpected: boolean;
}

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const reasonPhrase = (status: number): string => REASON[status] ?? (status >= 500 ? 'Server Error' : 'Error');

function body(statusCode: number, message: string, details?: unknown): ErrorBody {
  return { statusCode, error: reasonPhrase(statusCode), message, ...(details === undefined ? {} : { details }) };
}

const DATABASE_DOWN =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection terminated|timeout exceeded when trying to connect|Can't reach database|database system is (shutting down|starting up|in recovery)|terminating connection|Client has encountered a connection error|connection is insecure|too many clients/i;

interface CodedError {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  statusCode?: unknown;
  meta?: unknown;
  cause?: unknown;
}

function fromHttpException(error: HttpException): MappedError {
  const status = error.getStatus();
  const response = error.getResponse();
  let message = error.message;
  let details: unknown;
  const headers: Record<string, string> = {};
  if (typeof response === 'string') message = response;
  else if (response && typeof response === 'object') {
    const r = response as Record<string, unknown>;
    if (Array.isArray(r.message)) message = r.message.join('; ');
    else if (typeof r.message === 'string') message = r.message;
    if (r.details !== undefined) details = r.details;
    // Exceptions built from a plain object (e.g. a failed health check) keep it as details.
    else if (r.message === undefined && Object.keys(r).length > 0) details = r;
    if (typeof r.retryAfterSeconds === 'number') headers['Retry-After'] = String(Math.max(1, Math.ceil(r.retryAfterSeconds)));
  }
  return { body: body(status, message, details), headers, unexpected: status >= 500 && status !== 503 };
}

function fromPostgresCode(code: string): MappedError | undefined {
  // 22021: a NUL (or invalid byte) in text; 22P05: a `\u0000` escape jsonb cannot hold as text.
  if (code === '22021' || code === '22P05')
    return known(400, 'A text value contains a character that cannot be stored (U+0000 or invalid Unicode)');
  if (code === '23505') return known(409, 'A record with the same unique value already exists');
  if (code === '23503') return known(409, 'The record refers to, or is referred to by, another record');
  if (['22P02', '22007', '22008', '22003', '22001', '22023', '2201B'].includes(code))
    return known(400, 'A value has an invalid format or is out of range');
  if (code === '57014' || code.startsWith('08') || ['57P01', '57P02', '57P03', '53300', '53400'].includes(code))
    return databaseUnavailable();
  return undefined;
}

function fromPrismaCode(code: string, meta: unknown): MappedError | undefined {
  if (code === 'P2002') {
    const target = meta as { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: unknown } } } } | undefined;
    const fields = target?.target ?? target?.driverAdapterError?.cause?.constraint?.fields;
    const names = Array.isArray(fields) ? fields.join(', ') : typeof fields === 'string' ? fields : undefined;
    return known(
      409,
      names ? `A record with this ${names} already exists` : 'A record with the same unique value already exists',
      names ? { fields: names.split(', ') } : undefined,
    );
  }
  if (code === 'P2025' || code === 'P2001') return known(404, 'Record not found');
  if (code === 'P2003') return known(409, 'The record refers to, or is referred to by, another record');
  if (['P2000', 'P2006', 'P2007', 'P2019', 'P2020', 'P2023'].includes(code))
    return known(400, 'A value has an invalid format or is out of range');
  if (['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037'].includes(code)) return databaseUnavailable();
  return undefined;
}

/**
 * Prisma reports PostgreSQL errors it has no code of its own for (P2010 raw query failed,
 * P2039 and others) with the SQLSTATE in `meta.driverAdapterError.cause`.
 */
function fromDriverAdapterCause(meta: unknown): MappedError | undefined {
  const cause = (meta as { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } } | undefined)?.driverAdapterError
    ?.cause;
  const code = cause?.originalCode ?? cause?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? fromPostgresCode(code) : undefined;
}

const known = (status: number, message: string, details?: unknown): MappedError => ({
  body: body(status, message, details),
  headers: {},
  unexpected: false,
});

export const databaseUnavailable = (): MappedError => ({
  body: body(503, 'Database unavailable, try again shortly'),
  headers: { 'Retry-After': '5' },
  unexpected: false,
});

/**
 * Maps anything thrown while serving a request to the API's error shape. It never copies a
 * database message, SQL or a stack to the client: those go to the server log.
 */
export function toErrorResponse(error: unknown): MappedError {
  if (error instanceof HttpException) return fromHttpException(error);
  const e = (error ?? {}) as CodedError;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' ? e.message : '';

  // Errors raised by Fastify itself (body parsing, size limits, media types) carry a safe
  // message and a 4xx status.
  if (code?.startsWith('FST_') && typeof e.statusCode === 'number' && e.statusCode < 500) {
    return known(e.statusCode, message);
  }
  if (code && /^P\d{4}$/.test(code)) {
    const mapped = fromPrismaCode(code, e.meta) ?? fromDriverAdapterCause(e.meta);
    if (mapped) return mapped;
  }
  if (code && /^[0-9A-Z]{5}$/.test(code)) {
    const mapped = fromPostgresCode(code);
    if (mapped) return mapped;
  }
  // Driver adapter errors wrap the PostgreSQL error: look one level down.
  const cause = e.cause as CodedError | undefined;
  const causeCode = typeof cause?.code === 'string' ? cause.code : undefined;
  if (causeCode && /^[0-9A-Z]{5}$/.test(causeCode)) {
    const mapped = fromPostgresCode(causeCode);
    if (mapped) return mapped;
  }
  if (e.name === 'PrismaClientInitializationError' || DATABASE_DOWN.test(message) || DATABASE_DOWN.test(String(causeCode ?? ''))) {
    return databaseUnavailable();
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    // A client error from a Fastify plugin (e.g. a malformed body): its message is meant for the client.
    return known(e.statusCode, message || reasonPhrase(e.statusCode));
  }
  return { body: body(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error'), headers: {}, unexpected: true };
}
