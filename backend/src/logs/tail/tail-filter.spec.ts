import { BadRequestException } from '@nestjs/common';
import { filterKey, tailFilterOf } from './tail-filter';

describe('tail filters', () => {
  it('refuses level together with min_level, naming min_level', () => {
    try {
      tailFilterOf({ level: 'ERROR', min_level: 'WARN' }, []);
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(BadRequestException);
      expect((error as BadRequestException).getResponse()).toMatchObject({ details: [{ field: 'min_level' }] });
    }
  });

  it('gives the same key to the same filter whatever the order of its metadata filters, another to any other', () => {
    const a = tailFilterOf({ service_id: 'api', q: 'timeout' }, [
      { path: ['region'], value: 'eu' },
      { path: ['http', 'status'], value: '500' },
    ]);
    const b = tailFilterOf({ q: 'timeout', service_id: 'api' }, [
      { path: ['http', 'status'], value: '500' },
      { path: ['region'], value: 'eu' },
    ]);
    expect(filterKey(a)).toBe(filterKey(b));
    expect(filterKey(a)).not.toBe(filterKey({ ...a, q: 'timeouts' }));
    expect(filterKey({ metadata: [{ path: ['a', 'b'], value: 'c' }] })).not.toBe(filterKey({ metadata: [{ path: ['a'], value: 'b.c' }] }));
  });
});
