import { startTestApp, type TestApp } from './support/test-app';

describe('when the database goes away', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: false, proxy: true });
  });
  afterAll(() => t.close());

  it('answers readiness with 503 within 5 s, and 200 again once it is back, without a restart', async () => {
    await t.proxy!.cut();
    const started = Date.now();
    const down = await t.request('GET', '/health/ready');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(Date.now() - started).toBeLessThan(5000);

    const live = await t.request('GET', '/health');
    expect(live.status).toBe(200);

    await t.proxy!.restore();
    const up = await t.request('GET', '/health/ready');
    expect(up.status).toBe(200);
  });
});
