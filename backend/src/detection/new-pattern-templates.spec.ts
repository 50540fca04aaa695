import { nextCursor, sightings, templateOf } from './new-pattern-templates';

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 27, 12, 0, seconds));
const log = (id: string, service: string, message: string, settled = true, second = Number(id)) => ({
  id,
  service_id: service,
  message,
  timestamp: at(second),
  settled,
});

describe('NEW_PATTERN templates', () => {
  it('gives messages that differ only in their values one template, the same on every call', () => {
    expect(templateOf('payment 42 declined for user 7 from 10.0.0.1')).toBe('payment <NUM> declined for user <NUM> from <IP>');
    expect(templateOf('payment 9 declined for user 12 from 10.0.0.2')).toBe(templateOf('payment 42 declined for user 7 from 10.0.0.1'));
    expect(templateOf('payment 9 refunded')).not.toBe(templateOf('payment 9 declined'));
  });

  it('groups a batch by service and template, in first-seen order, with the logs that carried each', () => {
    const found = sightings([
      log('1', 'checkout', 'payment 1 declined'),
      log('2', 'billing', 'payment 2 declined'),
      log('3', 'checkout', 'cart 5 emptied'),
      log('4', 'checkout', 'payment 3 declined', true, 0),
    ]);
    expect(found.map((s) => [s.serviceId, s.template, s.logIds])).toEqual([
      ['checkout', 'payment <NUM> declined', ['1', '4']],
      ['billing', 'payment <NUM> declined', ['2']],
      ['checkout', 'cart <NUM> emptied', ['3']],
    ]);
    expect(found[0]).toMatchObject({ first: at(0), last: at(1) });
    expect(found[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(found[0]!.hash).toBe(found[1]!.hash);
  });

  it('moves the cursor past settled logs only, up to the first one that is not settled', () => {
    expect(nextCursor('10', [])).toBe('10');
    expect(nextCursor('10', [log('11', 's', 'a'), log('12', 's', 'b')])).toBe('12');
    expect(nextCursor('10', [log('11', 's', 'a'), log('12', 's', 'b', false), log('13', 's', 'c')])).toBe('11');
    expect(nextCursor('10', [log('11', 's', 'a', false)])).toBe('10');
  });
});
