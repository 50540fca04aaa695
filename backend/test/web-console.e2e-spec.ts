import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from './support/test-app';

const INDEX = '<!doctype html><title>console</title><script type="module" src="/console/assets/app-1a2b.js"></script>';

describe('web console: served at /console/ next to the API', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    // A stand-in for `npm run build`'s output: what is tested here is the serving, not the build.
    dir = await mkdtemp(join(tmpdir(), 'console-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), INDEX);
    await writeFile(join(dir, 'assets', 'app-1a2b.js'), 'console.log("console")');
    t = await startTestApp({ env: { CONSOLE_DIR: dir } });
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('redirects GET / and GET /console to /console/', async () => {
    for (const path of ['/', '/console']) {
      const res = await fetch(t.baseUrl + path, { redirect: 'manual' });
      expect([301, 302]).toContain(res.status);
      expect(res.headers.get('location')).toBe('/console/');
    }
  });

  it('answers /console/ and any deep link under it with the page, revalidated on every visit', async () => {
    for (const path of ['/console/', '/console/incidents', '/console/incidents/6d0c1c9e-3b7a-4f43-a1b2-7f3c2f1e9a55?tab=logs']) {
      const res = await t.request('GET', path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.text).toBe(INDEX);
    }
  });

  it('serves hashed assets with a long cache, and a missing asset as a 404 in the error shape, not as the page', async () => {
    const asset = await t.request('GET', '/console/assets/app-1a2b.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await t.request('GET', '/console/assets/old-9z9z.js');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'No console file /console/assets/old-9z9z.js' });
  });

  it('gives the console a strict Content-Security-Policy: no inline script or style, no framing', async () => {
    const csp = (await t.request('GET', '/console/incidents')).headers.get('content-security-policy')!;
    const directives = Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(csp).not.toContain('unsafe');
  });

  it('keeps the looser policy Swagger UI needs at /api only', async () => {
    const docs = await t.request('GET', '/api');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-security-policy')).toContain("script-src 'self' 'unsafe-inline'");
    const api = await t.request('GET', '/incidents', { token: t.tokens.viewer });
    expect(api.headers.get('content-security-policy')).not.toContain('unsafe-inline');
  });

  it('shadows no API route: the API keeps its paths and answers JSON', async () => {
    const incidents = await t.request('GET', '/incidents', { token: t.tokens.viewer });
    expect(incidents.status).toBe(200);
    expect(incidents.body.data).toEqual([]);
    const unknown = await t.request('GET', '/no-such-route');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/json/);
    const post = await t.request('POST', '/console/incidents', { body: {} });
    expect(post.status).toBe(404);
  });
});

describe('web console: not built', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: false, env: { CONSOLE_DIR: join(tmpdir(), 'no-console-here') } });
  });
  afterAll(() => t.close());

  it('says how to build it instead of failing', async () => {
    const res = await t.request('GET', '/console/');
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('The console is not built: run `npm run build` in backend/ (or set CONSOLE_DIR)');
  });
});
