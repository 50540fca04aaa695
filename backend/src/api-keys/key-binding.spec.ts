import { ForbiddenException } from '@nestjs/common';
import { assertKeyMayWriteFor } from './key-binding';

describe('assertKeyMayWriteFor', () => {
  const bound = { id: 'k1', name: 'checkout key', serviceId: 'checkout', scopes: ['ingest'] };
  const unbound = { id: 'k2', name: 'shared key', serviceId: null, scopes: ['ingest'] };

  it('lets an unbound key write for any service', () => {
    expect(() => assertKeyMayWriteFor(unbound, ['checkout', 'billing'])).not.toThrow();
  });

  it('lets a bound key write for its own service', () => {
    expect(() => assertKeyMayWriteFor(bound, ['checkout', 'checkout'])).not.toThrow();
    expect(() => assertKeyMayWriteFor(bound, [])).not.toThrow();
  });

  it('refuses a bound key writing for another service with 403 naming that service', () => {
    expect(() => assertKeyMayWriteFor(bound, ['checkout', 'billing'])).toThrow(ForbiddenException);
    expect(() => assertKeyMayWriteFor(bound, ['checkout', 'billing'])).toThrow(/"billing"/);
  });
});
