import { toErrorResponse } from './error-response';

const NUL_MESSAGE = 'invalid byte sequence for encoding "UTF8": 0x00';

/** The shapes PostgreSQL's refusal of NUL takes, as pg and Prisma's pg adapter throw them (recorded from real errors). */
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'ERROR' });
const prismaError = (code: string, sqlstate: string, message: string) =>
  Object.assign(new Error(`Invalid \`prisma.apiKey.create()\` invocation: ${message}`), {
    name: 'PrismaClientKnownRequestError',
    code,
    meta: {
      modelName: 'ApiKey',
      driverAdapterError: {
        name: 'DriverAdapterError',
        cause: { originalCode: sqlstate, originalMessage: message, kind: 'postgres', code: sqlstate, severity: 'ERROR', message },
      },
    },
  });

describe('mapping errors to the API error shape', () => {
  it.each([
    ['pg, text with NUL (22021)', pgError('22021', NUL_MESSAGE)],
    ['pg, jsonb with \\u0000 (22P05)', pgError('22P05', 'unsupported Unicode escape sequence')],
    ['Prisma model call (P2039 around 22021)', prismaError('P2039', '22021', NUL_MESSAGE)],
    ['Prisma raw query (P2010 around 22021)', prismaError('P2010', '22021', NUL_MESSAGE)],
  ])('answers 400 for a value the database cannot store: %s', (_case, error) => {
    const mapped = toErrorResponse(error);
    expect(mapped).toEqual({
      body: { statusCode: 400, error: 'Bad Request', message: expect.stringContaining('U+0000') },
      headers: {},
      unexpected: false,
    });
    expect(mapped.body.message).not.toMatch(/UTF8|0x00|byte sequence|prisma|SQL/i);
  });

  it('maps other SQLSTATEs found under a Prisma error as it maps them from pg', () => {
    expect(toErrorResponse(prismaError('P2010', '23505', 'duplicate key')).body.statusCode).toBe(409);
    expect(toErrorResponse(prismaError('P2010', '57P01', 'terminating connection')).body.statusCode).toBe(503);
  });

  it('still answers 500 for a Prisma error it knows nothing about', () => {
    expect(toErrorResponse(prismaError('P2010', '42P01', 'relation does not exist'))).toMatchObject({
      body: { statusCode: 500, message: 'Internal server error' },
      unexpected: true,
    });
  });
});
