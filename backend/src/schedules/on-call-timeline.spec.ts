import { resolveTimeline } from './on-call-timeline';

const d = (text: string) => new Date(`2026-01-01T${text}:00Z`);
const shift = (userId: string, start: string, end: string) => ({ userId, start: d(start), end: d(end) });
const all = () => true;
const show = (segments: { userId: string | null; start: Date; end: Date }[]) =>
  segments.map((s) => `${s.userId ?? '-'} ${s.start.toISOString().slice(11, 16)}-${s.end.toISOString().slice(11, 16)}`);

describe('resolveTimeline', () => {
  it('lets a later layer win where it has someone and shows the lower one elsewhere', () => {
    const base = [shift('ann', '00:00', '12:00'), shift('bob', '12:00', '23:59')];
    const top = [shift('cy', '10:00', '14:00')];
    expect(show(resolveTimeline({ layers: [base, top], overrides: [], canBeOnCall: all }, d('00:00'), d('20:00')))).toEqual([
      'ann 00:00-10:00',
      'cy 10:00-14:00',
      'bob 14:00-20:00',
    ]);
  });

  it('puts overrides over every layer, the newest winning where two overlap', () => {
    const layers = [[shift('ann', '00:00', '23:00')], [shift('bob', '06:00', '18:00')]];
    const overrides = [shift('cy', '08:00', '12:00'), shift('dee', '10:00', '11:00')];
    expect(show(resolveTimeline({ layers, overrides, canBeOnCall: all }, d('05:00'), d('19:00')))).toEqual([
      'ann 05:00-06:00',
      'bob 06:00-08:00',
      'cy 08:00-10:00',
      'dee 10:00-11:00',
      'cy 11:00-12:00',
      'bob 12:00-18:00',
      'ann 18:00-19:00',
    ]);
  });

  it('merges adjacent turns of the same person and covers gaps with nobody', () => {
    const layers = [[shift('ann', '01:00', '02:00'), shift('ann', '02:00', '03:00'), shift('bob', '04:00', '05:00')]];
    expect(show(resolveTimeline({ layers, overrides: [], canBeOnCall: all }, d('00:00'), d('06:00')))).toEqual([
      '- 00:00-01:00',
      'ann 01:00-03:00',
      '- 03:00-04:00',
      'bob 04:00-05:00',
      '- 05:00-06:00',
    ]);
  });

  it('treats someone who may not be on call as nobody, in layers and overrides alike', () => {
    const layers = [[shift('ann', '00:00', '10:00')], [shift('gone', '02:00', '04:00')]];
    const overrides = [shift('gone', '06:00', '08:00')];
    const canBeOnCall = (id: string) => id !== 'gone';
    expect(show(resolveTimeline({ layers, overrides, canBeOnCall }, d('00:00'), d('10:00')))).toEqual(['ann 00:00-10:00']);
  });
});
