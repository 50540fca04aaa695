import { startTestApp, type ApiResponse, type TestApp } from './support/test-app';

function expect415(response: ApiResponse, message: RegExp) {
  expect(response.status).toBe(415);
  expect(response.body).toEqual({ statusCode: 415, error: 'Unsupported Media Type', message: expect.stringMatching(message) });
}

describe('content types: JSON everywhere, NDJSON on /ingest, protobuf on /v1/logs, UTF-8 only; the rest is 415', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const log = { service_id: 'content-types', level: 'INFO', message: 'hello' };
  const send = (path: string, rawBody: string | Uint8Array, contentType: string, auth: { token?: string; apiKey?: string } = {}) =>
    t.request('POST', path, { ...auth, rawBody, headers: { 'content-type': contentType } });

  it('answers 415 to text/plain on /ingest, as the README promises, and on every other route', async () => {
    expect415(await send('/ingest', JSON.stringify(log), 'text/plain', { apiKey: t.apiKey }), /text\/plain/);
    expect415(await send('/auth/login', '{"email":"a@b.c","password":"p"}', 'text/plain'), /text\/plain/);
    expect415(
      await send('/incidents', '{"title":"t","severity":"LOW"}', 'text/plain; charset=utf-8', { token: t.tokens.admin }),
      /text\/plain/,
    );
  });

  it('does not parse form-urlencoded bodies on any route', async () => {
    expect415(await send('/auth/login', 'email=a%40b.c&password=secret-password', 'application/x-www-form-urlencoded'), /urlencoded/);
    expect415(
      await send('/users', 'email=x%40b.c&password=long-password&role=ADMIN', 'application/x-www-form-urlencoded', {
        token: t.tokens.admin,
      }),
      /urlencoded/,
    );
    expect415(
      await send('/ingest', 'service_id=a&level=INFO&message=m', 'application/x-www-form-urlencoded', { apiKey: t.apiKey }),
      /urlencoded/,
    );
  });

  it('answers 415 to a charset other than UTF-8 instead of reading the bytes as UTF-8', async () => {
    const utf16 = Buffer.from(JSON.stringify(log), 'utf16le');
    expect415(await send('/ingest', utf16, 'application/json; charset=utf-16', { apiKey: t.apiKey }), /charset "utf-16".*UTF-8/);
    // ASCII bytes that would parse as UTF-8: the declared charset decides, not luck.
    expect415(await send('/ingest', JSON.stringify(log), 'application/json; charset=iso-8859-1', { apiKey: t.apiKey }), /iso-8859-1/);
    expect415(await send('/ingest', JSON.stringify(log), 'application/x-ndjson; charset=utf-16le', { apiKey: t.apiKey }), /utf-16le/);
    expect415(await send('/auth/login', '{"email":"a@b.c","password":"p"}', 'application/json; charset=latin1'), /latin1/);
  });

  it('accepts UTF-8 however it is spelled', async () => {
    for (const contentType of [
      'application/json',
      'application/json; charset=utf-8',
      'application/json;charset=UTF-8',
      'application/json; charset="utf8"',
    ]) {
      const response = await send('/ingest', JSON.stringify(log), contentType, { apiKey: t.apiKey });
      expect([contentType, response.status]).toEqual([contentType, 201]);
    }
  });

  it('reads NDJSON on /ingest only', async () => {
    const ndjson = `${JSON.stringify(log)}\n${JSON.stringify(log)}\n`;
    expect((await send('/ingest', ndjson, 'application/x-ndjson', { apiKey: t.apiKey })).body).toEqual({ accepted: 2 });
    expect415(await send('/auth/login', '{"email":"a@b.c","password":"p"}\n', 'application/x-ndjson'), /x-ndjson/);
    expect415(await send('/v1/logs', '{"resourceLogs":[]}\n', 'application/x-ndjson', { apiKey: t.apiKey }), /x-ndjson/);
  });

  it('answers 415 to a body without a content type and to types it does not read', async () => {
    const noType = await t.request('POST', '/auth/login', { rawBody: '{"email":"a@b.c","password":"p"}' });
    // fetch labels a string body text/plain; bytes go without a content type.
    const bytes = await t.request('POST', '/auth/login', { rawBody: new TextEncoder().encode('{"email":"a@b.c","password":"p"}') });
    expect(noType.status).toBe(415);
    expect(bytes.status).toBe(415);
    expect((await send('/incidents', '--x--', 'multipart/form-data; boundary=x', { token: t.tokens.admin })).status).toBe(415);
    expect((await send('/incidents', '<incident/>', 'application/xml', { token: t.tokens.admin })).status).toBe(415);
  });

  it('still serves a request without a body on a POST route', async () => {
    const created = await t.request('POST', '/incidents', { token: t.tokens.admin, body: { title: 'no body next', severity: 'LOW' } });
    expect(created.status).toBe(201);
    const acknowledged = await t.request('POST', `/incidents/${created.body.id}/acknowledge`, { token: t.tokens.admin });
    expect(acknowledged.status).toBe(200);
  });
});
