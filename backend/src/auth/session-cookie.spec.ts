import { credentialOf, csrfTokenFor, passesCsrfCheck, readCookie } from './session-cookie';

const SECRET = 's'.repeat(32);

describe('readCookie', () => {
  it('finds a cookie among others, by exact name', () => {
    expect(readCookie('theme=dark; session=a.b.c; csrf_token=t', 'session')).toBe('a.b.c');
    expect(readCookie('my_session=x; session_old=y', 'session')).toBeUndefined();
  });

  it('treats an absent header, an empty value or a bare name as no cookie', () => {
    expect(readCookie(undefined, 'session')).toBeUndefined();
    expect(readCookie('session=', 'session')).toBeUndefined();
    expect(readCookie('session', 'session')).toBeUndefined();
  });
});

describe('credentialOf', () => {
  it('prefers the Bearer header over the session cookie', () => {
    expect(credentialOf({ authorization: 'Bearer h.e.ader', cookie: 'session=c.o.okie' })).toEqual({ token: 'h.e.ader', via: 'bearer' });
  });

  it('falls back to the cookie when the Authorization header is not a Bearer token', () => {
    expect(credentialOf({ authorization: 'Basic dXNlcjpwYXNz', cookie: 'session=c.o.okie' })).toEqual({ token: 'c.o.okie', via: 'cookie' });
    expect(credentialOf({})).toBeUndefined();
  });
});

describe('passesCsrfCheck', () => {
  const session = 'a.session.token';
  const cookie = `session=${session}`;

  it('lets reads through without a token', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(passesCsrfCheck(method, { cookie }, SECRET)).toBe(true);
  });

  it("demands the session's own token on cookie-authenticated writes", () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(passesCsrfCheck(method, { cookie }, SECRET)).toBe(false);
      expect(passesCsrfCheck(method, { cookie, 'x-csrf-token': csrfTokenFor('another.session.token', SECRET) }, SECRET)).toBe(false);
      expect(passesCsrfCheck(method, { cookie, 'x-csrf-token': csrfTokenFor(session, SECRET) }, SECRET)).toBe(true);
    }
  });

  it('does not accept a token made with another secret', () => {
    expect(passesCsrfCheck('POST', { cookie, 'x-csrf-token': csrfTokenFor(session, 'o'.repeat(32)) }, SECRET)).toBe(false);
  });

  it('asks nothing of Bearer requests, which no browser sends by itself', () => {
    expect(passesCsrfCheck('POST', { authorization: 'Bearer x.y.z', cookie }, SECRET)).toBe(true);
  });
});
