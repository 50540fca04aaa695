import { HttpException } from '@nestjs/common';
import type { AuthenticatedApiKey } from '../common/auth/auth.types';
import type { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { NewServiceQuota } from './new-service-quota';
import type { Introduction, ServiceIntroductionsRepository } from './service-introductions.repository';

/** The table as the quota sees it: services already stored, and the calls made. */
class FakeIntroductions {
  readonly stored = new Set<string>();
  readonly calls: string[] = [];
  introduced = 0;
  async known(serviceIds: string[]) {
    this.calls.push(`known ${serviceIds.join(',')}`);
    return serviceIds.filter((id) => this.stored.has(id));
  }
  async introduce(_key: string, serviceIds: string[], now: Date, since: Date, limit: number): Promise<Introduction> {
    this.calls.push(`introduce ${serviceIds.join(',')}`);
    if (this.introduced + serviceIds.length > limit) {
      return { admitted: false, fresh: serviceIds, introducedInWindow: this.introduced, retryAt: new Date(now.getTime() + 600_000) };
    }
    this.introduced += serviceIds.length;
    serviceIds.forEach((id) => this.stored.add(id));
    return { admitted: true };
  }
}

const anyService: AuthenticatedApiKey = { id: 'k1', name: 'collector', serviceId: null, scopes: ['ingest'] };
const setup = (limit = 3) => {
  const table = new FakeIntroductions();
  const clock = { now: () => new Date('2026-11-27T10:00:00Z') } as Clock;
  const quota = new NewServiceQuota(table as unknown as ServiceIntroductionsRepository, clock, {
    ingest: { newServicesPerKeyPerHour: limit },
  } as AppConfig);
  return { table, quota };
};

describe('NewServiceQuota', () => {
  it('costs no query for services this instance already knows (the per-log hot path)', async () => {
    const { table, quota } = setup();
    table.stored.add('api');
    await quota.admit(anyService, ['api']);
    await quota.admit(anyService, ['api', 'web']);
    const before = table.calls.length;
    for (let i = 0; i < 100; i++) await quota.admit(anyService, ['api', 'web']);
    expect(table.calls.slice(0, before)).toEqual(['known api', 'known web', 'introduce web']);
    expect(table.calls).toHaveLength(before);
  });

  it('never queries for a key bound to a service', async () => {
    const { table, quota } = setup();
    await quota.admit({ ...anyService, serviceId: 'billing' }, ['billing']);
    expect(table.calls).toEqual([]);
  });

  it('refuses with 429 naming service_id, with Retry-After, when the new ids do not fit', async () => {
    const { quota } = setup(3);
    await quota.admit(anyService, ['a', 'b']);
    const refusal = await quota.admit(anyService, ['c', 'd']).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(HttpException);
    const exception = refusal as HttpException;
    expect(exception.getStatus()).toBe(429);
    expect(exception.getResponse()).toMatchObject({
      message: expect.stringMatching(/2 new service_id values.*at most 3 per hour \(2 in the last hour\)/),
      details: { field: 'service_id', new_service_ids: ['c', 'd'], limit: 3 },
      retryAfterSeconds: 600,
    });
  });
});
